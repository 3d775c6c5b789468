import { firstInRun, levelActions, planDeliveries } from '../../../engine/escalation/delivery';
import { DEFAULT_LADDER } from '../../../engine/escalation/ladder';
import { compileCalendar } from '../../../engine/calendar/calendar';
import { escalationOf, ladderOf, ticket } from './ticket-fixtures';

const destinations = (escalation: ReturnType<typeof escalationOf>) => escalation.deliveries.map((delivery) => delivery.destination);

describe('the Slack deliveries of a plan', () => {
	it('posts a level that notifies the channel into the ticket’s thread, with its own key', () => {
		const escalation = escalationOf(ticket(55));
		expect(escalation.deliveries.map(({ key, destination }) => ({ key, destination }))).toEqual([
			{ key: 'sla-escalation:v1:T-42:firstResponse:cycle-1:level-1:thread', destination: 'thread' },
		]);
	});

	it('also tells leadership at the breach level, when a leadership channel is set', () => {
		expect(destinations(escalationOf(ticket(105)))).toEqual(['thread', 'leadership']);
		expect(destinations(escalationOf(ticket(105), { delivery: { leadershipChannel: '' } }))).toEqual(['thread']);
	});

	it('sends a direct message to each user a level names, only while paging is allowed', () => {
		const settings = { ladder: ladderOf({ type: 'notifyChannel' }, { type: 'notifyUsers', users: ['U0LEAD01', 'U0LEAD02'] }) };
		expect(destinations(escalationOf(ticket(60), { settings }))).toEqual(['thread', 'user:U0LEAD01', 'user:U0LEAD02']);

		const closed = compileCalendar({ timezone: 'UTC', weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] } }, 'Paging Hours');
		const quiet = { ...settings, paging: { calendar: closed, alwaysPageTiers: [], alwaysPagePriorities: [] } };
		expect(destinations(escalationOf(ticket(60), { settings: quiet }))).toEqual(['thread']);
	});

	it('gives a level that only changes the ticket one record delivery, so it too happens once', () => {
		const escalation = escalationOf(ticket(60), { settings: { ladder: ladderOf({ type: 'raisePriority' }) } });
		expect(escalation.deliveries.map((delivery) => delivery.key)).toEqual(['sla-escalation:v1:T-42:firstResponse:cycle-1:level-1:record']);
	});

	it('has no deliveries when nothing is due', () => {
		expect(escalationOf(ticket(20)).deliveries).toEqual([]);
		expect(planDeliveries(escalationOf(ticket(20)).plan, { leadershipChannel: '#leads' })).toEqual([]);
	});
});

describe('what a level does in Slack', () => {
	it('counts a mention as posting in the channel', () => {
		expect(levelActions(ladderOf({ type: 'mention', targets: ['here'] }).levels[0])).toEqual({ notifyChannel: true, mentions: ['here'], users: [], leadership: false });
		expect(levelActions(DEFAULT_LADDER.levels[2])).toEqual({ notifyChannel: true, mentions: ['here'], users: [], leadership: true });
	});
});

describe('one run', () => {
	it('sends a ticket listed twice once, and marks the second as repeated', () => {
		const first = escalationOf(ticket(80)).deliveries;
		const [once, again] = firstInRun([first, escalationOf(ticket(80)).deliveries]);
		expect(once).toEqual({ deliveries: first, repeated: false });
		expect(again).toEqual({ deliveries: [], repeated: true });
	});

	it('keeps the new deliveries of a ticket that comes again further up the ladder', () => {
		const [, later] = firstInRun([escalationOf(ticket(80)).deliveries, escalationOf(ticket(105)).deliveries]);
		expect(later.repeated).toBe(false);
		expect(later.deliveries.map((delivery) => delivery.destination)).toEqual(['thread', 'leadership']);
	});

	it('does not call a ticket with nothing due repeated', () => {
		expect(firstInRun([[], []])).toEqual([
			{ deliveries: [], repeated: false },
			{ deliveries: [], repeated: false },
		]);
	});
});
