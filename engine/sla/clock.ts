import { formatInstant, type Ticket } from '../core';
import { SLA_METRICS, normalizeName, policyNamed, selectPolicy } from './policy';
import type { PolicyFacts, PolicySet, SlaMetric, SlaPolicy } from './policy';
import { readStopwatch } from './stopwatch';
import type { SlaState, StopwatchReading } from './stopwatch';
import { currentCycle, readCreatedAt } from './ticket-cycle';
import type { CycleReason, EventVocabulary, MeasuredSpan, TicketCycle } from './ticket-cycle';

export type { SlaState } from './stopwatch';
export type { CycleReason } from './ticket-cycle';

/**
 * The SLA clocks of one ticket at one instant: the policy that applies, and for each metric with a
 * target its deadline, the business time used and its state. Everything is recomputed from the
 * ticket's creation and events on every call (no state is kept between calls), so a policy edited
 * mid-ticket applies to the whole ticket, and replaying an old "now" gives the answer of that time.
 *
 * Instants in the result are ISO-8601 text in the calendar's time zone with its offset
 * (`2026-03-10T12:00:00.000+01:00`): exact instants that also read as the calendar's local time.
 */
export interface SlaMetricClock {
	/** Target in business minutes. */
	target: number;
	startedAt: string;
	/** See StopwatchReading.dueAt: null while paused. */
	dueAt: string | null;
	/** Business time counted so far (closed hours and paused time excluded). */
	elapsedMs: number;
	/** Target minus elapsed; negative once breached (by how much). */
	remainingMs: number;
	/** Elapsed as a percentage of the target, two decimals; above 100 once breached. */
	percentUsed: number;
	state: SlaState;
	/** When the target was crossed; set for every breached metric, fulfilled late or not. */
	breachedAt: string | null;
	/** When the metric was fulfilled: by its event (an agent reply) or by the ticket's resolution. */
	fulfilledAt: string | null;
	cycle: number;
	/** Which occurrence this is within the cycle (next response and periodic update recur; 1 otherwise). */
	instance: number;
	/** How many occurrences of this metric in the cycle breached, this one included. */
	breaches: number;
}

export interface SlaResult {
	/** The worst metric state: breached > at_risk > running > paused > met ("met" too when nothing is measured yet). */
	state: SlaState;
	policy: { name: string; version: string | null };
	calendar: string;
	timezone: string;
	cycle: number;
	cycleStartedAt: string;
	/** Why the current cycle started: the ticket was created, reopened (new cycle), or reopened late (follow-up). */
	cycleReason: CycleReason;
	/** The ticket id this cycle is a follow-up of (a reopen after `reopen.followUpAfterDays`); null otherwise. */
	followUpOf: string | null;
	/** The earliest instant at which a state changes without a new event (a sweep can skip the ticket until then); null if none will. */
	nextCheckAt: string | null;
	evaluatedAt: string;
	firstResponse?: SlaMetricClock;
	nextResponse?: SlaMetricClock;
	resolution?: SlaMetricClock;
	periodicUpdate?: SlaMetricClock;
}

export interface ClockOptions {
	/** Event types that count as an agent reply; default ['agent_reply']. */
	agentReplyTypes?: readonly string[];
	/** Event types that count as a customer reply; default ['customer_reply']. */
	customerReplyTypes?: readonly string[];
	/** Event types that carry a status change in `status`; default ['status']. */
	statusTypes?: readonly string[];
	/** Replace the values read from the ticket for choosing the policy (field mappings). */
	facts?: PolicyFacts;
	/** Use the policy with this name instead of choosing by `match`; an unknown name is a PolicyError. */
	policyName?: string;
}

export const DEFAULT_AGENT_REPLY_TYPES: readonly string[] = ['agent_reply'];
export const DEFAULT_CUSTOMER_REPLY_TYPES: readonly string[] = ['customer_reply'];
export const DEFAULT_STATUS_TYPES: readonly string[] = ['status'];

const STATE_RANK: Record<SlaState, number> = { met: 0, paused: 1, running: 2, at_risk: 3, breached: 4 };
const MINUTE_MS = 60_000;

/**
 * The SLA clocks of `ticket` at `nowMs` (epoch ms). Reads `createdAt`, `events`, `id` and the policy
 * facts (`priority`, `customer.tier`, `channel`, `intent.type`). Throws TicketFieldError for bad
 * ticket data (`createdAt`, `events[i].at`, ...), PolicyError when no policy applies.
 */
