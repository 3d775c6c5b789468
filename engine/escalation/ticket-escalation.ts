import { type Delivery, type DeliverySettings, planDeliveries } from './delivery';
import { type EscalationPlan, type EscalationSettings, planEscalation, ticketIdOf } from './escalation';
import type { Ticket } from '../core';

/**
 * One ticket's escalation at one instant: the plan, the Slack deliveries it produces, and what its
 * messages and its record need. Everything after planning (messages, dispatch, the record) reads it.
 */
export interface TicketEscalation {
	ticket: Ticket;
	ticketId: string;
	now: number;
	traceId: string;
	plan: EscalationPlan;
	deliveries: Delivery[];
	settings: EscalationSettings;
	delivery: DeliverySettings;
}

/** Plans a ticket at `now` (epoch ms); fails naming the ticket field at fault (`id`, `sla`). */
export function planTicketEscalation(ticket: Ticket, settings: EscalationSettings, delivery: DeliverySettings, now: number, traceId: string): TicketEscalation {
	const ticketId = ticketIdOf(ticket);
	const plan = planEscalation(ticket, settings, now);
	return { ticket, ticketId, now, traceId, plan, deliveries: planDeliveries(plan, delivery), settings, delivery };
}

/** The trace id shown in messages: the one configured, else the ticket's `traceId`, else `fallback`. */
export function traceIdOf(ticket: Ticket, configured: string, fallback: string): string {
	return configured || (typeof ticket.traceId === 'string' && ticket.traceId) || fallback;
}
