import { checkDrill, DEFAULT_DRILL_SCENARIO, drillEvents, drillExpectations } from '../../../engine/drill';
import type { DrillExpectation, DrillOutcome } from '../../../engine/drill';
import { applyEvent, readIntakeEvent } from '../../../engine/intake';
import type { StoredTicket } from '../../../engine/intake';
import { compilePolicySet, computeSla } from '../../../engine/sla';

const START = Date.parse('2026-04-06T12:50:00Z');
const breach: DrillExpectation = { ticketKey: 'drill:a', wave: 'will-breach', checkAt: '2026-04-06T16:50:00.000Z', slaState: 'breached', escalated: true };
const handoff: DrillExpectation = { ticketKey: 'drill:b', wave: 'shift-handoff', checkAt: '2026-04-06T13:10:00.000Z', routingRegion: 'amer' };

describe('checking a drill against what the store holds afterwards', () => {
	it('passes tickets whose SLA state, escalation and routing are as expected', () => {
		const outcomes: DrillOutcome[] = [
			{ key: 'drill:a', sla: { state: 'breached', evaluatedAt: '2026-04-06T16:50:00.000Z', nextCheckAt: null }, escalation: { level: 2 } },
			{ key: 'drill:b', routing: { outcome: 'overflowed', region: 'AMER', queue: null } },
		];
		expect(checkDrill([breach, handoff], outcomes)).toEqual({ passed: 2, failed: [] });
	});

	it('reports each failing ticket with what was expected, what happened and which fields differ', () => {
		const outcomes: DrillOutcome[] = [{ key: 'drill:a', sla: { state: 'running', nextCheckAt: '2026-04-06T18:00:00.000Z' } }];
		const verdict = checkDrill([breach, handoff], outcomes);
		expect(verdict.passed).toBe(0);
		expect(verdict.failed).toEqual([
			{
				ticketKey: 'drill:a',
				expectation: breach,
				actual: { found: true, slaState: 'running', slaStale: false, escalationLevel: 0, routed: false, routingRegion: null, routingQueue: null, routingOutcome: null },
				mismatches: ['slaState', 'escalated'],
			},
			{
				ticketKey: 'drill:b',
				expectation: handoff,
				actual: { found: false, slaState: null, slaStale: false, escalationLevel: 0, routed: false, routingRegion: null, routingQueue: null, routingOutcome: null },
				mismatches: ['ticket'],
			},
		]);
	});

	it('does not trust an SLA state the sweep should have re-clocked before the check', () => {
		const stale = { key: 'drill:a', sla: { state: 'breached', evaluatedAt: '2026-04-06T13:00:00.000Z', nextCheckAt: '2026-04-06T14:00:00.000Z' }, escalation: { level: 1 } };
		expect(checkDrill([breach], [stale]).failed[0]).toMatchObject({ mismatches: ['slaState'], actual: { slaStale: true } });
	});

	it('fails a ticket routed into the closed region, and one never routed at all', () => {
		const avoid: DrillExpectation = { ticketKey: 'drill:c', wave: 'vip-surge', checkAt: '2026-04-06T13:05:00.000Z', notRoutingRegion: 'emea' };
		expect(checkDrill([avoid], [{ key: 'drill:c', routing: { outcome: 'assigned', region: 'emea' } }]).failed[0].mismatches).toEqual(['notRoutingRegion']);
		expect(checkDrill([avoid], [{ key: 'drill:c' }]).failed[0].mismatches).toEqual(['routing']);
		expect(checkDrill([avoid], [{ key: 'drill:c', routing: { outcome: 'queued', region: null, queue: 'VIP Billing' } }]).passed).toBe(1);
	});

	it('on a 24/7 urgent policy, the tickets meant to breach have breached when checked', () => {
		const policies = compilePolicySet({
			calendars: [{ name: 'UTC 24/7', timezone: 'UTC', alwaysOpen: true }],
			policies: [{ name: 'Urgent', calendar: 'UTC 24/7', targets: { firstResponse: 60, resolution: 240 } }],
		});
		const events = drillEvents(DEFAULT_DRILL_SCENARIO, START, 7);
		const store = new Map<string, StoredTicket>();
		for (const body of events) {
			const event = readIntakeEvent(body, { allowNow: true });
			store.set(event.key, applyEvent(store.get(event.key) ?? null, event).ticket);
		}
		const expectations = drillExpectations(events).filter((expectation) => expectation.wave === 'will-breach');
		const outcomes = expectations.map(({ ticketKey, checkAt }) => {
			const ticket = store.get(ticketKey) as StoredTicket;
			return { ...ticket, sla: computeSla(ticket, policies, Date.parse(checkAt)), escalation: { level: 1 } };
		});
		expect(checkDrill(expectations, outcomes)).toEqual({ passed: 3, failed: [] });
	});
});
