import { computeSla } from '../../../engine/sla/clock';
import type { ClockOptions, SlaResult } from '../../../engine/sla/clock';
import { compilePolicySet, PolicyError, SLA_METRICS } from '../../../engine/sla/policy';
import type { PolicySet, PolicySetSpec, SlaPolicySpec, SlaTargets } from '../../../engine/sla/policy';
import { TicketFieldError } from '../../../engine/core/ticket';
import type { Ticket, TicketEvent } from '../../../engine/core/ticket';
import { HOUR, MINUTE, weekdayHours } from '../../support/time';

/*
 * The SLA clocks as a support lead would describe them. Calendars are real: the Berlin office is open
 * Monday to Friday 09:00–17:00 (Europe/Berlin) and closed on German public holidays. March 2026:
 * Tue 10, Wed 11, Thu 12, Fri 13, Mon 16, Fri 20; Berlin is on UTC+01:00 until 29 March.
 */
const weekdays = weekdayHours('09:00', '17:00');
const CALENDARS = [
	{ name: 'Berlin Office', timezone: 'Europe/Berlin', weeklyHours: weekdays, holidays: { country: 'DE' } },
	{ name: 'New York Office', timezone: 'America/New_York', weeklyHours: weekdays },
	{ name: 'Berlin 24/7', timezone: 'Europe/Berlin', alwaysOpen: true },
	{ name: 'UTC 24/7', timezone: 'UTC', alwaysOpen: true },
];
const STANDARD: SlaPolicySpec = {
	name: 'Standard',
	version: '4',
	calendar: 'Berlin Office',
	targets: { firstResponse: 120, nextResponse: 120, resolution: 960, periodicUpdate: 240 },
};
const POLICIES: SlaPolicySpec[] = [
	{ name: 'Urgent', calendar: 'UTC 24/7', match: { priority: ['urgent'] }, targets: { firstResponse: 60, resolution: 240 } },
	{ name: 'US', calendar: 'New York Office', match: { tier: ['us'] }, targets: { firstResponse: 120 } },
	{ name: 'Night Watch', calendar: 'Berlin 24/7', match: { tier: ['night'] }, targets: { firstResponse: 180 } },
	{ name: 'Long First Response', calendar: 'Berlin Office', match: { tier: ['pro'] }, targets: { firstResponse: 480 } },
	STANDARD,
];
const SET = compilePolicySet({ calendars: CALENDARS, policies: POLICIES });

/** A set with one policy on the Berlin office calendar with just these targets. */
function only(targets: SlaTargets, extra: Partial<PolicySetSpec> & { atRiskPercent?: number } = {}): PolicySet {
	const { atRiskPercent, ...rest } = extra;
	return compilePolicySet({ calendars: CALENDARS, policies: [{ name: 'Only', calendar: 'Berlin Office', targets, atRiskPercent }], ...rest });
}

/** Berlin wall-clock time in March 2026 (UTC+01:00): `march(10, '09:00')`. */
const march = (day: number, time: string) => `2026-03-${String(day).padStart(2, '0')}T${time}:00+01:00`;
/** The same instant as the engine writes it (calendar zone, milliseconds). */
const out = (day: number, time: string) => `2026-03-${String(day).padStart(2, '0')}T${time}:00.000+01:00`;

const agent = (at: string): TicketEvent => ({ type: 'agent_reply', at, actor: 'agent-7' });
const customer = (at: string): TicketEvent => ({ type: 'customer_reply', at });
const status = (value: string, at: string): TicketEvent => ({ type: 'status', status: value, at });
const ticket = (createdAt: string, events: TicketEvent[] = [], fields: Partial<Ticket> = {}): Ticket => ({
	id: 'T-1',
	createdAt,
	events: [status('open', createdAt), ...events],
	...fields,
});
const sla = (t: Ticket, now: string, set: PolicySet = SET, options?: ClockOptions): SlaResult => computeSla(t, set, Date.parse(now), options);

