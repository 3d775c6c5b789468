import type { Calendar } from '../calendar';
import { formatInstant, type Ticket } from '../core';
import { explainSpan, type Explanation, type LabeledStop } from './explanation';
import type { PauseCondition } from './metric-condition';
import { triggerSpans } from './metric-spans';
import { normalizeName, policyNamed, selectPolicy } from './policy';
import type { PolicyFacts, PolicyMetric, PolicySet, SlaMetric } from './policy';
import { readStopwatch } from './stopwatch';
import type { SlaState, StopwatchReading } from './stopwatch';
import { currentCycle, readCreatedAt } from './ticket-cycle';
import type { CycleReason, EventVocabulary, MeasuredSpan, TicketCycle } from './ticket-cycle';
import { pauseSpans, readHistory, type EventTypes, type PauseSpan, type TicketHistory } from './ticket-history';
import { factsWith, matchesTicket, matchSubjectOf } from './ticket-match';

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
	/** The calendar this metric counts on, when it is not the policy's (a metric's or a goal's own). */
	calendar?: string;
	/** With the Explain option: the open, closed-hours and paused stretches that make up `elapsedMs`. */
	explain?: Explanation<string>;
}

/** A metric a team defined (`timeToTriage`), with the name it goes by in messages. */
export interface CustomMetricClock extends SlaMetricClock {
	label: string;
}

export interface SlaResult {
	/** The worst metric state: breached > at_risk > running > paused > met ("met" too when nothing is measured yet). */
	state: SlaState;
	/** The policy that computed the clocks; `set` names the policy-set version (`name@version`) when it came from the store. */
	policy: { name: string; version: string | null; set?: string };
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
	/** The policy's own metrics by name, when it has any that are measured. */
	custom?: Record<string, CustomMetricClock>;
	/** Metrics of the policy not measured for this ticket: excluded by their `exclude`, or no goal fits. */
	excluded?: { metric: string; reason: 'excluded' | 'no_goal' }[];
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
	/** Add each metric's explanation (its open, closed-hours and paused stretches). */
	explain?: boolean;
	/** The version of the policy-set document that computes the clocks, written to `policy.set`. */
	policySetVersion?: string;
}

export const DEFAULT_AGENT_REPLY_TYPES: readonly string[] = ['agent_reply'];
export const DEFAULT_CUSTOMER_REPLY_TYPES: readonly string[] = ['customer_reply'];
export const DEFAULT_STATUS_TYPES: readonly string[] = ['status'];

const STATE_RANK: Record<SlaState, number> = { met: 0, paused: 1, running: 2, at_risk: 3, breached: 4 };
const MINUTE_MS = 60_000;

/**
 * The SLA clocks of `ticket` at `nowMs` (epoch ms). Reads `createdAt`, `events`, `id`, the policy
 * facts (`priority`, `customer.tier`, `channel`, `intent.type`), and `tags` and the fields a policy's
 * conditions name. Each metric of the policy is measured by its own rules (metric-spec.ts): its goal
 * for this ticket, its calendar, its spans (built in, or its start and stop triggers) and its stops
 * (its pause condition, or the set's pause statuses, and the resolved time). Throws TicketFieldError for bad
 * ticket data (`createdAt`, `events[i].at`, ...), PolicyError when no policy applies.
 */
