import { acknowledgementAt, latestAcknowledgement } from './acknowledgement';
import { escalationKey } from './escalation-key';
import { sentLevels } from './escalation-record';
import { isoOf, parseDate } from './instants';
import {
	canEscalate,
	earlierOf,
	type Ladder,
	type LadderLevel,
	type MetricSnapshot,
	type MetricVerdict,
	metricSnapshots,
	nextCheckAfter,
	occurrenceOf,
	type SlaMetricName,
	verdictOf,
} from './ladder';
import { pagingDecision, type PagingDecision, type PagingPolicy } from './quiet-hours';
import { ticketClockSnapshots } from './ticket-clocks';
import { type Ticket, TicketFieldError } from '../core';

/**
 * What Escalate does with one ticket at one instant: which ladder levels are due (per SLA metric, and
 * per ticket clock: age, time in status), or why nothing is sent (nothing due yet, already sent,
 * acknowledged, held outside paging hours), and when to look again. What each due level delivers is
 * in delivery.ts; posting and the claims are the node's.
 */
export type OutsideHours = 'notifyQuietly' | 'hold';

export interface EscalationSettings {
	ladder: Ladder;
	metrics: readonly SlaMetricName[];
	/** Time after an acknowledgement when the ladder runs again; 0: stays stopped this cycle. */
	rearmAfterMs: number;
	paging: PagingPolicy;
	outsideHours: OutsideHours;
}

export interface DueLevel {
	metric: MetricSnapshot;
	level: LadderLevel;
	skipped: number[];
	key: string;
}

export type SuppressionReason = 'alreadySent' | 'acknowledged' | 'quietHours' | 'duplicateInRun';

export type EscalationPlan =
	| { outcome: 'escalate'; due: DueLevel[]; paging: PagingDecision; nextCheckAt: number | null }
	| { outcome: 'suppressed'; reason: SuppressionReason; why: string; nextCheckAt: number | null; levels: DueLevel[] }
	| { outcome: 'noAction'; why: string; nextCheckAt: number | null };

const iso = isoOf;

export function ticketIdOf(ticket: Ticket): string {
	const id = ticket.id;
	if ((typeof id !== 'string' || id.trim() === '') && typeof id !== 'number') {
		throw new TicketFieldError('id', 'is missing: the escalation key needs the ticket id');
	}
	return String(id);
}

function instantOf(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const at = parseDate(value);
	return Number.isNaN(at) ? null : at;
}

export function planEscalation(ticket: Ticket, settings: EscalationSettings, now: number): EscalationPlan {
	const ticketId = ticketIdOf(ticket);
	const sla = ticket.sla as Record<string, unknown> | undefined;
	const snapshots = metricSnapshots(sla, settings.metrics);
	const clocks = ticketClockSnapshots(ticket, settings.ladder, now);
	for (const clock of clocks) snapshots.push(clock);
	const history = sentLevels(ticket.escalation);
	const clockCheck = instantOf(sla?.nextCheckAt);
	const clockNext = clockCheck !== null && clockCheck > now ? clockCheck : null;

	const due: DueLevel[] = [];
	const alreadySent: string[] = [];
	let next: number | null = clockNext;
	for (const metric of snapshots) {
		const occurrence = occurrenceOf(metric, history);
		const verdict: MetricVerdict = canEscalate(metric) ? verdictOf(settings.ladder, metric, occurrence, now) : { status: 'nothingDue', metric };
		if (verdict.status === 'due') {
			const key = escalationKey({ ticketId, metric: metric.metric, cycle: metric.cycle, instance: metric.instance, level: verdict.level.level });
			due.push({ metric, level: verdict.level, skipped: verdict.skipped, key });
			// As if this level were sent now: the next check is for the levels above it.
			const last = occurrence.lastEscalationAt;
			next = earlierOf(next, nextCheckAfter(settings.ladder, metric, last === null || now > last ? now : last, verdict.level.level, now));
		} else {
			if (verdict.status === 'alreadySent') {
				alreadySent.push(`L${verdict.level.level} ${verdict.level.name} on ${metric.metric} (cycle ${metric.cycle}) was sent at ${iso(verdict.sentAt)}`);
			}
			if (canEscalate(metric)) {
				const reached = Math.max(occurrence.reached, verdict.status === 'alreadySent' ? verdict.level.level : 0);
				next = earlierOf(next, nextCheckAfter(settings.ladder, metric, occurrence.lastEscalationAt, reached, now));
			}
		}
	}

	if (due.length === 0) {
		if (alreadySent.length > 0) {
			return { outcome: 'suppressed', reason: 'alreadySent', why: `Already sent: ${alreadySent.join('; ')}.`, nextCheckAt: next, levels: [] };
		}
		const why = snapshots.length === 0 ? 'No watched SLA metric on the ticket.' : 'No escalation level is due yet.';
		return { outcome: 'noAction', why, nextCheckAt: next };
	}

	const acknowledgement = acknowledgementAt(
		latestAcknowledgement(ticket.events, instantOf(ticket.acknowledgedAt)),
		settings.rearmAfterMs,
		now,
	);
	if (acknowledgement?.active) {
		const until = acknowledgement.rearmAt === null ? 'stays stopped for this SLA cycle' : `re-arms at ${iso(acknowledgement.rearmAt)}`;
		return {
			outcome: 'suppressed',
			reason: 'acknowledged',
			why: `Acknowledged at ${iso(acknowledgement.acknowledgedAt)}; the ladder ${until}.`,
			nextCheckAt: earlierOf(acknowledgement.rearmAt, clockNext),
			levels: due,
		};
	}

	const customer = (ticket.customer ?? {}) as Record<string, unknown>;
	const paging = pagingDecision(settings.paging, { tier: customer.tier, priority: ticket.priority }, now);
	if (!paging.page && settings.outsideHours === 'hold') {
		const until = paging.quietUntil ? ` until ${iso(paging.quietUntil)}` : '';
		return {
			outcome: 'suppressed',
			reason: 'quietHours',
			why: `Outside paging hours${until}; the escalation is held until then.`,
			nextCheckAt: earlierOf(paging.quietUntil, clockNext),
			levels: due,
		};
	}
	return { outcome: 'escalate', due, paging, nextCheckAt: next };
}