describe('first response', () => {
	const friday = ticket(march(13, '16:00'));
	const firstResponseOnly = only({ firstResponse: 120 });

	it('counts business hours only: a ticket from Friday 16:00 with a two-hour target is due Monday 10:00', () => {
		const clock = sla(friday, march(16, '09:15'), firstResponseOnly).firstResponse!;
		expect(clock).toMatchObject({ target: 120, startedAt: out(13, '16:00'), dueAt: out(16, '10:00'), state: 'running' });
		expect(clock.elapsedMs).toBe(75 * MINUTE);
		expect(clock.remainingMs).toBe(45 * MINUTE);
		expect(clock.percentUsed).toBe(62.5);
	});

	it('nextCheckAt equals the at-risk instant (75% of the target, in business time)', () => {
		const result = sla(friday, march(16, '09:15'), firstResponseOnly);
		expect(result.nextCheckAt).toBe(out(16, '09:30'));
		expect(sla(friday, march(16, '09:29'), firstResponseOnly).state).toBe('running');
		expect(sla(friday, march(16, '09:30'), firstResponseOnly).state).toBe('at_risk');
	});

	it('an at-risk clock is next checked at its due instant, where it breaches', () => {
		const atRisk = sla(friday, march(16, '09:45'), firstResponseOnly);
		expect(atRisk.firstResponse!.state).toBe('at_risk');
		expect(atRisk.nextCheckAt).toBe(out(16, '10:00'));
		const breached = sla(friday, march(16, '10:00'), firstResponseOnly);
		expect(breached.firstResponse).toMatchObject({ state: 'breached', breachedAt: out(16, '10:00'), dueAt: out(16, '10:00'), remainingMs: 0 });
		expect(breached.nextCheckAt).toBeNull();
	});

	it('keeps running in closed hours: Friday evening the clock is running, not paused', () => {
		const evening = sla(friday, march(13, '20:00'), firstResponseOnly);
		expect(evening.firstResponse).toMatchObject({ state: 'running', elapsedMs: HOUR, dueAt: out(16, '10:00') });
		expect(evening.nextCheckAt).toBe(out(16, '09:30'));
	});

	it('is met by the first agent reply, and stays met however late it is looked at', () => {
		const replied = ticket(march(10, '09:00'), [agent(march(10, '10:30'))]);
		const clock = sla(replied, march(20, '12:00'), firstResponseOnly).firstResponse!;
		expect(clock).toMatchObject({ state: 'met', fulfilledAt: out(10, '10:30'), breachedAt: null, elapsedMs: 90 * MINUTE, dueAt: out(10, '11:00') });
	});

	it('a reply at exactly the due instant is met; a minute later it is breached, with both breachedAt and fulfilledAt', () => {
		const onTime = sla(ticket(march(10, '09:00'), [agent(march(10, '11:00'))]), march(10, '12:00'), firstResponseOnly);
		expect(onTime.firstResponse!.state).toBe('met');
		const late = sla(ticket(march(10, '09:00'), [agent(march(10, '11:01'))]), march(10, '12:00'), firstResponseOnly);
		expect(late.firstResponse).toMatchObject({ state: 'breached', breachedAt: out(10, '11:00'), fulfilledAt: out(10, '11:01'), remainingMs: -MINUTE });
		expect(late.state).toBe('breached');
	});

	it('a reply after closing time is late even though no business time passed since the deadline', () => {
		const result = sla(ticket(march(10, '15:00'), [agent(march(10, '18:00'))]), march(10, '19:00'), firstResponseOnly);
		expect(result.firstResponse).toMatchObject({ state: 'breached', breachedAt: out(10, '17:00'), elapsedMs: 120 * MINUTE });
	});

	it('a ticket created on Sunday starts counting at Monday 09:00', () => {
		const clock = sla(ticket(march(15, '11:00')), march(16, '09:30'), firstResponseOnly).firstResponse!;
		expect(clock).toMatchObject({ elapsedMs: 30 * MINUTE, dueAt: out(16, '11:00') });
	});

	it('a clock evaluated before the ticket was created has used nothing', () => {
		const result = sla(ticket(march(10, '10:00')), march(10, '09:00'), firstResponseOnly);
		expect(result.firstResponse).toMatchObject({ elapsedMs: 0, state: 'running', dueAt: out(10, '12:00') });
		expect(result.nextCheckAt).toBe(out(10, '11:30'));
	});
});

describe('holidays and daylight-saving changes (real calendars)', () => {
	it('does not count Good Friday and Easter Monday (German public holidays)', () => {
		const maundyThursday = ticket('2026-04-02T16:00:00+02:00', [], { customer: { tier: 'enterprise' } });
		const onEasterMonday = sla(maundyThursday, '2026-04-06T12:00:00+02:00', only({ firstResponse: 120 }));
		expect(onEasterMonday.firstResponse).toMatchObject({ elapsedMs: HOUR, state: 'running', dueAt: '2026-04-07T10:00:00.000+02:00' });
		expect(onEasterMonday.nextCheckAt).toBe('2026-04-07T09:30:00.000+02:00');
		const tuesday = sla(maundyThursday, '2026-04-07T09:30:00+02:00', only({ firstResponse: 120 }));
		expect(tuesday.firstResponse).toMatchObject({ elapsedMs: 90 * MINUTE, state: 'at_risk' });
	});

	it('counts business hours across the spring change in Berlin, writing deadlines with the new offset', () => {
		const friday = ticket('2026-03-27T16:30:00+01:00', [], { customer: { tier: 'pro' } });
		const result = sla(friday, '2026-03-30T10:00:00+02:00');
		expect(result.policy.name).toBe('Long First Response');
		expect(result.firstResponse).toMatchObject({ elapsedMs: 90 * MINUTE, startedAt: '2026-03-27T16:30:00.000+01:00', dueAt: '2026-03-30T16:30:00.000+02:00' });
	});

	it('writes instants in the calendar\'s own zone: New York deadlines after the March change are on EDT', () => {
		const result = sla(ticket('2026-03-06T16:00:00-05:00', [], { customer: { tier: 'us' } }), '2026-03-09T09:00:00-04:00');
		expect(result).toMatchObject({ calendar: 'New York Office', timezone: 'America/New_York' });
		expect(result.firstResponse).toMatchObject({ startedAt: '2026-03-06T16:00:00.000-05:00', dueAt: '2026-03-09T10:00:00.000-04:00', elapsedMs: HOUR });
		expect(result.evaluatedAt).toBe('2026-03-09T09:00:00.000-04:00');
	});

	it('a 24/7 clock counts the hour that repeats when Berlin falls back in October', () => {
		const night = ticket('2026-10-25T01:00:00+02:00', [], { customer: { tier: 'night' } });
		const result = sla(night, '2026-10-25T02:30:00+01:00');
		expect(result.firstResponse).toMatchObject({ elapsedMs: 150 * MINUTE, state: 'at_risk', dueAt: '2026-10-25T03:00:00.000+01:00' });
	});
});

