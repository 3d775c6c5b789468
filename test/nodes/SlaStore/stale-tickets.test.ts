/**
 * SLA Store, Get Stale Tickets: alerts for clocks paused (waiting on the customer) too long and for
 * open tickets without any event for too long.
 */
jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));

import { HOUR, iso, record, rowsOf, run, storeWithTables, T0, table, ticketEvent } from './store-harness';

const stale = (fake: ReturnType<typeof storeWithTables>, now: number, parameters: Record<string, unknown> = {}) => run(fake, 'getStale', { parameters: { now: iso(now), ...parameters } });
const save = (fake: ReturnType<typeof storeWithTables>, ticketId: string, state: string, now: number) =>
	run(fake, 'saveState', { items: [{ key: `generic:${ticketId}`, sla: { state, nextCheckAt: iso(now + HOUR) } }], parameters: { now: iso(now) } });

describe('SLA Store: Get Stale Tickets', () => {
	it('alerts on a clock paused longer than the limit, counted from when it paused', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent({ ticket: { assignee: 'agent-1', priority: 'high' } })]);
		await save(fake, 'T-1', 'paused', T0);
		// Saved again while still paused: the pause keeps its start.
		await save(fake, 'T-1', 'paused', T0 + 10 * HOUR);
		expect(rowsOf(fake, 'tickets')[0].pausedSince).toBe(iso(T0));
		expect((await stale(fake, T0 + 71 * HOUR, { quietHours: 0 })).json[0]).toEqual([]);
		const { json, outputs } = await stale(fake, T0 + 73 * HOUR, { quietHours: 0 });
		expect(json[0]).toEqual([{ alert: 'paused_too_long', ticketKey: 'generic:T-1', ticketId: 'T-1', source: 'generic', status: null, assignee: 'agent-1', priority: 'high', since: iso(T0), hours: 73 }]);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('a clock that runs again is no longer paused', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent()]);
		await save(fake, 'T-1', 'paused', T0);
		await save(fake, 'T-1', 'running', T0 + HOUR);
		expect(rowsOf(fake, 'tickets')[0].pausedSince).toBeNull();
		expect((await stale(fake, T0 + 100 * HOUR, { quietHours: 0 })).json[0]).toEqual([]);
	});

	it('alerts on an open ticket without any event for longer than the limit, from its latest event', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent(), ticketEvent({ eventId: 'e2', type: 'agent_reply', at: T0 + 2 * HOUR })]);
		expect((await stale(fake, T0 + 25 * HOUR)).json[0]).toEqual([]);
		const { json } = await stale(fake, T0 + 27 * HOUR);
		expect(json[0]).toEqual([expect.objectContaining({ alert: 'no_activity', ticketKey: 'generic:T-1', since: iso(T0 + 2 * HOUR), hours: 25 })]);
	});

	it('leaves out closed, merged and (unless included) drill tickets, and a limit of 0 turns an alert off', async () => {
		const fake = storeWithTables();
		await record(fake, [
			ticketEvent({ eventId: 'a', ticketId: 'T-1' }),
			ticketEvent({ eventId: 'b', ticketId: 'T-2', customer: { id: 'C-2' } }),
			ticketEvent({ eventId: 'c', ticketId: 'T-3', customer: { id: 'C-3' }, drill: true }),
			ticketEvent({ eventId: 'd', ticketId: 'T-4', at: T0 + 1000, createdAt: T0 + 1000 }),
		]);
		expect(rowsOf(fake, 'tickets').find((row) => row.key === 'generic:T-4')?.mergedInto).toBe('generic:T-1');
		await record(fake, [ticketEvent({ eventId: 'b-solved', ticketId: 'T-2', customer: { id: 'C-2' }, type: 'status', status: 'solved', at: T0 + HOUR })]);
		const later = T0 + 48 * HOUR;
		expect((await stale(fake, later)).json[0].map((alert) => alert.ticketKey)).toEqual(['generic:T-1']);
		expect((await stale(fake, later, { includeDrill: true })).json[0].map((alert) => alert.ticketKey)).toEqual(['generic:T-1', 'generic:T-3']);
		expect((await stale(fake, later, { quietHours: 0 })).json[0]).toEqual([]);
	});

	it('reads the paused and the quiet tickets only, not every open ticket', async () => {
		const fake = storeWithTables({ pageSize: 10 });
		const row = (i: number, lastActivityAt: string, pausedSince: string | null = null) => ({ key: `generic:T-${i}`, source: 'generic', ticketId: `T-${i}`, open: true, drill: false, lastActivityAt, pausedSince, version: 1, record: '{}' });
		fake.insertNow(table('tickets'), [
			...Array.from({ length: 300 }, (_, i) => row(i, iso(T0 + 79 * HOUR))),
			row(300, iso(T0), iso(T0)),
			row(301, iso(T0)),
		]);
		fake.resetCalls();
		const { json } = await stale(fake, T0 + 80 * HOUR);
		expect(json[0].map((alert) => [alert.alert, alert.ticketId])).toEqual([
			['paused_too_long', 'T-300'],
			['no_activity', 'T-301'],
		]);
		// two small filtered reads where reading every open ticket takes thirty-one pages
		expect(fake.requests).toBeLessThan(10);
	});
});
