import type { CalendarRules } from './calendar-spec';
import type { HolidayTable } from './holidays';
import { mergeSpans, openWallSpans } from './opening-hours';
import { offsetsAroundYear, wallOfYearStart, wallToInstant } from '../core';

/**
 * The open periods of one local calendar year as instants: sorted, disjoint [start, end) pairs in
 * epoch ms, with the open time before each period (prefix sums). Every question about a year is a
 * binary search here, so its cost does not depend on how long a duration is.
 */
export class YearTimeline {
	constructor(
		readonly year: number,
		/** First instant of the local year (local midnight of 1 January). */
		readonly startMs: number,
		/** First instant of the next local year. */
		readonly endMs: number,
		readonly starts: Float64Array,
		readonly ends: Float64Array,
		/** Open time in [startMs, starts[i]). */
		readonly openBefore: Float64Array,
		/** Open time of the whole year. */
		readonly total: number,
	) {}

	get periodCount(): number {
		return this.starts.length;
	}

	/** Index of the last period starting at or before `at`, or -1. */
	periodAtOrBefore(at: number): number {
		const starts = this.starts;
		let low = 0;
		let high = starts.length - 1;
		let found = -1;
		while (low <= high) {
			const mid = (low + high) >> 1;
			if (starts[mid] <= at) {
				found = mid;
				low = mid + 1;
			} else {
				high = mid - 1;
			}
		}
		return found;
	}

	isOpenAt(at: number): boolean {
		const i = this.periodAtOrBefore(at);
		return i >= 0 && at < this.ends[i];
	}

	/** Open time in [startMs, at), for `at` within the year. */
	openTimeBefore(at: number): number {
		const i = this.periodAtOrBefore(at);
		if (i < 0) return 0;
		return this.openBefore[i] + Math.min(at, this.ends[i]) - this.starts[i];
	}

	/**
	 * The earliest instant by which `openTime` of this year's open time has passed, for
	 * 0 < openTime <= total: inside the period where the running sum reaches it.
	 */
	instantAfterOpenTime(openTime: number): number {
		const { openBefore, starts, ends } = this;
		let low = 0;
		let high = starts.length - 1;
		// First period whose running sum at its end reaches openTime.
		while (low < high) {
			const mid = (low + high) >> 1;
			if (openBefore[mid] + ends[mid] - starts[mid] >= openTime) high = mid;
			else low = mid + 1;
		}
		return starts[low] + (openTime - openBefore[low]);
	}
}

/** Compiles one local year of a calendar: wall-clock spans, then instants by the wallclock DST rule. */
export function buildYearTimeline(year: number, rules: CalendarRules, holidays: HolidayTable | null): YearTimeline {
	const wallFrom = wallOfYearStart(year);
	const wallTo = wallOfYearStart(year + 1);
	const offsetAt = offsetsAroundYear(rules.timezone, year);
	const startMs = wallToInstant(wallFrom, offsetAt);
	const endMs = wallToInstant(wallTo, offsetAt);
	const wall = openWallSpans(rules, holidays, wallFrom, wallTo);
	const instants: number[] = [];
	for (let i = 0; i < wall.length; i += 2) {
		const start = Math.max(startMs, wallToInstant(wall[i], offsetAt));
		const end = Math.min(endMs, wallToInstant(wall[i + 1], offsetAt));
		// A span starting in a spring-forward gap moves forward by the gap and may become empty.
		if (end > start) instants.push(start, end);
	}
	const merged = mergeSpans(instants);
	const count = merged.length / 2;
	const starts = new Float64Array(count);
	const ends = new Float64Array(count);
	const openBefore = new Float64Array(count);
	let total = 0;
	for (let i = 0; i < count; i++) {
		starts[i] = merged[2 * i];
		ends[i] = merged[2 * i + 1];
		openBefore[i] = total;
		total += ends[i] - starts[i];
	}
	return new YearTimeline(year, startMs, endMs, starts, ends, openBefore, total);
}
