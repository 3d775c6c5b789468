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

/**
 * A parameter left at an expression that only reads one field of the item (`={{ $json.id }}`, the
 * defaults of SLA Clock's Ticket ID, Created At and Events): the item's field, read directly instead
 * of through n8n's expression engine, which costs more per item than the clock. Any other value, or a
 * missing field, goes through `getNodeParameter` as before.
 */
export function readItemParameter(ctx: IExecuteFunctions, parameterName: string, json: Record<string, unknown>, itemIndex: number, fallback?: unknown): unknown {
	const raw = (ctx.getNode().parameters as Record<string, unknown> | undefined)?.[parameterName];
	const field = typeof raw === 'string' ? /^=\{\{ ?\$json\.([A-Za-z_][A-Za-z0-9_]*) ?\}\}$/.exec(raw)?.[1] : undefined;
	if (field !== undefined && Object.prototype.hasOwnProperty.call(json, field) && json[field] !== undefined && json[field] !== null) return json[field];
	return ctx.getNodeParameter(parameterName, itemIndex, fallback);
}
