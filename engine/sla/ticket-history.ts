import { lacksOffset, parseInstant, TicketFieldError, type Ticket } from '../core';
import { fieldHolds, valueAt, describeFieldTest } from './field-test';
import type { PauseCondition, Trigger } from './metric-condition';
import { normalizeName } from './policy-fields';

/**
 * A ticket's history as the clocks read it: its events validated and in time order (equal times keep
 * their order in the list; events after "now" have not happened; events before `createdAt` count as
 * happening at it), and the state they leave the ticket in at each step — its status, its tags and
 * its fields — so metric conditions can be asked "when did this hold" and "when did this fire".
 *
 * - Status comes from status events (`{ type: "status", status }`); before the first the ticket is open.
 * - Tags come from `tag_added` / `tag_removed` events (`tag`) and events carrying the whole list
 *   (`tags`); a ticket with no such event has its current `tags` all along.
 * - A field comes from `field_changed` events (`{ field, value }`); a field no event changes has its
 *   current value on the ticket all along.
 */
export type EventKind = 'status' | 'agent' | 'customer' | 'other';

export interface HistoryEvent {
	at: number;
	kind: EventKind;
	/** Normalised event type. */
	type: string;
	/** Normalised new status (status events). */
	status?: string;
	tagAdded?: string;
	tagRemoved?: string;
	/** The whole tag list the event carried, normalised. */
	tags?: string[];
	field?: string;
	value?: unknown;
}

export interface EventTypes {
	statusTypes: ReadonlySet<string>;
	agentReplyTypes: ReadonlySet<string>;
	customerReplyTypes: ReadonlySet<string>;
}

export interface TicketHistory {
	readonly events: readonly HistoryEvent[];
	readonly ticket: Ticket;
}

/** The state of a ticket after some event: what conditions are tested on. */
export interface TicketState {
	/** Normalised status; null before the first status event (open). */
	status: string | null;
	tags: ReadonlySet<string>;
	field(path: string): unknown;
}

/** A stretch of time in which a pause condition held, with what held. */
export interface PauseSpan {
	from: number;
	to: number;
	reason: string;
}

function noOffset(value: unknown): string {
	return `${JSON.stringify(value)} has no UTC offset, so its time zone would be a guess: add one (2026-03-27T16:30:00+01:00) or Z for UTC`;
}

/** Reads a ticket's events. Throws TicketFieldError naming the bad event field. */
export function readHistory(ticket: Ticket, events: unknown, types: EventTypes, createdAt: number, now: number): TicketHistory {
	if (typeof events === 'string') events = parseEventsJson(events);
	if (events === undefined || events === null) return { events: [], ticket };
	if (!Array.isArray(events)) throw new TicketFieldError('events', 'must be a list of { type, at } objects');
	const read: { event: HistoryEvent; index: number }[] = [];
	events.forEach((value: unknown, index) => {
		const path = `events[${index}]`;
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw new TicketFieldError(path, 'must be an object like { "type": "agent_reply", "at": "2026-03-10T09:30:00+01:00" }');
		}
		const event = value as Record<string, unknown>;
		if (typeof event.type !== 'string' || event.type.trim() === '') throw new TicketFieldError(`${path}.type`, 'is missing');
		if (event.at === undefined || event.at === null || event.at === '') throw new TicketFieldError(`${path}.at`, 'is missing');
		const parsed = parseInstant(event.at);
		if (parsed === null) throw new TicketFieldError(`${path}.at`, `${JSON.stringify(event.at)} is not an ISO-8601 timestamp`);
		if (lacksOffset(event.at)) throw new TicketFieldError(`${path}.at`, noOffset(event.at));
		if (parsed > now) return;
		const at = Math.max(parsed, createdAt);
		const type = normalizeName(event.type);
		const entry: HistoryEvent = { at, type, kind: 'other' };
		if (types.statusTypes.has(type)) {
			if (typeof event.status !== 'string' || event.status.trim() === '') {
				throw new TicketFieldError(`${path}.status`, 'is missing: a status event names the new status');
			}
			entry.kind = 'status';
			entry.status = normalizeName(event.status);
		} else if (types.agentReplyTypes.has(type)) {
			entry.kind = 'agent';
		} else if (types.customerReplyTypes.has(type)) {
			entry.kind = 'customer';
		}
		if ((type === 'tag_added' || type === 'tag_removed') && typeof event.tag === 'string' && event.tag.trim() !== '') {
			if (type === 'tag_added') entry.tagAdded = normalizeName(event.tag);
			else entry.tagRemoved = normalizeName(event.tag);
		}
		if (Array.isArray(event.tags)) entry.tags = event.tags.filter((tag): tag is string => typeof tag === 'string').map(normalizeName);
		if (type === 'field_changed') {
			if (typeof event.field !== 'string' || event.field.trim() === '') throw new TicketFieldError(`${path}.field`, 'is missing: a field_changed event names the field it changes');
			entry.field = event.field.trim();
			entry.value = event.value;
		}
		read.push({ event: entry, index });
	});
	read.sort((a, b) => a.event.at - b.event.at || a.index - b.index);
	return { events: read.map((entry) => entry.event), ticket };
}

