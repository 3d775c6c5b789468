import { deliveryMessage, statusMessage } from '../../../engine/escalation/delivery-message';
import { compileCalendar } from '../../../engine/calendar/calendar';
import { customerContext, messageTicket } from '../../../engine/escalation/ticket-summary';
import { escalationOf, ladderOf, ticket } from './ticket-fixtures';

const closed = () => compileCalendar({ timezone: 'UTC', weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] } }, 'Paging Hours');
const blockTexts = (message: { blocks: unknown[] }) => JSON.stringify(message.blocks);

describe('the message of a delivery', () => {
	it('mentions the level’s targets in the ticket’s thread', () => {
		const escalation = escalationOf(ticket(80));
		expect(deliveryMessage(escalation, escalation.deliveries[0]).text).toMatch(/^<!here> Escalation L2 Warning: ticket T-42 \(normal\)/);
	});

	it('posts quietly outside paging hours and says until when', () => {
		const escalation = escalationOf(ticket(80), { settings: { paging: { calendar: closed(), alwaysPageTiers: [], alwaysPagePriorities: [] } } });
		const message = deliveryMessage(escalation, escalation.deliveries[0]);
		expect(message.text).not.toContain('<!here>');
		expect(blockTexts(message)).toContain('Outside paging hours until 2026-03-16T09:00:00.000Z: posted without paging anyone.');
	});

	it('shows level n of the ladder, the trace id and the runbook from the ticket when none is configured', () => {
		const escalation = escalationOf(ticket(55, { runbookUrl: 'https://wiki.example.com/rb' }), { traceId: 'trace-77' });
		const text = blockTexts(deliveryMessage(escalation, escalation.deliveries[0]));
		expect(text).toContain('L1 of 3 · Heads-up');
		expect(text).toContain('Trace ID: `trace-77`');
		expect(text).toContain('https://wiki.example.com/rb');
	});

	it('rewrites the thread’s first message as a status without mentions', () => {
		const escalation = escalationOf(ticket(60), { settings: { ladder: ladderOf({ type: 'mention', targets: ['here'] }) } });
		const status = statusMessage(escalation, escalation.deliveries[0].due);
		expect(status.text).toMatch(/^Escalation status L1 Warn/);
		expect(blockTexts(status)).not.toContain('<!here>');
	});
});

describe('what a message shows of the ticket', () => {
	it('reads the issue type from the intent and the assignee from routing', () => {
		const json = { subject: ' Refund ', priority: 'high', intent: { type: 'billing' }, customer: { company: 'Acme', tier: 'pro' }, routing: { assignee: { name: 'Dana' } } };
		expect(messageTicket(json, 'T-1')).toEqual({ id: 'T-1', subject: 'Refund', priority: 'high', issueType: 'billing', customerName: 'Acme', tier: 'pro', assignee: 'Dana' });
	});

	it('shows the CRM fields, then the other customer fields not already in the message', () => {
		const json = { customer: { id: 'C-1', name: 'Acme', tier: 'pro', region: 'eu', crm: { arr: 120000, accountOwner: 'Sam' } } };
		expect(customerContext(json, [])).toEqual([
			['ARR', '120000'],
			['Account owner', 'Sam'],
			['Region', 'eu'],
		]);
	});

	it('shows exactly the fields a builder lists, labelled from the last part of the path', () => {
		expect(customerContext({ customer: { crm: { arr: 5 } }, plan: 'gold' }, ['customer.crm.arr', 'plan', 'missing.field'])).toEqual([
			['ARR', '5'],
			['Plan', 'gold'],
		]);
	});
});
