import { applyEvent, readIntakeEvent } from '../../../engine/intake';
import type { StoredTicket } from '../../../engine/intake';
import { slaReport } from '../../../engine/kpi';
import { compilePolicySet, computeSla } from '../../../engine/sla';

/** The report over tickets as the running system leaves them: stored by the intake, clocked by SLA Clock. */
const POLICIES = compilePolicySet({
	calendars: [{ name: 'UTC 24/7', timezone: 'UTC', alwaysOpen: true }],
	policies: [{ name: 'Standard', calendar: 'UTC 24/7', targets: { firstResponse: 60, resolution: 480 } }],
});
const NOW = Date.parse('2026-03-10T20:00:00Z');

function stored(id: string, createdAt: string, later: Array<{ type: string; at: string; status?: string }>): StoredTicket {
	const bodies = [{ eventId: `${id}-0`, type: 'ticket_created', at: createdAt, ticket: { id, createdAt } }, ...later.map((event, index) => ({ eventId: `${id}-${index + 1}`, ...event, ticket: { id } }))];
	let ticket: StoredTicket | null = null;
	for (const body of bodies) ticket = applyEvent(ticket, readIntakeEvent(body, { allowNow: false })).ticket;
	const clocked = ticket as StoredTicket;
	return { ...clocked, sla: computeSla(clocked, POLICIES, NOW) };
}

describe('the report over tickets the intake stored and SLA Clock clocked', () => {
	const tickets = [
		stored('1', '2026-03-10T08:00:00Z', [{ type: 'agent_reply', at: '2026-03-10T08:40:00Z' }, { type: 'status', at: '2026-03-10T10:00:00Z', status: 'solved' }]),
		stored('2', '2026-03-10T09:00:00Z', [{ type: 'agent_reply', at: '2026-03-10T10:30:00Z' }]),
		stored('3', '2026-03-10T19:30:00Z', []),
	];
	const report = slaReport({ tickets, from: Date.parse('2026-03-10T00:00:00Z'), to: Date.parse('2026-03-11T00:00:00Z'), now: NOW });

	it('reads the clocks SLA Clock wrote: one late first response, one resolution past its 8 hours', () => {
		expect(report.metrics.firstResponse).toEqual({ measured: 3, breached: 1, breachRate: 1 / 3 });
		expect(report.metrics.resolution).toEqual({ measured: 3, breached: 1, breachRate: 1 / 3 });
		expect(report.now).toEqual({ atRisk: 0, overdue: 1, clocksDue: 0 });
	});

	it('gives the same first-response and resolution times in business and wall-clock time on a 24/7 calendar', () => {
		expect(report.firstResponseTime).toEqual({ businessMs: 65 * 60_000, businessCount: 2, wallClockMs: 65 * 60_000, wallClockCount: 2 });
		expect(report.resolutionTime).toEqual({ businessMs: 2 * 3_600_000, businessCount: 1, wallClockMs: 2 * 3_600_000, wallClockCount: 1 });
	});
});
