/**
 * SLA Store, Get Configuration: a drill's tickets and live tickets hold agent capacity apart. A drill
 * runs at a shifted "now" (Easter Monday 2026 for the default one) while live tickets were assigned at
 * the real clock; counting one world's open tickets in the other's roster made the drill's outcome
 * depend on the hour its store was filled (live tickets routed while AMER was open took Maria's slots
 * away from the drill's handoff wave), and let a running drill take capacity from live tickets.
 */
jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));

import type { FakeDataTables } from './fake-data-tables';
import { iso, record, run, storeWithTables, T0, table, ticketEvent } from './store-harness';

const ROSTER = { agents: [{ id: 'maria', name: 'Maria', capacity: 4 }, { id: 'ana', name: 'Ana', email: 'ana@example.com', capacity: 4 }] };

async function storeWithLiveAndDrillWork(): Promise<FakeDataTables> {
	const fake = storeWithTables();
	fake.insertNow(table('config'), [{ name: 'roster', version: 1, status: 'active', author: 'test', activatedAt: iso(T0), document: JSON.stringify(ROSTER) }]);
	const live = (n: number, assignee: string) => ticketEvent({ eventId: `live-${n}`, ticketId: `L-${n}`, customer: { id: `C-L${n}` }, subject: `Live ticket ${n}`, body: `Live body ${n}`, ticket: { assignee } });
	const drill = (n: number, assignee: string) => ({ ...ticketEvent({ eventId: `drill-${n}`, ticketId: `D-${n}`, customer: { id: `C-D${n}` }, subject: `Drill ticket ${n}`, body: `Drill body ${n}`, ticket: { assignee } }), source: 'drill', drill: true });
	await record(fake, [live(1, 'maria'), live(2, 'maria'), live(3, 'maria'), live(4, 'ana@example.com'), drill(1, 'maria'), drill(2, 'ana')]);
	return fake;
}

const loads = (json: Record<string, any>) => json.config.roster.agents.map((agent: { id: string; load: number }) => [agent.id, agent.load]);

describe('SLA Store: Get Configuration counts drill and live load apart', () => {
	it("gives a drill ticket's roster only the load of open drill tickets, however many live tickets the agents hold", async () => {
		const fake = await storeWithLiveAndDrillWork();
		const { json } = await run(fake, 'getConfig', { items: [{ key: 'drill:D-9', drill: true }], parameters: { documents: 'roster' } });
		expect(loads(json[0][0])).toEqual([
			['maria', 1],
			['ana', 1],
		]);
	});

	it("gives a live ticket's roster only the load of open live tickets: a running drill takes no live capacity", async () => {
		const fake = await storeWithLiveAndDrillWork();
		const { json } = await run(fake, 'getConfig', { items: [{ key: 'generic:L-9' }], parameters: { documents: 'roster' } });
		expect(loads(json[0][0])).toEqual([
			['maria', 3],
			['ana', 1],
		]);
	});

	it('fills each item of a mixed batch from its own world, and leaves the stored roster document as it was', async () => {
		const fake = await storeWithLiveAndDrillWork();
		const { json } = await run(fake, 'getConfig', { items: [{ n: 1, drill: true }, { n: 2 }, { n: 3, drill: true }], parameters: { documents: 'roster' } });
		expect(json[0].map((item) => [item.n, loads(item)])).toEqual([
			[1, [['maria', 1], ['ana', 1]]],
			[2, [['maria', 3], ['ana', 1]]],
			[3, [['maria', 1], ['ana', 1]]],
		]);
		const { json: unfilled } = await run(fake, 'getConfig', { items: [{ drill: true }], parameters: { documents: 'roster', fillLoad: false } });
		expect(unfilled[0][0].config.roster).toEqual(ROSTER);
	});
});