describe('pauses', () => {
	const resolutionOnly = only({ resolution: 960 });
	const waitingOverWeekend = ticket(march(12, '10:00'), [
		agent(march(12, '11:00')),
		status('waiting_on_customer', march(12, '11:00')),
		customer(march(16, '10:00')),
		status('open', march(16, '10:00')),
	]);

	it('waiting on customer across a weekend pauses the clock', () => {
		const monday = sla(waitingOverWeekend, march(16, '12:00'), resolutionOnly).resolution!;
		expect(monday).toMatchObject({ state: 'running', elapsedMs: 3 * HOUR, dueAt: out(17, '17:00') });
		// Without the pause, Thursday 11:00 to Monday 12:00 would be 17 business hours: breached.
		const unpaused = sla(ticket(march(12, '10:00'), [agent(march(12, '11:00'))]), march(16, '12:00'), resolutionOnly).resolution!;
		expect(unpaused.state).toBe('breached');
	});

	it('while paused the clock shows no deadline and the ticket needs no check until an event arrives', () => {
		const saturday = sla(waitingOverWeekend, '2026-03-14T12:00:00+01:00', resolutionOnly);
		expect(saturday.state).toBe('paused');
		expect(saturday.resolution).toMatchObject({ state: 'paused', elapsedMs: HOUR, dueAt: null, remainingMs: 15 * HOUR });
		expect(saturday.nextCheckAt).toBeNull();
	});

	it('a reply while paused does not stop the resolution clock: it resumes when the ticket is open again', () => {
		const events = [status('pending', march(10, '10:00')), agent(march(10, '11:00'))];
		const paused = sla(ticket(march(10, '09:00'), events), march(10, '15:00'), only({ firstResponse: 120, resolution: 960 }));
		expect(paused.firstResponse).toMatchObject({ state: 'met', fulfilledAt: out(10, '11:00'), elapsedMs: HOUR });
		expect(paused.resolution).toMatchObject({ state: 'paused', elapsedMs: HOUR, fulfilledAt: null });
		expect(paused.state).toBe('paused');
		const resumed = sla(ticket(march(10, '09:00'), [...events, status('open', march(10, '14:00'))]), march(10, '15:00'), only({ resolution: 960 }));
		expect(resumed.resolution).toMatchObject({ state: 'running', elapsedMs: 2 * HOUR, dueAt: out(12, '13:00') });
	});

	it('moving between pause statuses (pending, then on hold) is one pause', () => {
		const events = [status('pending', march(10, '10:00')), status('on_hold', march(10, '12:00')), status('open', march(10, '14:00'))];
		expect(sla(ticket(march(10, '09:00'), events), march(10, '15:00'), only({ resolution: 960 })).resolution!.elapsedMs).toBe(2 * HOUR);
	});

	it('a clock paused past its at-risk threshold shows paused: it cannot come closer to a breach while paused', () => {
		const events = [status('pending', march(10, '10:45'))];
		const result = sla(ticket(march(10, '09:00'), events), march(10, '15:00'), only({ firstResponse: 120 }));
		expect(result.firstResponse).toMatchObject({ state: 'paused', percentUsed: 87.5, dueAt: null });
		expect(result.nextCheckAt).toBeNull();
	});

	it('a breached clock stays breached while paused', () => {
		const events = [status('pending', march(10, '11:30'))];
		const result = sla(ticket(march(10, '09:00'), events), march(10, '15:00'), only({ firstResponse: 120, resolution: 960 }));
		expect(result.firstResponse).toMatchObject({ state: 'breached', breachedAt: out(10, '11:00'), elapsedMs: 150 * MINUTE });
		expect(result.resolution!.state).toBe('paused');
		expect(result.state).toBe('breached');
	});

	it('pause statuses are the builder\'s, compared without case, spaces or hyphens', () => {
		const set = only({ resolution: 960 }, { pauseStatuses: ['Waiting for Customer'] });
		const events = [status('waiting-for-customer', march(10, '10:00')), status('open', march(10, '12:00')), status('pending', march(10, '13:00'))];
		// "pending" is not a pause status in this set: only 10:00–12:00 is paused.
		expect(sla(ticket(march(10, '09:00'), events), march(10, '15:00'), set).resolution!.elapsedMs).toBe(4 * HOUR);
	});
});

