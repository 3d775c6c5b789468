import { formatInstant } from '../core';
import { escalationLevelOf } from './escalation-level';
import { SLA_METRICS, isAtRisk, isOverdue, slaSnapshotOf, type SlaMetric, type SlaSnapshot } from './sla-snapshot';
import { median, percentile, rate } from './statistics';
import { historyOf, normalizeName, type TicketHistory } from './ticket-history';
import type { StoredTicketLike } from './ticket-record';

/**
 * The daily SLA report over the stored tickets, for the period [from, to) as seen at `now` (all
 * epoch ms). Which tickets count:
 * - The **population** is every ticket except drill tickets (`drill: true`, unless `includeDrill`),
 *   tickets merged into another (`mergedInto`: they are the other ticket's conversation), and tickets
 *   whose `createdAt` cannot be read (counted in `tickets.skipped`).
 * - The **cohort** is the population created in the period (from ≤ createdAt < to). Breaches, times,
 *   reopens, escalations and overrides are figures of the cohort.
 * - **Open now** is the population created at or before `now` whose status at `now` is not resolved.
 * Ticket histories (status at now, resolutions, reopens, first agent reply) are defined in
 * ticket-history.ts; SLA figures read the ticket's stored `sla` (its last clocking), see sla-snapshot.ts.
 *
 * Figure by figure:
 * - `tickets.created`: the cohort's size. `tickets.openNow`: as above. `tickets.resolvedInPeriod`:
 *   population tickets with a resolution at a time in the period (each ticket once).
 * - `metrics[m]`: `measured` = cohort tickets whose `sla` has metric m; `breached` = those of them
 *   whose metric breached (state breached, a `breachedAt`, or `breaches` > 0); `breachRate` =
 *   breached / measured (null when none measured).
 * - `firstResponseTime`: `businessMs` = median of `sla.firstResponse.elapsedMs` over cohort tickets
 *   whose first response is fulfilled (`fulfilledAt` set); `wallClockMs` = median of (first
 *   agent_reply − createdAt, at least 0) over cohort tickets with an agent reply by now.
 * - `resolutionTime`: `businessMs` = median of `sla.resolution.elapsedMs` over cohort tickets whose
 *   resolution is fulfilled; `wallClockMs` = median of (latest resolution − createdAt) over cohort
 *   tickets resolved now.
 * - `now.overdue`: open tickets with a metric not fulfilled that is breached, or running/at risk with
 *   its `dueAt` at or before now. `now.atRisk`: open tickets not overdue with a metric at risk and not
 *   fulfilled. `now.clocksDue`: open tickets whose `sla.nextCheckAt` is at or before now (the sweep is
 *   behind on them).
 * - `reopened`: `count` = cohort tickets reopened at least once by now; `rate` = count / cohort
 *   tickets resolved at least once by now.
 * - `backlogAge`: over open tickets, age = now − createdAt: median, p90 (nearest rank), max, and
 *   buckets [0, 1h), [1h, 4h), [4h, 24h), [1d, 3d), 3d and more.
 * - `escalated`: cohort tickets whose escalation reached level 1 or higher (see
 *   escalation-level.ts); `rate` = count / cohort size.
 * - `manualOverride`: cohort tickets with a `manual_override` event by now; `rate` = count / cohort size.
 * Medians and percentiles are defined in statistics.ts; every figure over no tickets is null.
 */
export interface SlaReportInput {
	tickets: readonly StoredTicketLike[];
	from: number;
	to: number;
	now: number;
	includeDrill?: boolean;
	/** Statuses that resolve a ticket, any case; default solved, resolved, closed. */
	resolvedStatuses?: readonly string[];
}

export interface MetricFigures {
	measured: number;
	breached: number;
	breachRate: number | null;
}

export interface TimeFigures {
	businessMs: number | null;
	/** How many tickets the business median is over. */
	businessCount: number;
	wallClockMs: number | null;
	wallClockCount: number;
}

export interface CountFigures {
	count: number;
	rate: number | null;
}

export interface BacklogAge {
	count: number;
	medianMs: number | null;
	p90Ms: number | null;
	maxMs: number | null;
	buckets: { underHour: number; hoursOneToFour: number; hoursFourTo24: number; daysOneToThree: number; overThreeDays: number };
}

export interface SlaReport {
	period: { from: string; to: string };
	evaluatedAt: string;
	tickets: { created: number; openNow: number; resolvedInPeriod: number; skipped: number; drillExcluded: number; mergedExcluded: number };
	metrics: Record<SlaMetric, MetricFigures>;
	firstResponseTime: TimeFigures;
	resolutionTime: TimeFigures;
	now: { atRisk: number; overdue: number; clocksDue: number };
	reopened: CountFigures;
	backlogAge: BacklogAge;
	escalated: CountFigures;
	manualOverride: CountFigures;
}

export const DEFAULT_RESOLVED_STATUSES: readonly string[] = ['solved', 'resolved', 'closed'];

const HOUR_MS = 3_600_000;

interface Counted {
	ticket: StoredTicketLike;
	history: TicketHistory;
	sla: SlaSnapshot | null;
}

