import { DateTime } from 'luxon';
import {
	addBusinessTime,
	businessTimeBetween,
	CalendarError,
	compileCalendar,
	isOpenAt,
	nextClosing,
	nextOpening,
} from '../../../engine/calendar/calendar';
import type { Calendar, CalendarSpec } from '../../../engine/calendar/calendar';
import { int, mulberry32, pick, type Random } from '../../support/random';
import { DAY, hhmm, iso, MINUTE } from '../../support/time';
import { ReferenceCalendar } from './calendar-reference';

/**
 * The fast path (compiled, indexed, binary searches) must agree with the slow reference (minute by
 * minute over wall-clock time) on random calendars around daylight-saving changes, New Year and the
 * 2028 leap day. The PRNG is seeded: a failure prints its seed and case, and reproduces.
 */
const SEED = Number(process.env.CALENDAR_PROPERTY_SEED ?? 20261122);
const CALENDARS = Number(process.env.CALENDAR_PROPERTY_CALENDARS ?? 1000);
const QUERIES_PER_CALENDAR = 6;
const WINDOW_DAYS = 12;

const ZONES: { zone: string; holidays: CalendarSpec['holidays'][] }[] = [
	{ zone: 'Europe/Berlin', holidays: [{ country: 'DE', region: 'BY' }, { country: 'DE', types: ['public', 'observance'] }] },
	{ zone: 'America/New_York', holidays: [{ country: 'US', region: 'NY' }] },
	{ zone: 'Australia/Sydney', holidays: [{ country: 'AU', region: 'NSW' }] },
	{ zone: 'Australia/Lord_Howe', holidays: [{ country: 'AU', region: 'NSW' }] },
	{ zone: 'America/Santiago', holidays: [{ country: 'CL' }] },
	{ zone: 'Europe/London', holidays: [{ country: 'GB', region: 'ENG' }] },
	{ zone: 'Pacific/Auckland', holidays: [{ country: 'NZ' }] },
	{ zone: 'Asia/Kolkata', holidays: [{ country: 'IN' }] },
	{ zone: 'UTC', holidays: [{ country: 'DE' }] },
];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Local midnights of days on which the zone changes its offset, 2026–2028. */
const changeDaysOfZone = new Map<string, DateTime[]>();
function offsetChangeDays(zone: string): DateTime[] {
	const known = changeDaysOfZone.get(zone);
	if (known) return known;
	const days: DateTime[] = [];
	let day = DateTime.fromObject({ year: 2026, month: 1, day: 1 }, { zone });
	while (day.year < 2029) {
		const next = day.plus({ days: 1 });
		if (next.offset !== day.offset) days.push(day);
		day = next;
	}
	changeDaysOfZone.set(zone, days);
	return days;
}

/** A minute of the week, drawn near the early hours (where DST changes happen) a third of the time. */
function weekMinute(random: Random): number {
	const day = int(random, 7);
	const minuteOfDay = random() < 0.35 ? 60 + int(random, 180) : int(random, 1440);
	const rounded = random() < 0.7 ? Math.floor(minuteOfDay / 15) * 15 : minuteOfDay;
	return day * 1440 + rounded;
}

function randomWeek(random: Random): CalendarSpec['weeklyHours'] {
	const count = 1 + int(random, 8);
	const points = [...new Set(Array.from({ length: 2 * count }, () => weekMinute(random)))].sort((a, b) => a - b);
	const week: Record<string, { start: string; end: string }[]> = {};
	for (let i = 0; i + 1 < points.length; i += 2) {
		const start = points[i];
		const length = Math.min(points[i + 1] - start, 1440);
		const endOfDay = (start + length) % 1440;
		const end = endOfDay === 0 && random() < 0.5 ? '24:00' : hhmm(endOfDay);
		const day = WEEKDAYS[Math.floor(start / 1440)];
		(week[day] ??= []).push({ start: hhmm(start % 1440), end });
	}
	return week;
}