describe('next response', () => {
	const responses = only({ firstResponse: 120, nextResponse: 120 });

	it('a customer reply after an agent reply starts the next-response clock', () => {
		const events = [agent(march(10, '09:30')), customer(march(10, '10:00'))];
		const result = sla(ticket(march(10, '09:00'), events), march(10, '11:00'), responses);
		expect(result.nextResponse).toMatchObject({ startedAt: out(10, '10:00'), elapsedMs: HOUR, state: 'running', dueAt: out(10, '12:00'), instance: 1, breaches: 0 });
		expect(result.nextCheckAt).toBe(out(10, '11:30'));
	});

	it('the first customer reply of an unanswered streak starts it; more replies do not restart it', () => {
		const events = [agent(march(10, '09:30')), customer(march(10, '10:00')), customer(march(10, '10:45'))];
		expect(sla(ticket(march(10, '09:00'), events), march(10, '11:00'), responses).nextResponse).toMatchObject({ startedAt: out(10, '10:00'), instance: 1 });
	});

	it('customer replies before the first agent reply are covered by the first response, not a next response', () => {
		const result = sla(ticket(march(10, '09:00'), [customer(march(10, '09:10'))]), march(10, '09:30'), responses);
		expect(result.nextResponse).toBeUndefined();
		expect(result.firstResponse!.state).toBe('running');
	});

	it('a customer reply re-arms next response; earlier breaches are counted', () => {
		const events = [agent(march(10, '09:30')), customer(march(10, '10:00')), agent(march(10, '13:00')), customer(march(10, '14:00'))];
		const result = sla(ticket(march(10, '09:00'), events), march(10, '14:30'), responses);
		expect(result.nextResponse).toMatchObject({ startedAt: out(10, '14:00'), elapsedMs: 30 * MINUTE, state: 'running', instance: 2, breaches: 1 });
		expect(result.state).toBe('running');
	});

	it('the agent reply that answers a streak fulfils it', () => {
		const events = [agent(march(10, '09:30')), customer(march(10, '10:00')), agent(march(10, '13:00'))];
		const result = sla(ticket(march(10, '09:00'), events), march(10, '14:30'), responses);
		expect(result.nextResponse).toMatchObject({ state: 'breached', breachedAt: out(10, '12:00'), fulfilledAt: out(10, '13:00'), instance: 1, breaches: 1 });
	});
});

describe('periodic update', () => {
	const periodic = only({ periodicUpdate: 240 });

	it('starts with the first agent reply: before it, nothing is measured and the ticket is met', () => {
		const result = sla(ticket(march(10, '09:00')), march(10, '16:00'), periodic);
		expect(result.periodicUpdate).toBeUndefined();
		expect(result.state).toBe('met');
		expect(result.nextCheckAt).toBeNull();
	});

	it('is re-armed by each agent reply and measures the time since the last one', () => {
		const events = [agent(march(10, '09:30')), agent(march(10, '12:00'))];
		const result = sla(ticket(march(10, '09:00'), events), march(10, '15:00'), periodic);
		expect(result.periodicUpdate).toMatchObject({ startedAt: out(10, '12:00'), elapsedMs: 3 * HOUR, state: 'at_risk', dueAt: out(10, '16:00'), instance: 2 });
		expect(result.nextCheckAt).toBe(out(10, '16:00'));
	});

	it('stops while the ticket waits on the customer', () => {
		const events = [agent(march(10, '09:30')), status('pending', march(10, '10:30'))];
		expect(sla(ticket(march(10, '09:00'), events), march(10, '16:00'), periodic).periodicUpdate).toMatchObject({ state: 'paused', elapsedMs: HOUR });
	});
});

