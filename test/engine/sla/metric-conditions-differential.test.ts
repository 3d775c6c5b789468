import { computeSla } from '../../../engine/sla/clock';
import type { SlaMetricClock } from '../../../engine/sla/clock';
import { isOpenAt } from '../../../engine/calendar/calendar';
import { compilePolicySet } from '../../../engine/sla/policy';
import type { PolicySetSpec, SlaPolicySpec } from '../../../engine/sla/policy';
import type { Ticket, TicketEvent } from '../../../engine/core/ticket';
import { int, mulberry32, pick, type Random } from '../../support/random';
import { MINUTE, weekdayHours } from '../../support/time';

/*
 * The conditions against two other ways of getting the same answer, on random tickets whose events
 * fall on a 15-minute grid through a Berlin week (Monday 9 to Saturday 14 March 2026):
 * - a minute-by-minute count written independently of the engine (is the office open this minute,
 *   is the ticket resolved, does the pause condition hold), for pauses by status, tag and field and
 *   for a custom metric with its own start and stop;
 * - the built-in rules against the same rules written as conditions (the defaults spelt out), which
 *   must agree on every field of every clock.
 */
const CALENDARS = [{ name: 'Berlin Office', timezone: 'Europe/Berlin', weeklyHours: weekdayHours('09:00', '17:00'), holidays: { country: 'DE' } }];
const START = Date.parse('2026-03-09T07:00:00+01:00');
const STATUSES = ['open', 'pending', 'on_hold', 'waiting_for_vendor', 'in_progress', 'solved'];
const PAUSE_STATUSES = ['pending', 'on_hold'];

const iso = (ms: number) => new Date(ms).toISOString();

interface Case {
	ticket: Ticket;
	now: number;
}

function randomCase(random: Random): Case {
	const createdAt = START + int(random, 40) * 15 * MINUTE;
	const events: TicketEvent[] = [];
	let at = createdAt;
	const count = int(random, 14);
	for (let i = 0; i < count; i++) {
		at += int(random, 4) === 0 ? 0 : (1 + int(random, 24)) * 15 * MINUTE;
		const kind = int(random, 7);
		if (kind <= 1) events.push({ type: 'status', status: pick(random, STATUSES), at: iso(at) });
		else if (kind === 2) events.push({ type: 'agent_reply', at: iso(at) });
		else if (kind === 3) events.push({ type: 'customer_reply', at: iso(at) });
		else if (kind === 4) events.push({ type: pick(random, ['tag_added', 'tag_removed']), tag: pick(random, ['waiting_on_vendor', 'triaged', 'billing']), at: iso(at) });
		else if (kind === 5) events.push({ type: 'field_changed', field: 'vendorTicket', value: pick(random, ['V-1', '', null]), at: iso(at) });
		else events.push({ type: 'note', at: iso(at) });
	}
	const ticket: Ticket = { id: 'T-1', createdAt: iso(createdAt), events };
	if (int(random, 3) === 0) ticket.tags = ['waiting_on_vendor'];
	return { ticket, now: at + int(random, 48) * 15 * MINUTE };
}

/** The ticket's state after every event at or before `at`, replayed naively. */
function stateAt(ticket: Ticket, at: number) {
	const events = (ticket.events ?? []).filter((event) => Date.parse(event.at) <= at);
	const tagEvents = (ticket.events ?? []).some((event) => event.type === 'tag_added' || event.type === 'tag_removed');
	const tags = new Set(tagEvents ? [] : ((ticket.tags as string[] | undefined) ?? []));
	let status = 'open';
	let vendorTicket: unknown;
	for (const event of events) {
		if (event.type === 'status') status = event.status!;
		if (event.type === 'tag_added') tags.add(event.tag as string);
		if (event.type === 'tag_removed') tags.delete(event.tag as string);
		if (event.type === 'field_changed') vendorTicket = event.value;
	}
	return { status, tags, vendorTicket };
}

