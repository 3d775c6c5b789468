import { applyEvent, readIntakeEvent } from '../../../engine/intake';
import type { StoredTicket } from '../../../engine/intake';
import { DEFAULT_DRILL_SCENARIO, drillEvents, drillExpectations } from '../../../engine/drill';

// Easter Monday 2026, ten minutes before AMER's day starts.
const START = Date.parse('2026-04-06T12:50:00Z');
const MIN = 60_000;
const events = drillEvents(DEFAULT_DRILL_SCENARIO, START, 42);

describe('the drill template\'s synthetic tickets', () => {
	it('makes the same drill from the same seed, and another from another seed', () => {
		expect(drillEvents(DEFAULT_DRILL_SCENARIO, START, 42)).toEqual(events);
		const other = drillEvents(DEFAULT_DRILL_SCENARIO, START, 43);
		expect(other.map((event) => event.at)).not.toEqual(events.map((event) => event.at));
	});

	it('piles the waves up within minutes of each other: 19 tickets, and a customer reply for each holiday ticket', () => {
		const created = events.filter((event) => event.type === 'ticket_created');
		const perWave = (wave: string) => created.filter((event) => event.expectation?.wave === wave).length;
		expect([perWave('holiday-emea'), perWave('shift-handoff'), perWave('vip-surge'), perWave('will-breach')]).toEqual([5, 3, 8, 3]);
		expect(events.filter((event) => event.type === 'customer_reply')).toHaveLength(5);
		const minutes = created.map((event) => (Date.parse(event.at) - START) / MIN);
		expect(Math.min(...minutes)).toBe(0);
		expect(Math.max(...minutes)).toBeLessThanOrEqual(15);
	});

	it('spreads each wave over its window: the handoff wave arrives between 13:00 and 13:05', () => {
		const handoff = events.filter((event) => event.expectation?.wave === 'shift-handoff').map((event) => event.at);
		expect(handoff.every((at) => at >= '2026-04-06T13:00:00.000Z' && at <= '2026-04-06T13:05:00.000Z')).toBe(true);
		expect(new Set(handoff).size).toBeGreaterThan(1);
	});

	it('surges VIP and enterprise customers only, in the closed EMEA region', () => {
		const surge = events.filter((event) => event.expectation?.wave === 'vip-surge');
		expect(new Set(surge.map((event) => event.ticket.customer?.tier))).toEqual(new Set(['vip', 'enterprise']));
		expect(surge.every((event) => event.ticket.customer?.region === 'emea' && event.ticket.priority === 'high')).toBe(true);
	});

	it('comes in time order, each event a valid drill event for the intake with "now" at its own time', () => {
		expect(events.map((event) => event.at)).toEqual([...events.map((event) => event.at)].sort());
		for (const body of events) {
			const event = readIntakeEvent(body, { allowNow: true });
			expect(event.drill).toBe(true);
			expect(event.now).toBe(event.at);
		}
	});

	it('stores as 19 drill tickets under the drill source, every event once', () => {
		const store = new Map<string, StoredTicket>();
		for (const body of [...events, ...events.slice(0, 5)]) {
			const event = readIntakeEvent(body, { allowNow: true });
			store.set(event.key, applyEvent(store.get(event.key) ?? null, event).ticket);
		}
		expect(store.size).toBe(19);
		expect([...store.values()].every((ticket) => ticket.drill === true && ticket.source === 'drill' && ticket.tags.includes('drill'))).toBe(true);
		expect([...store.values()].reduce((sum, ticket) => sum + ticket.events.length, 0)).toBe(events.length);
	});

	it('gives every ticket one expectation with the time to check it', () => {
		const expectations = drillExpectations(events);
		expect(expectations).toHaveLength(19);
		expect(expectations.find((expectation) => expectation.wave === 'will-breach')).toEqual({
			ticketKey: 'drill:will-breach-42-001',
			wave: 'will-breach',
			checkAt: '2026-04-06T16:50:00.000Z',
			slaState: 'breached',
			escalated: true,
		});
		expect(expectations.find((expectation) => expectation.wave === 'shift-handoff')).toMatchObject({ checkAt: '2026-04-06T13:10:00.000Z', routingRegion: 'amer' });
	});

	it('refuses a start that is not an instant, or a seed that is not a whole number', () => {
		expect(() => drillEvents(DEFAULT_DRILL_SCENARIO, Number.NaN, 1)).toThrow('start must be an instant in epoch milliseconds, got NaN');
		expect(() => drillEvents(DEFAULT_DRILL_SCENARIO, START, 1.5)).toThrow('seed must be a whole number, got 1.5');
	});
});
