import type { IExecuteFunctions } from 'n8n-workflow';

import { itemFieldPath, itemFieldValue, sameForEveryItem } from './per-execution';

/** Reads one parameter for one item, as `ctx.getNodeParameter(name, itemIndex, fallback)` answers it. */
export type ParameterReader = (name: string, itemIndex: number, json: Record<string, unknown>, fallback?: unknown) => unknown;

/** How one parameter is read: once for the execution, from the item itself, or by n8n for every item. */
type Plan = { kind: 'fixed' } | { kind: 'field'; path: readonly string[] } | { kind: 'workflowId' } | { kind: 'expression' };

const WORKFLOW_ID = /^=\{\{\s*\$workflow\.id\s*\}\}$/;

function planOf(ctx: IExecuteFunctions, parameters: Record<string, unknown>, name: string): Plan {
	if (sameForEveryItem(ctx, [name])) return { kind: 'fixed' };
	const raw = name.includes('.') ? undefined : parameters[name];
	if (typeof raw !== 'string') return { kind: 'expression' };
	const path = itemFieldPath(raw);
	if (path !== null) return { kind: 'field', path };
	if (WORKFLOW_ID.test(raw)) return { kind: 'workflowId' };
	return { kind: 'expression' };
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
			const value = itemFieldValue(json, plan.path);
			return value !== undefined ? value : ctx.getNodeParameter(name, itemIndex, fallback);
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