describe('resolution', () => {
	it('is met when the ticket is solved in time; solving also fulfils every clock still running', () => {
		const events = [agent(march(10, '09:30')), status('solved', march(10, '12:00'))];
		const result = sla(ticket(march(10, '09:00'), events), march(11, '10:00'));
		expect(result.state).toBe('met');
		expect(result.nextCheckAt).toBeNull();
		expect(result.resolution).toMatchObject({ state: 'met', fulfilledAt: out(10, '12:00'), elapsedMs: 3 * HOUR });
		expect(result.periodicUpdate).toMatchObject({ state: 'met', startedAt: out(10, '09:30'), fulfilledAt: out(10, '12:00') });
	});

	it('a ticket solved without a reply has its first response fulfilled by the resolution', () => {
		const result = sla(ticket(march(10, '09:00'), [status('closed', march(10, '09:45'))]), march(10, '16:00'));
		expect(result.firstResponse).toMatchObject({ state: 'met', fulfilledAt: out(10, '09:45'), elapsedMs: 45 * MINUTE });
	});

	it('solved after its deadline is breached with both breachedAt and fulfilledAt', () => {
		const result = sla(ticket(march(10, '09:00'), [agent(march(10, '09:30')), status('resolved', march(12, '10:00'))]), march(12, '11:00'));
		expect(result.resolution).toMatchObject({ state: 'breached', breachedAt: out(11, '17:00'), fulfilledAt: out(12, '10:00'), remainingMs: -HOUR, percentUsed: 106.25 });
	});

	it('resolved statuses are the builder\'s', () => {
		const set = only({ resolution: 960 }, { resolvedStatuses: ['Done'] });
		const result = sla(ticket(march(10, '09:00'), [status('solved', march(10, '10:00')), status('done', march(10, '11:00'))]), march(10, '15:00'), set);
		expect(result.resolution).toMatchObject({ state: 'met', fulfilledAt: out(10, '11:00'), elapsedMs: 2 * HOUR });
	});
});

describe('reopened tickets', () => {
	const reopened = ticket(march(10, '09:00'), [
		agent(march(10, '09:30')),
		status('solved', march(10, '13:00')),
		customer(march(12, '10:00')),
		status('open', march(12, '10:00')),
	]);
	const resolutionAndFirst = (reopen?: PolicySetSpec['reopen']) => only({ firstResponse: 120, resolution: 960 }, reopen ? { reopen } : {});

	it('while solved, the resolution clock is met', () => {
		expect(sla(reopened, march(11, '12:00'), resolutionAndFirst()).resolution).toMatchObject({ state: 'met', fulfilledAt: out(10, '13:00') });
	});

	it('continue (default): the resolution clock goes on where it stopped, the time while solved not counted', () => {
		const result = sla(reopened, march(12, '12:00'), resolutionAndFirst());
		expect(result).toMatchObject({ cycle: 1, cycleReason: 'created', cycleStartedAt: out(10, '09:00'), followUpOf: null });
		expect(result.resolution).toMatchObject({ state: 'running', elapsedMs: 6 * HOUR, fulfilledAt: null, startedAt: out(10, '09:00') });
		expect(result.firstResponse).toMatchObject({ state: 'met', fulfilledAt: out(10, '09:30') });
		expect(result.nextCheckAt).toBe(out(13, '10:00'));
	});

	it('continue: a customer reply that reopens a solved ticket starts next response, counting from the reopen', () => {
		const events = [agent(march(10, '09:30')), status('solved', march(10, '13:00')), customer(march(12, '09:55')), status('open', march(12, '10:00'))];
		const result = sla(ticket(march(10, '09:00'), events), march(12, '11:00'), only({ nextResponse: 120 }));
		expect(result.nextResponse).toMatchObject({ startedAt: out(12, '09:55'), elapsedMs: HOUR, state: 'running', dueAt: out(12, '12:00') });
	});

	it('new_cycle: a reopen starts fresh first-response and resolution clocks in cycle 2', () => {
		const result = sla(reopened, march(12, '11:00'), resolutionAndFirst({ mode: 'new_cycle' }));
		expect(result).toMatchObject({ cycle: 2, cycleReason: 'reopened', cycleStartedAt: out(12, '10:00'), followUpOf: null });
		expect(result.firstResponse).toMatchObject({ startedAt: out(12, '10:00'), elapsedMs: HOUR, state: 'running', cycle: 2 });
		expect(result.resolution).toMatchObject({ startedAt: out(12, '10:00'), elapsedMs: HOUR, state: 'running', cycle: 2 });
	});

	it('reopen after 10 days starts a follow-up ticket linked to the old one', () => {
		const late = ticket(march(10, '09:00'), [agent(march(10, '09:30')), status('solved', march(10, '13:00')), customer(march(20, '10:00')), status('open', march(20, '10:00'))]);
		const result = sla(late, march(20, '11:00'), resolutionAndFirst({ mode: 'continue', followUpAfterDays: 7 }));
		expect(result).toMatchObject({ cycle: 2, cycleReason: 'follow_up', followUpOf: 'T-1', cycleStartedAt: out(20, '10:00') });
		expect(result.firstResponse).toMatchObject({ startedAt: out(20, '10:00'), elapsedMs: HOUR, state: 'running' });
		expect(result.resolution).toMatchObject({ startedAt: out(20, '10:00'), elapsedMs: HOUR });
	});

	it('a reopen within the follow-up window continues the ticket', () => {
		const result = sla(reopened, march(12, '12:00'), resolutionAndFirst({ mode: 'continue', followUpAfterDays: 7 }));
		expect(result).toMatchObject({ cycle: 1, cycleReason: 'created', followUpOf: null });
		expect(result.resolution!.elapsedMs).toBe(6 * HOUR);
	});

	it('a late reopen is a follow-up in new_cycle mode too', () => {
		const late = ticket(march(2, '09:00'), [status('solved', march(2, '13:00')), status('open', march(12, '10:00'))]);
		expect(sla(late, march(12, '11:00'), resolutionAndFirst({ mode: 'new_cycle', followUpAfterDays: 7 }))).toMatchObject({ cycle: 2, cycleReason: 'follow_up' });
	});

	it('a follow-up of a ticket without an id still starts fresh clocks, with followUpOf null', () => {
		const late = { ...ticket(march(2, '09:00'), [status('solved', march(2, '13:00')), status('open', march(12, '10:00'))]), id: undefined };
		expect(sla(late, march(12, '11:00'), resolutionAndFirst({ mode: 'continue', followUpAfterDays: 7 }))).toMatchObject({ cycleReason: 'follow_up', followUpOf: null });
	});

	it('each reopen in new_cycle mode counts another cycle', () => {
		const twice = ticket(march(10, '09:00'), [
			status('solved', march(10, '10:00')),
			status('open', march(10, '11:00')),
			status('solved', march(10, '12:00')),
			status('open', march(10, '13:00')),
		]);
		expect(sla(twice, march(10, '14:00'), resolutionAndFirst({ mode: 'new_cycle' })).cycle).toBe(3);
	});
});

