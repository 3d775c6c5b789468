import type { CalendarRules } from './calendar-spec';
import type { HolidayTable } from './holidays';
import { DAY_MS, dayNumberOf, MINUTE_MS, type WallMs, weekdayOf, yearOfWall } from '../core';

/**
 * Spans as a flat sorted list [start0, end0, start1, end1, …] of disjoint, non-touching [start, end)
 * pairs. Flat numbers keep year compilation allocation-light.
 */
export type Spans = number[];

/**
 * The open wall-clock spans within [from, to): weekly hours (or the date's override) of every day
 * that can reach into the range, including the previous day's shift running past midnight, minus
 * custom closures and holidays. Everything here is wall-clock time; instants come later. The spans
 * are sorted but not merged: two intervals that touch on the wall clock may not touch as instants (a
 * start in a spring-forward gap moves forward by the gap), so they are merged once converted.
 */
export function openWallSpans(rules: CalendarRules, holidays: HolidayTable | null, from: WallMs, to: WallMs): Spans {
	const open: number[] = [];
	const lastDay = dayNumberOf(to - 1);
	for (let day = dayNumberOf(from) - 1; day <= lastDay; day++) {
		const midnight = day * DAY_MS;
		for (const interval of rules.overrides.get(day) ?? rules.week[weekdayOf(day)]) {
			const start = Math.max(from, midnight + interval.start * MINUTE_MS);
			const end = Math.min(to, midnight + interval.end * MINUTE_MS);
			if (end > start) open.push(start, end);
		}
	}
	return subtractSpans(sortSpans(open), closedWallSpans(rules, holidays, from, to));
}

function closedWallSpans(rules: CalendarRules, holidays: HolidayTable | null, from: WallMs, to: WallMs): Spans {
	const closed: number[] = [];
	for (const closure of rules.closures) {
		if (closure.end > from && closure.start < to) closed.push(closure.start, closure.end);
	}
	if (holidays) {
		// A holiday listed in the previous year may run into this range (several-day holidays).
		for (let year = yearOfWall(from) - 1; year <= yearOfWall(to - 1); year++) {
			for (const holiday of holidays.startingIn(year)) {
				if (holiday.end > from && holiday.start < to) closed.push(holiday.start, holiday.end);
			}
		}
	}
	return mergeSpans(closed);
}

/** Sorts pairs by start and joins the ones that overlap or touch. */
export function mergeSpans(spans: Spans): Spans {
	const pairs: [number, number][] = [];
	for (let i = 0; i < spans.length; i += 2) pairs.push([spans[i], spans[i + 1]]);
	pairs.sort((a, b) => a[0] - b[0]);
	const merged: number[] = [];
	for (const [start, end] of pairs) {
		if (end <= start) continue;
		const last = merged.length - 1;
		if (last > 0 && start <= merged[last]) merged[last] = Math.max(merged[last], end);
		else merged.push(start, end);
	}
	return merged;
}

/** Sorts pairs by start, dropping empty ones; pairs that overlap or touch stay apart. */
export function sortSpans(spans: Spans): Spans {
	const pairs: [number, number][] = [];
	for (let i = 0; i < spans.length; i += 2) if (spans[i + 1] > spans[i]) pairs.push([spans[i], spans[i + 1]]);
	pairs.sort((a, b) => a[0] - b[0]);
	return pairs.flat();
}

/** `open` (sorted by start) minus `closed` (merged). */
export function subtractSpans(open: Spans, closed: Spans): Spans {
	if (closed.length === 0) return open;
	const result: number[] = [];
	let c = 0;
	for (let o = 0; o < open.length; o += 2) {
		let start = open[o];
		const end = open[o + 1];
		while (c < closed.length && closed[c + 1] <= start) c += 2;
		let k = c;
		while (k < closed.length && closed[k] < end) {
			if (closed[k] > start) result.push(start, closed[k]);
			start = Math.max(start, closed[k + 1]);
			k += 2;
		}
		if (end > start) result.push(start, end);
	}
	return result;
}
