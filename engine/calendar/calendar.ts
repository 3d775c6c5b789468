import { CalendarError, parseCalendarSpec } from './calendar-spec';
import type { CalendarRules } from './calendar-spec';
import { holidayTableFor } from './holidays';
import type { HolidayTable } from './holidays';
import { buildYearTimeline } from './year-timeline';
import type { YearTimeline } from './year-timeline';
import { DAY_MS, yearOfWall } from '../core';

export { CalendarError };
export type { CalendarSpec } from './calendar-spec';

/**
 * Business calendars: "30 business minutes after t", "business time between a and b", "is t within
 * hours", "when does it open / close next". A calendar is compiled lazily, one local year at a time,
 * into sorted open periods with prefix sums (see `timeline.ts`); each question is then a binary
 * search, so the cost of a deadline does not grow with its duration.
 *
 * Instants are epoch milliseconds. Wall-clock times of the spec are read in the calendar's zone with
 * one DST rule (see `wallclock.ts`): a time in a spring-forward gap moves forward by the gap, an
 * ambiguous time in a fall-back overlap is its earlier instant.
 */
export interface Calendar {
	readonly name: string;
	readonly timezone: string;
}

/** Years without any open time after which a search gives up (a calendar never open again). */
const EMPTY_YEARS_LIMIT = 20;
/** Years past the last override or closure that a never-closes search looks while holidays may still close. */
const HOLIDAY_HORIZON_YEARS = 10;
/** Instants a Date can hold. */
const MAX_INSTANT = 8.64e15;
/** No calendar has more open time than a century holds; a larger duration is a mistake, not a deadline. */
const MAX_DURATION_MS = 100 * 366 * DAY_MS;

class CompiledCalendar implements Calendar {
	readonly name: string;
	readonly timezone: string;
	/** Open at every instant: 24/7 (or a week open around the clock) with no holidays or exceptions. */
	readonly continuous: boolean;
	private readonly holidays: HolidayTable | null;
	private readonly years = new Map<number, YearTimeline>();
	private recent: YearTimeline | undefined;

	constructor(readonly rules: CalendarRules) {
		this.name = rules.name;
		this.timezone = rules.timezone;
		this.holidays = rules.holidays ? holidayTableFor(rules.holidays) : null;
		const weekMinutes = rules.week.flat().reduce((sum, interval) => sum + interval.end - interval.start, 0);
		this.continuous =
			weekMinutes === 7 * 1440 && !rules.holidays && rules.closures.length === 0 && rules.overrides.size === 0;
	}

	/** The compiled local year `year`, compiled on first use. */
	year(year: number): YearTimeline {
		let timeline = this.years.get(year);
		if (timeline === undefined) {
			timeline = buildYearTimeline(year, this.rules, this.holidays);
			this.years.set(year, timeline);
		}
		return timeline;
	}

	/** The compiled local year containing the instant. */
	yearAt(at: number): YearTimeline {
		const recent = this.recent;
		if (recent !== undefined && at >= recent.startMs && at < recent.endMs) return recent;
		const utcYear = new Date(at).getUTCFullYear();
		let timeline = this.year(utcYear);
		if (at < timeline.startMs) timeline = this.year(utcYear - 1);
		else if (at >= timeline.endMs) timeline = this.year(utcYear + 1);
		this.recent = timeline;
		return timeline;
	}

	/** The last local year after which nothing but the weekly pattern (and holidays) is left. */
	lastExplicitYear(): number {
		return Number.isFinite(this.rules.lastExplicitDay) ? yearOfWall(this.rules.lastExplicitDay * DAY_MS) : -Infinity;
	}
}

/** Validates a calendar spec (an object or JSON text) and compiles it; throws CalendarError naming the bad field. */
export function compileCalendar(spec: unknown, field?: string): Calendar {
	return new CompiledCalendar(parseCalendarSpec(spec, field));
}

/**
 * The deadline: the earliest instant by which `durationMs` of open time has passed since `fromMs`.
 * A duration running out at closing time gives the closing instant (not the next opening); a zero
 * duration gives `fromMs` itself.
 */
export function addBusinessTime(cal: Calendar, fromMs: number, durationMs: number): number {
	const calendar = compiled(cal);
	checkInstant(fromMs, 'fromMs');
	if (!(durationMs >= 0 && durationMs <= MAX_DURATION_MS)) {
		throw new RangeError(`durationMs must be between 0 and ${MAX_DURATION_MS} ms (100 years), got ${durationMs}`);
	}
	if (durationMs === 0) return fromMs;
	if (calendar.continuous) return fromMs + durationMs;
	let timeline = calendar.yearAt(fromMs);
	let openTime = timeline.openTimeBefore(fromMs) + durationMs;
	let emptyYears = 0;
	while (openTime > timeline.total) {
		openTime -= timeline.total;
		emptyYears = timeline.total === 0 ? emptyYears + 1 : 0;
		if (emptyYears > EMPTY_YEARS_LIMIT) {
			throw new CalendarError(calendar.name || 'calendar', `is not open at all for ${EMPTY_YEARS_LIMIT} years after ${timeline.year - EMPTY_YEARS_LIMIT}`);
		}
		timeline = calendar.year(timeline.year + 1);
	}
	return timeline.instantAfterOpenTime(openTime);
}

