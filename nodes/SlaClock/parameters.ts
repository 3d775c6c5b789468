/** The SLA Clock's parameters read into the engine's policy set, clock options and ticket. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { TicketFieldError, type Ticket } from '../../engine/core';
import { type ClockOptions, compilePolicySet, type PolicyFacts, type PolicySet } from '../../engine/sla';
import { compileCache } from '../shared/compile-cache';
import { optionText, readJsonParameter, readList } from '../shared/parameters';
import { readItemParameter } from '../shared/per-execution';
import { policySetFromEditor } from './policy-from-editor';

// Compiling a policy set builds its calendars' year timelines: a few are kept per process.
const cached = compileCache<PolicySet>(16);

export function compileCached(document: IDataObject): PolicySet {
	return cached(document, () => compilePolicySet(document));
}

export function policyDocument(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const source = ctx.getNodeParameter('policySource', itemIndex) as string;
	const document =
		source === 'editor'
			? policySetFromEditor(
					ctx.getNodeParameter('calendars', itemIndex, {}) as IDataObject,
					ctx.getNodeParameter('policies', itemIndex, {}) as IDataObject,
				)
			: readJsonParameter<IDataObject>(ctx, 'policySet', 'Policy Set', itemIndex);
	// Statuses and the reopen rule set in the document win over the node's parameters.
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const withDefaults: IDataObject = { ...document };
	withDefaults.pauseStatuses ??= readList(ctx, 'pauseStatuses', itemIndex);
	if (options.resolvedStatuses !== undefined) withDefaults.resolvedStatuses ??= readList(ctx, 'options.resolvedStatuses', itemIndex);
	if (options.reopenMode !== undefined || options.followUpAfterDays !== undefined) {
		const followUpAfterDays = Number(options.followUpAfterDays ?? 0);
		withDefaults.reopen ??= {
			mode: (options.reopenMode as string) ?? 'continue',
			...(followUpAfterDays > 0 ? { followUpAfterDays } : {}),
		};
	}
	return withDefaults;
}

export function clockOptions(ctx: IExecuteFunctions, itemIndex: number): ClockOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const facts: PolicyFacts = {};
	for (const field of ['priority', 'tier', 'channel', 'issueType'] as const) {
		const value = optionText(options, field);
		if (value !== undefined) facts[field] = value;
	}
	return {
		facts,
		...(options.explain === true ? { explain: true } : {}),
		...(options.agentReplyTypes !== undefined ? { agentReplyTypes: readList(ctx, 'options.agentReplyTypes', itemIndex) } : {}),
		...(options.customerReplyTypes !== undefined ? { customerReplyTypes: readList(ctx, 'options.customerReplyTypes', itemIndex) } : {}),
	};
}

function parseEvents(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return { unparseable: text };
	}
}

export function ticketOf(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): Ticket {
	const json = item.json as Ticket;
	const fields = item.json as Record<string, unknown>;
	let events = readItemParameter(ctx, 'events', fields, itemIndex, undefined);
	if (typeof events === 'string') events = events.trim() === '' ? [] : parseEvents(events);
	if (events !== undefined && events !== null && !Array.isArray(events)) {
		throw new TicketFieldError('events', 'must be a list of { type, at, status?, actor? }');
	}
	return {
		...json,
		id: readItemParameter(ctx, 'ticketId', fields, itemIndex, json.id) as string,
		createdAt: readItemParameter(ctx, 'createdAt', fields, itemIndex, json.createdAt) as string,
		events: (events ?? []) as Ticket['events'],
	};
}