/** Business minutes in [from, to) in which `counts` holds, one minute at a time. */
function countMinutes(from: number, to: number, counts: (at: number) => boolean): number {
	const set = compilePolicySet({ calendars: CALENDARS, policies: [{ name: 'x', calendar: 'Berlin Office', targets: { resolution: 1 } }] });
	const calendar = set.policies[0].calendar;
	let minutes = 0;
	for (let at = from; at < to; at += MINUTE) if (isOpenAt(calendar, at) && counts(at)) minutes++;
	return minutes * MINUTE;
}

const CASES = Array.from({ length: 150 }, (_, seed) => randomCase(mulberry32(seed + 1)));

function setWith(policy: Partial<SlaPolicySpec>, extra: Partial<PolicySetSpec> = {}) {
	return compilePolicySet({ calendars: CALENDARS, pauseStatuses: PAUSE_STATUSES, policies: [{ name: 'Only', calendar: 'Berlin Office', targets: { resolution: 100_000 }, ...policy }], ...extra });
}

describe('against a minute-by-minute count', () => {
	it('resolution paused by status, by the waiting_on_vendor tag and by a vendor ticket field', () => {
		const set = setWith({ metrics: { resolution: { pause: { statuses: ['pending', 'waiting_for_vendor'], tags: ['waiting_on_vendor'], fields: { vendorTicket: true } } } } });
		CASES.forEach(({ ticket, now }, index) => {
			const expected = countMinutes(Date.parse(ticket.createdAt!), now, (at) => {
				const state = stateAt(ticket, at);
				const paused = ['pending', 'waiting_for_vendor'].includes(state.status) || state.tags.has('waiting_on_vendor') || (typeof state.vendorTicket === 'string' && state.vendorTicket !== '');
				return state.status !== 'solved' && !paused;
			});
			const clock = computeSla(ticket, set, now).resolution!;
			expect({ index, elapsedMs: clock.elapsedMs }).toEqual({ index, elapsedMs: expected });
		});
	});

	it('a custom metric from entering In Progress until the triaged tag is added, paused by the set\'s statuses', () => {
		const set = setWith({ targets: { resolution: 100_000, work: 100_000 } }, { metrics: { work: { start: { statuses: ['in_progress'] }, stop: { tags: ['triaged'] } } } });
		let measured = 0;
		CASES.forEach(({ ticket, now }, index) => {
			// The last span: started at an entry into in_progress while not running, ended by the next "triaged" added.
			let running: { start: number; end: number | null } | null = null;
			let last: { start: number; end: number | null } | null = null;
			const events = (ticket.events ?? []).map((event, order) => ({ event, order, at: Date.parse(event.at) })).filter((entry) => entry.at <= now);
			events.sort((a, b) => a.at - b.at || a.order - b.order);
			const tagEvents = events.some(({ event }) => event.type === 'tag_added' || event.type === 'tag_removed');
			const tags = new Set(tagEvents ? [] : ((ticket.tags as string[] | undefined) ?? []));
			let status = 'open';
			for (const { event, at } of events) {
				const before = { status, triaged: tags.has('triaged') };
				if (event.type === 'status') status = event.status!;
				if (event.type === 'tag_added') tags.add(event.tag as string);
				if (event.type === 'tag_removed') tags.delete(event.tag as string);
				if (running !== null && !before.triaged && tags.has('triaged')) {
					running.end = at;
					running = null;
				}
				if (running === null && event.type === 'status' && status === 'in_progress' && before.status !== 'in_progress') {
					running = { start: at, end: null };
					last = running;
				}
			}
			const clock = computeSla(ticket, set, now).custom?.work;
			if (last === null) {
				expect({ index, clock }).toEqual({ index, clock: undefined });
				return;
			}
			measured++;
			const span: { start: number; end: number | null } = last;
			const expected = countMinutes(span.start, span.end ?? now, (at) => {
				const state = stateAt(ticket, at);
				return state.status !== 'solved' && !PAUSE_STATUSES.includes(state.status);
			});
			expect({ index, elapsedMs: clock?.elapsedMs }).toEqual({ index, elapsedMs: expected });
		});
		expect(measured).toBeGreaterThan(20);
	});
});

