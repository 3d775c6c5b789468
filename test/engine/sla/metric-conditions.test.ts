import { computeSla } from '../../../engine/sla/clock';
import type { ClockOptions, SlaResult } from '../../../engine/sla/clock';
import { compilePolicySet, PolicyError } from '../../../engine/sla/policy';
import type { PolicySetSpec, SlaPolicySpec } from '../../../engine/sla/policy';
import type { Ticket, TicketEvent } from '../../../engine/core/ticket';
import { HOUR, MINUTE, weekdayHours } from '../../support/time';

/*
 * Conditions per metric, checked against timelines worked out by hand. The Berlin office is open
 * Monday to Friday 09:00–17:00 (Europe/Berlin, UTC+01:00 in March 2026): Tue 10, Fri 13, Mon 16.
 */
const CALENDARS = [
	{ name: 'Berlin Office', timezone: 'Europe/Berlin', weeklyHours: weekdayHours('09:00', '17:00'), holidays: { country: 'DE' } },
	{ name: 'Berlin 24/7', timezone: 'Europe/Berlin', alwaysOpen: true },
];
const march = (day: number, time: string) => `2026-03-${String(day).padStart(2, '0')}T${time}:00+01:00`;
const out = (day: number, time: string) => `2026-03-${String(day).padStart(2, '0')}T${time}:00.000+01:00`;

const agent = (at: string): TicketEvent => ({ type: 'agent_reply', at });
const status = (value: string, at: string): TicketEvent => ({ type: 'status', status: value, at });
const tagAdded = (tag: string, at: string): TicketEvent => ({ type: 'tag_added', tag, at });
const tagRemoved = (tag: string, at: string): TicketEvent => ({ type: 'tag_removed', tag, at });
const field = (name: string, value: unknown, at: string): TicketEvent => ({ type: 'field_changed', field: name, value, at });
const ticket = (createdAt: string, events: TicketEvent[] = [], fields: Partial<Ticket> = {}): Ticket => ({ id: 'T-1', createdAt, events, ...fields });

function setOf(policy: Partial<SlaPolicySpec>, extra: Partial<PolicySetSpec> = {}) {
	return compilePolicySet({ calendars: CALENDARS, policies: [{ name: 'Only', calendar: 'Berlin Office', targets: { resolution: 960 }, ...policy }], ...extra });
}
const sla = (t: Ticket, now: string, set: ReturnType<typeof setOf>, options: ClockOptions = {}): SlaResult => computeSla(t, set, Date.parse(now), options);

function errorOf(run: () => unknown): PolicyError {
	try {
		run();
	} catch (error) {
		if (error instanceof PolicyError) return error;
		throw error;
	}
	throw new Error('expected a PolicyError, none was thrown');
}

