import { parseInstant, TicketFieldError, type Ticket } from '../core';
import type { IntakeEvent, IntakeTicketFields } from './intake-event';
import type { StoredEvent, StoredTicket } from './stored-ticket';

/** What an event did: made the ticket, changed it, or was a redelivery that changed nothing. */
export type IntakeChange = 'created' | 'updated' | 'duplicate';

export interface AppliedEvent {
	ticket: StoredTicket;
	change: IntakeChange;
}

const SCALAR_FIELDS = ['subject', 'body', 'channel', 'language', 'priority', 'status', 'assignee'] as const;

/**
 * How one event changes the stored ticket. Rules:
 * - An event whose id is already among the ticket's events is a redelivery: `duplicate`, nothing changes.
 * - A ticket seen for the first time needs `ticket.createdAt`; after that `createdAt` stays as first seen.
 * - The event is inserted in time order (after the events of the same time, so equal times keep
 *   their arrival order).
 * - Each ticket field the event carries (status, priority, subject, body, channel, language,
 *   assignee, each customer field) is set unless a later event already set it: the later event
 *   time wins, whatever the order of delivery. A status event sets `status` to its `status`.
 * - Tags are replayed from the events in time order: a `ticket.tags` list replaces them,
 *   `tag_added` and `tag_removed` add and remove one.
 * - A `ticket_created` for a ticket already stored merges its fields like any other event.
 * Pure: the ticket passed in is not changed.
 */
export function applyEvent(stored: StoredTicket | null, event: IntakeEvent): AppliedEvent {
	if (stored !== null && stored.key !== event.key) throw new RangeError(`the event for ${event.key} cannot be applied to ${stored.key}`);
	if (stored !== null && Array.isArray(stored.events) && stored.events.some((known) => known.id === event.eventId)) return { ticket: stored, change: 'duplicate' };
	const base = stored === null ? firstSight(event) : readable(stored);
	const events = insertInTimeOrder(base.events, storedEventOf(event));
	const ticket: StoredTicket = { ...base, events, intake: { fieldAt: { ...base.intake.fieldAt }, lastEventAt: latest(base.intake.lastEventAt, event) } };
	const fields: IntakeTicketFields = event.type === 'status' && event.status !== undefined ? { ...event.ticket, status: event.status } : event.ticket;
	for (const field of SCALAR_FIELDS) {
		const value = fields[field];
		if (value !== undefined && setsField(ticket, field, event)) ticket[field] = value;
	}
	if (fields.customer !== undefined) {
		const customer: NonNullable<Ticket['customer']> = { ...base.customer };
		for (const [field, value] of Object.entries(fields.customer)) if (setsField(ticket, `customer.${field}`, event)) customer[field] = value;
		ticket.customer = customer;
	}
	ticket.tags = tagsOf(events, base.tags);
	if (event.drill) ticket.drill = true;
	return { ticket, change: stored === null ? 'created' : 'updated' };
}

function firstSight(event: IntakeEvent): StoredTicket {
	const createdAt = event.ticket.createdAt;
	if (createdAt === undefined) {
		throw new TicketFieldError('ticket.createdAt', `is missing: ${event.key} is seen for the first time, and its SLA clocks start when it was created (ISO-8601 with an offset)`);
	}
	return { key: event.key, source: event.source, id: event.ticketId, createdAt, events: [], tags: [], intake: { fieldAt: {}, lastEventAt: event.atText } };
}

/** A stored ticket with the lists and bookkeeping the intake relies on, for rows written by other means (an import). */
function readable(stored: StoredTicket): StoredTicket {
	const intake: Partial<StoredTicket['intake']> = stored.intake ?? {};
	return {
		...stored,
		events: Array.isArray(stored.events) ? stored.events : [],
		tags: Array.isArray(stored.tags) ? stored.tags : [],
		intake: { fieldAt: intake.fieldAt ?? {}, lastEventAt: intake.lastEventAt ?? stored.createdAt },
	};
}

function storedEventOf(event: IntakeEvent): StoredEvent {
	const stored: StoredEvent = { id: event.eventId, type: event.type, at: event.atText };
	if (event.status !== undefined) stored.status = event.status;
	if (event.actor !== undefined) stored.actor = event.actor;
	if (event.tag !== undefined) stored.tag = event.tag;
	if (event.ticket.tags !== undefined) stored.tags = event.ticket.tags;
	return stored;
}

const timeOf = (text: string | undefined): number => (text === undefined ? -Infinity : (parseInstant(text) ?? -Infinity));

/** A copy of `events` with `event` after every event at or before its time. */
function insertInTimeOrder(events: readonly StoredEvent[], event: StoredEvent): StoredEvent[] {
	const at = timeOf(event.at);
	let position = events.length;
	while (position > 0 && timeOf(events[position - 1].at) > at) position--;
	return [...events.slice(0, position), event, ...events.slice(position)];
}

/** Whether the event may set `field` (no later event did), recording that it does. */
function setsField(ticket: StoredTicket, field: string, event: IntakeEvent): boolean {
	if (timeOf(ticket.intake.fieldAt[field]) > event.at) return false;
	ticket.intake.fieldAt[field] = event.atText;
	return true;
}

function latest(lastEventAt: string, event: IntakeEvent): string {
	return timeOf(lastEventAt) >= event.at ? lastEventAt : event.atText;
}

/** The tags after replaying the events; `current` when no event says anything about tags. */
function tagsOf(events: readonly StoredEvent[], current: readonly string[]): string[] {
	let tags: Set<string> | null = null;
	for (const event of events) {
		if (event.tags !== undefined) tags = new Set(event.tags);
		if (event.tag === undefined || (event.type !== 'tag_added' && event.type !== 'tag_removed')) continue;
		tags ??= new Set();
		if (event.type === 'tag_added') tags.add(event.tag);
		else tags.delete(event.tag);
	}
	return tags === null ? [...current] : [...tags];
}
