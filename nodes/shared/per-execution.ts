import type { IExecuteFunctions } from 'n8n-workflow';

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * Whether none of these parameters (as set on the node, before n8n resolves them) is or holds an
 * expression; `options.languages` names one field of a collection.
 */
export function sameForEveryItem(ctx: IExecuteFunctions, parameterNames: readonly string[]): boolean {
	const parameters = (ctx.getNode().parameters ?? {}) as Record<string, unknown>;
	const valueAt = (path: string) => path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), parameters);
	return !parameterNames.some((name) => holdsExpression(valueAt(name)));
}

/**
 * `read(itemIndex)` once for the whole execution when its parameters hold no expression (n8n resolves
 * a parameter anew for every item, which for a policy document costs more than the clock itself), and
 * per item otherwise. A read that throws is tried again for the next item, so every item gets its
 * own error item.
 */
export function perExecution<T>(ctx: IExecuteFunctions, parameterNames: readonly string[], read: (itemIndex: number) => T): (itemIndex: number) => T {
	if (!sameForEveryItem(ctx, parameterNames)) return read;
	let known: { value: T } | undefined;
	return (itemIndex) => {
		known ??= { value: read(itemIndex) };
		return known.value;
	};
}
