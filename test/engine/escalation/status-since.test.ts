import type { Ticket } from '../../../engine/core/ticket';
import { currentStatusSince, normalizeStatus } from '../../../engine/escalation/status-since';

const CREATED = Date.parse('2026-03-10T09:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(CREATED + hours * HOUR).toISOString();
const NOW = CREATED + 100 * HOUR;

describe('when the current status began', () => {
	it('is the creation for a ticket without status events', () => {
		expect(currentStatusSince({ status: 'Open', events: [{ type: 'agent_reply', at: at(2) }] }, CREATED, NOW)).toEqual({ status: 'open', since: CREATED });
		expect(currentStatusSince({}, CREATED, NOW)).toEqual({ status: null, since: CREATED });
	});

	it('is the status event that moved the ticket into it', () => {
		const events = [
			{ type: 'status', status: 'open', at: at(1) },
			{ type: 'status', status: 'pending', at: at(5) },
			{ type: 'customer_reply', at: at(6) },
		];
		expect(currentStatusSince({ status: 'pending', events }, CREATED, NOW)).toEqual({ status: 'pending', since: CREATED + 5 * HOUR });
	});

	it('restarts at every change, also back into a status the ticket was in before', () => {
		const events = [
			{ type: 'status', status: 'pending', at: at(1) },
			{ type: 'status', status: 'open', at: at(3) },
			{ type: 'status', status: 'pending', at: at(7) },
		];
		expect(currentStatusSince({ status: 'pending', events }, CREATED, NOW).since).toBe(CREATED + 7 * HOUR);
	});

	it('is not moved by a status event repeating the status, in any spelling', () => {
		const events = [
			{ type: 'status', status: 'On Hold', at: at(2) },
			{ type: 'Status', status: 'on-hold', at: at(4) },
			{ type: 'status', status: 'ON_HOLD', at: at(9) },
		];
		expect(currentStatusSince({ status: 'on hold', events }, CREATED, NOW)).toEqual({ status: 'on_hold', since: CREATED + 2 * HOUR });
	});

	it('reads the events in time order, whatever their order in the list', () => {
		const events = [
			{ type: 'status', status: 'pending', at: at(8) },
			{ type: 'status', status: 'open', at: at(2) },
		];
		expect(currentStatusSince({ status: 'pending', events }, CREATED, NOW).since).toBe(CREATED + 8 * HOUR);
	});

	it('ignores events after now, and counts events before the creation as at it', () => {
		const events = [
			{ type: 'status', status: 'open', at: at(-3) },
			{ type: 'status', status: 'pending', at: at(50) },
		];
		expect(currentStatusSince({ events }, CREATED, CREATED + 10 * HOUR)).toEqual({ status: 'open', since: CREATED });
	});

	it('takes the time the intake last set the status field when another event changed it', () => {
		const events = [{ type: 'status', status: 'open', at: at(1) }];
		const ticket = { status: 'pending', events, intake: { fieldAt: { status: at(6) }, lastEventAt: at(6) } };
		expect(currentStatusSince(ticket, CREATED, NOW)).toEqual({ status: 'pending', since: CREATED + 6 * HOUR });
		expect(currentStatusSince({ status: 'pending', events }, CREATED, NOW).since).toBe(CREATED + HOUR);
		expect(currentStatusSince({ status: 'pending', intake: { fieldAt: { status: at(3) } } }, CREATED, NOW).since).toBe(CREATED + 3 * HOUR);
	});

	it('skips events it cannot read', () => {
		const events = [null, { type: 'status', at: at(1) }, { type: 'status', status: 'pending', at: 'yesterday' }, { type: 'status', status: 'open', at: at(4) }];
		expect(currentStatusSince({ status: 'open', events } as unknown as Ticket, CREATED, NOW).since).toBe(CREATED + 4 * HOUR);
	});

	it('normalises statuses as the SLA Clock does', () => {
		expect(normalizeStatus('  Waiting on-Customer ')).toBe('waiting_on_customer');
	});
});
