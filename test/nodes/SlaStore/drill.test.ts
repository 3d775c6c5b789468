/**
 * SLA Store's drill operations against the in-memory Data Tables: Generate Drill Events makes the
 * intake events of a scenario, and Check Drill compares the drill tickets the store holds with what
 * the same scenario, start and seed expect.
 */
jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));

import { DEFAULT_DRILL_SCENARIO, drillEvents, drillExpectations, type DrillExpectation } from '../../../engine/drill';
import { properties } from '../../../nodes/SlaStore/description';
import { iso, MINUTE, record, run, storeWithTables, table, ticketEvent, ticketsIn } from './store-harness';
import type { FakeDataTables } from './fake-data-tables';

const START = '2026-04-06T12:50:00Z';
const SEED = 42;
const DRILL = { scenario: JSON.stringify(DEFAULT_DRILL_SCENARIO), start: START, seed: SEED };
const PASSED = 0;
const FAILED = 1;

const events = drillEvents(DEFAULT_DRILL_SCENARIO, Date.parse(START), SEED);
const expectations = drillExpectations(events);

/** The drill's events recorded in the store as the intake records them (drill "now" allowed). */
async function recordDrill(fake: FakeDataTables, drill = events): Promise<void> {
	await record(fake, drill as unknown as Array<Record<string, unknown>>, { allowDrillNow: true, now: '' });
}

/** What the intake and the drill's sweep would have written on a ticket that behaves as expected. */
function asExpected(expectation: DrillExpectation): Record<string, unknown> {
	return {
		key: expectation.ticketKey,
		sla: { state: expectation.slaState ?? 'running', evaluatedAt: expectation.checkAt, nextCheckAt: iso(Date.parse(expectation.checkAt) + 60 * MINUTE) },
		routing: { outcome: expectation.routingRegion ? 'overflowed' : 'queued', region: expectation.routingRegion ?? null, queue: 'VIP Billing' },
		escalation: expectation.escalated ? { status: 'escalated', level: 3, levels: [{ level: 3, metric: 'firstResponse' }] } : { status: 'noAction', level: 0, levels: [] },
	};
}

/** Writes the processed fields back as Save Ticket State does. */
async function save(fake: FakeDataTables, items: Array<Record<string, unknown>>): Promise<void> {
	await run(fake, 'saveState', { items, parameters: { now: START } });
}

