/**
 * The ticket record as it travels through a workflow (`item.json`). Every node reads the fields it
 * needs and writes its results under its own key (`sla`, `intent`, `routing`, `escalation`,
 * `incident`, `audit`), leaving the rest untouched. Timestamps are ISO-8601 strings with an offset.
 */
export interface TicketCustomer {
	id?: string;
	tier?: string;
	region?: string;
	timezone?: string;
	[field: string]: unknown;
}

/**
 * Something that happened to a ticket. Canonical types: `status` (with `status`, the new status),
 * `agent_reply`, `customer_reply`, `note`, `assigned`, `acknowledged`. Others are kept and ignored
 * by the nodes that do not know them.
 */
export interface TicketEvent {
	type: string;
	at: string;
	status?: string;
	actor?: string;
	[field: string]: unknown;
}

export interface Ticket {
	id?: string;
	source?: string;
	subject?: string;
	body?: string;
	channel?: string;
	language?: string;
	customer?: TicketCustomer;
	priority?: string;
	status?: string;
	createdAt?: string;
	events?: TicketEvent[];
	[field: string]: unknown;
}

/** An error in the data of one item, naming the field a builder has to look at. */
export class TicketFieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}