describe('pause by tag and by field', () => {
	const vendorPause = setOf({ targets: { firstResponse: 240, resolution: 960 }, metrics: { resolution: { pause: { tags: ['waiting_on_vendor'] } } } });
	const waitingOnVendor = ticket(march(10, '09:00'), [agent(march(10, '09:30')), tagAdded('Waiting on Vendor', march(10, '10:00')), tagRemoved('waiting_on_vendor', march(10, '13:00'))]);

	it('resolution stops while the ticket carries waiting_on_vendor: 09:00–10:00 and 13:00–15:00 count, 3 hours', () => {
		const result = sla(waitingOnVendor, march(10, '15:00'), vendorPause);
		// 13 business hours remain at 15:00: Tuesday 15–17, Wednesday 9–17, Thursday 9–12.
		expect(result.resolution).toMatchObject({ state: 'running', elapsedMs: 3 * HOUR, dueAt: out(12, '12:00') });
	});

	it('while the tag is on, resolution is paused and has no deadline; first response is not paused by it', () => {
		const t = ticket(march(10, '09:00'), [tagAdded('waiting_on_vendor', march(10, '10:00'))]);
		const result = sla(t, march(10, '12:00'), vendorPause);
		expect(result.resolution).toMatchObject({ state: 'paused', elapsedMs: HOUR, dueAt: null });
		expect(result.firstResponse).toMatchObject({ state: 'at_risk', elapsedMs: 3 * HOUR, dueAt: out(10, '13:00') });
		expect(result.nextCheckAt).toBe(out(10, '13:00'));
	});

	it('the set\'s pause statuses still pause a metric whose pause names only tags', () => {
		const t = ticket(march(10, '09:00'), [status('pending', march(10, '10:00')), status('open', march(10, '11:00'))]);
		expect(sla(t, march(10, '12:00'), vendorPause).resolution!.elapsedMs).toBe(2 * HOUR);
	});

	it('a tag the ticket carries with no tag event pauses from creation', () => {
		const t = ticket(march(10, '09:00'), [], { tags: ['waiting_on_vendor'] });
		expect(sla(t, march(10, '12:00'), vendorPause).resolution).toMatchObject({ state: 'paused', elapsedMs: 0 });
	});

	it('an event with the whole tag list replaces the tags', () => {
		const t = ticket(march(10, '09:00'), [{ type: 'ticket_updated', at: march(10, '10:00'), tags: ['billing', 'waiting_on_vendor'] }, { type: 'ticket_updated', at: march(10, '11:30'), tags: ['billing'] }]);
		expect(sla(t, march(10, '12:00'), vendorPause).resolution!.elapsedMs).toBe(90 * MINUTE);
	});

	it('pause by field: resolution stops while a vendor ticket is set, from field_changed events', () => {
		const set = setOf({ metrics: { resolution: { pause: { fields: { vendorTicket: true } } } } });
		const t = ticket(march(10, '09:00'), [field('vendorTicket', 'V-77', march(10, '10:00')), field('vendorTicket', '', march(10, '12:00'))]);
		expect(sla(t, march(10, '14:00'), set).resolution!.elapsedMs).toBe(3 * HOUR);
	});

	it('pause by field value, compared without case; a field no event changes has its current value all along', () => {
		const set = setOf({ metrics: { resolution: { pause: { fields: { 'custom.waitingOn': ['vendor', 'partner'] } } } } });
		expect(sla(ticket(march(10, '09:00'), [], { custom: { waitingOn: 'Vendor' } }), march(10, '12:00'), set).resolution).toMatchObject({ state: 'paused', elapsedMs: 0 });
		expect(sla(ticket(march(10, '09:00'), [], { custom: { waitingOn: 'customer' } }), march(10, '12:00'), set).resolution).toMatchObject({ state: 'running', elapsedMs: 3 * HOUR });
	});

	it('own pause statuses replace the set\'s for that metric only (Zendesk: first reply time does not pause in pending)', () => {
		const set = setOf({ targets: { firstResponse: 120, resolution: 960 }, metrics: { firstResponse: { pause: { statuses: [] } } } });
		const result = sla(ticket(march(10, '09:00'), [status('pending', march(10, '10:00'))]), march(10, '12:00'), set);
		expect(result.firstResponse).toMatchObject({ state: 'breached', breachedAt: out(10, '11:00'), elapsedMs: 3 * HOUR });
		expect(result.resolution).toMatchObject({ state: 'paused', elapsedMs: HOUR });
	});

	it('the resolved time never counts, whatever the metric pauses on', () => {
		const set = setOf({ metrics: { resolution: { pause: { statuses: ['waiting_for_vendor'] } } } });
		const t = ticket(march(10, '09:00'), [status('solved', march(10, '10:00')), status('open', march(10, '14:00')), status('waiting_for_vendor', march(10, '15:00'))]);
		expect(sla(t, march(10, '16:00'), set).resolution).toMatchObject({ elapsedMs: 2 * HOUR, state: 'paused' });
	});
});