describe('the built-in rules and the same rules written as conditions agree', () => {
	const clocksOf = (ticket: Ticket, now: number, set: ReturnType<typeof setWith>) => {
		const result = computeSla(ticket, set, now);
		return { firstResponse: result.firstResponse, resolution: result.resolution, periodicUpdate: result.periodicUpdate, nextResponse: result.nextResponse };
	};
	const targets = { firstResponse: 120, resolution: 960, periodicUpdate: 240, nextResponse: 120 };
	const spelt = {
		firstResponse: { start: { created: true }, stop: { agentReply: true } },
		periodicUpdate: { start: { agentReply: true }, stop: { agentReply: true } },
		resolution: { start: { created: true } },
		nextResponse: { start: { customerReply: true }, stop: { agentReply: true } },
	};

	it.each(['continue', 'new_cycle'] as const)('start and stop spelt out (reopen %s)', (mode) => {
		const builtIn = setWith({ targets }, { reopen: { mode } });
		const asConditions = setWith({ targets, metrics: spelt }, { reopen: { mode } });
		let compared = 0;
		CASES.forEach(({ ticket, now }, index) => {
			const expected = clocksOf(ticket, now, builtIn);
			const actual = clocksOf(ticket, now, asConditions);
			// Built in, customer replies before the cycle's first agent reply are covered by the first response and start no next response.
			const cycleStart = Date.parse(computeSla(ticket, builtIn, now).cycleStartedAt);
			const events = (ticket.events ?? []).filter((event) => Date.parse(event.at) >= cycleStart && Date.parse(event.at) <= now).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
			const firstAgent = events.findIndex((event) => event.type === 'agent_reply');
			const firstCustomer = events.findIndex((event) => event.type === 'customer_reply');
			if (firstCustomer !== -1 && (firstAgent === -1 || firstCustomer < firstAgent)) {
				delete expected.nextResponse;
				delete actual.nextResponse;
			}
			expect({ index, ...actual }).toEqual({ index, ...expected });
			compared++;
		});
		expect(compared).toBe(CASES.length);
	});

	it('a pause that names the set\'s own statuses', () => {
		const builtIn = setWith({ targets });
		const asConditions = setWith({ targets, metrics: Object.fromEntries(Object.keys(targets).map((metric) => [metric, { pause: { statuses: PAUSE_STATUSES } }])) });
		CASES.forEach(({ ticket, now }, index) => expect({ index, ...clocksOf(ticket, now, asConditions) }).toEqual({ index, ...clocksOf(ticket, now, builtIn) }));
	});
});

describe('explanations add up', () => {
	it('the open stretches count the elapsed time, and the stretches run without gaps from the start to the end', () => {
		const set = setWith({ targets: { firstResponse: 120, resolution: 960 }, metrics: { resolution: { pause: { tags: ['waiting_on_vendor'], fields: { vendorTicket: true } } } } });
		CASES.forEach(({ ticket, now }, index) => {
			const result = computeSla(ticket, set, now, { explain: true });
			for (const clock of [result.firstResponse, result.resolution].filter((entry): entry is SlaMetricClock => entry !== undefined)) {
				const { spans, countedMs } = clock.explain!;
				expect({ index, countedMs }).toEqual({ index, countedMs: clock.elapsedMs });
				expect(spans.reduce((sum, span) => sum + span.countedMs, 0)).toBe(countedMs);
				if (spans.length === 0) continue;
				expect(Date.parse(spans[0].from)).toBe(Date.parse(clock.startedAt));
				for (let i = 1; i < spans.length; i++) expect(Date.parse(spans[i].from)).toBe(Date.parse(spans[i - 1].to));
				const end = clock.fulfilledAt === null ? now : Date.parse(clock.fulfilledAt);
				expect(Date.parse(spans[spans.length - 1].to)).toBe(Math.max(end, Date.parse(clock.startedAt)));
			}
		});
	});
});
