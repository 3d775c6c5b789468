/**
 * Twelve stored tickets around Tuesday 10 March 2026 (UTC), reported for that day the next morning
 * at 06:00. Each comment says what the ticket contributes; sla-report.test.ts adds the figures up.
 */
import type { StoredTicketLike } from '../../../engine/kpi';

export const FROM = Date.parse('2026-03-10T00:00:00Z');
export const TO = Date.parse('2026-03-11T00:00:00Z');
export const NOW = Date.parse('2026-03-11T06:00:00Z');

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (time: string) => `2026-03-${time}:00Z`;
const event = (type: string, time: string, status?: string) => ({ type, at: at(time), ...(status ? { status } : {}) });
const clock = (state: string, elapsedMs: number, extra: Record<string, string | number | null> = {}) => ({ state, elapsedMs, dueAt: null, breachedAt: null, fulfilledAt: null, ...extra });

function ticket(id: string, createdAt: string, fields: Partial<StoredTicketLike> = {}): StoredTicketLike {
	return { key: `zendesk:${id}`, id, createdAt: at(createdAt), status: 'open', events: [], ...fields };
}

export const TICKETS: StoredTicketLike[] = [
	// Cohort, resolved: first reply after 30 min (20 business minutes), solved after 4 h (3 business hours).
	ticket('T1', '10T08:00', {
		status: 'solved',
		events: [event('ticket_created', '10T08:00'), event('agent_reply', '10T08:30'), event('status', '10T12:00', 'solved')],
		sla: { firstResponse: clock('met', 20 * MIN, { fulfilledAt: at('10T08:30') }), resolution: clock('met', 3 * HOUR, { fulfilledAt: at('10T12:00') }) },
	}),
	// Cohort, open (21 h old): first response breached but answered after 2 h (1 business hour); escalated to L1.
	ticket('T2', '10T09:00', {
		events: [event('agent_reply', '10T11:00')],
		sla: {
			firstResponse: clock('breached', HOUR, { breachedAt: at('10T10:30'), fulfilledAt: at('10T11:00') }),
			resolution: clock('running', 8 * HOUR, { dueAt: at('11T09:00') }),
			nextCheckAt: at('11T09:00'),
		},
		escalation: { level: 1, levels: [{ level: 1 }] },
	}),
	// Cohort, open (20 h old), never answered: overdue; escalated to L2 in an earlier cycle (level now 0).
	ticket('T3', '10T10:00', {
		sla: { firstResponse: clock('breached', 3 * HOUR, { breachedAt: at('10T11:00') }), resolution: clock('running', 9 * HOUR, { dueAt: at('11T10:00') }) },
		escalation: { level: 0, levels: [{ level: 2, cycle: 1 }] },
	}),
	// Cohort, solved at 13:00, reopened at 15:00, solved again at 18:00 (7 h after creation; resolution breached late).
	ticket('T4', '10T11:00', {
		status: 'solved',
		events: [
			event('agent_reply', '10T11:15'),
			event('status', '10T13:00', 'Solved'),
			event('status', '10T15:00', 'open'),
			event('customer_reply', '10T15:00'),
			event('agent_reply', '10T15:30'),
			event('status', '10T18:00', 'solved'),
		],
		sla: {
			firstResponse: clock('met', 15 * MIN, { fulfilledAt: at('10T11:15') }),
			nextResponse: clock('met', 30 * MIN, { fulfilledAt: at('10T15:30') }),
			resolution: clock('breached', 5 * HOUR, { breachedAt: at('10T17:00'), fulfilledAt: at('10T18:00') }),
		},
	}),
	// Cohort, open (16 h old), waiting on the customer; a manual override; the agent reply comes after "now".
	ticket('T5', '10T14:00', {
		events: [event('status', '10T14:10', 'pending'), event('manual_override', '10T14:20'), event('agent_reply', '11T07:00')],
		sla: { firstResponse: clock('paused', 10 * MIN) },
	}),
	// Cohort, open (10 h old): answered after 5 min, resolution at risk; its next check (05:00) has passed.
	ticket('T6', '10T20:00', {
		events: [event('agent_reply', '10T20:05')],
		sla: { firstResponse: clock('met', 5 * MIN, { fulfilledAt: at('10T20:05') }), resolution: clock('at_risk', 7 * HOUR, { dueAt: at('11T08:00') }), nextCheckAt: at('11T05:00') },
	}),
	// Created the day before, solved in the period.
	ticket('T7', '09T10:00', { status: 'solved', events: [event('status', '10T09:00', 'SOLVED')] }),
	// Open for 60 h, resolution breached: overdue.
	ticket('T8', '08T18:00', { sla: { resolution: clock('breached', 30 * HOUR, { breachedAt: at('09T20:00') }) } }),
	// Created after the period, 30 min old: its first response was due at 05:45 (overdue, though not re-clocked yet).
	ticket('T9', '11T05:30', {
		sla: { firstResponse: clock('running', 30 * MIN, { dueAt: at('11T05:45') }), resolution: clock('at_risk', 30 * MIN, { dueAt: at('11T09:30') }), nextCheckAt: at('11T05:45') },
	}),
	// A drill ticket (excluded), a duplicate merged into T1 (excluded), and one whose creation time is unreadable (skipped).
	ticket('T10', '10T12:00', { drill: true, sla: { firstResponse: clock('breached', HOUR, { breachedAt: at('10T12:30') }) } }),
	ticket('T11', '10T08:30', { mergedInto: 'zendesk:T1' }),
	{ key: 'zendesk:T12', id: 'T12', createdAt: 'last Tuesday', status: 'open' },
	// Created exactly at the end of the period (not in it), 6 h old; and one open for 5 days 6 hours.
	ticket('T13', '11T00:00'),
	ticket('T14', '06T00:00'),
];
