import { isKnownTimezone, TicketFieldError } from '../core';
import { isFields, kindOf, quote, readBoolean, readFields, readId, readInstant, readName, readNames, readText, required } from './field-reader';
import type { Fields } from './field-reader';
import type { IntakeCustomer } from './intake-body';
import { ticketKey } from './ticket-key';

/**
 * One helpdesk event read from a webhook body (the generic shape is documented in intake-body.ts):
 * validated, trimmed and normalised, ready for `applyEvent`. Nothing in it is longer than its limit.
 */
export interface IntakeEvent {
	eventId: string;
	/** Lower case; "generic" when the body names none. */
	source: string;
	ticketId: string;
	/** `source:ticketId`, the ticket's key in the store. */
	key: string;
	/** Lower case with `_` for spaces and hyphens: "Agent Reply" is `agent_reply`. */
	type: string;
	/** Epoch milliseconds of `atText`. */
	at: number;
	atText: string;
	status?: string;
	tag?: string;
	actor?: string;
	ticket: IntakeTicketFields;
	drill: boolean;
	/** The drill's "now" (epoch ms) when the intake allows it for drill events; null otherwise. */
	now: number | null;
}

/** The ticket fields an event carried; absent ones are left out. */
export interface IntakeTicketFields {
	subject?: string;
	body?: string;
	channel?: string;
	language?: string;
	priority?: string;
	status?: string;
	/** As given (ISO-8601 with an offset). */
	createdAt?: string;
	tags?: string[];
	customer?: IntakeCustomer;
	assignee?: string;
}

export interface IntakeOptions {
	/** Honour `now` on drill events (the drill template sets it; the live intake does not). */
	allowNow: boolean;
	/** Longest `ticket.body` accepted, in characters; default 100,000. */
	maxTextLength?: number;
}

export const DEFAULT_MAX_BODY_LENGTH = 100_000;
export const MAX_SUBJECT_LENGTH = 1_000;
export const MAX_TAGS = 200;
const MAX_EMAIL_LENGTH = 320;
const SOURCE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Validates a webhook body (an object, or its JSON text). Throws TicketFieldError naming the field:
 * `eventId: is missing`, `ticket.createdAt: "2026-03-27 16:30" has no UTC offset…`,
 * `ticket.body: is 120,000 characters long; the limit is 100,000`.
 */
export function readIntakeEvent(body: unknown, options: IntakeOptions): IntakeEvent {
	const event = eventFields(body);
	const eventId = required(readId(event.eventId, 'eventId'), 'eventId');
	const source = readSource(event.source);
	const type = normalizeType(required(readName(event.type, 'type'), 'type', ': name what happened (ticket_created, status, agent_reply, …)'));
	const at = required(readInstant(event.at, 'at'), 'at', ': when it happened, ISO-8601 with an offset (2026-03-27T16:30:00+01:00)');
	const status = readName(event.status, 'status');
	if (type === 'status' && status === undefined) throw new TicketFieldError('status', 'is missing: a status event names the new status');
	const tag = readName(event.tag, 'tag');
	if ((type === 'tag_added' || type === 'tag_removed') && tag === undefined) throw new TicketFieldError('tag', `is missing: a ${type} event names the tag`);
	const ticketFields = readFields(event.ticket, 'ticket');
	if (ticketFields === undefined) throw new TicketFieldError('ticket', 'is missing: the event must say which ticket it is about ({ "id": … })');
	const ticketId = required(readId(ticketFields.id, 'ticket.id'), 'ticket.id');
	const drill = readBoolean(event.drill, 'drill') ?? false;
	const now = options.allowNow && drill ? (readInstant(event.now, 'now')?.ms ?? null) : null;
	const result: IntakeEvent = {
		eventId,
		source,
		ticketId,
		key: ticketKey(source, ticketId),
		type,
		at: at.ms,
		atText: at.text,
		ticket: readTicketFields(ticketFields, options.maxTextLength ?? DEFAULT_MAX_BODY_LENGTH),
		drill,
		now,
	};
	if (status !== undefined) result.status = status;
	if (tag !== undefined) result.tag = tag;
	const actor = readId(event.actor, 'actor');
	if (actor !== undefined) result.actor = actor;
	return result;
}

function eventFields(body: unknown): Fields {
	const value = typeof body === 'string' ? parseJson(body) : body;
	if (!isFields(value)) throw new TicketFieldError('event', `must be a JSON object like { "eventId", "type", "at", "ticket": { "id" } }, got ${kindOf(value)}`);
	return value;
}

function parseJson(text: string): unknown {
	let problem: string;
	try {
		return JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new TicketFieldError('event', `is text that is not JSON (${problem})`);
}

function readSource(value: unknown): string {
	const source = readName(value, 'source')?.toLowerCase() ?? 'generic';
	if (!SOURCE.test(source)) throw new TicketFieldError('source', `${quote(source)} must be letters, digits, '.', '_' or '-' (at most 64), like "zendesk"`);
	return source;
}

export function normalizeType(type: string): string {
	return type.toLowerCase().replace(/[\s-]+/g, '_');
}

function readTicketFields(ticket: Fields, maxBodyLength: number): IntakeTicketFields {
	const fields: IntakeTicketFields = {};
	const put = <K extends keyof IntakeTicketFields>(key: K, value: IntakeTicketFields[K] | undefined) => {
		if (value !== undefined) fields[key] = value;
	};
	put('subject', readText(ticket.subject, 'ticket.subject', MAX_SUBJECT_LENGTH));
	put('body', readText(ticket.body, 'ticket.body', maxBodyLength));
	put('channel', readName(ticket.channel, 'ticket.channel'));
	put('language', readName(ticket.language, 'ticket.language'));
	put('priority', readName(ticket.priority, 'ticket.priority'));
	put('status', readName(ticket.status, 'ticket.status'));
	put('createdAt', readInstant(ticket.createdAt, 'ticket.createdAt')?.text);
	put('tags', readNames(ticket.tags, 'ticket.tags', MAX_TAGS));
	put('customer', readCustomer(ticket.customer));
	put('assignee', readId(ticket.assignee, 'ticket.assignee'));
	return fields;
}

/** The known customer fields; anything else under `ticket.customer` is ignored, however deep. */
function readCustomer(value: unknown): IntakeCustomer | undefined {
	const customer = readFields(value, 'ticket.customer');
	if (customer === undefined) return undefined;
	const read: IntakeCustomer = {};
	const id = readId(customer.id, 'ticket.customer.id');
	if (id !== undefined) read.id = id;
	for (const key of ['tier', 'region', 'name'] as const) {
		const text = readName(customer[key], `ticket.customer.${key}`);
		if (text !== undefined) read[key] = text;
	}
	const email = readName(customer.email, 'ticket.customer.email', MAX_EMAIL_LENGTH);
	if (email !== undefined) {
		if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new TicketFieldError('ticket.customer.email', `${quote(email)} is not an email address`);
		read.email = email;
	}
	const timezone = readName(customer.timezone, 'ticket.customer.timezone');
	if (timezone !== undefined) {
		if (!isKnownTimezone(timezone)) throw new TicketFieldError('ticket.customer.timezone', `${quote(timezone)} is not an IANA time zone (for example Europe/Berlin)`);
		read.timezone = timezone;
	}
	return Object.keys(read).length > 0 ? read : undefined;
}
