import { DAY_MS, formatInstant, isKnownTimezone, offsetsAroundYear, wallOfDate, wallToInstant } from '../core';

/**
 * The last `count` calendar days of a time zone up to `now`, today included: their dates
 * (YYYY-MM-DD, oldest first), the instant the first one began (local midnight, by core's rule for
 * daylight-saving gaps), and which of them an instant falls on. A day is a date on the zone's wall
 * clock, so a day of a DST change is 23 or 25 hours long.
 */
export interface LocalDays {
	timezone: string;
	dates: string[];
	from: number;
	/** The index in `dates` of the day `instant` falls on; -1 when it falls on none of them. */
	indexOf(instant: number): number;
}

export const MAX_DAYS = 366;

export function localDays(now: number, count: number, timezone: string): LocalDays {
	if (!isKnownTimezone(timezone)) throw new RangeError(`${JSON.stringify(timezone)} is not an IANA time zone (for example Europe/Berlin)`);
	if (!Number.isInteger(count) || count < 1 || count > MAX_DAYS) throw new RangeError(`days must be a whole number from 1 to ${MAX_DAYS}, got ${String(count)}`);
	const today = formatInstant(now, timezone).slice(0, 10);
	const [year, month, day] = today.split('-').map(Number);
	const firstWall = wallOfDate(year, month, day) - (count - 1) * DAY_MS;
	const dates = Array.from({ length: count }, (_, index) => isoDate(firstWall + index * DAY_MS));
	const index = new Map(dates.map((date, position) => [date, position]));
	return {
		timezone,
		dates,
		from: wallToInstant(firstWall, offsetsAroundYear(timezone, Number(dates[0].slice(0, 4)))),
		indexOf: (instant) => index.get(formatInstant(instant, timezone).slice(0, 10)) ?? -1,
	};
}

/** The date of a wall-clock day (milliseconds since 1970-01-01 on the wall). */
function isoDate(wall: number): string {
	return formatInstant(wall, 'UTC').slice(0, 10);
}