describe('the ticket as a whole', () => {
	it('reports the policy, its version and calendar', () => {
		const result = sla(ticket(march(10, '09:00')), march(10, '09:30'));
		expect(result).toMatchObject({ policy: { name: 'Standard', version: '4' }, calendar: 'Berlin Office', timezone: 'Europe/Berlin' });
		expect(Object.keys(result).filter((key) => (SLA_METRICS as readonly string[]).includes(key))).toEqual(['firstResponse', 'resolution']);
	});

	it.each<[string, TicketEvent[], string, string]>([
		['breached beats everything', [], march(10, '11:30'), 'breached'],
		['at risk beats running', [], march(10, '10:40'), 'at_risk'],
		['running beats met', [agent(march(10, '09:30'))], march(10, '10:40'), 'running'],
		['paused beats met', [agent(march(10, '09:30')), status('pending', march(10, '09:40'))], march(10, '16:00'), 'paused'],
		['met when every clock is met', [agent(march(10, '09:30')), status('solved', march(10, '10:00'))], march(10, '16:00'), 'met'],
	])('its state is the worst of its clocks: %s', (_case, events, now, state) => {
		expect(sla(ticket(march(10, '09:00'), events), now, only({ firstResponse: 120, resolution: 960 })).state).toBe(state);
	});

	it('nextCheckAt is the earliest change of any clock', () => {
		const events = [agent(march(10, '09:30')), customer(march(10, '10:00'))];
		const result = sla(ticket(march(10, '09:00'), events), march(10, '10:15'), only({ nextResponse: 60, resolution: 960 }));
		expect(result.nextResponse!.state).toBe('running');
		expect(result.nextCheckAt).toBe(out(10, '10:45'));
	});

	it('the at-risk threshold is the policy\'s', () => {
		const set = only({ firstResponse: 100 }, { atRiskPercent: 50 });
		expect(sla(ticket(march(10, '09:00')), march(10, '09:49'), set).state).toBe('running');
		expect(sla(ticket(march(10, '09:00')), march(10, '09:50'), set).state).toBe('at_risk');
		expect(sla(ticket(march(10, '09:00')), march(10, '09:00'), set).nextCheckAt).toBe(out(10, '09:50'));
	});

	it('a sweep that skips a ticket until nextCheckAt misses no change of state', () => {
		const events = [
			agent(march(12, '16:30')),
			customer(march(13, '10:00')),
			status('pending', march(13, '10:30')),
			status('open', march(16, '09:30')),
			customer(march(16, '09:30')),
		];
		const subject = ticket(march(12, '15:00'), events);
		const states = (now: number) => {
			const result = computeSla(subject, SET, now);
			return SLA_METRICS.map((metric) => result[metric]?.state ?? '-').join(',');
		};
		const eventTimes = events.map((event) => Date.parse(event.at));
		let now = Date.parse(march(12, '15:00'));
		const end = Date.parse(march(20, '17:00'));
		let changes = 0;
		while (now < end) {
			const result = computeSla(subject, SET, now);
			const nextEvent = Math.min(...eventTimes.filter((at) => at > now), Infinity);
			const nextCheck = result.nextCheckAt === null ? Infinity : Date.parse(result.nextCheckAt);
			const next = Math.min(nextEvent, nextCheck, end);
			// Nothing changes before the next check or event, sampled every 7 minutes…
			for (let at = now; at < next; at += 7 * MINUTE) expect(states(at)).toBe(states(now));
			expect(states(next - 1)).toBe(states(now));
			// …and at a check, something does.
			if (next === nextCheck) {
				expect(states(next)).not.toBe(states(now));
				changes++;
			}
			now = next;
		}
		expect(changes).toBeGreaterThanOrEqual(4);
	});

	it('a policy change mid-ticket recomputes everything from the ticket\'s start', () => {
		const events = [agent(march(10, '09:30'))];
		const normal = sla(ticket(march(10, '09:00'), events, { priority: 'normal' }), march(10, '14:00'));
		expect(normal.policy.name).toBe('Standard');
		expect(normal.resolution).toMatchObject({ state: 'running', startedAt: out(10, '09:00'), elapsedMs: 5 * HOUR });
		const raised = sla(ticket(march(10, '09:00'), events, { priority: 'urgent' }), march(10, '14:00'));
		expect(raised.policy.name).toBe('Urgent');
		expect(raised.resolution).toMatchObject({ state: 'breached', startedAt: '2026-03-10T08:00:00.000Z', breachedAt: '2026-03-10T12:00:00.000Z', elapsedMs: 5 * HOUR });
		expect(raised.firstResponse).toMatchObject({ state: 'met', elapsedMs: 30 * MINUTE });
	});

	it('field mappings choose the policy, or a policy is named directly', () => {
		const plain = ticket(march(10, '09:00'));
		expect(sla(plain, march(10, '09:30'), SET, { facts: { priority: 'URGENT' } }).policy.name).toBe('Urgent');
		expect(sla(plain, march(10, '09:30'), SET, { policyName: 'us' }).policy.name).toBe('US');
	});
});