describe('a calendar and targets per metric', () => {
	const tiered = setOf({
		targets: {
			firstResponse: [{ when: { tier: ['enterprise'] }, minutes: 60 }, { when: { channel: ['chat'] }, minutes: 10 }, { minutes: 240 }],
			resolution: [{ when: { priority: ['urgent'] }, minutes: 240, calendar: 'Berlin 24/7' }, { when: { priority: ['high', 'normal'] }, minutes: 960 }],
		},
	});
	const friday = (fields: Partial<Ticket>) => ticket(march(13, '16:00'), [], fields);

	it('urgent resolution counts 24/7 while first response counts business hours', () => {
		const result = sla(friday({ priority: 'urgent' }), march(16, '09:30'), tiered);
		expect(result.firstResponse).toMatchObject({ target: 240, elapsedMs: 90 * MINUTE, state: 'running' });
		expect(result.firstResponse!.calendar).toBeUndefined();
		expect(result.resolution).toMatchObject({ target: 240, calendar: 'Berlin 24/7', state: 'breached', breachedAt: out(13, '20:00'), elapsedMs: 65.5 * HOUR });
	});

	it('the first goal that fits the ticket sets the target: tier, then channel, then any', () => {
		expect(sla(friday({ customer: { tier: 'Enterprise' }, channel: 'chat' }), march(16, '09:00'), tiered).firstResponse!.target).toBe(60);
		expect(sla(friday({ channel: 'chat' }), march(16, '09:00'), tiered).firstResponse!.target).toBe(10);
		expect(sla(friday({ channel: 'email', priority: 'normal' }), march(16, '09:00'), tiered)).toMatchObject({ firstResponse: { target: 240 }, resolution: { target: 960 } });
	});

	it('a metric no goal fits is not measured, and says so', () => {
		const result = sla(friday({ priority: 'low' }), march(16, '09:00'), tiered);
		expect(result.resolution).toBeUndefined();
		expect(result.excluded).toEqual([{ metric: 'resolution', reason: 'no_goal' }]);
	});

	it('a metric\'s own calendar applies to every goal that names none', () => {
		const set = setOf({ targets: { firstResponse: 120, resolution: 480 }, metrics: { resolution: { calendar: 'Berlin 24/7' } } });
		const result = sla(friday({}), march(14, '00:00'), set);
		expect(result.resolution).toMatchObject({ elapsedMs: 8 * HOUR, state: 'breached', calendar: 'Berlin 24/7' });
		expect(result.firstResponse).toMatchObject({ elapsedMs: HOUR, state: 'running' });
	});
});

describe('excluding a metric for a ticket type', () => {
	const set = setOf({ targets: { firstResponse: 120, resolution: 960 }, metrics: { resolution: { exclude: [{ issueType: ['question'] }, { fields: { type: ['problem'] } }] } } });

	it('questions and problem tickets have no resolution clock; others do', () => {
		const question = sla(ticket(march(10, '09:00'), [], { intent: { type: 'question' } }), march(10, '10:00'), set);
		expect(question.resolution).toBeUndefined();
		expect(question.firstResponse).toBeDefined();
		expect(question.excluded).toEqual([{ metric: 'resolution', reason: 'excluded' }]);
		expect(sla(ticket(march(10, '09:00'), [], { type: 'Problem' }), march(10, '10:00'), set).resolution).toBeUndefined();
		expect(sla(ticket(march(10, '09:00'), [], { type: 'incident' }), march(10, '10:00'), set).resolution).toMatchObject({ elapsedMs: HOUR });
	});

	it('policy match can use tags and fields too', () => {
		const byTag = compilePolicySet({
			calendars: CALENDARS,
			policies: [
				{ name: 'Vendor', calendar: 'Berlin 24/7', match: { tags: ['vendor'], fields: { type: ['incident'] } }, targets: { resolution: 60 } },
				{ name: 'Default', calendar: 'Berlin Office', targets: { resolution: 960 } },
			],
		});
		expect(sla(ticket(march(10, '09:00'), [], { tags: ['Vendor'], type: 'incident' }), march(10, '10:00'), byTag).policy.name).toBe('Vendor');
		expect(sla(ticket(march(10, '09:00'), [], { tags: ['vendor'], type: 'question' }), march(10, '10:00'), byTag).policy.name).toBe('Default');
	});
});