export function slaReport(input: SlaReportInput): SlaReport {
	const { from, to, now } = input;
	for (const [name, value] of Object.entries({ from, to, now })) {
		if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${name} must be an instant in epoch milliseconds, got ${String(value)}`);
	}
	if (from >= to) throw new RangeError('from must be before to');
	const resolvedStatuses = new Set((input.resolvedStatuses ?? DEFAULT_RESOLVED_STATUSES).map(normalizeName));
	const tickets = { created: 0, openNow: 0, resolvedInPeriod: 0, skipped: 0, drillExcluded: 0, mergedExcluded: 0 };
	const population: Counted[] = [];
	for (const ticket of input.tickets) {
		if (ticket.drill === true && !input.includeDrill) tickets.drillExcluded++;
		else if (typeof ticket.mergedInto === 'string' && ticket.mergedInto !== '') tickets.mergedExcluded++;
		else {
			const history = historyOf(ticket, now, resolvedStatuses);
			if (history === null) tickets.skipped++;
			else population.push({ ticket, history, sla: slaSnapshotOf(ticket.sla) });
		}
	}
	const inPeriod = (at: number) => at >= from && at < to;
	const cohort = population.filter(({ history }) => inPeriod(history.createdAt));
	const open = population.filter(({ history }) => history.createdAt <= now && !history.resolvedNow);
	tickets.created = cohort.length;
	tickets.openNow = open.length;
	tickets.resolvedInPeriod = population.filter(({ history }) => history.resolutions.some(inPeriod)).length;

	const metrics = Object.fromEntries(SLA_METRICS.map((metric) => [metric, metricFigures(cohort, metric)])) as Record<SlaMetric, MetricFigures>;
	const overdue = (entry: Counted) => Object.values(entry.sla?.metrics ?? {}).some((metric) => isOverdue(metric, now));
	const atRisk = (entry: Counted) => !overdue(entry) && Object.values(entry.sla?.metrics ?? {}).some(isAtRisk);
	const count = (entries: readonly Counted[], test: (entry: Counted) => boolean) => entries.filter(test).length;
	const ever = count(cohort, ({ history }) => history.resolutions.length > 0);
	const reopened = count(cohort, ({ history }) => history.reopens.length > 0);
	const escalated = count(cohort, ({ ticket }) => escalationLevelOf(ticket.escalation) >= 1);
	const overridden = count(cohort, ({ history }) => history.manualOverride);

	return {
		period: { from: formatInstant(from, 'UTC'), to: formatInstant(to, 'UTC') },
		evaluatedAt: formatInstant(now, 'UTC'),
		tickets,
		metrics,
		firstResponseTime: timeFigures(
			businessTimes(cohort, 'firstResponse'),
			cohort.flatMap(({ history }) => (history.firstAgentReplyAt === null ? [] : [Math.max(0, history.firstAgentReplyAt - history.createdAt)])),
		),
		resolutionTime: timeFigures(
			businessTimes(cohort, 'resolution'),
			cohort.flatMap(({ history }) => (history.resolvedNow && history.resolutions.length > 0 ? [history.resolutions[history.resolutions.length - 1] - history.createdAt] : [])),
		),
		now: { atRisk: count(open, atRisk), overdue: count(open, overdue), clocksDue: count(open, ({ sla }) => sla?.nextCheckAt != null && sla.nextCheckAt <= now) },
		reopened: { count: reopened, rate: rate(reopened, ever) },
		backlogAge: backlogAgeOf(open.map(({ history }) => now - history.createdAt)),
		escalated: { count: escalated, rate: rate(escalated, cohort.length) },
		manualOverride: { count: overridden, rate: rate(overridden, cohort.length) },
	};
}

function metricFigures(cohort: readonly Counted[], metric: SlaMetric): MetricFigures {
	const measured = cohort.flatMap(({ sla }) => (sla?.metrics[metric] ? [sla.metrics[metric]] : []));
	const breached = measured.filter((clock) => clock.breached).length;
	return { measured: measured.length, breached, breachRate: rate(breached, measured.length) };
}

function businessTimes(cohort: readonly Counted[], metric: SlaMetric): number[] {
	return cohort.flatMap(({ sla }) => {
		const clock = sla?.metrics[metric];
		return clock && clock.fulfilledAt !== null && clock.elapsedMs !== null ? [clock.elapsedMs] : [];
	});
}

function timeFigures(business: number[], wallClock: number[]): TimeFigures {
	return { businessMs: median(business), businessCount: business.length, wallClockMs: median(wallClock), wallClockCount: wallClock.length };
}

function backlogAgeOf(ages: number[]): BacklogAge {
	const buckets = { underHour: 0, hoursOneToFour: 0, hoursFourTo24: 0, daysOneToThree: 0, overThreeDays: 0 };
	for (const age of ages) {
		if (age < HOUR_MS) buckets.underHour++;
		else if (age < 4 * HOUR_MS) buckets.hoursOneToFour++;
		else if (age < 24 * HOUR_MS) buckets.hoursFourTo24++;
		else if (age < 72 * HOUR_MS) buckets.daysOneToThree++;
		else buckets.overThreeDays++;
	}
	return { count: ages.length, medianMs: median(ages), p90Ms: percentile(ages, 90), maxMs: ages.length === 0 ? null : ages.reduce((a, b) => Math.max(a, b)), buckets };
}
