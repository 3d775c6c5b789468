import type { Ticket, TicketEvent } from '../core';

/**
 * A ticket as the intake keeps it in the store (a Data Table row's JSON), keyed by `key`
 * (`source:id`). It is a core Ticket, so the nodes read it as they read any ticket; each of them
 * adds its own key later (`sla`, `routing`, `escalation`, `incident`, …) and the intake keeps those
 * untouched.
 */
export interface StoredTicket extends Ticket {
	key: string;
	source: string;
	id: string;
	createdAt: string;
	/** Every event once, by `id`, in time order (equal times in arrival order). */
	events: StoredEvent[];
	tags: string[];
	assignee?: string;
	/** The key of the open ticket this one repeats (see linkDuplicate). */
	mergedInto?: string;
	/** Keys of the tickets merged into this one. */
	duplicates?: string[];
	/** A synthetic ticket of a drill. */
	drill?: boolean;
	intake: IntakeRecord;
	sla?: unknown;
	routing?: unknown;
	escalation?: unknown;
	incident?: unknown;
}

/** An event as stored on its ticket: the core event plus its id and what it said about the tags. */
export interface StoredEvent extends TicketEvent {
	/** The event id of the webhook body. */
	id: string;
	tag?: string;
	/** The ticket's whole tag list as the event carried it. */
	tags?: string[];
}

/** The intake's own bookkeeping on the ticket. */
export interface IntakeRecord {
	/**
	 * For each ticket field (`status`, `priority`, `subject`, `customer.tier`, …), the time of the
	 * event that last set it: an older event delivered later does not overwrite a newer value.
	 */
	fieldAt: Record<string, string>;
	/** The time of the latest event. */
	lastEventAt: string;
}
