/**
 * SLA Store, Record Ticket Event: a helpdesk event is stored once and merged into its ticket, however
 * often and however concurrently it is delivered.
 */
jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));

import { DUPLICATE, HOUR, INVALID, iso, MERGED, record, RECORDED, rowsOf, run, storeWithTables, T0, table, ticketEvent, ticketsIn } from './store-harness';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const races: number[] = [];

describe('SLA Store: Record Ticket Event', () => {
	it('creates one ticket from a new generic event: Recorded, change created, store version 1, the event row applied', async () => {
		const fake = storeWithTables();
		const { json, outputs } = await record(fake, [ticketEvent()]);
		expect(json[RECORDED]).toHaveLength(1);
		expect(json[MERGED].length + json[DUPLICATE].length + json[INVALID].length).toBe(0);
		const [ticket] = json[RECORDED];
		expect(ticket).toMatchObject({ key: 'generic:T-1', id: 'T-1', source: 'generic', subject: 'Checkout fails', createdAt: iso(T0), customer: { id: 'C-1', tier: 'pro' } });
		expect(ticket.events).toEqual([{ id: 'evt-1', type: 'ticket_created', at: iso(T0) }]);
		expect(ticket.store).toEqual({ change: 'created', version: 1, key: 'generic:T-1', eventId: 'evt-1' });
		expect(outputs[RECORDED][0].pairedItem).toEqual({ item: 0 });

		const [row] = rowsOf(fake, 'tickets');
		expect(row).toMatchObject({ key: 'generic:T-1', ticketId: 'T-1', source: 'generic', customerKey: 'C-1', tier: 'pro', open: true, version: 1, nextCheckAt: iso(T0), openedAt: iso(T0), leaseUntil: null, drill: false });
		const { store: _store, ...stored } = ticket;
		expect(JSON.parse(String(row.record))).toEqual(stored);
		expect(rowsOf(fake, 'events')).toEqual([expect.objectContaining({ eventId: 'evt-1', ticketKey: 'generic:T-1', type: 'ticket_created', at: iso(T0), status: 'applied', drill: false })]);
	});

	it('writes a new ticket of a ticket_created event without reading the ticket first, and still finds one that is there', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent()], { duplicateWindowHours: 0 });
		// the one-row check after the insert is the only read of the tickets table
		expect(fake.count('rows', table('tickets'))).toBe(1);
		expect(rowsOf(fake, 'tickets')).toHaveLength(1);
		const { json } = await record(fake, [ticketEvent({ eventId: 'evt-2', at: T0 + HOUR, subject: 'Checkout still fails' })], { duplicateWindowHours: 0 });
		expect(json[RECORDED]).toHaveLength(1);
		expect(json[RECORDED][0].store).toMatchObject({ change: 'updated', version: 2 });
		expect(json[RECORDED][0].events.map((event: { id: string }) => event.id)).toEqual(['evt-1', 'evt-2']);
		expect(rowsOf(fake, 'tickets')).toHaveLength(1);
	});

	it('answers the same event again with Duplicate and changes nothing', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent()]);
		const before = { tickets: rowsOf(fake, 'tickets'), events: rowsOf(fake, 'events') };
		fake.resetCalls();
		const { json } = await record(fake, [ticketEvent()]);
		expect(json[DUPLICATE]).toHaveLength(1);
		expect(json[DUPLICATE][0].store).toEqual({ change: 'duplicate', version: 1, key: 'generic:T-1', eventId: 'evt-1' });
		expect(json[RECORDED]).toHaveLength(0);
		expect(rowsOf(fake, 'tickets')).toEqual(before.tickets);
		expect(rowsOf(fake, 'events').map(({ updatedAt: _u, ...row }) => row)).toEqual(before.events.map(({ updatedAt: _u, ...row }) => row));
		expect(fake.count('insert')).toBe(0);
		expect(fake.count('update', table('tickets'))).toBe(0);
	});

	it.each(SEEDS)('10 concurrent deliveries of one event leave exactly one Recorded, nine Duplicate, one ticket row and one event row (seed %i)', async (seed) => {
		const fake = storeWithTables({ seed });
		const runs = await Promise.all(Array.from({ length: 10 }, () => record(fake, [ticketEvent()])));
		const count = (output: number) => runs.reduce((sum, { json }) => sum + json[output].length, 0);
		expect([count(RECORDED), count(DUPLICATE), count(MERGED), count(INVALID)]).toEqual([1, 9, 0, 0]);
		expect(rowsOf(fake, 'tickets')).toHaveLength(1);
		expect(rowsOf(fake, 'events')).toHaveLength(1);
		expect(rowsOf(fake, 'events')[0].status).toBe('applied');
		expect(ticketsIn(fake)[0].events).toHaveLength(1);
		expect(rowsOf(fake, 'tickets')[0].version).toBe(1);
		// Every writer whose first row was not the lowest backed out and deleted its own row.
		expect(fake.count('delete', table('tickets'))).toBe(fake.count('insert', table('tickets')) - 1);
		expect(fake.count('delete', table('events'))).toBe(fake.count('insert', table('events')) - 1);
		races.push(fake.count('insert', table('tickets')));
	});

	it('(the deliveries above really raced: in most runs several writers inserted a first ticket row)', () => {
		expect(races).toHaveLength(SEEDS.length);
		expect(races.filter((inserts) => inserts > 1).length).toBeGreaterThanOrEqual(SEEDS.length / 2);
	});

	it('a writer that lost the first-insert race and could not delete its row still records the event once', async () => {
		for (const seed of SEEDS) {
			const fake = storeWithTables({ seed });
			fake.failWhen((call) => call.method === 'delete' && call.table === table('tickets'));
			const runs = await Promise.all(Array.from({ length: 10 }, () => record(fake, [ticketEvent()])));
			expect(runs.map(({ json }) => json[RECORDED].length + json[DUPLICATE].length).every((n) => n === 1)).toBe(true);
			expect(runs.reduce((sum, { json }) => sum + json[RECORDED].length, 0)).toBe(1);
			const found = await run(fake, 'getTicket', { parameters: { source: 'generic', ticketId: 'T-1' } });
			expect(found.json[0][0].events).toHaveLength(1);
		}
	});

	it.each(SEEDS)('two different events of one new ticket at once make one ticket with both events (seed %i)', async (seed) => {
		const fake = storeWithTables({ seed });
		const created = ticketEvent({ eventId: 'evt-1' });
		const reply = ticketEvent({ eventId: 'evt-2', type: 'customer_reply', at: T0 + 5 * 60_000, actor: 'C-1' });
		const runs = await Promise.all([record(fake, [created]), record(fake, [reply])]);
		expect(runs.flatMap(({ json }) => json[RECORDED].map((ticket) => ticket.store.change)).sort()).toEqual(['created', 'updated']);
		expect(rowsOf(fake, 'tickets')).toHaveLength(1);
		expect(ticketsIn(fake)[0].events.map((event: { id: string }) => event.id)).toEqual(['evt-1', 'evt-2']);
		expect(rowsOf(fake, 'tickets')[0]).toMatchObject({ version: 2, lastActivityAt: iso(T0 + 5 * 60_000) });
		expect(rowsOf(fake, 'events').map((row) => [row.eventId, row.status])).toEqual(expect.arrayContaining([['evt-1', 'applied'], ['evt-2', 'applied']]));
		expect(rowsOf(fake, 'events')).toHaveLength(2);
	});

	it('five events of one ticket delivered together, each twice, leave the ticket with each event once', async () => {
		const fake = storeWithTables({ seed: 11 });
		const events = [0, 1, 2, 3, 4].map((n) => ticketEvent({ eventId: `evt-${n}`, type: n === 0 ? 'ticket_created' : 'note', at: T0 + n * 60_000 }));
		const runs = await Promise.all([...events, ...events].map((event) => record(fake, [event])));
		const outcome = runs.map(({ json }) => (json[RECORDED].length ? 'recorded' : json[DUPLICATE].length ? 'duplicate' : 'other'));
		expect(outcome.filter((name) => name === 'recorded')).toHaveLength(5);
		expect(outcome.filter((name) => name === 'duplicate')).toHaveLength(5);
		expect(rowsOf(fake, 'tickets')).toHaveLength(1);
		expect(ticketsIn(fake)[0].events.map((event: { id: string }) => event.id)).toEqual(['evt-0', 'evt-1', 'evt-2', 'evt-3', 'evt-4']);
		expect(rowsOf(fake, 'events')).toHaveLength(5);
	});

	describe('invalid input leaves on Invalid, naming the field, instead of failing the execution', () => {
		it.each([
			['eventId', { ...ticketEvent(), eventId: undefined }],
			['ticket.createdAt', ticketEvent({ createdAt: '2026-03-10T09:00:00' })],
			['event', '{"eventId": "evt-1", "type": '],
			['at', ticketEvent({ at: 'yesterday' })],
			['ticket.createdAt', ticketEvent({ createdAt: null })],
		])('%s', async (field, event) => {
			const fake = storeWithTables();
			const { json, outputs } = await record(fake, [{ body: event }]);
			expect(json[INVALID]).toHaveLength(1);
			expect(json[INVALID][0].invalid.field).toBe(field);
			// Not `error`: n8n would take an item carrying `error` for a failed one under continue-on-fail.
			expect(json[INVALID][0].error).toBeUndefined();
			expect(json[INVALID][0].invalid.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
			expect(outputs[INVALID][0].pairedItem).toEqual({ item: 0 });
			expect(rowsOf(fake, 'tickets')).toHaveLength(0);
		});

		it('an invalid item does not stop the valid ones of the same execution', async () => {
			const fake = storeWithTables();
			const { json, outputs } = await record(fake, [ticketEvent({ eventId: 'a', ticketId: 'T-1' }), { body: 'not json' }, ticketEvent({ eventId: 'b', ticketId: 'T-2', customer: { id: 'C-2' } })]);
			expect(outputs[RECORDED].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
			expect(outputs[INVALID].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
			expect(json[INVALID][0].invalid.field).toBe('event');
		});
	});

	it('links a repeat of an open ticket by the same customer: Merged with mergedInto, and the primary lists the duplicate', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent({ eventId: 'e1', ticketId: 'T-1', createdAt: T0, at: T0 })]);
		const { json, outputs } = await record(fake, [ticketEvent({ eventId: 'e2', ticketId: 'T-2', createdAt: T0 + HOUR, at: T0 + HOUR, subject: 'Re: Checkout fails' })], { now: iso(T0 + HOUR) });
		expect(json[MERGED]).toHaveLength(1);
		expect(outputs[MERGED][0].pairedItem).toEqual({ item: 0 });
		expect(json[MERGED][0]).toMatchObject({ key: 'generic:T-2', mergedInto: 'generic:T-1', store: { change: 'merged', key: 'generic:T-2' } });
		const [primary, duplicate] = rowsOf(fake, 'tickets');
		expect(JSON.parse(String(primary.record)).duplicates).toEqual(['generic:T-2']);
		expect(primary).toMatchObject({ open: true, mergedInto: null });
		expect(duplicate).toMatchObject({ open: false, mergedInto: 'generic:T-1', nextCheckAt: null });
		const found = await run(fake, 'getTicket', { parameters: { source: 'generic', ticketId: 'T-1' } });
		expect(found.json[0][0].duplicates).toEqual(['generic:T-2']);
	});

	it('does not merge tickets of other customers, closed tickets, or with merging turned off', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent({ eventId: 'e1', ticketId: 'T-1' })]);
		const other = await record(fake, [ticketEvent({ eventId: 'e2', ticketId: 'T-2', customer: { id: 'C-2' }, at: T0 + HOUR, createdAt: T0 + HOUR })]);
		expect(other.json[RECORDED]).toHaveLength(1);
		const off = await record(fake, [ticketEvent({ eventId: 'e3', ticketId: 'T-3', at: T0 + HOUR, createdAt: T0 + HOUR })], { duplicateWindowHours: 0 });
		expect(off.json[RECORDED]).toHaveLength(1);
		await record(fake, [ticketEvent({ eventId: 'e4', ticketId: 'T-1', type: 'status', status: 'solved', at: T0 + 2 * HOUR })]);
		await record(fake, [ticketEvent({ eventId: 'e5', ticketId: 'T-3', type: 'status', status: 'solved', at: T0 + 2 * HOUR })]);
		const afterClose = await record(fake, [ticketEvent({ eventId: 'e6', ticketId: 'T-4', at: T0 + 3 * HOUR, createdAt: T0 + 3 * HOUR })]);
		expect(afterClose.json[RECORDED]).toHaveLength(1);
		expect(afterClose.json[RECORDED][0].mergedInto).toBeUndefined();
	});

	// BUG (reported): once the repeat's ticket is written, a failed merge is never tried again: the redelivery
	// (n8n's retry, the helpdesk's, or the dead-letter replay) finds the event on the ticket and answers Duplicate.
	it('a repeat whose merge failed is merged when the event is delivered again', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent({ eventId: 'e1', ticketId: 'T-1' })]);
		fake.failWhen((call) => call.method === 'update' && call.table === table('tickets'), 'HTTP 502 Bad Gateway', 1);
		const repeat = ticketEvent({ eventId: 'e2', ticketId: 'T-2', createdAt: T0 + HOUR, at: T0 + HOUR });
		const failed = await record(fake, [repeat], {}, { continueOnFail: true });
		expect(failed.json[RECORDED][0].error).toMatch(/502/);
		const again = await record(fake, [repeat]);
		expect(again.json[MERGED]).toHaveLength(1);
		expect(ticketsIn(fake).find((ticket) => ticket.key === 'generic:T-2')?.mergedInto).toBe('generic:T-1');
	});

	// BUG (reported): the store looks for the primary by customerKey (the id, else the email), while the engine
	// calls two tickets the same customer's when either the id or the email match.
	it('a repeat by the same customer email merges when only the earlier ticket carries a customer id', async () => {
		const fake = storeWithTables();
		await record(fake, [ticketEvent({ eventId: 'e1', ticketId: 'T-1', customer: { id: 'C-1', email: 'dana@acme.example' } })]);
		const { json } = await record(fake, [ticketEvent({ eventId: 'e2', ticketId: 'T-2', customer: { email: 'Dana@acme.example' }, createdAt: T0 + HOUR, at: T0 + HOUR })]);
		expect(json[MERGED]).toHaveLength(1);
	});

	describe("a drill's own now", () => {
		const DRILL_NOW = '2026-04-06T13:00:00.000Z';
		const drill = ticketEvent({ drill: true, now: DRILL_NOW });

		it('is honoured with Allow Now From Drill Events: it travels on the item and schedules the first check', async () => {
			const fake = storeWithTables();
			const { json } = await record(fake, [drill], { allowDrillNow: true });
			expect(json[RECORDED][0]).toMatchObject({ now: DRILL_NOW, drill: true });
			expect(rowsOf(fake, 'tickets')[0]).toMatchObject({ drill: true, nextCheckAt: DRILL_NOW });
			expect(rowsOf(fake, 'events')[0].drill).toBe(true);
		});

		it('is ignored without it, and on events that are not drills', async () => {
			const fake = storeWithTables();
			const ignored = await record(fake, [drill]);
			expect(ignored.json[RECORDED][0].now).toBeUndefined();
			expect(rowsOf(fake, 'tickets')[0].nextCheckAt).toBe(iso(T0));
			const live = await record(fake, [ticketEvent({ eventId: 'e2', ticketId: 'T-2', customer: { id: 'C-2' }, now: DRILL_NOW })], { allowDrillNow: true });
			expect(live.json[RECORDED][0].now).toBeUndefined();
			expect(rowsOf(fake, 'tickets')[1].nextCheckAt).toBe(iso(T0));
		});
	});
});
