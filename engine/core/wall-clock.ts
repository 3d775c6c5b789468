import { IANAZone } from 'luxon';

/**
 * Local wall-clock time as a number: the milliseconds a clock on the wall shows, counted as if the
 * zone were UTC ("naive" time). Dates and weekdays are plain arithmetic on it; only `wallToInstant`
 * and `instantToWall` know about the time zone, so daylight-saving rules live here and nowhere else.
 */
export type WallMs = number;

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** A bound on how far wall-clock time and the instant can differ (offsets run from −12 to +14 hours). */
export const MAX_OFFSET_MS = 26 * HOUR_MS;

/** Days since 1970-01-01 of a wall-clock date. */
export type DayNumber = number;

export function wallOfDate(year: number, month: number, day: number): WallMs {
	return Date.UTC(year, month - 1, day);
}

export function dayNumberOf(wall: WallMs): DayNumber {
	return Math.floor(wall / DAY_MS);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(day: DayNumber): number {
	return (((day + 3) % 7) + 7) % 7;
}

export function yearOfWall(wall: WallMs): number {
	return new Date(wall).getUTCFullYear();
}

export function wallOfYearStart(year: number): WallMs {
	return Date.UTC(year, 0, 1);
}

/** The UTC offset of a zone at an instant, in milliseconds. */
export type OffsetAt = (instant: number) => number;

export function offsetFunction(timezone: string): OffsetAt {
	const zone = IANAZone.create(timezone);
	return (instant) => zone.offset(instant) * MINUTE_MS;
}

/** Step of the offset sampling: no zone changes its offset twice within two days. */
const SAMPLE_STEP_MS = 2 * DAY_MS;

/**
 * The same offsets for instants in [from, to), read from the zone once every two days and bisected to
 * the minute where they change; outside the range it asks the zone. Reading a zone costs microseconds
 * (Intl), a table lookup nanoseconds, and compiling a year converts about a thousand times.
 */
export function tabulateOffsets(offsetAt: OffsetAt, from: number, to: number): OffsetAt {
	const first = Math.floor(from / MINUTE_MS) * MINUTE_MS;
	const changes: number[] = [];
	const offsets: number[] = [offsetAt(first)];
	for (let sample = first; sample < to; sample += SAMPLE_STEP_MS) {
		const next = sample + SAMPLE_STEP_MS;
		const current = offsets[offsets.length - 1];
		const nextOffset = offsetAt(next);
		if (nextOffset === current) continue;
		let low = sample / MINUTE_MS;
		let high = next / MINUTE_MS;
		while (high - low > 1) {
			const mid = Math.floor((low + high) / 2);
			if (offsetAt(mid * MINUTE_MS) === current) low = mid;
			else high = mid;
		}
		changes.push(high * MINUTE_MS);
		offsets.push(nextOffset);
	}
	const last = first + Math.ceil((to - first) / SAMPLE_STEP_MS) * SAMPLE_STEP_MS;
	return (instant) => {
		if (instant < first || instant > last) return offsetAt(instant);
		let i = 0;
		while (i < changes.length && instant >= changes[i]) i++;
		return offsets[i];
	};
}

const sharedYearOffsets = new Map<string, OffsetAt>();
const SHARED_YEAR_OFFSETS_LIMIT = 256;

/**
 * The offsets of a zone for instants around a local year (two days' margin each side), shared by
 * every calendar in that zone: they are a pure function of the zone and the year.
 */
export function offsetsAroundYear(timezone: string, year: number): OffsetAt {
	const key = `${timezone}:${year}`;
	let offsets = sharedYearOffsets.get(key);
	if (offsets === undefined) {
		if (sharedYearOffsets.size >= SHARED_YEAR_OFFSETS_LIMIT) sharedYearOffsets.delete(sharedYearOffsets.keys().next().value as string);
		const margin = MAX_OFFSET_MS + 2 * DAY_MS;
		offsets = tabulateOffsets(offsetFunction(timezone), wallOfYearStart(year) - margin, wallOfYearStart(year + 1) + margin);
		sharedYearOffsets.set(key, offsets);
	}
	return offsets;
}

export function isKnownTimezone(timezone: string): boolean {
	return IANAZone.isValidZone(timezone);
}

/**
 * The instant a wall-clock time denotes, by one rule for daylight-saving changes:
 * - a time inside a spring-forward gap (it never shows on the wall) moves forward by the length of
 *   the gap: 02:30 in Berlin on the last Sunday of March is 03:30 CEST;
 * - an ambiguous time inside a fall-back overlap (it shows twice) is the earlier of its two instants:
 *   02:30 in Berlin on the last Sunday of October is 02:30 CEST, not CET.
 * Zones change offset at most once a day, so the offsets a day before and a day after are the only
 * candidates.
 */
export function wallToInstant(wall: WallMs, offsetAt: OffsetAt): number {
	const offsetBefore = offsetAt(wall - DAY_MS);
	const offsetAfter = offsetAt(wall + DAY_MS);
	const withBefore = wall - offsetBefore;
	if (offsetBefore === offsetAfter) return withBefore;
	const withAfter = wall - offsetAfter;
	const beforeFits = offsetAt(withBefore) === offsetBefore;
	const afterFits = offsetAt(withAfter) === offsetAfter;
	if (beforeFits && afterFits) return Math.min(withBefore, withAfter);
	if (beforeFits) return withBefore;
	if (afterFits) return withAfter;
	// In the gap: read with the offset in force before it, which shows the time shifted forward.
	return withBefore;
}

export function instantToWall(instant: number, offsetAt: OffsetAt): WallMs {
	return instant + offsetAt(instant);
}
