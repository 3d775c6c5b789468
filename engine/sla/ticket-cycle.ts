import { DAY_MS, lacksOffset, parseInstant, TicketFieldError } from '../core';
import { normalizeName } from './policy';
import type { ReopenRule } from './policy';

/**
 * The current SLA cycle of a ticket, read from its creation time and its events alone: which spans
 * each metric measures, and when no clock counts. Rules (compare Zendesk, Jira Service Management):
 * - Events are taken in time order (equal times keep their order in the list); events after "now"
 *   have not happened yet and are ignored; events before `createdAt` count as happening at it.
 * - Status events put the ticket in one of three states: paused (a pause status), resolved (a
 *   resolved status) or open (any other status). A ticket without status events is open.
 * - First response runs from the cycle's start to the first agent reply.
 * - Next response starts at the first customer reply of an unanswered streak (a customer reply after
 *   the last agent reply) and ends at the next agent reply. The ticket's creation opens the first
 *   streak, which the first response covers, so customer replies before any agent reply start none.
 * - Periodic update runs from each agent reply to the next (Zendesk's "periodic update").
 * - Resolution runs from the cycle's start to the resolution.
 * - A reopen (resolved → not resolved) continues the cycle (`continue`: the resolved time is a stop,
 *   like a pause) or starts a new one at the reopen (`new_cycle`: fresh first response and resolution,
 *   as for a new ticket). A reopen more than `followUpAfterDays` after the resolution starts a
 *   follow-up cycle in either mode, the way Zendesk turns a reply to a closed ticket into a follow-up.
 */
export type CycleReason = 'created' | 'reopened' | 'follow_up';

/** A measured span: from `start` until `end` (the fulfilling event), or still open (null). */
export interface MeasuredSpan {
	start: number;
	end: number | null;
}

export interface TicketCycle {
	/** 1 for the ticket as created; each new cycle or follow-up adds one. */
	number: number;
	reason: CycleReason;
	start: number;
	/** Sorted, disjoint spans in which no clock counts (pauses, and resolved time before a continued reopen); an ongoing stop ends at Infinity. */
	stops: [number, number][];
	/** The resolution instant if the ticket is resolved now. */
	resolvedAt: number | null;
	/** Whether the ticket is in a pause status now. */
	pausedNow: boolean;
	firstResponse: MeasuredSpan;
	nextResponses: MeasuredSpan[];
	periodicUpdates: MeasuredSpan[];
}

export interface EventVocabulary {
	/** Normalised event types (see `normalizeName`). */
	statusTypes: ReadonlySet<string>;
	agentReplyTypes: ReadonlySet<string>;
	customerReplyTypes: ReadonlySet<string>;
	pauseStatuses: ReadonlySet<string>;
	resolvedStatuses: ReadonlySet<string>;
	reopen: ReopenRule;
}

type Phase = 'open' | 'paused' | 'resolved';

type ClockEvent =
	| { kind: 'status'; at: number; phase: Phase }
	| { kind: 'agent'; at: number }
	| { kind: 'customer'; at: number };

function noOffset(value: unknown): string {
	return `${JSON.stringify(value)} has no UTC offset, so its time zone would be a guess: add one (2026-03-27T16:30:00+01:00) or Z for UTC`;
}

/** The instant the ticket was created; TicketFieldError('createdAt') if missing or unreadable. */
export function readCreatedAt(value: unknown): number {
	if (value === undefined || value === null || value === '') throw new TicketFieldError('createdAt', 'is missing: the clocks start when the ticket was created');
	const at = parseInstant(value);
	if (at === null) throw new TicketFieldError('createdAt', `${JSON.stringify(value)} is not an ISO-8601 timestamp (for example 2026-03-10T09:30:00+01:00)`);
	if (lacksOffset(value)) throw new TicketFieldError('createdAt', noOffset(value));
	return at;
}

/** The current cycle of a ticket at `now`. Throws TicketFieldError naming the bad event field. */
export function currentCycle(createdAt: number, events: unknown, vocabulary: EventVocabulary, now: number): TicketCycle {
	let cycle = newCycle(1, 'created', createdAt);
	let phase: Phase = 'open';
	let stoppedSince = 0;
	let awaitingAgent = true;

	for (const event of clockEvents(events, vocabulary, createdAt, now)) {
		const at = event.at;
		if (event.kind === 'status') {
			if (event.phase === phase) continue;
			if (phase === 'resolved') {
				const followUp = vocabulary.reopen.followUpAfterDays !== null && at - stoppedSince > vocabulary.reopen.followUpAfterDays * DAY_MS;
				if (followUp || vocabulary.reopen.mode === 'new_cycle') {
					cycle = newCycle(cycle.number + 1, followUp ? 'follow_up' : 'reopened', at);
					awaitingAgent = true;
				} else {
					cycle.stops.push([stoppedSince, at]);
				}
			} else if (phase === 'paused') {
				cycle.stops.push([stoppedSince, at]);
			}
			phase = event.phase;
			stoppedSince = at;
		} else if (event.kind === 'agent') {
			if (cycle.firstResponse.end === null) cycle.firstResponse.end = at;
			const next = cycle.nextResponses[cycle.nextResponses.length - 1];
			if (next !== undefined && next.end === null) next.end = at;
			const update = cycle.periodicUpdates[cycle.periodicUpdates.length - 1];
			if (update !== undefined) update.end = at;
			cycle.periodicUpdates.push({ start: at, end: null });
			awaitingAgent = false;
		} else if (!awaitingAgent) {
			cycle.nextResponses.push({ start: at, end: null });
			awaitingAgent = true;
		}
	}

	if (phase !== 'open') cycle.stops.push([stoppedSince, Infinity]);
	cycle.resolvedAt = phase === 'resolved' ? stoppedSince : null;
	cycle.pausedNow = phase === 'paused';
	return cycle;
}

function newCycle(number: number, reason: CycleReason, start: number): TicketCycle {
	return {
		number,
		reason,
		start,
		stops: [],
		resolvedAt: null,
		pausedNow: false,
		firstResponse: { start, end: null },
		nextResponses: [],
		periodicUpdates: [],
	};
}

/** The events the clocks react to, validated, in time order, up to `now`. */
function clockEvents(events: unknown, vocabulary: EventVocabulary, createdAt: number, now: number): ClockEvent[] {
	if (typeof events === 'string') events = parseEventsJson(events);
	if (events === undefined || events === null) return [];
	if (!Array.isArray(events)) throw new TicketFieldError('events', 'must be a list of { type, at } objects');
	const read: { event: ClockEvent; index: number }[] = [];
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
		if (vocabulary.statusTypes.has(type)) {
			if (typeof event.status !== 'string' || event.status.trim() === '') {
				throw new TicketFieldError(`${path}.status`, 'is missing: a status event names the new status');
			}
			read.push({ event: { kind: 'status', at, phase: phaseOf(normalizeName(event.status), vocabulary) }, index });
		} else if (vocabulary.agentReplyTypes.has(type)) {
			read.push({ event: { kind: 'agent', at }, index });
		} else if (vocabulary.customerReplyTypes.has(type)) {
			read.push({ event: { kind: 'customer', at }, index });
		}
	});
	read.sort((a, b) => a.event.at - b.event.at || a.index - b.index);
	return read.map((entry) => entry.event);
}

function phaseOf(status: string, vocabulary: EventVocabulary): Phase {
	if (vocabulary.resolvedStatuses.has(status)) return 'resolved';
	if (vocabulary.pauseStatuses.has(status)) return 'paused';
	return 'open';
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