describe('events', () => {
	const waiting = [agent(march(12, '11:00')), status('pending', march(12, '11:00')), customer(march(16, '10:00')), status('open', march(16, '10:00'))];

	it('events out of order are sorted by time', () => {
		const inOrder = sla(ticket(march(12, '10:00'), waiting), march(16, '12:00'));
		const shuffled = sla(ticket(march(12, '10:00'), [waiting[3], waiting[1], waiting[2], waiting[0]]), march(16, '12:00'));
		expect(shuffled).toEqual(inOrder);
		expect(shuffled.resolution!.elapsedMs).toBe(3 * HOUR);
	});

	it('events at the same instant keep their order in the list', () => {
		const base = [agent(march(10, '09:30'))];
		const answered = sla(ticket(march(10, '09:00'), [...base, customer(march(10, '10:00')), agent(march(10, '10:00'))]), march(10, '11:00'));
		expect(answered.nextResponse).toMatchObject({ state: 'met', elapsedMs: 0 });
		const waitingOnAgent = sla(ticket(march(10, '09:00'), [...base, agent(march(10, '10:00')), customer(march(10, '10:00'))]), march(10, '11:00'));
		expect(waitingOnAgent.nextResponse).toMatchObject({ state: 'running', elapsedMs: HOUR });
	});

	it('events after "now" have not happened yet: replaying an earlier instant gives the answer of that time', () => {
		const solved = ticket(march(10, '09:00'), [agent(march(10, '09:30')), status('solved', march(10, '12:00'))]);
		expect(sla(solved, march(10, '11:00')).resolution).toMatchObject({ state: 'running', elapsedMs: 2 * HOUR });
	});

	it('an event stamped before the ticket was created counts as happening at creation', () => {
		const early = ticket(march(10, '09:00'), [agent(march(10, '08:59'))]);
		expect(sla(early, march(10, '10:00')).firstResponse).toMatchObject({ state: 'met', elapsedMs: 0, fulfilledAt: out(10, '09:00') });
	});

	it('reply event types can be mapped to a helpdesk\'s own names', () => {
		const zendesk = ticket(march(10, '09:00'), [{ type: 'Public Comment', at: march(10, '09:20') }, { type: 'end-user comment', at: march(10, '09:40') }]);
		const options = { agentReplyTypes: ['public_comment'], customerReplyTypes: ['end_user_comment'] };
		const result = sla(zendesk, march(10, '10:00'), SET, options);
		expect(result.firstResponse).toMatchObject({ state: 'met', fulfilledAt: out(10, '09:20') });
		expect(result.nextResponse).toMatchObject({ state: 'running', startedAt: out(10, '09:40') });
		expect(sla(zendesk, march(10, '10:00')).firstResponse!.state).toBe('running');
	});

	it('notes, assignments and other events do not move the clocks', () => {
		const busy = ticket(march(10, '09:00'), [
			{ type: 'note', at: march(10, '09:10') },
			{ type: 'assigned', at: march(10, '09:20'), actor: 'agent-7' },
			{ type: 'acknowledged', at: march(10, '09:30') },
		]);
		expect(sla(busy, march(10, '10:00'))).toEqual(sla(ticket(march(10, '09:00')), march(10, '10:00')));
	});

	it('a ticket without events, or with events as JSON text, is read the same way', () => {
		const noEvents = sla({ id: 'T-1', createdAt: march(10, '09:00') }, march(10, '10:00'));
		expect(noEvents.firstResponse).toMatchObject({ state: 'running', elapsedMs: HOUR });
		const asText = { id: 'T-1', createdAt: march(10, '09:00'), events: JSON.stringify([agent(march(10, '09:30'))]) as unknown as TicketEvent[] };
		expect(sla(asText, march(10, '10:00')).firstResponse!.state).toBe('met');
	});

	it('reads timestamps with Z, with an offset, with a space, with fractions, and epoch milliseconds', () => {
		const variants = ['2026-03-10T08:00:00Z', '2026-03-10 09:00:00+01:00', '2026-03-10T03:00:00.000-05:00', '2026-03-10T08:00:00.5Z', Date.parse('2026-03-10T08:00:00Z')];
		for (const createdAt of variants) {
			expect(sla({ createdAt } as unknown as Ticket, march(10, '10:00')).firstResponse!.startedAt).toMatch(/^2026-03-10T09:00:00\.(000|500)\+01:00$/);
		}
	});
});

