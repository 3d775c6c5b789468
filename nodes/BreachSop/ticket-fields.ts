import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseInstant } from '../../engine/core';

/**
 * The ticket fields the procedure reads. Each has a canonical place on the item (the ticket record of
 * DESIGN.md); a builder whose helpdesk names it differently adds the field under "Ticket Fields" and
 * maps it with an expression.
 */
const FIELDS = {
	assignee: { displayName: 'Assignee', paths: ['routing.assignee.name', 'routing.assignee.id', 'routing.assignee', 'assignee.name', 'assignee'], description: 'Who works the ticket; stands in for {{assignee}} as an action owner' },
	contract: { displayName: 'Contract', paths: ['contract.type', 'contract.name', 'contract', 'customer.contract.type', 'customer.contract'], description: 'The customer contract, matched by the severity criteria' },
	customerEmail: { displayName: 'Customer Email', paths: ['customer.email', 'requester.email', 'email'], description: 'Where the client notice goes (written to incident.notice.to)' },
	customerId: { displayName: 'Customer ID', paths: ['customer.id'], description: 'Counts earlier breaches of the same customer' },
	customerName: { displayName: 'Customer Name', paths: ['customer.contactName', 'requester.name', 'customer.name'], description: 'Who the client notice greets' },
	issueType: { displayName: 'Issue Type', paths: ['intent.type', 'issueType', 'category'], description: 'Keys the playbook and counts earlier breaches of the same type' },
	language: { displayName: 'Language', paths: ['language', 'intent.language', 'customer.language'], description: 'The language of the client notice (en, de, es, fr, pt, …)' },
	priority: { displayName: 'Priority', paths: ['priority'], description: 'Matched by the severity criteria' },
	status: { displayName: 'Status', paths: ['status'], description: 'The ticket status now; a resolved status lets the checklist expect the review' },
	subject: { displayName: 'Subject', paths: ['subject'], description: 'The ticket subject, shown in the review' },
	tier: { displayName: 'Customer Tier', paths: ['customer.tier'], description: 'Matched by the severity criteria' },
	timezone: { displayName: 'Customer Time Zone', paths: ['customer.timezone'], description: 'IANA time zone the client reads times in, e.g. Europe/Berlin' },
} as const;

export type TicketField = keyof typeof FIELDS;

export const ticketFieldsCollection: INodeProperties = {
	displayName: 'Ticket Fields',
	name: 'ticketFields',
	type: 'collection',
	placeholder: 'Map a Field',
	default: {},
	description: 'Map ticket fields your helpdesk names differently; fields not added are read from the canonical ticket record',
	options: (Object.entries(FIELDS) as Array<[TicketField, (typeof FIELDS)[TicketField]]>)
		.map(([name, field]) => ({
			displayName: field.displayName,
			name,
			type: 'string' as const,
			default: '',
			description: `${field.description}. Default: ${field.paths.map((path) => `$json.${path}`).join(' ?? ')}.`,
		}))
		.sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

export function valueAt(json: unknown, path: string): unknown {
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

function text(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
	if (typeof value === 'number') return String(value);
	return null;
}

export interface TicketView {
	json: IDataObject;
	field(name: TicketField): string | null;
	/** The time zone instants are written in: the SLA calendar's, else UTC. */
	zone: string;
}

/** The item as the procedure sees it: the fields mapped under Ticket Fields first, then the canonical places. */
export function ticketView(item: INodeExecutionData, mapped: IDataObject): TicketView {
	const json = item.json;
	const slaZone = text(valueAt(json, 'sla.timezone'));
	return {
		json,
		zone: slaZone ?? 'UTC',
		field(name) {
			const override = text(mapped[name]);
			if (override !== null) return override;
			for (const path of FIELDS[name].paths) {
				const value = text(valueAt(json, path));
				if (value !== null) return value;
			}
			return null;
		},
	};
}

/** When the ticket was resolved, from its status events and status, or the resolution clock; null while open. */
export function resolvedAtOf(view: TicketView, resolvedStatuses: string[], nowMs: number): number | null {
	const resolved = new Set(resolvedStatuses.map((status) => status.toLowerCase()));
	const events = Array.isArray(view.json.events) ? (view.json.events as IDataObject[]) : [];
	const changes = events
		.filter((event) => event?.type === 'status' && typeof event.status === 'string')
		.map((event) => ({ status: String(event.status).toLowerCase(), at: parseInstant(event.at) }))
		.filter((change): change is { status: string; at: number } => change.at !== null && change.at <= nowMs)
		.sort((a, b) => a.at - b.at);
	let since: number | null = null;
	for (const change of changes) since = resolved.has(change.status) ? (since ?? change.at) : null;
	if (since !== null) return since;
	const status = view.field('status');
	if (status !== null && resolved.has(status.toLowerCase())) {
		return parseInstant(valueAt(view.json, 'sla.resolution.fulfilledAt')) ?? parseInstant(valueAt(view.json, 'resolvedAt')) ?? nowMs;
	}
	return null;
}