/**
 * Open time between two instants (0 if `toMs` is not after `fromMs`), minus the open time inside
 * the pauses: pauses may overlap each other or stick out of [fromMs, toMs]; each open instant counts
 * at most once.
 */
export function businessTimeBetween(
	cal: Calendar,
	fromMs: number,
	toMs: number,
	pauses?: ReadonlyArray<readonly [number, number]>,
): number {
	const calendar = compiled(cal);
	checkInstant(fromMs, 'fromMs');
	checkInstant(toMs, 'toMs');
	if (!(toMs > fromMs)) return 0;
	let open = openTimeBetween(calendar, fromMs, toMs);
	if (pauses && pauses.length > 0) {
		for (const [start, end] of mergedPauses(pauses, fromMs, toMs)) open -= openTimeBetween(calendar, start, end);
	}
	return open;
}

/** Whether the calendar is open at the instant (periods are [opening, closing)). */
export function isOpenAt(cal: Calendar, atMs: number): boolean {
	const calendar = compiled(cal);
	checkInstant(atMs, 'atMs');
	return calendar.continuous || calendar.yearAt(atMs).isOpenAt(atMs);
}

/** The earliest open instant at or after `atMs` (`atMs` itself if open), or null if it never opens again. */
export function nextOpening(cal: Calendar, atMs: number): number | null {
	const calendar = compiled(cal);
	checkInstant(atMs, 'atMs');
	if (calendar.continuous) return atMs;
	let timeline = calendar.yearAt(atMs);
	let period = timeline.periodAtOrBefore(atMs);
	if (period >= 0 && atMs < timeline.ends[period]) return atMs;
	period += 1;
	for (let emptyYears = 0; emptyYears <= EMPTY_YEARS_LIMIT; emptyYears++) {
		if (period < timeline.periodCount) return timeline.starts[period];
		timeline = calendar.year(timeline.year + 1);
		period = 0;
	}
	return null;
}

/**
 * The earliest closed instant at or after `atMs` (`atMs` itself if closed): the end of the open
 * period `atMs` is in, followed across year boundaries. Null if the calendar never closes.
 */
export function nextClosing(cal: Calendar, atMs: number): number | null {
	const calendar = compiled(cal);
	checkInstant(atMs, 'atMs');
	if (calendar.continuous) return null;
	let timeline = calendar.yearAt(atMs);
	let period = timeline.periodAtOrBefore(atMs);
	if (period < 0 || atMs >= timeline.ends[period]) return atMs;
	const horizon =
		Math.max(timeline.year, calendar.lastExplicitYear()) + (calendar.rules.holidays ? HOLIDAY_HORIZON_YEARS : 1);
	for (;;) {
		const end = timeline.ends[period];
		if (period < timeline.periodCount - 1 || end < timeline.endMs) return end;
		if (timeline.year >= horizon) return null;
		const next = calendar.year(timeline.year + 1);
		if (next.periodCount === 0 || next.starts[0] > end) return end;
		timeline = next;
		period = 0;
	}
}

function openTimeBetween(calendar: CompiledCalendar, fromMs: number, toMs: number): number {
	if (calendar.continuous) return toMs - fromMs;
	const first = calendar.yearAt(fromMs);
	const openBeforeFrom = first.openTimeBefore(fromMs);
	const last = calendar.yearAt(toMs);
	if (first === last) return last.openTimeBefore(toMs) - openBeforeFrom;
	let open = first.total - openBeforeFrom + last.openTimeBefore(toMs);
	for (let year = first.year + 1; year < last.year; year++) open += calendar.year(year).total;
	return open;
}

function mergedPauses(pauses: ReadonlyArray<readonly [number, number]>, fromMs: number, toMs: number): [number, number][] {
	const clipped: [number, number][] = [];
	pauses.forEach(([start, end], index) => {
		checkInstant(start, `pauses[${index}][0]`);
		checkInstant(end, `pauses[${index}][1]`);
		const from = Math.max(start, fromMs);
		const to = Math.min(end, toMs);
		if (to > from) clipped.push([from, to]);
	});
	clipped.sort((a, b) => a[0] - b[0]);
	const merged: [number, number][] = [];
	for (const pause of clipped) {
		const last = merged[merged.length - 1];
		if (last && pause[0] <= last[1]) last[1] = Math.max(last[1], pause[1]);
		else merged.push([pause[0], pause[1]]);
	}
	return merged;
}

function compiled(cal: Calendar): CompiledCalendar {
	if (cal instanceof CompiledCalendar) return cal;
	throw new TypeError('Not a compiled calendar: pass the result of compileCalendar(spec)');
}

function checkInstant(value: number, name: string): void {
	if (typeof value !== 'number' || !(Math.abs(value) <= MAX_INSTANT)) {
		throw new RangeError(`${name} must be an instant in epoch milliseconds, got ${String(value)}`);
	}
}
