import { type Dispatch, dryRunMessages } from './dispatch';
import type { Delivery } from './delivery';
import type { DueLevel, EscalationPlan } from './escalation';
import { currentLevel, type EscalationRecord, previousRecord, recordedLevels, type SentRecord } from './escalation-record';
import { ticketActions } from './ticket-actions';
import type { MetricSnapshot } from './ladder';
import { ticketClockSnapshots } from './ticket-clocks';
import type { TicketEscalation } from './ticket-escalation';
import { isoOf } from './instants';

/**
 * What Escalate writes on the ticket (`escalation`) for each way a run can end for it: nothing due,
 * suppressed (by the plan, as a repeat within the run, or as already in n8n's deduplication store), a
 * dry run, or sent. The earlier record is kept and brought up to date: status and why, the level
 * reached, the levels sent, when to check again, and the trace id.
 */
export type EscalationStatus = 'escalated' | 'noAction' | 'suppressed';

export interface WrittenRecord extends EscalationRecord {
	status: EscalationStatus;
}

const iso = (at: number | null | undefined): string | null => (typeof at === 'number' ? isoOf(at) : null);

const levelNames = (due: readonly DueLevel[]) => due.map((entry) => `L${entry.level.level} ${entry.level.name} on ${entry.metric.metric}`).join('; ');

function ticketClocksOf({ ticket, settings, now }: TicketEscalation): MetricSnapshot[] {
	try {
		return ticketClockSnapshots(ticket, settings.ladder, now);
	} catch {
		return [];
	}
}

/** The level the record shows: the highest sent for the current cycles (no levels sent: 0, nothing to read). */
function levelOf(escalation: TicketEscalation, history: SentRecord[]): number {
	if (Array.isArray(history) && history.length === 0) return 0;
	return currentLevel(escalation.ticket.sla, history, escalation.settings.metrics, ticketClocksOf(escalation));
}

function recordOf(escalation: TicketEscalation, status: EscalationStatus, extra: Record<string, unknown>, levels?: SentRecord[]): WrittenRecord {
	const { ticket, plan } = escalation;
	const record = previousRecord(ticket);
	const history = levels ?? recordedLevels(record);
	return {
		...record,
		status,
		why: 'why' in plan ? plan.why : undefined,
		level: levelOf(escalation, history),
		levels: history,
		nextCheckAt: iso(plan.nextCheckAt),
		checkedAt: iso(escalation.now),
		traceId: escalation.traceId,
		...extra,
	};
}

/** What the run knows of a planned ticket besides its plan. */
export interface RunFacts {
	/** The same deliveries came earlier in the run (the ticket was listed twice). */
	repeatedInRun: boolean;
	dryRun: boolean;
	/** The deliveries not yet in n8n's deduplication store. */
	pending: readonly Delivery[];
}

/** The plan's paging decision as the record shows it (a PagingDecision has these three fields, in this order). */
const paging = ({ paging: { page, reason, quietUntil } }: Extract<EscalationPlan, { outcome: 'escalate' }>) => ({ page, reason, quietUntil: iso(quietUntil) });

const actionsOf = (escalation: TicketEscalation, fired: readonly DueLevel[]) => ticketActions(fired, escalation.ticket.priority, escalation.delivery.priorityScale);

/** The record of a ticket that sends nothing in this run, in this order of precedence; null when it has deliveries to send. */
export function recordWithoutSending(escalation: TicketEscalation, facts: RunFacts): WrittenRecord | null {
	const { plan } = escalation;
	if (plan.outcome === 'noAction') return recordOf(escalation, 'noAction', {});
	if (plan.outcome === 'suppressed') return recordOf(escalation, 'suppressed', { reason: plan.reason });
	if (facts.repeatedInRun) {
		return recordOf(escalation, 'suppressed', { reason: 'duplicateInRun', why: 'The same ticket came earlier in this run; its escalation is sent once.' });
	}
	if (facts.dryRun) {
		const why = `Dry run: would send ${levelNames(plan.due)}.`;
		return recordOf(escalation, 'escalated', { why, dryRun: true, messages: dryRunMessages(escalation), sent: [], actions: actionsOf(escalation, plan.due), paging: paging(plan) });
	}
	if (facts.pending.length === 0) {
		const sent = plan.due.map((due) => `L${due.level.level} ${due.level.name} on ${due.metric.metric} (cycle ${due.metric.cycle})`).join('; ');
		const record = recordOf(escalation, 'suppressed', { reason: 'alreadySent', why: `Already sent: ${sent} (n8n deduplication store).` });
		// Sent by a run whose record was never saved (it failed later): the ticket still reached these levels.
		const reached = Math.max(0, ...plan.due.map((due) => due.level.level));
		return { ...record, level: Math.max(Number(record.level ?? 0), reached) };
	}
	return null;
}

/** The record after the ticket's dispatch went out: the levels fired, the deliveries made, the thread. */
export function recordAfterSending(escalation: TicketEscalation, dispatch: Dispatch): WrittenRecord {
	const { plan } = escalation;
	if (plan.outcome !== 'escalate') throw new Error(`A ticket whose plan is ${plan.outcome} sends nothing`);
	const extra = {
		why: `Sent ${levelNames(dispatch.fired)}${plan.paging.page ? '' : ' without paging (outside paging hours)'}.`,
		sent: dispatch.sent,
		...(dispatch.thread ? { slack: dispatch.thread } : {}),
		...(dispatch.parentUpdate ? { parentUpdate: dispatch.parentUpdate } : {}),
		actions: actionsOf(escalation, dispatch.fired),
		paging: paging(plan),
	};
	return recordOf(escalation, 'escalated', extra, dispatch.levels);
}
