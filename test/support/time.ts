/**
 * Durations, instants and weekly hours as the tests and benches write them: `45 * MINUTE`,
 * `iso(ms)` in UTC, `localIso(ms, zone)` with the offset in force (so DST shows in expectations),
 * "HH:mm" times of day and a Monday-to-Friday week of opening hours.
 */
import { DateTime } from 'luxon';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An instant as UTC ISO-8601 with milliseconds; anything but a number is printed as it is (for messages). */
export const iso = (ms: number | null | undefined): string => (typeof ms === 'number' ? new Date(ms).toISOString() : String(ms));

/** An instant as local ISO-8601 time in `zone` with its offset, without milliseconds; null stays null. */
export const localIso = (ms: number | null, zone: string): string | null =>
	ms === null ? null : DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

/** A minute of the day as "HH:mm" (1440 is "24:00"). */
export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** "HH:mm" as minutes after midnight. */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Weekly hours open Monday to Friday from `start` to `end` ("HH:mm"), as a calendar's `weeklyHours`. */
export const weekdayHours = (start: string, end: string): Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri', Array<{ start: string; end: string }>> => ({
	mon: [{ start, end }],
	tue: [{ start, end }],
	wed: [{ start, end }],
	thu: [{ start, end }],
	fri: [{ start, end }],
});
