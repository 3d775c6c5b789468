import { delivered, startDispatch } from '../../../engine/escalation/dispatch';
import { recordAfterSending, recordWithoutSending } from '../../../engine/escalation/escalation-outcome';
import { compileCalendar } from '../../../engine/calendar/calendar';
import { traceIdOf } from '../../../engine/escalation/ticket-escalation';
import { escalationOf, MIN, T0, ticket } from './ticket-fixtures';

const facts = { repeatedInRun: false, dryRun: false };

describe('the record written when nothing is sent', () => {
	it('says no action is taken yet, and when to check again', () => {
		const escalation = escalationOf(ticket(20));
		expect(recordWithoutSending(escalation, { ...facts, pending: [] })).toEqual({
			status: 'noAction',
			why: 'No escalation level is due yet.',
			level: 0,
			levels: [],
			nextCheckAt: new Date(T0 + 36 * MIN).toISOString(),
			checkedAt: '2026-03-10T09:00:00.000Z',
			traceId: 'trace-1',
		});
	});

	it('keeps what the earlier record held', () => {
		const record = recordWithoutSending(escalationOf(ticket(20, { escalation: { slack: { channel: 'C1', ts: '1.0' } } })), { ...facts, pending: [] });
		expect(record).toMatchObject({ status: 'noAction', slack: { channel: 'C1', ts: '1.0' } });
	});

	it('suppresses an acknowledged ticket with the plan’s reason', () => {
		const events = [{ type: 'acknowledged', at: new Date(T0 - 5 * MIN).toISOString() }];
		const record = recordWithoutSending(escalationOf(ticket(80, { events })), { ...facts, pending: [] });
		expect(record).toMatchObject({ status: 'suppressed', reason: 'acknowledged', nextCheckAt: new Date(T0 + 55 * MIN).toISOString() });
	});

	it('suppresses the second listing of a ticket in one run', () => {
		const escalation = escalationOf(ticket(80));
		expect(recordWithoutSending(escalation, { ...facts, repeatedInRun: true, pending: escalation.deliveries })).toMatchObject({
			status: 'suppressed',
			reason: 'duplicateInRun',
			why: 'The same ticket came earlier in this run; its escalation is sent once.',
		});
	});

	it('suppresses a level n8n’s deduplication store already holds, naming it', () => {
		expect(recordWithoutSending(escalationOf(ticket(80)), { ...facts, pending: [] })).toMatchObject({
			status: 'suppressed',
			reason: 'alreadySent',
			why: 'Already sent: L2 Warning on firstResponse (cycle 1) (n8n deduplication store).',
		});
	});

	it('a level sent by a run whose record was lost still counts as reached', () => {
		const record = recordWithoutSending(escalationOf(ticket(80)), { ...facts, pending: [] });
		expect(record).toMatchObject({ status: 'suppressed', reason: 'alreadySent', level: 2 });
	});

	it('lists the messages of a dry run, and the actions it would ask of the ticket', () => {
		const escalation = escalationOf(ticket(105));
		const record = recordWithoutSending(escalation, { ...facts, dryRun: true, pending: escalation.deliveries });
		expect(record).toMatchObject({
			status: 'escalated',
			why: 'Dry run: would send L3 Breach on firstResponse.',
			dryRun: true,
			sent: [],
			levels: [],
			actions: { raisePriority: { from: 'normal', to: 'high', level: 3 } },
			paging: { page: true, reason: 'noCalendar', quietUntil: null },
		});
		expect((record!.messages as unknown[]).length).toBe(2);
	});

	it('leaves a ticket with deliveries to send to the dispatch', () => {
		const escalation = escalationOf(ticket(55));
		expect(recordWithoutSending(escalation, { ...facts, pending: escalation.deliveries })).toBeNull();
	});
});

describe('the record written after sending', () => {
	it('records the levels sent, the thread and the actions', () => {
		const escalation = escalationOf(ticket(105));
		let dispatch = startDispatch(escalation);
		escalation.deliveries.forEach((delivery, n) => {
			dispatch = delivered(dispatch, delivery, escalation, { channel: `C${n}`, ts: `ts-${n}` });
		});
		const record = recordAfterSending(escalation, dispatch);
		expect(record).toMatchObject({
			status: 'escalated',
			why: 'Sent L3 Breach on firstResponse.',
			level: 3,
			slack: { channel: 'C0', ts: 'ts-0' },
			actions: { raisePriority: { from: 'normal', to: 'high', level: 3 } },
		});
		expect(record.sent).toHaveLength(2);
		expect(record).not.toHaveProperty('parentUpdate');
	});

	it('says when a level went out without paging anyone', () => {
		const closed = compileCalendar({ timezone: 'UTC', weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] } }, 'Paging Hours');
		const escalation = escalationOf(ticket(55), { settings: { paging: { calendar: closed, alwaysPageTiers: [], alwaysPagePriorities: [] } } });
		const dispatch = delivered(startDispatch(escalation), escalation.deliveries[0], escalation, { channel: 'C1', ts: '1.0' });
		const record = recordAfterSending(escalation, dispatch);
		expect(record.why).toBe('Sent L1 Heads-up on firstResponse without paging (outside paging hours).');
		expect(record.paging).toEqual({ page: false, reason: 'quietHours', quietUntil: '2026-03-16T09:00:00.000Z' });
		expect((record.levels as Array<{ paged: boolean }>)[0].paged).toBe(false);
	});
});

describe('the trace id', () => {
	it('is the configured one, else the ticket’s traceId, else the fallback', () => {
		expect(traceIdOf({ traceId: 'from-ticket' }, 'configured', 'exec-1-0')).toBe('configured');
		expect(traceIdOf({ traceId: 'from-ticket' }, '', 'exec-1-0')).toBe('from-ticket');
		expect(traceIdOf({ traceId: '' }, '', 'exec-1-0')).toBe('exec-1-0');
		expect(traceIdOf({}, '', 'exec-1-0')).toBe('exec-1-0');
	});
});
