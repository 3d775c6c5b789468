/**
 * The SLA Store node as n8n runs it: its description, and how failures of the store leave the node
 * (an error naming the item, or under continue-on-fail an error item that keeps its pairedItem).
 */
jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));

import { NodeOperationError } from 'n8n-workflow';

import { OUTPUTS, outputsOf } from '../../../nodes/SlaStore/description';
import { SlaStore } from '../../../nodes/SlaStore/SlaStore.node';
import { FakeDataTables } from './fake-data-tables';
import { INVALID, iso, record, RECORDED, rowsOf, run, storeWithTables, T0, table, ticketEvent } from './store-harness';

const events = () => [
	ticketEvent({ eventId: 'a', ticketId: 'T-1', customer: { id: 'C-1' } }),
	ticketEvent({ eventId: 'b', ticketId: 'T-2', customer: { id: 'C-2' } }),
	ticketEvent({ eventId: 'c', ticketId: 'T-3', customer: { id: 'C-3' } }),
];
const failEventInsert = (fake: FakeDataTables, eventId: string) =>
	fake.failWhen((call) => call.method === 'insert' && call.table === table('events') && (call.args[1] as Array<{ eventId?: string }>)[0]?.eventId === eventId, 'SQLITE_BUSY: database is locked', 1);

describe('SLA Store node', () => {
	it('shows one output per outcome of the chosen operation and needs the SLA Store credential', () => {
		const { description } = new SlaStore();
		expect(description).toMatchObject({ name: 'slaStore', usableAsTool: true, credentials: [{ name: 'slaStoreApi', required: true }] });
		// The editor evaluates the outputs expression from its source text.
		const outputs = new Function(`return (${outputsOf})`)() as (parameters: { operation?: string }) => Array<{ displayName: string }>;
		expect(outputs({ operation: 'recordEvent' }).map((output) => output.displayName)).toEqual(['Recorded', 'Merged', 'Duplicate', 'Invalid']);
		expect(outputs({}).map((output) => output.displayName)).toEqual(OUTPUTS.recordEvent);
		expect(outputs({ operation: 'getTicket' }).map((output) => output.displayName)).toEqual(['Found', 'Not Found']);
		expect(description.outputs).toBe(`={{(${outputsOf})($parameter)}}`);
	});

	it('fails an item whose store call fails with an error naming the item', async () => {
		const fake = storeWithTables();
		failEventInsert(fake, 'b');
		const error = await record(fake, events()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Item 1: SQLITE_BUSY: database is locked');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('under continue-on-fail, an item whose store call fails leaves as an error item with its pairedItem; the others go on', async () => {
		const fake = storeWithTables();
		failEventInsert(fake, 'b');
		const { outputs } = await record(fake, events(), {}, { continueOnFail: true });
		expect(outputs[RECORDED].map((item) => [item.pairedItem, item.json.error === undefined ? item.json.key : 'error'])).toEqual([
			[{ item: 0 }, 'generic:T-1'],
			[{ item: 1 }, 'error'],
			[{ item: 2 }, 'generic:T-3'],
		]);
		const failed = outputs[RECORDED][1];
		expect(failed.json).toMatchObject({ eventId: 'b', error: 'Item 1: SQLITE_BUSY: database is locked' });
		expect(failed.error).toBeInstanceOf(NodeOperationError);
		expect(rowsOf(fake, 'tickets').map((row) => row.key)).toEqual(['generic:T-1', 'generic:T-3']);
		// Delivered again once the store answers, the failed event is recorded.
		const retried = await record(fake, [events()[1]]);
		expect(retried.json[RECORDED]).toHaveLength(1);
	});

	it('keeps pairedItem on every output, for every item', async () => {
		const fake = storeWithTables();
		const items = [...events(), { body: 'oops' }, events()[0]];
		const { outputs } = await record(fake, items);
		const paired = outputs.flatMap((output, index) => output.map((item) => [index, (item.pairedItem as { item: number }).item]));
		expect(paired.sort((a, b) => a[1] - b[1])).toEqual([
			[RECORDED, 0],
			[RECORDED, 1],
			[RECORDED, 2],
			[INVALID, 3],
			[2, 4],
		]);
		const found = await run(fake, 'getTicket', { items: [{ id: 'T-2' }, { id: 'T-404' }], parameters: { source: 'generic', ticketId: (_: number, item: { json: { id: string } }) => item.json.id } });
		expect(found.outputs.map((output) => output.map((item) => item.pairedItem))).toEqual([[{ item: 0 }], [{ item: 1 }]]);
		expect(found.json[1][0]).toEqual({ id: 'T-404', store: { key: 'generic:T-404', found: false } });
	});

	it('a store call failing in a sweep leaves the sweep item as an error item under continue-on-fail', async () => {
		const fake = storeWithTables();
		await record(fake, events());
		fake.failWhen((call) => call.method === 'rows' && call.table === table('tickets'), 'HTTP 502 Bad Gateway', 1);
		const { outputs } = await run(fake, 'getDue', { items: [{ trigger: 'schedule' }], parameters: { now: iso(T0) }, continueOnFail: true });
		expect(outputs[0]).toEqual([expect.objectContaining({ json: expect.objectContaining({ trigger: 'schedule', error: 'Item 0: HTTP 502 Bad Gateway' }), pairedItem: { item: 0 } })]);
	});

	it('a store without its tables fails with the hint to run Set Up Tables', async () => {
		const error = await record(new FakeDataTables(), [ticketEvent()]).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Item 0: The Data Table "sla_events" does not exist');
		expect((error as NodeOperationError).description).toMatch(/Set Up Tables/);
	});

	it('refuses an operation it does not know', async () => {
		await expect(run(storeWithTables(), 'nope' as never)).rejects.toThrow('The operation "nope" is not known');
	});

	it('a second Table Prefix is a second, separate store', async () => {
		const fake = storeWithTables();
		await run(fake, 'setUp', { parameters: { tablePrefix: 'drill_' } });
		await record(fake, [ticketEvent()]);
		const lookUp = (tablePrefix: string) => run(fake, 'getTicket', { parameters: { source: 'generic', ticketId: 'T-1', tablePrefix } });
		expect((await lookUp('sla_')).json.map((output) => output.length)).toEqual([1, 0]);
		expect((await lookUp('drill_')).json.map((output) => output.length)).toEqual([0, 1]);
	});
});