export function computeSla(ticket: Ticket, policySet: PolicySet, nowMs: number, options: ClockOptions = {}): SlaResult {
	if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) throw new RangeError(`now must be an instant in epoch milliseconds, got ${String(nowMs)}`);
	const createdAt = readCreatedAt(ticket.createdAt);
	const policy = options.policyName ? policyNamed(policySet, options.policyName) : selectPolicy(policySet, ticket, options.facts);
	const cycle = currentCycle(createdAt, ticket.events, vocabularyOf(policySet, options), nowMs);
	const zone = policy.calendar.timezone;
	const format = (ms: number) => formatInstant(ms, zone);

	const result: SlaResult = {
		state: 'met',
		policy: { name: policy.name, version: policy.version },
		calendar: policy.calendar.name,
		timezone: zone,
		cycle: cycle.number,
		cycleStartedAt: format(cycle.start),
		cycleReason: cycle.reason,
		followUpOf: cycle.reason === 'follow_up' && ticket.id !== undefined && ticket.id !== null ? String(ticket.id) : null,
		nextCheckAt: null,
		evaluatedAt: format(nowMs),
	};
	let nextCheck = Infinity;
	for (const metric of SLA_METRICS) {
		const target = policy.targets[metric];
		if (target === undefined) continue;
		const spans = spansOf(metric, cycle);
		if (spans.length === 0) continue;
		const readings = spans.map((span) => read(span, target, policy, cycle, nowMs));
		const current = readings[readings.length - 1];
		const span = spans[spans.length - 1];
		const fulfilledAt = fulfilledAtOf(span, cycle);
		result[metric] = {
			target,
			startedAt: format(span.start),
			dueAt: current.dueAt === null ? null : format(current.dueAt),
			elapsedMs: current.elapsedMs,
			remainingMs: Math.round(target * MINUTE_MS) - current.elapsedMs,
			percentUsed: Math.round((current.elapsedMs / (target * MINUTE_MS)) * 10_000) / 100,
			state: current.state,
			breachedAt: current.breachedAt === null ? null : format(current.breachedAt),
			fulfilledAt: fulfilledAt === null ? null : format(fulfilledAt),
			cycle: cycle.number,
			instance: spans.length,
			breaches: readings.filter((reading) => reading.state === 'breached').length,
		};
		if (STATE_RANK[current.state] > STATE_RANK[result.state]) result.state = current.state;
		if (current.nextChangeAt !== null && current.nextChangeAt < nextCheck) nextCheck = current.nextChangeAt;
	}
	if (nextCheck !== Infinity) result.nextCheckAt = format(nextCheck);
	return result;
}

function spansOf(metric: SlaMetric, cycle: TicketCycle): MeasuredSpan[] {
	switch (metric) {
		case 'firstResponse':
			return [cycle.firstResponse];
		case 'nextResponse':
			return cycle.nextResponses;
		case 'periodicUpdate':
			return cycle.periodicUpdates;
		case 'resolution':
			return [{ start: cycle.start, end: null }];
	}
}

/**
 * A span ends at its own event, or at the resolution while the ticket stays resolved: solving a
 * ticket fulfils every clock still running (as in Zendesk), and a span armed while resolved (a reply
 * to a solved ticket) is fulfilled at once, with nothing counted.
 */
function fulfilledAtOf(span: MeasuredSpan, cycle: TicketCycle): number | null {
	if (cycle.resolvedAt === null) return span.end;
	if (span.end !== null && span.end <= cycle.resolvedAt) return span.end;
	return Math.max(span.start, cycle.resolvedAt);
}

function read(span: MeasuredSpan, target: number, policy: SlaPolicy, cycle: TicketCycle, now: number): StopwatchReading {
	const targetMs = Math.round(target * MINUTE_MS);
	return readStopwatch({
		calendar: policy.calendar,
		targetMs,
		atRiskMs: Math.round((targetMs * policy.atRiskPercent) / 100),
		start: span.start,
		fulfilledAt: fulfilledAtOf(span, cycle),
		stops: cycle.stops,
		pausedNow: cycle.pausedNow,
		now,
	});
}

function vocabularyOf(set: PolicySet, options: ClockOptions): EventVocabulary {
	const names = (values: readonly string[] | undefined, defaults: readonly string[]) =>
		new Set((values && values.length > 0 ? values : defaults).map(normalizeName));
	return {
		statusTypes: names(options.statusTypes, DEFAULT_STATUS_TYPES),
		agentReplyTypes: names(options.agentReplyTypes, DEFAULT_AGENT_REPLY_TYPES),
		customerReplyTypes: names(options.customerReplyTypes, DEFAULT_CUSTOMER_REPLY_TYPES),
		pauseStatuses: set.pauseStatuses,
		resolvedStatuses: set.resolvedStatuses,
		reopen: set.reopen,
	};
}
