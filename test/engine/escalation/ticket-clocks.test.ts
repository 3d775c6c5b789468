/**
 * Ladder levels on the ticket's own clocks: its age and its time in the current status, on the wall
 * clock and apart from the SLA metrics.
 */
import type { Ticket } from '../../../engine/core/ticket';
import { deliveryMessage } from '../../../engine/escalation/delivery-message';
import { delivered, startDispatch } from '../../../engine/escalation/dispatch';
import { planEscalation, type EscalationPlan } from '../../../engine/escalation/escalation';
import { recordAfterSending } from '../../../engine/escalation/escalation-outcome';
import { currentLevel, type SentRecord } from '../../../engine/escalation/escalation-record';
import { nextCheckFor, parseLadder, type Ladder } from '../../../engine/escalation/ladder';
import { ticketClockSnapshots } from '../../../engine/escalation/ticket-clocks';
import { escalationOf, escalationSettings, MIN, T0, ticket } from './ticket-fixtures';

const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (at: number) => new Date(at).toISOString();

/** The fixture ticket (first response at `percent`), created at `createdAt`, with status and events. */
function aged(createdAt: number, extra: Record<string, unknown> = {}, percent = 10): Ticket {
	return ticket(percent, { createdAt: iso(createdAt), status: 'open', ...extra });
}

const ageLadder = parseLadder({ levels: [{ name: 'Old case', trigger: { kind: 'ticketAge', minutes: 3 * 24 * 60 }, actions: [{ type: 'nudgeLeadership' }] }] });
const sitsLadder = parseLadder({
	levels: [{ name: 'Sits too long', trigger: { kind: 'timeInStatus', minutes: 2880, statuses: ['open', 'Pending'] }, actions: [{ type: 'nudgeLeadership' }] }],
});

const plan = (subject: Ticket, ladder: Ladder, now: number): EscalationPlan => planEscalation(subject, escalationSettings({ ladder }), now);
const dueOf = (result: EscalationPlan) => (result.outcome === 'escalate' ? result.due.map((due) => [due.metric.metric, due.level.level, due.key]) : []);

/** The ticket as it comes back on the next run after its plan was sent: its record carries the levels sent. */
function afterSending(subject: Ticket, ladder: Ladder, now: number): Ticket {
	const escalation = escalationOf(subject, { settings: { ladder }, now });
	let dispatch = startDispatch(escalation);
	for (const delivery of escalation.deliveries) dispatch = delivered(dispatch, delivery, escalation, delivery.destination === 'thread' ? { channel: 'C1', ts: '1.0' } : null);
	return { ...subject, escalation: recordAfterSending(escalation, dispatch) };
}

describe('reading ticket-clock triggers', () => {
	it('reads ticket age and time in status, with the statuses normalised', () => {
		const ladder = parseLadder({
			levels: [
				{ trigger: { kind: 'ticketAge', minutes: 60 } },
				{ trigger: { kind: 'timeInStatus', minutes: '30', statuses: 'Open, On Hold' } },
				{ trigger: { kind: 'timeInStatus', minutes: 0 } },
			],
		});
		expect(ladder.levels.map((level) => level.trigger)).toEqual([
			{ kind: 'ticketAge', afterMs: HOUR },
			{ kind: 'timeInStatus', afterMs: 30 * MIN, statuses: ['open', 'on_hold'] },
			{ kind: 'timeInStatus', afterMs: 0 },
		]);
	});

	it('names the field at fault', () => {
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'ticketAge' } }] })).toThrow('ladder.levels[0].trigger.minutes: must be a number of zero or more, got undefined');
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'timeInStatus', minutes: -1 } }] })).toThrow('ladder.levels[0].trigger.minutes: must be a number of zero or more, got -1');
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'timeInStatus', minutes: 5, statuses: 7 } }] })).toThrow(
			'ladder.levels[0].trigger.statuses: must be a list or a comma-separated text',
		);
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'age' } }] })).toThrow(
			'ladder.levels[0].trigger.kind: must be one of percentUsed, beforeDue, afterDue, sinceLastEscalation, ticketAge, timeInStatus; got "age"',
		);
	});

	it('refuses SLA metrics on a level that watches the ticket itself', () => {
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'ticketAge', minutes: 5 }, metrics: ['resolution'] }] })).toThrow(
			'ladder.levels[0].metrics: a ticketAge level watches the ticket itself, not an SLA metric: leave metrics out',
		);
		expect(() =>
			parseLadder({ levels: [{ trigger: { kind: 'timeInStatus', minutes: 5 } }, { trigger: { kind: 'sinceLastEscalation', minutes: 60 }, metrics: 'resolution' }] }),
		).toThrow('ladder.levels[1].metrics: this level follows a timeInStatus level, which watches the ticket itself, not an SLA metric: leave metrics out');
	});
});