describe('SLA Store: Generate Drill Events', () => {
	it('makes one item per intake event of the scenario, in time order, each a drill event carrying its own now', async () => {
		const fake = storeWithTables();
		const result = await run(fake, 'drillEvents', { parameters: DRILL });
		expect(result.json[0]).toEqual(JSON.parse(JSON.stringify(events)));
		expect(result.json[0]).toHaveLength(24);
		expect(result.json[0].every((event) => event.drill === true && event.now === event.at)).toBe(true);
		expect(result.outputs[0].every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		// Generating touches no table.
		expect(fake.requests).toBe(0);
	});

	it('gives the same drill for the same seed and another for another seed', async () => {
		const fake = storeWithTables();
		const again = await run(fake, 'drillEvents', { parameters: DRILL });
		const other = await run(fake, 'drillEvents', { parameters: { ...DRILL, seed: 43 } });
		expect(again.json[0]).toEqual(JSON.parse(JSON.stringify(events)));
		expect(other.json[0].map((event) => event.eventId)).not.toEqual(events.map((event) => event.eventId));
	});

	it('runs the default scenario when Scenario is empty, and starts now when Start is', async () => {
		const now = Date.parse('2026-05-04T08:00:00Z');
		const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
		try {
			const result = await run(storeWithTables(), 'drillEvents', { parameters: { scenario: '', start: '', seed: SEED } });
			expect(result.json[0]).toEqual(JSON.parse(JSON.stringify(drillEvents(DEFAULT_DRILL_SCENARIO, now, SEED))));
		} finally {
			clock.mockRestore();
		}
	});

	it('takes the scenario as an object too (an expression), and the seed as text', async () => {
		const result = await run(storeWithTables(), 'drillEvents', { parameters: { ...DRILL, scenario: DEFAULT_DRILL_SCENARIO, seed: '42' } });
		expect(result.json[0]).toHaveLength(24);
	});

	it('names the parameter and the field to fix', async () => {
		const broken = { ...DEFAULT_DRILL_SCENARIO, waves: [{ ...DEFAULT_DRILL_SCENARIO.waves[0], tickets: 0 }] };
		await expect(run(storeWithTables(), 'drillEvents', { parameters: { ...DRILL, scenario: JSON.stringify(broken) } })).rejects.toThrow(
			'Item 0: Scenario: waves[0].tickets: must be a whole number from 1 to 500',
		);
		await expect(run(storeWithTables(), 'drillEvents', { parameters: { ...DRILL, scenario: '{ not json' } })).rejects.toThrow(/^Item 0: Scenario: is text that is not JSON/);
		await expect(run(storeWithTables(), 'drillEvents', { parameters: { ...DRILL, scenario: '[]' } })).rejects.toThrow('Item 0: Scenario: must be an object');
		await expect(run(storeWithTables(), 'drillEvents', { parameters: { ...DRILL, start: 'Easter Monday' } })).rejects.toThrow('Item 0: Start: "Easter Monday" is not an ISO-8601 timestamp');
		await expect(run(storeWithTables(), 'drillEvents', { parameters: { ...DRILL, seed: 1.5 } })).rejects.toThrow('Item 0: Seed: "1.5" is not a whole number');
	});

	it('leaves a bad item as an error item under continue-on-fail and still makes the good one\'s events', async () => {
		const result = await run(storeWithTables(), 'drillEvents', {
			items: [{ start: START }, { start: 'soon' }],
			parameters: { ...DRILL, start: (index: number) => (index === 0 ? START : 'soon') },
			continueOnFail: true,
		});
		expect(result.json[0]).toHaveLength(25);
		expect(result.json[0][24]).toMatchObject({ start: 'soon', error: 'Item 1: Start: "soon" is not an ISO-8601 timestamp' });
		expect(result.outputs[0][24].pairedItem).toEqual({ item: 1 });
	});

	it('offers the default scenario as the Scenario parameter\'s default', () => {
		const scenario = properties.find((property) => property.name === 'scenario')!;
		expect(JSON.parse(String(scenario.default))).toEqual(DEFAULT_DRILL_SCENARIO);
		expect(scenario.displayOptions?.show?.operation).toEqual(['drillEvents', 'checkDrill']);
	});
});

describe('SLA Store: Check Drill', () => {
	it('passes when every drill ticket in the store is as the scenario expects', async () => {
		const fake = storeWithTables();
		await recordDrill(fake);
		await save(fake, expectations.map(asExpected));
		const result = await run(fake, 'checkDrill', { parameters: DRILL });
		expect(result.json[FAILED]).toEqual([]);
		expect(result.json[PASSED]).toEqual([
			{ scenario: DEFAULT_DRILL_SCENARIO.name, source: 'drill', start: '2026-04-06T12:50:00.000Z', seed: SEED, tickets: 19, checkAt: '2026-04-06T16:50:00.000Z', passed: 19, failed: [] },
		]);
	});

	it('fails with each ticket that is not as expected: what was expected, what the store holds, which fields differ', async () => {
		const fake = storeWithTables();
		await recordDrill(fake);
		const breach = expectations.find((expectation) => expectation.wave === 'will-breach')!;
		const handoff = expectations.find((expectation) => expectation.wave === 'shift-handoff')!;
		await save(fake, [
			...expectations.filter((expectation) => expectation !== breach && expectation !== handoff).map(asExpected),
			{ ...asExpected(breach), sla: { state: 'running', evaluatedAt: breach.checkAt, nextCheckAt: '2026-04-06T18:00:00.000Z' }, escalation: { status: 'noAction', level: 0, levels: [] } },
			{ ...asExpected(handoff), routing: { outcome: 'assigned', region: 'APAC', queue: 'APAC Support' } },
		]);
		const result = await run(fake, 'checkDrill', { parameters: DRILL });
		expect(result.json[PASSED]).toEqual([]);
		const [verdict] = result.json[FAILED];
		expect(verdict.passed).toBe(17);
		// In the order of the drill's events: the urgent tickets arrive first.
		expect(verdict.failed).toEqual([
			expect.objectContaining({ ticketKey: breach.ticketKey, expectation: breach, mismatches: ['slaState', 'escalated'], actual: expect.objectContaining({ slaState: 'running', escalationLevel: 0 }) }),
			expect.objectContaining({ ticketKey: handoff.ticketKey, expectation: handoff, mismatches: ['routingRegion'], actual: expect.objectContaining({ routingRegion: 'apac', routingOutcome: 'assigned' }) }),
		]);
	});

	it('counts the levels a dry run would have sent as reached: the drill template escalates in Dry Run', async () => {
		const fake = storeWithTables();
		await recordDrill(fake);
		const dryRun = { status: 'escalated', dryRun: true, level: 0, levels: [], messages: [{ destination: 'thread', channel: '#support-drills', level: 3, metric: 'firstResponse', text: 'Breach' }] };
		await save(fake, expectations.map((expectation) => ({ ...asExpected(expectation), ...(expectation.escalated ? { escalation: dryRun } : {}) })));
		const result = await run(fake, 'checkDrill', { parameters: DRILL });
		expect(result.json[PASSED][0]).toMatchObject({ passed: 19, failed: [] });
		// What is stored stays as the dry run wrote it.
		expect(ticketsIn(fake).find((ticket) => ticket.key === 'drill:will-breach-42-001')!.escalation).toEqual(dryRun);
	});

	it('reports every ticket missing when the drill never reached the store', async () => {
		const result = await run(storeWithTables(), 'checkDrill', { parameters: DRILL });
		const [verdict] = result.json[FAILED];
		expect(verdict).toMatchObject({ tickets: 19, passed: 0 });
		expect(verdict.failed).toHaveLength(19);
		expect(new Set(verdict.failed.map((failure: { mismatches: string[] }) => failure.mismatches.join()))).toEqual(new Set(['ticket']));
	});

	it('reads only the drill tickets of this drill: other seeds, other sources and live tickets are not counted', async () => {
		const fake = storeWithTables();
		await recordDrill(fake);
		await save(fake, expectations.map(asExpected));
		// Another drill (seed 7) whose tickets all breached, and a live ticket.
		const other = drillEvents(DEFAULT_DRILL_SCENARIO, Date.parse(START), 7);
		await recordDrill(fake, other);
		await save(fake, drillExpectations(other).map((expectation) => ({ ...asExpected(expectation), sla: { state: 'breached' } })));
		await record(fake, [ticketEvent({ eventId: 'live-1', ticketId: 'holiday-emea-42-001' })]);
		const result = await run(fake, 'checkDrill', { parameters: DRILL });
		expect(result.json[PASSED][0]).toMatchObject({ tickets: 19, passed: 19 });
		expect(fake.dump(table('tickets'))).toHaveLength(39);
	});

	it('reports a ticket the sweep should have re-clocked before the check as stale, not as its old state', async () => {
		const fake = storeWithTables();
		await recordDrill(fake);
		const breach = expectations.find((expectation) => expectation.wave === 'will-breach')!;
		await save(fake, [
			...expectations.filter((expectation) => expectation !== breach).map(asExpected),
			// Clocked at intake (breached already, say) with a next check before the drill's check time, never swept.
			{ ...asExpected(breach), sla: { state: 'breached', evaluatedAt: '2026-04-06T12:50:00.000Z', nextCheckAt: '2026-04-06T13:35:00.000Z' } },
		]);
		const result = await run(fake, 'checkDrill', { parameters: DRILL });
		expect(result.json[FAILED][0].failed).toEqual([expect.objectContaining({ ticketKey: breach.ticketKey, mismatches: ['slaState'], actual: expect.objectContaining({ slaStale: true }) })]);
	});
});
