/**
 * SLA Store, Set Up Tables and Get Configuration: the store's tables are created once, documents are
 * seeded once and never overwritten, and templates read the active version of each document.
 */
jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));

import { TABLES, TABLE_NAMES } from '../../../nodes/SlaStore/tables';
import { FakeDataTables } from './fake-data-tables';
import { iso, record, rowsOf, run, storeWithTables, T0, table, ticketEvent } from './store-harness';

const ROSTER = { agents: [{ id: 'agent-1', name: 'Ana', email: 'ana@example.com', load: 9 }, { id: 'agent-2', name: 'Ben' }, { id: 'agent-3', name: 'Cy', email: 'cy@example.com' }] };

function configured(options: { pageSize?: number } = {}): FakeDataTables {
	const fake = storeWithTables(options);
	const doc = (name: string, version: number, status: string, document: unknown) => ({ name, version, status, author: 'test', activatedAt: iso(T0), document: JSON.stringify(document) });
	fake.insertNow(table('config'), [
		doc('policySet', 1, 'active', { policies: ['v1'] }),
		doc('policySet', 3, 'draft', { policies: ['v3 draft'] }),
		doc('policySet', 2, 'active', { policies: ['v2'] }),
		doc('roster', 1, 'active', ROSTER),
		doc('ladder', 4, 'active', { levels: [] }),
		doc('ladder', 5, 'retired', { levels: ['old'] }),
	]);
	return fake;
}

