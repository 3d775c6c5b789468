/**
 * A ticket as the report reads it from the store: the intake's stored ticket with whatever the nodes
 * wrote on it (`sla` by SLA Clock, `escalation` by Escalate). Every field is read defensively, since
 * a store holds what earlier versions wrote too.
 */
export interface StoredTicketLike {
	key?: string;
	id?: string | number;
	createdAt?: unknown;
	status?: unknown;
	events?: unknown;
	sla?: unknown;
	escalation?: unknown;
	drill?: unknown;
	mergedInto?: unknown;
	[field: string]: unknown;
}