describe('a ticket-age level', () => {
	const created = T0 - 3 * DAY;

	it('is reached when the ticket is exactly that old on the wall clock, whatever its SLA clocks say', () => {
		expect(plan(aged(created + 1), ageLadder, T0)).toMatchObject({ outcome: 'noAction', why: 'No escalation level is due yet.', nextCheckAt: T0 + 1 });
		expect(dueOf(plan(aged(created), ageLadder, T0))).toEqual([['ticketAge', 1, 'sla-escalation:v1:T-42:ticketAge:cycle-1:level-1']]);
		// A met (fulfilled) SLA clock does not stop it.
		const sla = { state: 'met', cycle: 1, resolution: { state: 'met', fulfilledAt: iso(T0 - DAY), percentUsed: 20, cycle: 1 } };
		expect(plan(aged(created, { sla }), ageLadder, T0).outcome).toBe('escalate');
	});

	it('schedules the next check for when the ticket reaches the age', () => {
		expect(plan(aged(T0 - HOUR), ageLadder, T0).nextCheckAt).toBe(T0 - HOUR + 3 * DAY);
		// Beside the SLA levels, the earlier instant wins.
		const mixed = parseLadder({ levels: [{ trigger: { kind: 'percentUsed', percent: 50 } }, { trigger: { kind: 'ticketAge', minutes: 30 } }] });
		expect(plan(aged(T0 - 20 * MIN), mixed, T0).nextCheckAt).toBe(T0 + 10 * MIN);
		expect(plan(aged(T0 - 20 * MIN), mixed, T0 + 9 * MIN).nextCheckAt).toBe(T0 + 10 * MIN);
	});

	it('fires once per ticket, not once per SLA metric, and never again once sent', () => {
		const sla = {
			state: 'running',
			cycle: 1,
			firstResponse: { state: 'running', percentUsed: 10, elapsedMs: 12 * MIN, remainingMs: 108 * MIN, cycle: 1 },
			resolution: { state: 'running', percentUsed: 5, elapsedMs: 24 * MIN, remainingMs: 456 * MIN, cycle: 1 },
		};
		const subject = aged(created, { sla });
		expect(dueOf(plan(subject, ageLadder, T0))).toHaveLength(1);

		const next = afterSending(subject, ageLadder, T0);
		expect((next.escalation as { levels: unknown[] }).levels).toEqual([expect.objectContaining({ metric: 'ticketAge', cycle: 1, level: 1, name: 'Old case' })]);
		const again = plan(next, ageLadder, T0 + 5 * DAY);
		expect(again).toMatchObject({ outcome: 'suppressed', reason: 'alreadySent', nextCheckAt: null });
		expect(again.outcome === 'suppressed' && again.why).toContain('L1 Old case on ticketAge');
		// A reopen (a new SLA cycle) does not make the ticket young again.
		expect(plan({ ...next, sla: { ...sla, cycle: 2 } }, ageLadder, T0 + 5 * DAY).outcome).toBe('suppressed');
	});

	it('sits on its own track: it neither skips nor is skipped by the SLA levels', () => {
		const ladder = parseLadder({
			levels: [
				{ name: 'Heads-up', trigger: { kind: 'percentUsed', percent: 50 } },
				{ name: 'Old case', trigger: { kind: 'ticketAge', minutes: 60 } },
				{ name: 'Breach', trigger: { kind: 'percentUsed', percent: 100 } },
			],
		});
		const result = plan(aged(T0 - 2 * HOUR, {}, 105), ladder, T0);
		expect(result.outcome === 'escalate' && result.due.map((due) => [due.metric.metric, due.level.level, due.skipped])).toEqual([
			['firstResponse', 3, [1]],
			['ticketAge', 2, []],
		]);
	});

	it('needs the ticket’s creation time, but only when the ladder has such a level', () => {
		expect(() => plan(ticket(10), ageLadder, T0)).toThrow('createdAt: is missing');
		expect(() => plan(ticket(10, { createdAt: 'last week' }), ageLadder, T0)).toThrow('createdAt: "last week" is not an ISO-8601 timestamp');
		expect(plan(ticket(60), parseLadder({ levels: [{ trigger: { kind: 'percentUsed', percent: 50 } }] }), T0).outcome).toBe('escalate');
		expect(ticketClockSnapshots(ticket(10), parseLadder({ levels: [{ trigger: { kind: 'afterDue', minutes: 0 } }] }), T0)).toEqual([]);
	});
});

