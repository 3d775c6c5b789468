import { DAY_MS, lacksOffset, parseInstant, TicketFieldError } from '../core';
import type { ReopenRule } from './policy';
import type { TicketHistory } from './ticket-history';

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
	/** The resolved time alone (before continued reopens, and now if resolved): a metric with its own pause condition adds its pauses to these. */
	resolvedStops: [number, number][];
	/** Index in the history of the first event after the cycle's start (metrics with their own start and stop triggers read from here). */
	startIndex: number;
	/** The resolution instant if the ticket is resolved now. */
	resolvedAt: number | null;
	/** Whether the ticket is in a pause status now. */
	pausedNow: boolean;
	firstResponse: MeasuredSpan;
	nextResponses: MeasuredSpan[];
	periodicUpdates: MeasuredSpan[];
}

export interface EventVocabulary {
	pauseStatuses: ReadonlySet<string>;
	resolvedStatuses: ReadonlySet<string>;
	reopen: ReopenRule;
}

type Phase = 'open' | 'paused' | 'resolved';

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
export function currentCycle(createdAt: number, history: TicketHistory, vocabulary: EventVocabulary): TicketCycle {
	let cycle = newCycle(1, 'created', createdAt);
	let phase = 'open' as Phase;
	let stoppedSince = 0;
	let awaitingAgent = true;

	history.events.forEach((event, index) => {
		const at = event.at;
		if (event.kind === 'other') return;
		if (event.kind === 'status') {
			const next = phaseOf(event.status ?? '', vocabulary);
			if (next === phase) return;
			if (phase === 'resolved') {
				const followUp = vocabulary.reopen.followUpAfterDays !== null && at - stoppedSince > vocabulary.reopen.followUpAfterDays * DAY_MS;
				if (followUp || vocabulary.reopen.mode === 'new_cycle') {
					cycle = newCycle(cycle.number + 1, followUp ? 'follow_up' : 'reopened', at);
					cycle.startIndex = index + 1;
					awaitingAgent = true;
				} else {
					cycle.stops.push([stoppedSince, at]);
					cycle.resolvedStops.push([stoppedSince, at]);
				}
			} else if (phase === 'paused') {
				cycle.stops.push([stoppedSince, at]);
			}
			phase = next;
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
	});

	if (phase !== 'open') cycle.stops.push([stoppedSince, Infinity]);
	if (phase === 'resolved') cycle.resolvedStops.push([stoppedSince, Infinity]);
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
		resolvedStops: [],
		startIndex: 0,
		resolvedAt: null,
		pausedNow: false,
		firstResponse: { start, end: null },
		nextResponses: [],
		periodicUpdates: [],
	};
}

function phaseOf(status: string, vocabulary: EventVocabulary): Phase {
	if (vocabulary.resolvedStatuses.has(status)) return 'resolved';
	if (vocabulary.pauseStatuses.has(status)) return 'paused';
	return 'open';
}
