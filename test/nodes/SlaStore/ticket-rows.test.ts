import { nextCheckOf } from '../../../nodes/SlaStore/ticket-rows';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const ticket = (fields: Record<string, unknown>) => ({ key: 'zendesk:1', source: 'zendesk', id: '1', status: 'open', ...fields }) as never;

describe('nextCheckOf', () => {
	it('is the earliest of the clocks, the ladder and a failed write-back asking to be retried', () => {
		const sla = { state: 'breached', nextCheckAt: '2026-03-02T18:00:00.000Z' };
		const escalation = { level: 3, nextCheckAt: '2026-03-03T09:00:00.000Z' };
		expect(nextCheckOf(ticket({ sla, escalation }), NOW)).toBe('2026-03-02T18:00:00.000Z');
		expect(nextCheckOf(ticket({ sla, escalation, writeBack: { level: 0, failures: 1, retryAt: '2026-03-02T10:01:00.000Z' } }), NOW)).toBe('2026-03-02T10:01:00.000Z');
	});

	it('forgets the retry once the write-back went through', () => {
		const sla = { state: 'breached', nextCheckAt: '2026-03-02T18:00:00.000Z' };
		expect(nextCheckOf(ticket({ sla, escalation: { level: 3 }, writeBack: { at: '2026-03-02T10:02:00.000Z', level: 3 } }), NOW)).toBe('2026-03-02T18:00:00.000Z');
	});
});