describe('bad ticket data is a clear error naming the field', () => {
	const errorOf = (run: () => unknown): Error => {
		try {
			run();
		} catch (error) {
			return error as Error;
		}
		throw new Error('expected an error, none was thrown');
	};
	const fieldOf = (t: unknown) => {
		const error = errorOf(() => computeSla(t as Ticket, SET, Date.parse(march(10, '12:00'))));
		expect(error).toBeInstanceOf(TicketFieldError);
		return [(error as TicketFieldError).field, error.message];
	};

	it.each<[string, unknown, string, RegExp]>([
		['a missing createdAt', { id: 'T-1', events: [] }, 'createdAt', /is missing/],
		['an unreadable createdAt', { createdAt: 'yesterday' }, 'createdAt', /"yesterday" is not an ISO-8601 timestamp/],
		['an impossible date', { createdAt: '2026-02-30T10:00:00Z' }, 'createdAt', /not an ISO-8601/],
		['an event with an invalid timestamp', { createdAt: march(10, '09:00'), events: [agent(march(10, '09:30')), { type: 'customer_reply', at: '10:00 tomorrow' }] }, 'events[1].at', /"10:00 tomorrow"/],
		['an event without a timestamp', { createdAt: march(10, '09:00'), events: [{ type: 'note' }] }, 'events[0].at', /is missing/],
		['an event without a type', { createdAt: march(10, '09:00'), events: [{ at: march(10, '09:30') }] }, 'events[0].type', /is missing/],
		['a status event without the status', { createdAt: march(10, '09:00'), events: [{ type: 'status', at: march(10, '09:30') }] }, 'events[0].status', /names the new status/],
		['events that are not a list', { createdAt: march(10, '09:00'), events: { type: 'note' } }, 'events', /must be a list/],
		['events as text that is not JSON', { createdAt: march(10, '09:00'), events: '[{type:' }, 'events', /not a JSON list/],
		['an event that is not an object', { createdAt: march(10, '09:00'), events: [agent(march(10, '09:30')), 'reply'] }, 'events[1]', /must be an object/],
	])('%s', (_case, t, field, message) => {
		const [actualField, actualMessage] = fieldOf(t);
		expect(actualField).toBe(field);
		expect(actualMessage).toMatch(message);
	});

	it('an invalid timestamp is an error even on an event that happens after "now"', () => {
		expect(fieldOf({ createdAt: march(10, '09:00'), events: [{ type: 'note', at: '2099-13-01T00:00:00Z' }] })[0]).toBe('events[0].at');
	});

	it('a ticket no policy applies to is a PolicyError', () => {
		const noDefault = compilePolicySet({ calendars: CALENDARS, policies: [POLICIES[0]] });
		const error = errorOf(() => computeSla(ticket(march(10, '09:00')), noDefault, Date.parse(march(10, '10:00'))));
		expect(error).toBeInstanceOf(PolicyError);
		expect(error.message).toMatch(/no policy matches this ticket/);
	});

	it('an unknown policy name is a PolicyError', () => {
		const error = errorOf(() => sla(ticket(march(10, '09:00')), march(10, '10:00'), SET, { policyName: 'Gold' }));
		expect(error).toBeInstanceOf(PolicyError);
		expect((error as PolicyError).field).toBe('policy');
	});

	it('a "now" that is not an instant is a RangeError', () => {
		expect(() => computeSla(ticket(march(10, '09:00')), SET, Number.NaN)).toThrow(RangeError);
	});
});
