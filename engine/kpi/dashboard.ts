import { formatInstant } from '../core';
import { auditFiguresOf, type AuditFigures } from './audit-figures';
import { escalationLevelOf } from './escalation-level';
import { localDays } from './local-days';
import { DEFAULT_RESOLVED_STATUSES, slaReport, type SlaReport } from './sla-report';
import { isAtRisk, isOverdue, SLA_METRICS, slaSnapshotOf, type MetricSnapshot, type SlaMetric } from './sla-snapshot';
import { activityOf } from './ticket-activity';
import { historyOf, normalizeName } from './ticket-history';
import type { StoredTicketLike } from './ticket-record';

/**
 * The figures of the live SLA dashboard over the stored tickets, as seen at `now` over the last
 * `days` calendar days of `timezone` (today included). The same tickets count as in the daily
 * report (drill tickets only with `includeDrill`, merged tickets and unreadable ones never), and the
 * same rules decide what is overdue and at risk (sla-report.ts, sla-snapshot.ts).
 *
 * - `summary`: the daily report's figures (slaReport) for the period from the first day's local
 *   midnight to now: medians of first response and resolution, backlog age and its buckets,
 *   reopened, escalated and manual-override counts and rates, tickets open, at risk and overdue now.
 * - `attention.breached`: open tickets overdue now (a metric breached, or past its due time and not
 *   fulfilled), the longest overdue first, at most `listLimit`; each with the metric that is most
 *   overdue, its due time, the assignee and queue from `routing`, and the escalation level.
 *   `attention.atRisk`: open tickets at risk and not overdue, the soonest due first. The counts are
 *   of all of them, the lists are cut at `listLimit`.
 * - `breachRate[metric][d]`: of the tickets created on day d, how many have the metric (`measured`),
 *   how many of them breached it, and the rate (null when none measured) — the report's breach rate,
 *   day by day.
 * - `activity`: per day, escalation levels sent (`escalation.levels[].sentAt`), reopens (a status
 *   event from a resolved into an unresolved status) and manual overrides (`manual_override`
 *   events), over every counted ticket, whenever it was created.
 * - `audit`: the audit trail's status and manual overrides (who made them), from Audit Log's Report
 *   (audit-figures.ts).
 */
export interface SlaDashboardInput {
	tickets: readonly StoredTicketLike[];
	now: number;
	days: number;
	timezone: string;
	includeDrill?: boolean;
	resolvedStatuses?: readonly string[];
	/** How many tickets each attention list shows at most (default 50). */
	listLimit?: number;
	/** Audit Log's Report result (`audit`), or undefined when the trail was not read. */
	audit?: unknown;
	/** The error Audit Log passed on instead, if it failed. */
	auditError?: unknown;
}

export interface AttentionTicket {
	key: string;
	id: string;
	subject: string | null;
	priority: string | null;
	tier: string | null;
	assignee: string | null;
	queue: string | null;
	metric: SlaMetric;
	state: string;
	/** The metric's due time in the dashboard's time zone; null when the clock has none. */
	dueAt: string | null;
	/** Overdue: now − due time; at risk: due time − now (ms); null without a due time. */
	byMs: number | null;
	escalationLevel: number;
}

export interface DayFigures {
	measured: number;
	breached: number;
	rate: number | null;
}

export interface SlaDashboard {
	evaluatedAt: string;
	timezone: string;
	period: { from: string; to: string };
	days: string[];
	summary: SlaReport;
	attention: { breachedCount: number; atRiskCount: number; breached: AttentionTicket[]; atRisk: AttentionTicket[] };
	breachRate: Record<SlaMetric, DayFigures[]>;
	activity: { escalations: number[]; reopens: number[]; manualOverrides: number[] };
	audit: AuditFigures;
}

const DEFAULT_LIST_LIMIT = 50;

interface Flagged {
	ticket: AttentionTicket;
	/** Sort key: the due time (ms), -Infinity when none. */
	due: number;
}

