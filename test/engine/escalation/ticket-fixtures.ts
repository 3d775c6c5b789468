/** Tickets, settings and plans shared by the escalation engine tests. */
import type { DeliverySettings } from '../../../engine/escalation/delivery';
import type { EscalationSettings } from '../../../engine/escalation/escalation';
import { DEFAULT_LADDER, type Ladder, parseLadder, SLA_METRICS } from '../../../engine/escalation/ladder';
import { planTicketEscalation, type TicketEscalation } from '../../../engine/escalation/ticket-escalation';
import type { Ticket } from '../../../engine/core/ticket';

export const T0 = Date.parse('2026-03-10T09:00:00Z');
export const MIN = 60_000;
const TARGET = 120 * MIN;

/** A ticket whose first-response clock (2 h target) has used `percent` at T0. */
export function ticket(percent: number, extra: Record<string, unknown> = {}): Ticket {
	const elapsed = (percent / 100) * TARGET;
	return {
		id: 'T-42',
		subject: 'Checkout fails',
		priority: 'normal',
		customer: { id: 'C-1', name: 'Acme GmbH', tier: 'pro' },
		sla: {
			state: percent >= 100 ? 'breached' : 'running',
			cycle: 1,
			firstResponse: {
				target: 120,
				dueAt: new Date(T0 + TARGET - elapsed).toISOString(),
				elapsedMs: elapsed,
				remainingMs: TARGET - elapsed,
				percentUsed: percent,
				state: percent >= 100 ? 'breached' : 'running',
				cycle: 1,
			},
		},
		...extra,
	};
}

export const escalationSettings = (overrides: Partial<EscalationSettings> = {}): EscalationSettings => ({
	ladder: DEFAULT_LADDER,
	metrics: SLA_METRICS,
	rearmAfterMs: 60 * MIN,
	paging: { calendar: null, alwaysPageTiers: [], alwaysPagePriorities: [] },
	outsideHours: 'notifyQuietly',
	...overrides,
});

export const deliverySettings = (overrides: Partial<DeliverySettings> = {}): DeliverySettings => ({
	channel: '#support-escalations',
	leadershipChannel: '#support-leads',
	broadcastLevelChanges: true,
	updateParent: true,
	priorityScale: ['low', 'normal', 'high', 'urgent'],
	contextFields: [],
	runbookUrl: '',
	ticketUrl: '',
	...overrides,
});

/** A one-level ladder at 50 % with the given actions. */
export const ladderOf = (...actions: unknown[]): Ladder => parseLadder({ levels: [{ name: 'Warn', trigger: { kind: 'percentUsed', percent: 50 }, actions }] });

export function escalationOf(
	subject: Ticket,
	options: { settings?: Partial<EscalationSettings>; delivery?: Partial<DeliverySettings>; now?: number; traceId?: string } = {},
): TicketEscalation {
	return planTicketEscalation(subject, escalationSettings(options.settings), deliverySettings(options.delivery), options.now ?? T0, options.traceId ?? 'trace-1');
}
