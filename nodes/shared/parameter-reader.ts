import { DateTime } from 'luxon';
import type { IExecuteFunctions } from 'n8n-workflow';

import { sameForEveryItem } from './per-execution';

/** Reads one parameter for one item, as `ctx.getNodeParameter(name, itemIndex, fallback)` answers it. */
export type ParameterReader = (name: string, itemIndex: number, json: Record<string, unknown>, fallback?: unknown) => unknown;

/** How one parameter is read: once for the execution, from the item itself, or by n8n for every item. */
type Plan = { kind: 'fixed' } | { kind: 'field'; path: string[] } | { kind: 'workflowId' } | { kind: 'expression' };

/** `={{ $json }}`, `={{ $json.sla }}`, `={{ $json.customer.tier }}`: an expression that only reads the item. */
const ITEM_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][A-Za-z0-9_$]*)*)\s*\}\}$/;
const WORKFLOW_ID = /^=\{\{\s*\$workflow\.id\s*\}\}$/;

function planOf(ctx: IExecuteFunctions, parameters: Record<string, unknown>, name: string): Plan {
	if (sameForEveryItem(ctx, [name])) return { kind: 'fixed' };
	const raw = name.includes('.') ? undefined : parameters[name];
	if (typeof raw !== 'string') return { kind: 'expression' };
	const field = ITEM_FIELD.exec(raw);
	if (field) return { kind: 'field', path: field[1] === '' ? [] : field[1].slice(1).split('.') };
	if (WORKFLOW_ID.test(raw)) return { kind: 'workflowId' };
	return { kind: 'expression' };
}

/** n8n turns a luxon DateTime in a resolved value into text (cleanupParameterData): such a value is left to n8n. */
function holdsDateTime(value: unknown, depth = 0): boolean {
	if (value === null || typeof value !== 'object') return false;
	if (DateTime.isDateTime(value)) return true;
	if (depth > 64) return true;
	for (const child of Array.isArray(value) ? value : Object.values(value)) if (holdsDateTime(child, depth + 1)) return true;
	return false;
}

/** The item's field at `path` (own properties only); undefined when any step is missing. */
function fieldAt(json: Record<string, unknown>, path: string[]): unknown {
	let value: unknown = json;
	for (const key of path) {
		if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * `getNodeParameter` for a node that reads many parameters per item: a parameter that holds no
 * expression is the same for every item, so it is read once for the execution; one left at an
 * expression that only reads the item (`={{ $json }}`, `={{ $json.sla }}`, `={{ $json.customer.tier }}`)
 * is that field of the item, and `={{ $workflow.id }}` the workflow's id, both as n8n's expression
 * engine answers them, without it (it costs more per item than most nodes' own work); any other
 * expression, a field that is missing or null, or a value holding a luxon DateTime is resolved by n8n
 * for each item, as before. A read that throws is not kept, so the next item tries again and gets its
 * own error.
 */
export function parameterReader(ctx: IExecuteFunctions): ParameterReader {
	const parameters = (ctx.getNode().parameters ?? {}) as Record<string, unknown>;
	const known = new Map<string, unknown>();
	const plans = new Map<string, Plan>();
	return (name, itemIndex, json, fallback) => {
		let plan = plans.get(name);
		if (plan === undefined) {
			plan = planOf(ctx, parameters, name);
			plans.set(name, plan);
		}
		if (plan.kind === 'field') {
			const value = fieldAt(json, plan.path);
			if (value !== undefined && value !== null && !holdsDateTime(value)) return value;
			return ctx.getNodeParameter(name, itemIndex, fallback);
		}
		if (plan.kind === 'expression') return ctx.getNodeParameter(name, itemIndex, fallback);
		if (plan.kind === 'workflowId') {
			// n8n answers an unsaved workflow's $workflow.id with an error: that stays n8n's to raise
			const id = ctx.getWorkflow()?.id;
			if (id === undefined) return ctx.getNodeParameter(name, itemIndex, fallback);
			return id;
		}
		const key = fallback === undefined ? name : `${name}\u0000${typeof fallback === 'object' ? JSON.stringify(fallback) : String(fallback)}`;
		if (known.has(key)) return known.get(key);
		const value = ctx.getNodeParameter(name, itemIndex, fallback);
		known.set(key, value);
		return value;
	};
}