/**
 * Replays the history: `visit` sees each event with the state before and after it. The initial
 * state is the ticket's at creation (see the rules above).
 */
export function replay(history: TicketHistory, visit: (event: HistoryEvent, before: TicketState, after: TicketState, index: number) => void): TicketState {
	let state = initialState(history);
	history.events.forEach((event, index) => {
		let tags = state.tags;
		if (event.tags !== undefined || event.tagAdded !== undefined || event.tagRemoved !== undefined) {
			const next = new Set(event.tags ?? state.tags);
			if (event.tagAdded !== undefined) next.add(event.tagAdded);
			if (event.tagRemoved !== undefined) next.delete(event.tagRemoved);
			tags = next;
		}
		const fields = event.field === undefined ? state.fields : new Map(state.fields).set(event.field, event.value);
		const after = makeState(event.kind === 'status' ? (event.status ?? null) : state.status, tags, fields, state.fallback);
		visit(event, state, after, index);
		state = after;
	});
	return state;
}

/** The state at creation, before any event. */
function initialState(history: TicketHistory): ReplayState {
	const tagsFromEvents = history.events.some((event) => event.tags !== undefined || event.tagAdded !== undefined || event.tagRemoved !== undefined);
	const changedFields = new Set(history.events.flatMap((event) => (event.field === undefined ? [] : [event.field])));
	const current = Array.isArray(history.ticket.tags) ? history.ticket.tags.filter((tag): tag is string => typeof tag === 'string').map(normalizeName) : [];
	return makeState(null, new Set(tagsFromEvents ? [] : current), new Map(), (path) => (changedFields.has(path) ? undefined : valueAt(history.ticket, path)));
}

interface ReplayState extends TicketState {
	fields: Map<string, unknown>;
	fallback: (path: string) => unknown;
}

function makeState(status: string | null, tags: ReadonlySet<string>, fields: Map<string, unknown>, fallback: (path: string) => unknown): ReplayState {
	return { status, tags, fields, fallback, field: (path) => (fields.has(path) ? fields.get(path) : fallback(path)) };
}

/** What of a pause condition holds in a state, in words; null when nothing does (not paused). */
export function pauseReason(condition: PauseCondition, statuses: ReadonlySet<string>, state: TicketState): string | null {
	const reasons: string[] = [];
	if (state.status !== null && statuses.has(state.status)) reasons.push(`status ${state.status}`);
	for (const tag of condition.tags) if (state.tags.has(tag)) reasons.push(`tag ${tag}`);
	for (const test of condition.fields) if (fieldHolds(test, state.field(test.field))) reasons.push(`field ${describeFieldTest(test)}`);
	return reasons.length === 0 ? null : reasons.join(', ');
}

/**
 * The stretches from `from` on in which the condition held, in time order, with what held; an
 * ongoing one ends at Infinity. `statuses` are the condition's (or the set's) pause statuses.
 */
export function pauseSpans(history: TicketHistory, condition: PauseCondition, statuses: ReadonlySet<string>, from: number): PauseSpan[] {
	const spans: PauseSpan[] = [];
	const initial = pauseReason(condition, statuses, initialState(history));
	let open: { from: number; reason: string } | null = initial === null ? null : { from, reason: initial };
	const close = (at: number) => {
		if (open !== null && at > Math.max(open.from, from)) spans.push({ from: Math.max(open.from, from), to: at, reason: open.reason });
		open = null;
	};
	replay(history, (event, _before, after) => {
		const reason = pauseReason(condition, statuses, after);
		if (open !== null && open.reason === reason) return;
		close(event.at);
		if (reason !== null) open = { from: event.at, reason };
	});
	close(Infinity);
	return spans;
}

/** Whether a trigger fires at this event (given the state before and after it). */
export function fires(trigger: Trigger, resolvedStatuses: ReadonlySet<string>, event: HistoryEvent, before: TicketState, after: TicketState): boolean {
	if (trigger.events.has(event.type)) return true;
	if ((trigger.agentReply && event.kind === 'agent') || (trigger.customerReply && event.kind === 'customer')) return true;
	if (event.kind === 'status' && after.status !== before.status && after.status !== null && trigger.statuses.has(after.status)) return true;
	if (trigger.resolved && isIn(after.status, resolvedStatuses) && !isIn(before.status, resolvedStatuses)) return true;
	for (const tag of trigger.tags) if (after.tags.has(tag) && !before.tags.has(tag)) return true;
	for (const test of trigger.fields) if (fieldHolds(test, after.field(test.field)) && !fieldHolds(test, before.field(test.field))) return true;
	return false;
}

function isIn(status: string | null, statuses: ReadonlySet<string>): boolean {
	return status !== null && statuses.has(status);
}

function parseEventsJson(text: string): unknown {
	if (text.trim() === '') return [];
	let problem: string;
	try {
		return JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new TicketFieldError('events', `is text that is not a JSON list of events (${problem})`);
}
