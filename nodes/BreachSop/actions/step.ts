import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Incident } from '../../../engine/breach';
import type { TicketView } from '../ticket-fields';

/** What every operation gets: the item, its ticket view, the incident so far and the instant "now". */
export interface StepContext {
	ctx: IExecuteFunctions;
	item: INodeExecutionData;
	itemIndex: number;
	view: TicketView;
	ticketId: string;
	nowMs: number;
	/** This item's value of a parameter (`getNodeParameter`, read once per execution where it can be). */
	parameter(name: string, fallback?: unknown): unknown;
	/** A JSON text's value, parsed once per execution for each distinct text. */
	parsed(text: string): unknown;
}

export type Step = (step: StepContext, incident: Incident) => Incident;

/** A JSON parameter, or `fallback` when the current operation does not show it. */
export function jsonParameter<T>(step: StepContext, name: string, displayName: string, fallback: T): T {
	const value = step.parameter(name, undefined);
	if (value === undefined) return fallback;
	if (typeof value !== 'string') return value as T;
	if (value.trim() === '') return fallback;
	try {
		return step.parsed(value) as T;
	} catch (error) {
		throw new NodeOperationError(step.ctx.getNode(), `${displayName}: is not valid JSON (${(error as Error).message})`, { itemIndex: step.itemIndex });
	}
}

export function stringParameter(step: StepContext, name: string, fallback = ''): string {
	const value = step.parameter(name, fallback);
	return value === null || value === undefined ? fallback : String(value);
}

/** Lines of a multi-line text parameter (or the entries of a list from an expression). */
export function lines(value: unknown): string[] {
	const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/\r?\n/);
	return list.map((line) => line.replace(/^\s*(?:[-*]|\d+[.)])\s+/, '').trim()).filter((line) => line !== '');
}

/**
 * The SOP's first rule: nothing is said or done about a breach before it is identified as one. Steps
 * after Identify refuse a ticket whose clocks show no breach, naming what the clocks say.
 */
export function requireBreach(step: StepContext, incident: Incident, operation: string): void {
	const identification = incident.identification;
	if (identification && !identification.isBreach) {
		throw new NodeOperationError(step.ctx.getNode(), `Ticket ${step.ticketId} is not an SLA breach, so there is nothing to ${operation}`, {
			itemIndex: step.itemIndex,
			description: `${identification.summary} Route tickets with the Assess operation's "Not a Breach" output (or an IF on incident.identification.isBreach) before this step.`,
		});
	}
}