describe('custom metrics with their own start and stop', () => {
	const triage = setOf(
		{ targets: { resolution: 960, timeToTriage: 30 } },
		{ metrics: { timeToTriage: { label: 'Time to triage', start: { created: true }, stop: { tags: ['triaged'], fields: { assignee: true } } } } },
	);

	it('time to triage runs from creation until the triaged tag is added', () => {
		const result = sla(ticket(march(10, '09:00'), [tagAdded('triaged', march(10, '09:40'))]), march(10, '10:00'), triage);
		expect(result.custom!.timeToTriage).toMatchObject({ label: 'Time to triage', state: 'breached', breachedAt: out(10, '09:30'), fulfilledAt: out(10, '09:40'), elapsedMs: 40 * MINUTE });
		expect(result.state).toBe('breached');
	});

	it('or until an assignee is set, whichever comes first', () => {
		const result = sla(ticket(march(10, '09:00'), [field('assignee', 'agent-7', march(10, '09:20')), tagAdded('triaged', march(10, '09:40'))]), march(10, '10:00'), triage);
		expect(result.custom!.timeToTriage).toMatchObject({ state: 'met', fulfilledAt: out(10, '09:20'), elapsedMs: 20 * MINUTE, instance: 1 });
	});

	it('a running custom metric sets nextCheckAt and the ticket\'s state', () => {
		const result = sla(ticket(march(10, '09:00')), march(10, '09:10'), triage);
		expect(result.custom!.timeToTriage).toMatchObject({ state: 'running', dueAt: out(10, '09:30') });
		expect(result.nextCheckAt).toBe('2026-03-10T09:22:30.000+01:00');
	});

	it('recurs: each escalation to engineering starts an instance, each engineering reply ends it', () => {
		const set = setOf(
			{ targets: { resolution: 960, engineeringResponse: 60 } },
			{ metrics: { engineeringResponse: { start: { statuses: ['escalated'] }, stop: { events: ['engineering_reply'] } } } },
		);
		const events = [
			status('escalated', march(10, '10:00')),
			{ type: 'Engineering Reply', at: march(10, '10:30') },
			status('open', march(10, '11:00')),
			status('escalated', march(10, '13:00')),
		];
		const result = sla(ticket(march(10, '09:00'), events), march(10, '14:30'), set);
		expect(result.custom!.engineeringResponse).toMatchObject({ startedAt: out(10, '13:00'), elapsedMs: 90 * MINUTE, state: 'breached', instance: 2, breaches: 1 });
	});

	it('a custom metric not started yet is not shown', () => {
		const set = setOf({ targets: { resolution: 960, engineeringResponse: 60 }, metrics: { engineeringResponse: { start: { statuses: ['escalated'] }, stop: { events: ['engineering_reply'] } } } });
		expect(sla(ticket(march(10, '09:00')), march(10, '10:00'), set).custom).toBeUndefined();
	});

	it('solving the ticket fulfils a custom metric still running, as it does the built-in ones', () => {
		const result = sla(ticket(march(10, '09:00'), [status('solved', march(10, '09:20'))]), march(10, '10:00'), triage);
		expect(result.custom!.timeToTriage).toMatchObject({ state: 'met', fulfilledAt: out(10, '09:20') });
	});
});

describe('built-in metrics with their own start or stop (Jira Service Management conditions)', () => {
	it('resolution that starts when work starts (entered In Progress) and stops at resolution', () => {
		const set = setOf({ metrics: { resolution: { start: { statuses: ['in progress'] } } } });
		const t = ticket(march(10, '09:00'), [status('in_progress', march(10, '11:00')), status('resolved', march(10, '13:30'))]);
		expect(sla(t, march(10, '15:00'), set).resolution).toMatchObject({ startedAt: out(10, '11:00'), elapsedMs: 150 * MINUTE, state: 'met', fulfilledAt: out(10, '13:30') });
	});

	it('first response that also stops on entering Waiting for Customer (JSM\'s default "Time to first response")', () => {
		const set = setOf({ targets: { firstResponse: 120 }, metrics: { firstResponse: { stop: { agentReply: true, statuses: ['waiting_for_customer'] } } } });
		const t = ticket(march(10, '09:00'), [status('waiting_for_customer', march(10, '09:50'))]);
		expect(sla(t, march(10, '12:00'), set).firstResponse).toMatchObject({ state: 'met', fulfilledAt: out(10, '09:50'), elapsedMs: 50 * MINUTE });
	});
});

