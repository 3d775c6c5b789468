import { lacksOffset } from '../../../engine/core';
import { compilePolicySet, computeSla } from '../../../engine/sla';

const policySet = compilePolicySet({
	calendars: [{ name: 'Always', timezone: 'UTC', alwaysOpen: true }],
	policies: [{ name: 'Default', calendar: 'Always', targets: { firstResponse: 60 } }],
});
const now = Date.parse('2026-03-28T12:00:00Z');

describe('ticket timestamps need an offset', () => {
	test('a createdAt without an offset is refused with the field named, not read as UTC', () => {
		expect(() => computeSla({ id: 'T-1', createdAt: '2026-03-27 16:30' }, policySet, now)).toThrow(/^createdAt: "2026-03-27 16:30" has no UTC offset/);
		expect(() => computeSla({ id: 'T-1', createdAt: '2026-03-27' }, policySet, now)).toThrow(/^createdAt: .*no UTC offset/);
	});

	test('an event time without an offset is refused with its index named', () => {
		const ticket = { id: 'T-1', createdAt: '2026-03-27T16:30:00+01:00', events: [{ type: 'agent_reply', at: '2026-03-27T17:00:00' }] };
		expect(() => computeSla(ticket, policySet, now)).toThrow(/^events\[0\]\.at: .*no UTC offset/);
	});

	test('Z, +hh:mm, +hhmm and epoch milliseconds are all explicit', () => {
		for (const value of ['2026-03-27T16:30:00Z', '2026-03-27T16:30:00+01:00', '2026-03-27T16:30:00-0330', '2026-03-27T16:30:00.123z', 1774625400000]) {
			expect(lacksOffset(value)).toBe(false);
		}
		expect(lacksOffset('2026-03-27T16:30:00')).toBe(true);
		expect(lacksOffset('not a time')).toBe(false);
		expect(computeSla({ id: 'T-1', createdAt: '2026-03-28T11:10:00Z' }, policySet, now).firstResponse?.state).toBe('at_risk');
	});
});