export function computeSla(ticket: Ticket, policySet: PolicySet, nowMs: number, options: ClockOptions = {}): SlaResult {
	if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) throw new RangeError(`now must be an instant in epoch milliseconds, got ${String(nowMs)}`);
	const createdAt = readCreatedAt(ticket.createdAt);
	const facts = factsWith(ticket, options.facts);
	const policy = options.policyName ? policyNamed(policySet, options.policyName) : selectPolicy(policySet, ticket, options.facts);
	const history = readHistory(ticket, ticket.events, eventTypesOf(options), createdAt, nowMs);
	const cycle = currentCycle(createdAt, history, vocabularyOf(policySet));
	const zone = policy.calendar.timezone;
	const format = (ms: number) => formatInstant(ms, zone);

	const result: SlaResult = {
		state: 'met',
		policy: { name: policy.name, version: policy.version, ...(options.policySetVersion ? { set: options.policySetVersion } : {}) },
		calendar: policy.calendar.name,
		timezone: zone,
		cycle: cycle.number,
		cycleStartedAt: format(cycle.start),
		cycleReason: cycle.reason,
		followUpOf: cycle.reason === 'follow_up' && ticket.id !== undefined && ticket.id !== null ? String(ticket.id) : null,
		nextCheckAt: null,
		evaluatedAt: format(nowMs),
	};
	const subject = matchSubjectOf(ticket, facts);
	const context: MetricContext = { set: policySet, history, cycle, now: nowMs, explain: options.explain === true, format, pauses: new Map() };
	let nextCheck = Infinity;
	for (const metric of policy.metrics) {
		if (metric.exclude.some((match) => matchesTicket(match, subject))) {
			(result.excluded ??= []).push({ metric: metric.key, reason: 'excluded' });
			continue;
		}
		const goal = metric.goals.find((candidate) => candidate.when === null || matchesTicket(candidate.when, subject));
		if (goal === undefined) {
			(result.excluded ??= []).push({ metric: metric.key, reason: 'no_goal' });
			continue;
		}
		const measured = measure(metric, goal.minutes, goal.calendar ?? metric.calendar, context);
		if (measured === null) continue;
		if (measured.calendar.name !== policy.calendar.name) measured.clock.calendar = measured.calendar.name;
		if (metric.builtin !== null) result[metric.builtin] = measured.clock;
		else (result.custom ??= {})[metric.key] = { label: metric.label, ...measured.clock };
		if (STATE_RANK[measured.clock.state] > STATE_RANK[result.state]) result.state = measured.clock.state;
		if (measured.nextChangeAt !== null && measured.nextChangeAt < nextCheck) nextCheck = measured.nextChangeAt;
	}
	if (nextCheck !== Infinity) result.nextCheckAt = format(nextCheck);
	return result;
}

/**
 * Whether the ticket was open (created and not resolved) at `at`, by its events up to then: how a
 * version that applies to open tickets finds the tickets it takes over.
 */
export function ticketOpenAt(ticket: Ticket, policySet: PolicySet, at: number, options: ClockOptions = {}): boolean {
	const createdAt = readCreatedAt(ticket.createdAt);
	if (createdAt > at) return false;
	const history = readHistory(ticket, ticket.events, eventTypesOf(options), createdAt, at);
	return currentCycle(createdAt, history, vocabularyOf(policySet)).resolvedAt === null;
}

interface MetricContext {
	set: PolicySet;
	history: TicketHistory;
	cycle: TicketCycle;
	now: number;
	explain: boolean;
	format: (ms: number) => string;
	/** Pause spans by condition, computed once per ticket. */
	pauses: Map<PauseCondition | null, PauseSpan[]>;
}

/** Where a metric does not count: its pause stretches and the ticket's resolved time. */
interface MetricStops {
	stops: [number, number][];
	pausedNow: boolean;
}