describe('explain: the stretches that made the elapsed time', () => {
	it('a ticket from Friday 16:00 looked at on Monday 09:30: one open hour, the closed weekend, half an open hour', () => {
		const set = setOf({ targets: { firstResponse: 240 } });
		const clock = sla(ticket(march(13, '16:00')), march(16, '09:30'), set, { explain: true }).firstResponse!;
		expect(clock.explain).toEqual({
			spans: [
				{ from: out(13, '16:00'), to: out(13, '17:00'), kind: 'open', countedMs: HOUR },
				{ from: out(13, '17:00'), to: out(16, '09:00'), kind: 'closed', countedMs: 0 },
				{ from: out(16, '09:00'), to: out(16, '09:30'), kind: 'open', countedMs: 30 * MINUTE },
			],
			countedMs: 90 * MINUTE,
			closedMs: 64 * HOUR,
			pausedMs: 0,
		});
		expect(clock.elapsedMs).toBe(clock.explain!.countedMs);
	});

	it('pauses name what paused them: a status, a tag, the resolved time', () => {
		const set = setOf({ metrics: { resolution: { pause: { tags: ['waiting_on_vendor'] } } } });
		const t = ticket(march(10, '09:00'), [
			status('pending', march(10, '10:00')),
			status('open', march(10, '11:00')),
			tagAdded('waiting_on_vendor', march(10, '12:00')),
			tagRemoved('waiting_on_vendor', march(10, '13:00')),
			status('solved', march(10, '14:00')),
			status('open', march(10, '15:00')),
		]);
		const clock = sla(t, march(10, '16:00'), set, { explain: true }).resolution!;
		expect(clock.explain!.spans).toEqual([
			{ from: out(10, '09:00'), to: out(10, '10:00'), kind: 'open', countedMs: HOUR },
			{ from: out(10, '10:00'), to: out(10, '11:00'), kind: 'paused', countedMs: 0, reason: 'status pending' },
			{ from: out(10, '11:00'), to: out(10, '12:00'), kind: 'open', countedMs: HOUR },
			{ from: out(10, '12:00'), to: out(10, '13:00'), kind: 'paused', countedMs: 0, reason: 'tag waiting_on_vendor' },
			{ from: out(10, '13:00'), to: out(10, '14:00'), kind: 'open', countedMs: HOUR },
			{ from: out(10, '14:00'), to: out(10, '15:00'), kind: 'paused', countedMs: 0, reason: 'resolved' },
			{ from: out(10, '15:00'), to: out(10, '16:00'), kind: 'open', countedMs: HOUR },
		]);
		expect(clock).toMatchObject({ elapsedMs: 4 * HOUR, explain: { countedMs: 4 * HOUR, pausedMs: 3 * HOUR, closedMs: 0 } });
	});

	it('a breached metric\'s explanation ends where it was fulfilled, an open one at now', () => {
		const set = setOf({ targets: { firstResponse: 60 } });
		const late = sla(ticket(march(10, '09:00'), [agent(march(10, '10:30'))]), march(10, '16:00'), set, { explain: true }).firstResponse!;
		expect(late.explain!.spans).toEqual([{ from: out(10, '09:00'), to: out(10, '10:30'), kind: 'open', countedMs: 90 * MINUTE }]);
		const paused = sla(ticket(march(10, '09:00'), [status('pending', march(10, '09:15'))]), march(10, '10:00'), set, { explain: true }).firstResponse!;
		expect(paused.explain!.spans[1]).toEqual({ from: out(10, '09:15'), to: out(10, '10:00'), kind: 'paused', countedMs: 0, reason: 'status pending' });
	});

	it('without the option there is no explanation', () => {
		expect(sla(ticket(march(10, '09:00')), march(10, '10:00'), setOf({})).resolution!.explain).toBeUndefined();
	});
});

describe('a policy document with conditions names the field to fix', () => {
	const policy = (extra: Partial<SlaPolicySpec>): PolicySetSpec => ({ calendars: CALENDARS, policies: [{ name: 'Only', calendar: 'Berlin Office', targets: { resolution: 960 }, ...extra }] });
	it.each<[string, unknown, string, RegExp]>([
		['a custom metric without a stop', { ...policy({ targets: { resolution: 60, triage: 30 } }), metrics: { triage: { start: { created: true } } } }, 'metrics.triage.stop', /is required/],
		['a custom metric without a start', policy({ targets: { triage: 30 }, metrics: { triage: { stop: { tags: ['x'] } } } }), 'policies[0].metrics.triage.start', /is required/],
		['a target for a metric nobody defined', policy({ targets: { timeToTriage: 30 } }), 'policies[0].targets.timeToTriage', /not a known field/],
		['conditions for a metric the policy gives no target', policy({ metrics: { firstResponse: { pause: { tags: ['x'] } } } }), 'policies[0].metrics.firstResponse', /no target/],
		['a pause status that resolves', policy({ metrics: { resolution: { pause: { statuses: ['closed'] } } } }), 'policies[0].metrics.resolution.pause.statuses', /resolved status/],
		['an unknown pause field', policy({ metrics: { resolution: { pause: { status: ['pending'] } } } }), 'policies[0].metrics.resolution.pause.status', /not a known field/],
		['a trigger that names nothing', policy({ metrics: { resolution: { stop: {} } } }), 'policies[0].metrics.resolution.stop', /names nothing/],
		['created as a stop', policy({ metrics: { resolution: { stop: { created: true } } } }), 'policies[0].metrics.resolution.stop.created', /not a known field/],
		['a flag that is not true or false', policy({ metrics: { resolution: { start: { created: 'yes' } } } }), 'policies[0].metrics.resolution.start.created', /true or false/],
		['a bad metric name', { ...policy({}), metrics: { 'time to triage': { start: { created: true }, stop: { tags: ['t'] } } } }, 'metrics.time to triage', /not a metric name/],
		['a goal without minutes', policy({ targets: { resolution: [{ when: { priority: ['urgent'] } }] as never } }), 'policies[0].targets.resolution[0].minutes', /positive number/],
		['a goal on an unknown calendar', policy({ targets: { resolution: [{ minutes: 60, calendar: 'Mars' }] } }), 'policies[0].targets.resolution[0].calendar', /no calendar named "Mars"/],
		['an empty goal list', policy({ targets: { resolution: [] } }), 'policies[0].targets.resolution', /non-empty list of goals/],
		['a field test that is empty', policy({ metrics: { resolution: { pause: { fields: { vendor: [] } } } } }), 'policies[0].metrics.resolution.pause.fields.vendor', /non-empty list/],
		['an exclude on an unknown fact', policy({ metrics: { resolution: { exclude: { region: ['EU'] } as never } } }), 'policies[0].metrics.resolution.exclude.region', /not a known field/],
	])('rejects %s', (_case, document, fieldPath, message) => {
		const error = errorOf(() => compilePolicySet(document));
		expect(error.field).toBe(fieldPath);
		expect(error.message).toMatch(message);
	});
});

