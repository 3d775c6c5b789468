/**
 * SLA Store, SLA Report: the KPIs over the stored tickets, as figures and as a Slack message.
 */
jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));

import { HOUR, iso, record, run, storeWithTables, T0, ticketEvent } from './store-harness';

async function store() {
	const fake = storeWithTables();
	const created = (n: number, at: number, extra: Record<string, unknown> = {}) =>
		ticketEvent({ eventId: `c-${n}`, ticketId: `T-${n}`, at, createdAt: at, customer: { id: `C-${n}` }, subject: `Question ${n}`, body: `Topic ${n}`, ...extra });
	await record(fake, [
		created(1, T0 - 2 * HOUR),
		created(2, T0 - HOUR),
		created(3, T0 - HOUR, { drill: true }),
		created(4, T0 - 30 * HOUR),
		ticketEvent({ eventId: 'r-2', ticketId: 'T-2', type: 'agent_reply', at: T0 - 50 * 60_000, customer: { id: 'C-2' } }),
		ticketEvent({ eventId: 's-2', ticketId: 'T-2', type: 'status', status: 'solved', at: T0 - 30 * 60_000, customer: { id: 'C-2' } }),
	]);
	return fake;
}

describe('SLA Store: SLA Report', () => {
	it('reports the period before now as figures and as text', async () => {
		const fake = await store();
		const { json, outputs } = await run(fake, 'report', { parameters: { now: iso(T0), periodHours: 24 } });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		const { report, text } = json[0][0];
		expect(report.period).toEqual({ from: expect.stringMatching(/^2026-03-09T09:00/), to: expect.stringMatching(/^2026-03-10T09:00/) });
		expect(report.tickets).toMatchObject({ created: 2, openNow: 2, resolvedInPeriod: 1, drillExcluded: 1 });
		expect(report.firstResponseTime).toMatchObject({ wallClockMs: 10 * 60_000, wallClockCount: 1 });
		expect(text).toMatch(/^\*SLA report\* 2026-03-09 09:00 – 2026-03-10 09:00 \(UTC\)\n\*Tickets\* created 2 · resolved 1 · open now 2/);
	});

	it('counts drill tickets with Include Drill Tickets and writes times in the report time zone', async () => {
		const fake = await store();
		const { json } = await run(fake, 'report', { parameters: { now: iso(T0), includeDrill: true, reportTimezone: 'Europe/Berlin' } });
		expect(json[0][0].report.tickets).toMatchObject({ created: 3, drillExcluded: 0 });
		expect(json[0][0].text).toMatch(/^\*SLA report\* 2026-03-09 10:00 – 2026-03-10 10:00 \(Europe\/Berlin\)/);
	});
});
