import { ticketActions } from '../../../engine/escalation/ticket-actions';
import { escalationOf, ladderOf, ticket } from './ticket-fixtures';

const SCALE = ['low', 'normal', 'high', 'urgent'];
const dueOf = (...actions: unknown[]) => {
	const plan = escalationOf(ticket(60), { settings: { ladder: ladderOf(...actions) } }).plan;
	if (plan.outcome !== 'escalate') throw new Error('expected a due level');
	return plan.due;
};

describe('ticket actions of the levels fired', () => {
	it('raises the priority one step and names the level that did it', () => {
		expect(ticketActions(dueOf({ type: 'raisePriority' }), 'normal', SCALE)).toEqual({ raisePriority: { from: 'normal', to: 'high', level: 1 } });
	});

	it('raises twice from where the first raise left it, keeping the original priority as from', () => {
		expect(ticketActions(dueOf({ type: 'raisePriority' }, { type: 'raisePriority' }), 'normal', SCALE)).toEqual({ raisePriority: { from: 'normal', to: 'urgent', level: 1 } });
	});

	it('raises nothing at the top of the scale, or for a priority not on it', () => {
		expect(ticketActions(dueOf({ type: 'raisePriority' }), 'urgent', SCALE)).toEqual({});
		expect(ticketActions(dueOf({ type: 'raisePriority' }), 'P2', SCALE)).toEqual({});
	});

	it('raises to an explicit target, even from no priority at all', () => {
		expect(ticketActions(dueOf({ type: 'raisePriority', to: 'critical' }), undefined, SCALE)).toEqual({ raisePriority: { from: null, to: 'critical', level: 1 } });
	});

	it('asks for a reassignment to a group or lead', () => {
		expect(ticketActions(dueOf({ type: 'reassign', to: 'tier-2', kind: 'group' }), 'normal', SCALE)).toEqual({ reassign: { to: 'tier-2', kind: 'group', level: 1 } });
	});
});