export function slaDashboard(input: SlaDashboardInput): SlaDashboard {
	const { now, timezone } = input;
	if (typeof now !== 'number' || !Number.isFinite(now)) throw new RangeError(`now must be an instant in epoch milliseconds, got ${String(now)}`);
	const listLimit = input.listLimit ?? DEFAULT_LIST_LIMIT;
	if (!Number.isInteger(listLimit) || listLimit < 0) throw new RangeError(`listLimit must be a whole number of 0 or more, got ${String(listLimit)}`);
	const days = localDays(now, input.days, timezone);
	const resolvedStatuses = new Set((input.resolvedStatuses ?? DEFAULT_RESOLVED_STATUSES).map(normalizeName));
	const summary = slaReport({ tickets: input.tickets, from: days.from, to: now + 1, now, includeDrill: input.includeDrill, resolvedStatuses: [...resolvedStatuses] });

	const perDay = () => new Array<number>(days.dates.length).fill(0);
	const measured = Object.fromEntries(SLA_METRICS.map((metric) => [metric, perDay()])) as Record<SlaMetric, number[]>;
	const breached = Object.fromEntries(SLA_METRICS.map((metric) => [metric, perDay()])) as Record<SlaMetric, number[]>;
	const activity = { escalations: perDay(), reopens: perDay(), manualOverrides: perDay() };
	const count = (series: number[], instants: readonly number[]) => {
		for (const instant of instants) {
			const day = days.indexOf(instant);
			if (day >= 0) series[day]++;
		}
	};
	const overdue: Flagged[] = [];
	const atRisk: Flagged[] = [];

	for (const ticket of input.tickets) {
		if (ticket.drill === true && !input.includeDrill) continue;
		if (typeof ticket.mergedInto === 'string' && ticket.mergedInto !== '') continue;
		const history = historyOf(ticket, now, resolvedStatuses);
		if (history === null) continue;
		const sla = slaSnapshotOf(ticket.sla);
		const created = history.createdAt <= now ? days.indexOf(history.createdAt) : -1;
		if (created >= 0 && sla !== null) {
			for (const metric of SLA_METRICS) {
				const clock = sla.metrics[metric];
				if (!clock) continue;
				measured[metric][created]++;
				if (clock.breached) breached[metric][created]++;
			}
		}
		count(activity.reopens, history.reopens);
		const { escalations, manualOverrides } = activityOf(ticket, now);
		count(activity.escalations, escalations);
		count(activity.manualOverrides, manualOverrides);

		if (history.createdAt > now || history.resolvedNow || sla === null) continue;
		const clocks = SLA_METRICS.flatMap((metric) => (sla.metrics[metric] ? [{ metric, clock: sla.metrics[metric] as MetricSnapshot }] : []));
		const late = clocks.filter(({ clock }) => isOverdue(clock, now));
		const risky = late.length > 0 ? [] : clocks.filter(({ clock }) => isAtRisk(clock));
		const chosen = earliestDue(late.length > 0 ? late : risky);
		if (chosen === null) continue;
		const due = chosen.clock.dueAt;
		const flagged: Flagged = {
			due: due ?? -Infinity,
			ticket: {
				...identityOf(ticket),
				metric: chosen.metric,
				state: chosen.clock.state,
				dueAt: due === null ? null : formatInstant(due, timezone),
				byMs: due === null ? null : late.length > 0 ? now - due : due - now,
				escalationLevel: escalationLevelOf(ticket.escalation),
			},
		};
		(late.length > 0 ? overdue : atRisk).push(flagged);
	}

	const listed = (flagged: Flagged[]) =>
		flagged
			.sort((a, b) => a.due - b.due || (a.ticket.key < b.ticket.key ? -1 : a.ticket.key > b.ticket.key ? 1 : 0))
			.slice(0, listLimit)
			.map(({ ticket }) => ticket);
	return {
		evaluatedAt: formatInstant(now, timezone),
		timezone,
		period: { from: formatInstant(days.from, timezone), to: formatInstant(now, timezone) },
		days: days.dates,
		summary,
		attention: { breachedCount: overdue.length, atRiskCount: atRisk.length, breached: listed(overdue), atRisk: listed(atRisk) },
		breachRate: Object.fromEntries(
			SLA_METRICS.map((metric) => [
				metric,
				measured[metric].map((of, day) => ({ measured: of, breached: breached[metric][day], rate: of === 0 ? null : breached[metric][day] / of })),
			]),
		) as Record<SlaMetric, DayFigures[]>,
		activity,
		audit: auditFiguresOf(input.audit, input.auditError, listLimit),
	};
}

/** The clock due first; a clock without a due time (breached, never clocked with one) comes first. */
function earliestDue(clocks: Array<{ metric: SlaMetric; clock: MetricSnapshot }>): { metric: SlaMetric; clock: MetricSnapshot } | null {
	let best: { metric: SlaMetric; clock: MetricSnapshot } | null = null;
	for (const entry of clocks) if (best === null || (entry.clock.dueAt ?? -Infinity) < (best.clock.dueAt ?? -Infinity)) best = entry;
	return best;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);

/** An assignee as the store keeps it: an id, or an agent object with an id (or a name). */
const agentOf = (value: unknown): string | null =>
	typeof value === 'object' && value !== null ? (text((value as { id?: unknown }).id) ?? text((value as { name?: unknown }).name)) : text(value);

function identityOf(ticket: StoredTicketLike): Pick<AttentionTicket, 'key' | 'id' | 'subject' | 'priority' | 'tier' | 'assignee' | 'queue'> {
	const routing = (typeof ticket.routing === 'object' && ticket.routing !== null ? ticket.routing : {}) as { assignee?: unknown; queue?: unknown };
	const customer = (typeof ticket.customer === 'object' && ticket.customer !== null ? ticket.customer : {}) as { tier?: unknown };
	const id = text(ticket.id) ?? '';
	return {
		key: text(ticket.key) ?? (text(ticket.source) ? `${String(ticket.source)}:${id}` : id),
		id,
		subject: text(ticket.subject),
		priority: text(ticket.priority),
		tier: text(customer.tier),
		assignee: agentOf(ticket.assignee) ?? agentOf(routing.assignee),
		queue: text(routing.queue),
	};
}
