import { currentLevel, highestRecordedLevel, previousRecord, sentLevels, threadOf, type SentRecord } from '../../../engine/escalation/escalation-record';
import { SLA_METRICS } from '../../../engine/escalation/ladder';
import { T0, ticket } from './ticket-fixtures';

const sent = (level: number, extra: Partial<SentRecord> = {}): SentRecord => ({
	metric: 'firstResponse',
	cycle: 1,
	level,
	name: `L${level}`,
	sentAt: new Date(T0).toISOString(),
	key: `k${level}`,
	paged: true,
	...extra,
});

describe('the ticket’s escalation record', () => {
	it('is empty on a ticket that has none, or has something else under escalation', () => {
		expect(previousRecord(ticket(50))).toEqual({});
		expect(previousRecord(ticket(50, { escalation: ['not', 'a', 'record'] }))).toEqual({});
		expect(previousRecord(ticket(50, { escalation: { status: 'escalated' } }))).toEqual({ status: 'escalated' });
	});

	it('names the ticket’s Slack thread only when it has both channel and ts', () => {
		expect(threadOf({ slack: { channel: 'C1', ts: '1.0' } })).toEqual({ channel: 'C1', ts: '1.0' });
		expect(threadOf({ slack: { channel: 'C1' } as never })).toBeNull();
		expect(threadOf({})).toBeNull();
	});

	it('reads the levels sent, ignoring entries without a cycle, level or time', () => {
		const levels = [sent(1), { ...sent(2), sentAt: 'yesterday' }, { metric: 'firstResponse', level: 3 }];
		expect(sentLevels({ levels })).toEqual([{ metric: 'firstResponse', cycle: 1, instance: 1, level: 1, sentAt: T0 }]);
		expect(sentLevels(undefined)).toEqual([]);
	});

	it('reports the level reached in the current SLA cycle, not in an earlier one', () => {
		const sla = ticket(80).sla;
		expect(currentLevel(sla, [sent(1), sent(2)], SLA_METRICS)).toBe(2);
		expect(currentLevel(sla, [sent(3, { cycle: 0 }), sent(1)], SLA_METRICS)).toBe(1);
		expect(currentLevel(sla, [sent(2, { metric: 'resolution' })], SLA_METRICS)).toBe(0);
	});

	it('reports level 0 when the ticket’s SLA cannot be read', () => {
		expect(currentLevel(undefined, [sent(2)], SLA_METRICS)).toBe(0);
	});

	it('knows the highest level ever recorded, for any metric or cycle', () => {
		expect(highestRecordedLevel([sent(1), sent(3, { cycle: 0, metric: 'resolution' })])).toBe(3);
		expect(highestRecordedLevel([])).toBe(0);
	});
});
