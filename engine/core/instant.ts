import { DAY_MS, MINUTE_MS, offsetsAroundYear } from './wall-clock';

/**
 * Instants at the edges of the engine: ISO-8601 text in, epoch milliseconds inside, ISO-8601 text
 * with the calendar's offset out. Parsing is strict (no locale-dependent `Date.parse` guesses) and
 * cheap, because a sweep reads every event of thousands of tickets.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;

/**
 * Epoch milliseconds of an ISO-8601 timestamp (date, or date and time, with an offset or `Z`; a
 * timestamp without an offset is read as UTC), of epoch milliseconds, of a Date or of a luxon
 * DateTime; null if it is none of these.
 */
export function parseInstant(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? value : null;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
	if (typeof value === 'object' && value !== null && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		const ms = (value as { toMillis: () => number }).toMillis();
		return Number.isFinite(ms) ? ms : null;
	}
	if (typeof value !== 'string') return null;
	const match = ISO.exec(value.trim());
	if (match === null) return null;
	const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, offsetHours, offsetMinutes = '0'] = match;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	const hour = Number(h);
	const minute = Number(mi);
	const second = Number(s);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
	if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute > 0 || second > 0 || Number(fraction) > 0))) return null;
	const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
	let offset = 0;
	if (sign !== undefined) {
		if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return null;
		offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * MINUTE_MS;
	}
	return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis - offset;
}

const ZONE_DESIGNATOR = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)\s*$/;

/**
 * True for ISO-8601 text without `Z` or an offset (`"2026-03-27 16:30"`): parseInstant reads it as
 * UTC, which for a ticket timestamp is a guess, so ticket fields refuse it.
 */
export function lacksOffset(value: unknown): boolean {
	return typeof value === 'string' && parseInstant(value) !== null && !ZONE_DESIGNATOR.test(value.slice(10));
}

/** ISO-8601 with milliseconds and the zone's offset at that instant: `2026-03-10T12:00:00.000+01:00`. */
export function formatInstant(ms: number, timezone: string): string {
	const offset = offsetOf(timezone, ms);
	const wall = ms + offset;
	const days = Math.floor(wall / DAY_MS);
	let rest = wall - days * DAY_MS;
	const [year, month, day] = civilFromDays(days);
	const hour = Math.floor(rest / 3_600_000);
	rest -= hour * 3_600_000;
	const minute = Math.floor(rest / MINUTE_MS);
	rest -= minute * MINUTE_MS;
	const second = Math.floor(rest / 1000);
	const millis = rest - second * 1000;
	const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(millis, 3)}`;
	return date + offsetText(offset);
}

/** The offset tables of the last year asked for, per zone (a sweep formats thousands of instants in a few zones). */
const recentOffsets = new Map<string, { year: number; from: number; to: number; offsetAt: (ms: number) => number }>();

function offsetOf(timezone: string, ms: number): number {
	const recent = recentOffsets.get(timezone);
	if (recent !== undefined && ms >= recent.from && ms < recent.to) return recent.offsetAt(ms);
	const year = civilFromDays(Math.floor(ms / DAY_MS))[0];
	const offsetAt = offsetsAroundYear(timezone, year);
	if (recentOffsets.size > 64) recentOffsets.clear();
	recentOffsets.set(timezone, { year, from: daysFromCivil(year, 1, 1) * DAY_MS, to: daysFromCivil(year + 1, 1, 1) * DAY_MS, offsetAt });
	return offsetAt(ms);
}

function offsetText(offset: number): string {
	if (offset === 0) return 'Z';
	const minutes = Math.abs(offset) / MINUTE_MS;
	return `${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
	return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
	const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146_097 + dayOfEra - 719_468;
}

/** The date of a day number (inverse of daysFromCivil). */
function civilFromDays(days: number): [number, number, number] {
	const z = days + 719_468;
	const era = Math.floor(z / 146_097);
	const dayOfEra = z - era * 146_097;
	const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const mp = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
