import type { IExecuteFunctions } from 'n8n-workflow';

import { readItemParameter, sameForEveryItem } from './per-execution';

/** Reads one parameter for one item, as `ctx.getNodeParameter(name, itemIndex, fallback)` answers it. */
export type ParameterReader = (name: string, itemIndex: number, json: Record<string, unknown>, fallback?: unknown) => unknown;

/**
 * `getNodeParameter` for a node that reads many parameters per item: a parameter that holds no
 * expression is the same for every item, so it is read once for the execution; one left at an
 * expression reading one field of the item (`={{ $json.sla }}`) is that field; any other expression
 * is resolved by n8n for each item, as before. A read that throws is not kept, so the next item
 * tries again and gets its own error.
 */
export function parameterReader(ctx: IExecuteFunctions): ParameterReader {
	const known = new Map<string, unknown>();
	const fixed = new Map<string, boolean>();
	return (name, itemIndex, json, fallback) => {
		let same = fixed.get(name);
		if (same === undefined) {
			same = sameForEveryItem(ctx, [name]);
			fixed.set(name, same);
		}
		if (!same) return readItemParameter(ctx, name, json, itemIndex, fallback);
		const key = fallback === undefined ? name : `${name}\u0000${typeof fallback === 'object' ? JSON.stringify(fallback) : String(fallback)}`;
		if (known.has(key)) return known.get(key);
		const value = ctx.getNodeParameter(name, itemIndex, fallback);
		known.set(key, value);
		return value;
	};
}