function randomWindowStart(random: Random, zone: string, changeDays: DateTime[]): number {
	const kind = random();
	let anchor: DateTime;
	if (kind < 0.5 && changeDays.length > 0) anchor = pick(random, changeDays);
	else if (kind < 0.7) anchor = DateTime.fromObject({ year: 2026 + int(random, 2), month: 12, day: 24 }, { zone });
	else if (kind < 0.8) anchor = DateTime.fromObject({ year: 2028, month: 2, day: 26 }, { zone });
	else anchor = DateTime.fromObject({ year: 2026, month: 1, day: 1 }, { zone }).plus({ days: int(random, 1000) });
	return anchor.minus({ days: 2 + int(random, 4) }).startOf('day').toUTC().startOf('minute').toMillis();
}

function randomExceptions(random: Random, windowStart: number, zone: string): Pick<CalendarSpec, 'closures' | 'overrides'> {
	const dateIn = () => DateTime.fromMillis(windowStart + int(random, WINDOW_DAYS) * DAY, { zone }).toISODate()!;
	const span = () => {
		const a = int(random, 1440);
		const b = int(random, 1440);
		return a === b ? { start: hhmm(a), end: '24:00' } : { start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) };
	};
	const closures = Array.from({ length: int(random, 3) }, () => (random() < 0.4 ? { date: dateIn() } : { date: dateIn(), ...span() }));
	const overrideDates = [...new Set(Array.from({ length: int(random, 3) }, dateIn))];
	const overrides = overrideDates.map((date) => ({ date, hours: random() < 0.3 ? [] : [span()] }));
	return { closures, overrides };
}

function randomCalendar(random: Random): { spec: CalendarSpec; calendar: Calendar; windowStart: number } {
	const { zone, holidays } = pick(random, ZONES);
	const changeDays = offsetChangeDays(zone);
	for (;;) {
		const windowStart = randomWindowStart(random, zone, changeDays);
		const spec: CalendarSpec = { timezone: zone };
		if (random() < 0.1) spec.alwaysOpen = true;
		else spec.weeklyHours = randomWeek(random);
		if (random() < 0.5) spec.holidays = pick(random, holidays);
		if (random() < 0.5) Object.assign(spec, randomExceptions(random, windowStart, zone));
		try {
			return { spec, calendar: compileCalendar(spec), windowStart };
		} catch (error) {
			if (!(error instanceof CalendarError)) throw error;
			// Random exceptions can overlap a neighbouring night shift: draw again.
		}
	}
}

describe('the indexed calendar agrees with a minute-by-minute reference', () => {
	it(`on ${CALENDARS} random calendars around DST changes, New Year and a leap day (seed ${SEED})`, () => {
		const random = mulberry32(SEED);
		let compared = 0;
		for (let c = 0; c < CALENDARS; c++) {
			const { spec, calendar, windowStart } = randomCalendar(random);
			const windowEnd = windowStart + WINDOW_DAYS * DAY;
			const reference = new ReferenceCalendar(spec, windowStart, windowEnd);
			const instant = () => windowStart + int(random, (WINDOW_DAYS - 5) * 1440) * MINUTE;
			const context = () => `calendar #${c} ${JSON.stringify(spec)}`;
			for (let q = 0; q < QUERIES_PER_CALENDAR; q++) {
				const at = instant();
				const expectSame = (what: string, actual: unknown, expected: unknown) => {
					if (actual !== expected) throw new Error(`${what}: got ${String(actual)}, reference ${String(expected)} — ${context()}`);
					compared++;
				};
				expectSame(`isOpenAt(${iso(at)})`, isOpenAt(calendar, at), reference.isOpenAt(at));

				const untilClosing = reference.businessMinutesUntilRunEnds(at);
				// A fifth of the deadlines run out exactly at a closing time.
				const minutes = random() < 0.2 && untilClosing ? untilClosing : random() < 0.5 ? 1 + int(random, 120) : 1 + int(random, 2400);
				const expectedDeadline = reference.addBusinessMinutes(at, minutes);
				if (expectedDeadline !== undefined) {
					expectSame(`addBusinessTime(${iso(at)}, ${minutes} min)`, iso(addBusinessTime(calendar, at, minutes * MINUTE)), iso(expectedDeadline));
				}

				const to = at + int(random, 4 * 1440) * MINUTE;
				const pauseStart = at + int(random, 3 * 1440) * MINUTE;
				const pauses: [number, number][] = random() < 0.5 ? [] : [[pauseStart, pauseStart + int(random, 1440) * MINUTE], [pauseStart - 600 * MINUTE, pauseStart + 60 * MINUTE]];
				expectSame(
					`businessTimeBetween(${iso(at)}, ${iso(to)}, ${JSON.stringify(pauses.map((p) => p.map(iso)))})`,
					businessTimeBetween(calendar, at, to, pauses),
					reference.businessMinutesBetween(at, to, pauses) * MINUTE,
				);

				const opening = reference.nextOpening(at);
				if (opening !== undefined) expectSame(`nextOpening(${iso(at)})`, iso(nextOpening(calendar, at)), iso(opening));
				const closing = reference.nextClosing(at);
				if (closing !== undefined) expectSame(`nextClosing(${iso(at)})`, iso(nextClosing(calendar, at)), iso(closing));
			}
		}
		expect(compared).toBeGreaterThan(CALENDARS * QUERIES_PER_CALENDAR * 3);
	}, 180_000);
});

