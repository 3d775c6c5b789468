import { DateTime } from 'luxon';
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
	const parameters = rawParameters(ctx);
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

/** `={{ $json }}`, `={{ $json.sla }}`, `={{ $json.customer.tier }}`: an expression that only reads the item. */
const ITEM_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][A-Za-z0-9_$]*)*)\s*\}\}$/;

/** The path such an expression reads (`[]` for the whole item), or null for any other value. */
export function itemFieldPath(raw: unknown): readonly string[] | null {
	if (typeof raw !== 'string') return null;
	// Asked once per item of every execution, for the few expressions a workflow has.
	let path = knownPaths.get(raw);
	if (path === undefined) {
		const field = ITEM_FIELD.exec(raw);
		path = !field ? null : field[1] === '' ? [] : field[1].slice(1).split('.');
		if (knownPaths.size >= 1000) knownPaths.clear();
		knownPaths.set(raw, path);
	}
	return path;
}

const knownPaths = new Map<string, string[] | null>();

/** n8n turns a luxon DateTime in a resolved value into text (cleanupParameterData): such a value is left to n8n. */
function holdsDateTime(value: unknown, depth = 0): boolean {
	if (value === null || typeof value !== 'object') return false;
	if (DateTime.isDateTime(value)) return true;
	if (depth > 64) return true;
	for (const child of Array.isArray(value) ? value : Object.values(value)) if (holdsDateTime(child, depth + 1)) return true;
	return false;
}

/**
 * The item's field at `path` as n8n's expression engine would answer it, or undefined when n8n must
 * answer: a step missing (own properties only), a null, or a value holding a luxon DateTime.
 */
export function itemFieldValue(json: Record<string, unknown>, path: readonly string[]): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value === null || holdsDateTime(value) ? undefined : value;
}

const rawParametersOf = new WeakMap<IExecuteFunctions, Record<string, unknown>>();

/** The node's parameters as set (expressions unresolved), read once per execution: n8n's getNode() deep-copies the node on every call. */
export function rawParameters(ctx: IExecuteFunctions): Record<string, unknown> {
	let parameters = rawParametersOf.get(ctx);
	if (!parameters) {
		parameters = (ctx.getNode().parameters ?? {}) as Record<string, unknown>;
		rawParametersOf.set(ctx, parameters);
	}
	return parameters;
}

/**
 * A parameter left at an expression that only reads the item (`={{ $json.id }}`, the defaults of SLA
 * Clock's Ticket ID, Created At and Events): the item's field, read directly instead of through n8n's
 * expression engine, which costs more per item than the clock. Any other value, or a field n8n must
 * answer (itemFieldValue), goes through `getNodeParameter` as before.
 */
export function readItemParameter(ctx: IExecuteFunctions, parameterName: string, json: Record<string, unknown>, itemIndex: number, fallback?: unknown): unknown {
	const path = itemFieldPath(rawParameters(ctx)[parameterName]);
	const value = path === null ? undefined : itemFieldValue(json, path);
	return value !== undefined ? value : ctx.getNodeParameter(parameterName, itemIndex, fallback);
}