describe('a time-in-status level', () => {
	const pendingSince = T0 - 2 * DAY;
	const events = [
		{ type: 'status', status: 'open', at: iso(T0 - 5 * DAY) },
		{ type: 'status', status: 'Pending', at: iso(pendingSince) },
	];
	const sitting = (extra: Record<string, unknown> = {}) => aged(T0 - 6 * DAY, { status: 'pending', events, ...extra });

	it('is reached after that long in the current status, not counting the statuses before', () => {
		expect(plan(sitting(), sitsLadder, T0 - 1)).toMatchObject({ outcome: 'noAction', nextCheckAt: T0 });
		expect(dueOf(plan(sitting(), sitsLadder, T0))).toEqual([['timeInStatus', 1, `sla-escalation:v1:T-42:timeInStatus:cycle-1:instance-${pendingSince}:level-1`]]);
	});

	it('watches only the statuses it names, in any case', () => {
		expect(plan(sitting({ status: 'PENDING' }), sitsLadder, T0).outcome).toBe('escalate');
		const solved = [...events, { type: 'status', status: 'solved', at: iso(T0 - 3 * DAY) }];
		const inSolved = aged(T0 - 6 * DAY, { status: 'solved', events: solved });
		// Three days in "solved", which the level does not watch: nothing due; a watched status could be reached in two days at the earliest.
		expect(plan(inSolved, sitsLadder, T0)).toMatchObject({ outcome: 'noAction', nextCheckAt: T0 + 2 * DAY });
		const anyStatus = parseLadder({ levels: [{ trigger: { kind: 'timeInStatus', minutes: 2880 } }] });
		expect(plan(inSolved, anyStatus, T0).outcome).toBe('escalate');
	});

	it('restarts when the status changes: a new stretch is reached, and sent, anew', () => {
		const sent = afterSending(sitting(), sitsLadder, T0);
		expect(plan(sent, sitsLadder, T0 + DAY)).toMatchObject({ outcome: 'suppressed', reason: 'alreadySent', nextCheckAt: null });

		// The customer answers, the ticket is open again: its clock restarts at the change.
		const reopenedAt = T0 + DAY;
		const moved = { ...sent, status: 'open', events: [...events, { type: 'status', status: 'open', at: iso(reopenedAt) }] };
		expect(plan(moved, sitsLadder, reopenedAt + 2 * DAY - 1)).toMatchObject({ outcome: 'noAction', nextCheckAt: reopenedAt + 2 * DAY });
		expect(dueOf(plan(moved, sitsLadder, reopenedAt + 2 * DAY))).toEqual([
			['timeInStatus', 1, `sla-escalation:v1:T-42:timeInStatus:cycle-1:instance-${reopenedAt}:level-1`],
		]);
	});

	it('gives the sweep the instant it comes due, and a bound while in a status it does not watch', () => {
		const [clock] = ticketClockSnapshots(sitting(), sitsLadder, T0 - DAY);
		expect(clock).toMatchObject({ metric: 'timeInStatus', since: pendingSince, instance: pendingSince, status: 'pending', state: 'pending' });
		expect(nextCheckFor(sitsLadder, clock, [], 0, T0 - DAY)).toBe(T0);
		const [elsewhere] = ticketClockSnapshots(sitting({ status: 'new', events: [] }), sitsLadder, T0);
		expect(nextCheckFor(sitsLadder, elsewhere, [], 0, T0)).toBe(T0 + 2 * DAY);
		expect(nextCheckFor(sitsLadder, clock, [], 1, T0)).toBeNull();
	});

	it('is followed by a time-since-last-escalation level on the same track', () => {
		const ladder = parseLadder({
			levels: [
				{ name: 'Heads-up', trigger: { kind: 'percentUsed', percent: 50 } },
				{ name: 'Sits too long', trigger: { kind: 'timeInStatus', minutes: 2880 } },
				{ name: 'Still sitting', trigger: { kind: 'sinceLastEscalation', minutes: 24 * 60 } },
			],
		});
		const sent = afterSending(sitting(), ladder, T0);
		expect(plan(sent, ladder, T0 + DAY - 1)).toMatchObject({ outcome: 'suppressed', nextCheckAt: T0 + DAY });
		expect(dueOf(plan(sent, ladder, T0 + DAY))).toEqual([['timeInStatus', 3, `sla-escalation:v1:T-42:timeInStatus:cycle-1:instance-${pendingSince}:level-3`]]);
	});

	it('says in the message which clock and status it is about', () => {
		const escalation = escalationOf(sitting(), { settings: { ladder: sitsLadder } });
		const message = deliveryMessage(escalation, escalation.deliveries[0]);
		expect(escalation.deliveries.map((delivery) => delivery.destination)).toEqual(['leadership']);
		expect(JSON.stringify(message.blocks)).toContain('on time in status (pending)');
	});
});

describe('the level a ticket-clock level leaves on the record', () => {
	it('counts in escalation.level, so the sweep writes the nudge back like any other level', () => {
		const createdAt = T0 - 4 * DAY;
		const sent = afterSending(aged(createdAt), ageLadder, T0);
		expect((sent.escalation as { level: number }).level).toBe(1);
	});

	it('counts a time-in-status level only for the stretch it was sent in', () => {
		const createdAt = T0 - 3 * DAY;
		const sent = afterSending(aged(createdAt), sitsLadder, T0);
		expect((sent.escalation as { level: number }).level).toBe(1);
		const moved = { ...sent, status: 'pending', events: [{ id: 's1', type: 'status', status: 'pending', at: iso(T0 + HOUR) }] } as Ticket;
		const levels = (sent.escalation as { levels: SentRecord[] }).levels;
		expect(currentLevel(sent.sla, levels, ['firstResponse'], ticketClockSnapshots(sent, sitsLadder, T0))).toBe(1);
		expect(currentLevel(moved.sla, levels, ['firstResponse'], ticketClockSnapshots(moved, sitsLadder, T0 + 2 * HOUR))).toBe(0);
	});
});