describe('two intervals that touch on the wall clock, through every DST change', () => {
	// Both hemispheres, a one-hour and a half-hour change; every pair [a, b) [b, c) on a 15-minute grid
	// over the early hours of the change day. Each interval is converted to instants before merging, so
	// a first interval that starts in a spring-forward gap never swallows the time the second one has.
	const GRID = Array.from({ length: 19 }, (_, i) => 60 + 15 * i); // 01:00 … 05:30
	it.each(['Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/New_York'])('in %s', (zone) => {
		let compared = 0;
		for (const day of offsetChangeDays(zone).filter((change) => change.year === 2026)) {
			const weekday = WEEKDAYS[day.weekday - 1];
			const windowStart = day.minus({ days: 1 }).toUTC().startOf('minute').toMillis();
			const windowEnd = windowStart + 3 * DAY;
			for (let i = 0; i < GRID.length; i++) {
				for (let j = i + 1; j < GRID.length; j++) {
					for (let k = j + 1; k < GRID.length; k++) {
						const spec: CalendarSpec = { timezone: zone, weeklyHours: { [weekday]: [{ start: hhmm(GRID[i]), end: hhmm(GRID[j]) }, { start: hhmm(GRID[j]), end: hhmm(GRID[k]) }] } };
						const calendar = compileCalendar(spec);
						const reference = new ReferenceCalendar(spec, windowStart, windowEnd);
						const from = windowStart + DAY - 6 * 60 * MINUTE;
						const context = `${JSON.stringify(spec)} on ${day.toISODate()}`;
						expect({ context, between: businessTimeBetween(calendar, from, from + DAY) }).toEqual({ context, between: reference.businessMinutesBetween(from, from + DAY) * MINUTE });
						for (const minutes of [1, 15, 30, 45, 60, 90]) {
							const expected = reference.addBusinessMinutes(from, minutes);
							if (expected !== undefined) expect({ context, minutes, at: iso(addBusinessTime(calendar, from, minutes * MINUTE)) }).toEqual({ context, minutes, at: iso(expected) });
						}
						compared++;
					}
				}
			}
		}
		expect(compared).toBeGreaterThan(1000);
	});

	it('Berlin, 29 March 2026: Sunday 02:30–03:15 and 03:15–05:00 is open 105 minutes from 00:00Z to 04:00Z, and 30 minutes after 23:00Z end at 03:45 CEST', () => {
		const calendar = compileCalendar({ timezone: 'Europe/Berlin', weeklyHours: { sun: [{ start: '02:30', end: '03:15' }, { start: '03:15', end: '05:00' }] } });
		expect(businessTimeBetween(calendar, Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-29T04:00:00Z'))).toBe(105 * MINUTE);
		expect(iso(addBusinessTime(calendar, Date.parse('2026-03-28T23:00:00Z'), 30 * MINUTE))).toBe(iso(Date.parse('2026-03-29T03:45:00+02:00')));
	});
});