describe('the README\'s migrated policies', () => {
	it('Zendesk: urgent first reply counts 24/7 and never pauses; requester wait pauses in pending only', () => {
		const zendesk = compilePolicySet({
			calendars: [
				{ name: 'Business Hours', timezone: 'Europe/Berlin', weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] } },
				{ name: '24/7', timezone: 'Europe/Berlin', alwaysOpen: true },
			],
			policies: [
				{
					name: 'Incidents',
					calendar: 'Business Hours',
					match: { fields: { type: ['incident'] } },
					targets: {
						firstResponse: [{ when: { priority: ['urgent'] }, minutes: 15, calendar: '24/7' }, { when: { priority: ['normal'] }, minutes: 120 }],
						resolution: [{ when: { priority: ['urgent'] }, minutes: 240, calendar: '24/7' }, { when: { priority: ['normal'] }, minutes: 960 }],
					},
					metrics: { firstResponse: { pause: { statuses: [] } }, resolution: { pause: { statuses: ['pending'] } } },
				},
			],
		});
		const urgent = ticket(march(14, '10:00'), [status('pending', march(14, '10:05')), status('on_hold', march(14, '11:00'))], { type: 'incident', priority: 'urgent' });
		const result = sla(urgent, march(14, '12:00'), zendesk);
		expect(result.firstResponse).toMatchObject({ state: 'breached', breachedAt: out(14, '10:15'), elapsedMs: 2 * HOUR });
		expect(result.resolution).toMatchObject({ state: 'running', elapsedMs: 65 * MINUTE });
	});

	it('JSM: time to resolution pauses waiting for customer or vendor and stops at the first resolution', () => {
		const jsm = compilePolicySet({
			calendars: [
				{ name: 'Sample 9-5', timezone: 'Europe/Berlin', weeklyHours: weekdayHours('09:00', '17:00') },
				{ name: '24/7', timezone: 'Europe/Berlin', alwaysOpen: true },
			],
			resolvedStatuses: ['resolved'],
			metrics: { resolution: { pause: { statuses: ['waiting for customer', 'waiting for vendor'] }, stop: { resolved: true } } },
			policies: [{ name: 'Service desk', calendar: 'Sample 9-5', targets: { resolution: [{ when: { priority: ['highest'] }, minutes: 240, calendar: '24/7' }, { minutes: 1440 }] } }],
		});
		const events = [status('waiting_for_vendor', march(10, '10:00')), status('in_progress', march(10, '12:00')), status('resolved', march(10, '13:00')), status('in_progress', march(10, '14:00'))];
		const highest = sla(ticket(march(10, '09:00'), events, { priority: 'Highest' }), march(10, '18:00'), jsm);
		expect(highest.resolution).toMatchObject({ state: 'met', fulfilledAt: out(10, '13:00'), elapsedMs: 2 * HOUR, calendar: '24/7' });
		expect(sla(ticket(march(10, '09:00'), [], { priority: 'low' }), march(10, '10:00'), jsm).resolution).toMatchObject({ target: 1440, elapsedMs: HOUR });
	});
});