describe('SLA Store: Get Configuration', () => {
	it('returns the highest active version of each document on every item', async () => {
		const fake = configured();
		const { json, outputs } = await run(fake, 'getConfig', { items: [{ n: 1 }, { n: 2 }], parameters: { fillLoad: false } });
		expect(json[0]).toHaveLength(2);
		expect(json[0][1]).toEqual({ n: 2, config: { policySet: { policies: ['v2'] }, roster: ROSTER, ladder: { levels: [] } }, configVersions: { policySet: 2, roster: 1, ladder: 4 } });
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('reads every document in one call to the config table, whatever their number', async () => {
		const fake = configured();
		fake.resetCalls();
		const { json } = await run(fake, 'getConfig', { parameters: { documents: 'policySet, roster, ladder', fillLoad: false } });
		expect(json[0][0].configVersions).toEqual({ policySet: 2, roster: 1, ladder: 4 });
		expect(fake.count('rows', table('config'))).toBe(1);
	});

	it("puts the set's versions under change control on every item with Policy Versions of Set, an empty list while it has none", async () => {
		const fake = configured();
		const none = await run(fake, 'getConfig', { items: [{ n: 1 }, { n: 2 }], parameters: { documents: 'policySet', fillLoad: false, policyVersionsOf: 'support' } });
		expect(none.json[0].map((item) => item.policyVersions)).toEqual([[], []]);
		const version = { set: 'support', version: 1, document: { policies: ['v1 under change control'] }, author: { id: 'u1' }, createdAt: iso(T0), approver: { id: 'u2' }, approvedAt: iso(T0), effectiveAt: iso(T0) };
		fake.insertNow(table('policyVersions'), [{ set: 'support', version: 1, state: 'active', authorId: 'u1', approverId: 'u2', effectiveAt: iso(T0), record: JSON.stringify(version) }]);
		fake.resetCalls();
		const { json } = await run(fake, 'getConfig', { items: [{ n: 1 }, { n: 2 }], parameters: { documents: 'policySet', fillLoad: false, policyVersionsOf: 'support' } });
		expect(json[0].map((item) => item.policyVersions)).toEqual([[version], [version]]);
		expect(json[0][0].config).toEqual({ policySet: { policies: ['v2'] } });
		expect(fake.count('rows', table('policyVersions'))).toBe(1);
		const without = await run(fake, 'getConfig', { parameters: { documents: 'policySet', fillLoad: false } });
		expect(without.json[0][0]).not.toHaveProperty('policyVersions');
	});

	it('names the document the store has no active version of', async () => {
		const fake = configured();
		await expect(run(fake, 'getConfig', { parameters: { documents: 'policySet, routing', fillLoad: false } })).rejects.toThrow('Documents: the store has no active "routing" document');
	});

	it("fills each roster agent's load from the open tickets assigned to them (by id or email)", async () => {
		const fake = configured();
		await record(fake, [
			ticketEvent({ eventId: 'a', ticketId: 'T-1', customer: { id: 'C-1' }, ticket: { assignee: 'agent-1' } }),
			ticketEvent({ eventId: 'b', ticketId: 'T-2', customer: { id: 'C-2' }, ticket: { assignee: 'agent-1' } }),
			ticketEvent({ eventId: 'c', ticketId: 'T-3', customer: { id: 'C-3' }, ticket: { assignee: 'ana@example.com' } }),
			ticketEvent({ eventId: 'd', ticketId: 'T-4', customer: { id: 'C-4' }, ticket: { assignee: 'agent-3' } }),
			ticketEvent({ eventId: 'e', ticketId: 'T-4', customer: { id: 'C-4' }, type: 'status', status: 'solved', at: T0 + 60_000 }),
		]);
		const { json } = await run(fake, 'getConfig');
		expect(json[0][0].config.roster.agents.map((agent: { id: string; load: number }) => [agent.id, agent.load])).toEqual([
			['agent-1', 3],
			['agent-2', 0],
			['agent-3', 0],
		]);
	});

	it("reads only the roster agents' open tickets, not every open ticket of the store", async () => {
		const fake = configured({ pageSize: 10 });
		const row = (i: number, assignee: string | null, open = true) => ({ key: `generic:T-${i}`, source: 'generic', ticketId: `T-${i}`, open, assignee, drill: false, version: 1, record: '{}' });
		fake.insertNow(table('tickets'), [
			...Array.from({ length: 500 }, (_, i) => row(i, i % 2 === 0 ? null : `someone-${i}`)),
			row(500, 'agent-1'),
			row(501, 'cy@example.com'),
			row(502, 'agent-1', false),
		]);
		fake.resetCalls();
		const { json } = await run(fake, 'getConfig');
		expect(json[0][0].config.roster.agents.map((agent: { id: string; load: number }) => [agent.id, agent.load])).toEqual([
			['agent-1', 1],
			['agent-2', 0],
			['agent-3', 1],
		]);
		// one page per agent id and email (five), where reading every open ticket takes fifty
		expect(fake.requests).toBeLessThan(15);
	});

	it('counts tickets the Skill Router assigned (routing.assignee is an agent record) in the load', async () => {
		const fake = configured();
		await record(fake, [ticketEvent()]);
		const routing = { outcome: 'assigned', assignee: { id: 'agent-2', name: 'Ben', region: 'eu', group: null }, queue: null };
		await run(fake, 'saveState', { items: [{ key: 'generic:T-1', routing, sla: { state: 'running', nextCheckAt: iso(T0 + 3_600_000) } }], parameters: { now: iso(T0) } });
		expect(rowsOf(fake, 'tickets')[0].assignee).toBe('agent-2');
		const { json } = await run(fake, 'getConfig');
		expect(json[0][0].config.roster.agents.find((agent: { id: string }) => agent.id === 'agent-2').load).toBe(1);
	});

	it('fails naming a document the store does not have; under continue-on-fail every item leaves as an error', async () => {
		const fake = configured();
		await expect(run(fake, 'getConfig', { parameters: { documents: 'policySet, calendars' } })).rejects.toThrow(/no active "calendars" document/);
		const { outputs } = await run(fake, 'getConfig', { items: [{ n: 1 }, { n: 2 }], parameters: { documents: 'calendars' }, continueOnFail: true });
		expect(outputs[0].map((item) => [item.json.n, item.pairedItem])).toEqual([
			[1, { item: 0 }],
			[2, { item: 1 }],
		]);
		expect(outputs[0][0].json.error).toMatch(/calendars/);
	});
});

describe('SLA Store: Set Up Tables', () => {
	const SEED = { policySet: { policies: ['seeded'] }, roster: { agents: [] }, runtime: { channels: { alerts: '#sla' } } };

	it('creates the missing tables with their columns and seeds each document once, as version 1', async () => {
		const fake = new FakeDataTables({ clock: () => T0 });
		fake.createTableNow(table('events'), [{ name: 'eventId', type: 'string' }]);
		const { json } = await run(fake, 'setUp', { parameters: { seed: JSON.stringify(SEED), runtime: { webhookBaseUrl: 'http://n8n:5678' }, now: iso(T0) } });
		expect(json[0][0].tables.map((entry: { table: string; created: boolean }) => [entry.table, entry.created])).toEqual(TABLE_NAMES.map((name) => [table(name), name !== 'events']));
		expect(fake.tableNames().sort()).toEqual(TABLE_NAMES.map(table).sort());
		expect(fake.columnsOf(table('tickets'))).toEqual(Object.entries(TABLES.tickets.columns).map(([name, type]) => ({ name, type })));
		expect(json[0][0].seeded).toEqual(['policySet', 'roster', 'runtime']);
		const config = rowsOf(fake, 'config');
		expect(config.map((row) => [row.name, row.version, row.status, row.author, row.activatedAt])).toEqual([
			['policySet', 1, 'active', 'setup', iso(T0)],
			['roster', 1, 'active', 'setup', iso(T0)],
			['runtime', 1, 'active', 'setup', iso(T0)],
		]);
		expect(JSON.parse(String(config[2].document))).toEqual({ channels: { alerts: '#sla' }, webhookBaseUrl: 'http://n8n:5678' });
	});

	it('run again, it creates nothing, seeds only new documents and never overwrites an existing one', async () => {
		const fake = new FakeDataTables();
		await run(fake, 'setUp', { parameters: { seed: SEED } });
		const before = rowsOf(fake, 'config');
		const { json } = await run(fake, 'setUp', { parameters: { seed: { policySet: { policies: ['changed'] }, ladder: { levels: [1] } }, runtime: { webhookBaseUrl: 'http://elsewhere' } } });
		expect(json[0][0].tables.every((entry: { created: boolean }) => !entry.created)).toBe(true);
		expect(json[0][0].seeded).toEqual(['ladder']);
		const after = rowsOf(fake, 'config');
		expect(after.slice(0, before.length)).toEqual(before);
		expect(after.map((row) => row.name)).toEqual(['policySet', 'roster', 'runtime', 'ladder']);
		expect(fake.tableNames()).toHaveLength(TABLE_NAMES.length);
	});

	it('refuses a seed that is not JSON, naming the parameter', async () => {
		await expect(run(new FakeDataTables(), 'setUp', { parameters: { seed: '{ policySet: ' } })).rejects.toThrow(/Seed Configuration: is not valid JSON/);
	});
});