function measure(metric: PolicyMetric, target: number, calendar: Calendar, context: MetricContext): { clock: SlaMetricClock; calendar: Calendar; nextChangeAt: number | null } | null {
	const { cycle, now, format } = context;
	const spans = metric.start !== null && metric.stop !== null ? triggerSpans(context.history, cycle, metric.start, metric.stop, context.set.resolvedStatuses) : builtinSpans(metric.builtin, cycle);
	if (spans.length === 0) return null;
	const stops = stopsOf(metric, context);
	const readings = spans.map((span) => read(span, target, calendar, metric.atRiskPercent, cycle, stops, now));
	const current = readings[readings.length - 1];
	const span = spans[spans.length - 1];
	const fulfilledAt = fulfilledAtOf(span, cycle);
	const clock: SlaMetricClock = {
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
	if (context.explain) {
		const explanation = explainSpan(calendar, span.start, Math.max(span.start, fulfilledAt ?? now), labeledStops(metric, context));
		clock.explain = { ...explanation, spans: explanation.spans.map((part) => ({ ...part, from: format(part.from), to: Number.isFinite(part.to) ? format(part.to) : format(now) })) };
	}
	return { clock, calendar, nextChangeAt: current.nextChangeAt };
}

function builtinSpans(metric: SlaMetric | null, cycle: TicketCycle): MeasuredSpan[] {
	switch (metric) {
		case 'firstResponse':
			return [cycle.firstResponse];
		case 'nextResponse':
			return cycle.nextResponses;
		case 'periodicUpdate':
			return cycle.periodicUpdates;
		case 'resolution':
			return [{ start: cycle.start, end: null }];
		default:
			return [];
	}
}

/** The metric's pause stretches with what held; the set's pause statuses when the metric has no pause of its own. */
function pausesOf(metric: PolicyMetric, context: MetricContext): PauseSpan[] {
	let spans = context.pauses.get(metric.pause);
	if (spans === undefined) {
		const condition: PauseCondition = metric.pause ?? { statuses: null, tags: new Set(), fields: [] };
		spans = pauseSpans(context.history, condition, condition.statuses ?? context.set.pauseStatuses, context.cycle.start);
		context.pauses.set(metric.pause, spans);
	}
	return spans;
}

function stopsOf(metric: PolicyMetric, context: MetricContext): MetricStops {
	const { cycle } = context;
	// Without a pause of its own the cycle's stops are the metric's (the set's pause statuses and the resolved time).
	if (metric.pause === null) return { stops: cycle.stops, pausedNow: cycle.pausedNow };
	const pauses = pausesOf(metric, context);
	const spans: [number, number][] = [...pauses.map((pause): [number, number] => [pause.from, pause.to]), ...cycle.resolvedStops];
	const pausedNow = cycle.resolvedAt === null && pauses.length > 0 && pauses[pauses.length - 1].to === Infinity;
	return { stops: unionOf(spans), pausedNow };
}

function labeledStops(metric: PolicyMetric, context: MetricContext): LabeledStop[] {
	return [...pausesOf(metric, context), ...context.cycle.resolvedStops.map(([from, to]) => ({ from, to, reason: 'resolved' }))];
}

/** Sorted, disjoint spans covering the same time as `spans`. */
function unionOf(spans: [number, number][]): [number, number][] {
	const sorted = spans.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0]);
	const out: [number, number][] = [];
	for (const [from, to] of sorted) {
		const last = out[out.length - 1];
		if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
		else out.push([from, to]);
	}
	return out;
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

function read(span: MeasuredSpan, target: number, calendar: Calendar, atRiskPercent: number, cycle: TicketCycle, stops: MetricStops, now: number): StopwatchReading {
	const targetMs = Math.round(target * MINUTE_MS);
	return readStopwatch({
		calendar,
		targetMs,
		atRiskMs: Math.round((targetMs * atRiskPercent) / 100),
		start: span.start,
		fulfilledAt: fulfilledAtOf(span, cycle),
		stops: stops.stops,
		pausedNow: stops.pausedNow,
		now,
	});
}

function eventTypesOf(options: ClockOptions): EventTypes {
	const names = (values: readonly string[] | undefined, defaults: readonly string[]) =>
		new Set((values && values.length > 0 ? values : defaults).map(normalizeName));
	return {
		statusTypes: names(options.statusTypes, DEFAULT_STATUS_TYPES),
		agentReplyTypes: names(options.agentReplyTypes, DEFAULT_AGENT_REPLY_TYPES),
		customerReplyTypes: names(options.customerReplyTypes, DEFAULT_CUSTOMER_REPLY_TYPES),
	};
}

function vocabularyOf(set: PolicySet): EventVocabulary {
	return { pauseStatuses: set.pauseStatuses, resolvedStatuses: set.resolvedStatuses, reopen: set.reopen };
}
