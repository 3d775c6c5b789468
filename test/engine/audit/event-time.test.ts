import { eventTimeOf } from '../../../engine/audit/event-time';

describe('the time of the recorded event', () => {
	it("is the ticket's latest event, update or creation time", () => {
		const ticket = { createdAt: '2026-03-02T08:00:00Z', updatedAt: '2026-03-02T08:30:00Z', events: [{ type: 'status', at: '2026-03-02T09:00:00+01:00' }, { type: 'note', at: '2026-03-02T08:45:00Z' }] };
		expect(eventTimeOf(ticket)).toBe(Date.UTC(2026, 2, 2, 8, 45));
		expect(eventTimeOf({ createdAt: '2026-03-02T08:00:00Z' })).toBe(Date.UTC(2026, 2, 2, 8));
	});

	it('skips times that cannot be read, and is null when there is none', () => {
		expect(eventTimeOf({ events: [{ at: 'soon' }, null, { at: '2026-03-02T09:00:00Z' }], updatedAt: 'never' })).toBe(Date.UTC(2026, 2, 2, 9));
		expect(eventTimeOf({ events: 'none' })).toBeNull();
	});

	it('reads timestamps with the reader the caller passes', () => {
		expect(eventTimeOf({ createdAt: 'x' }, (value) => (value === 'x' ? 5 : null))).toBe(5);
	});
});
