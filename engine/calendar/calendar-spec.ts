import { DEFAULT_HOLIDAY_TYPES, HOLIDAY_TYPES, knownCountries, knownRegions } from './holidays';
import type { HolidayRule, HolidayType } from './holidays';
import { type DayNumber, dayNumberOf, isKnownTimezone, MINUTE_MS, type WallMs, wallOfDate, weekdayOf } from '../core';

/**
 * A business calendar as a builder writes it (JSON). Rules for times ('HH:mm', 24-hour clock):
 * - opening hours (`weeklyHours`, `overrides[].hours`): an end later than the start is on the same
 *   day; an end equal to or earlier than the start is on the next day (a shift crossing midnight:
 *   fri 22:00–06:00 runs Friday 22:00 → Saturday 06:00); `24:00` is the end of the day. Intervals
 *   of one day may touch but not overlap, nor overlap the part of the previous day's shift that runs
 *   past midnight.
 * - closures lie within their date: the end must be after the start (`24:00` allowed); a closure
 *   without start closes from midnight, without end until midnight.
 * - holidays close their local day (or the partial span date-holidays gives) in the calendar's zone.
 * - an override replaces the weekly hours that start on its date; `hours: []` closes that date.
 */
export interface CalendarSpec {
	name?: string;
	timezone: string;
	alwaysOpen?: boolean;
	weeklyHours?: Partial<Record<Weekday, OpeningHours[]>>;
	holidays?: { country: string; region?: string; types?: string[] };
	closures?: { date: string; start?: string; end?: string; name?: string }[];
	overrides?: { date: string; hours: OpeningHours[] }[];
}

export interface OpeningHours {
	start: string;
	end: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Opening minutes from the day's midnight: start in [0, 1440), start < end <= start + 1440. */
export interface DayInterval {
	start: number;
	end: number;
}

/** The validated calendar, ready to compile. */
export interface CalendarRules {
	name: string;
	timezone: string;
	alwaysOpen: boolean;
	/** Index 0 = Monday. */
	week: DayInterval[][];
	overrides: Map<DayNumber, DayInterval[]>;
	closures: ClosedSpan[];
	holidays: HolidayRule | null;
	/** The last date named by an override or closure (or -Infinity). */
	lastExplicitDay: number;
}

export interface ClosedSpan {
	start: WallMs;
	end: WallMs;
}

/** A calendar that cannot be used, with the path of the field to fix (e.g. `weeklyHours.mon[1].end`). */
export class CalendarError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'CalendarError';
	}
}

const TOP_LEVEL_FIELDS = ['alwaysOpen', 'closures', 'description', 'holidays', 'id', 'name', 'overrides', 'timezone', 'weeklyHours'];
const DAY_MINUTES = 1440;

export function parseCalendarSpec(spec: unknown, field?: string): CalendarRules {
	const at = (path: string) => (field ? `${field}.${path}` : path);
	const root = field ?? 'calendar';
	if (typeof spec === 'string') spec = parseJson(spec, root);
	if (!isRecord(spec)) throw new CalendarError(root, 'a calendar must be an object with at least "timezone"');
	rejectUnknownFields(spec, TOP_LEVEL_FIELDS, field);

	const name = spec.name === undefined ? '' : expectString(spec.name, at('name'));
	const timezone = parseTimezone(spec.timezone, at('timezone'));
	const alwaysOpen = spec.alwaysOpen === undefined ? false : expectBoolean(spec.alwaysOpen, at('alwaysOpen'));
	if (alwaysOpen && spec.weeklyHours !== undefined) {
		throw new CalendarError(at('weeklyHours'), 'cannot be combined with alwaysOpen: true (a 24/7 calendar has no weekly hours)');
	}
	const week = alwaysOpen ? WEEKDAYS.map(() => [{ start: 0, end: DAY_MINUTES }]) : parseWeek(spec.weeklyHours, at('weeklyHours'));
	if (week.every((day) => day.length === 0)) {
		throw new CalendarError(at('weeklyHours'), 'the calendar is never open: give opening hours for at least one weekday, or set alwaysOpen: true');
	}
	const overrides = parseOverrides(spec.overrides, at('overrides'), week);
	const closures = parseClosures(spec.closures, at('closures'));
	const holidays = spec.holidays === undefined || spec.holidays === null ? null : parseHolidays(spec.holidays, at('holidays'));
	const explicitDays = [...overrides.keys(), ...closures.map((closure) => dayNumberOf(closure.start))];
	return {
		name,
		timezone,
		alwaysOpen,
		week,
		overrides,
		closures: closures.map(({ start, end }) => ({ start, end })).sort((a, b) => a.start - b.start),
		holidays,
		lastExplicitDay: explicitDays.length ? Math.max(...explicitDays) : -Infinity,
	};
}

function parseTimezone(value: unknown, path: string): string {
	if (value === undefined || value === null || value === '') {
		throw new CalendarError(path, 'is required: an IANA time zone such as "Europe/Berlin"');
	}
	const timezone = expectString(value, path);
	if (!isKnownTimezone(timezone)) {
		throw new CalendarError(path, `"${timezone}" is not an IANA time zone (such as "Europe/Berlin" or "America/New_York")`);
	}
	return timezone;
}

function parseWeek(value: unknown, path: string): DayInterval[][] {
	if (value === undefined || value === null) return WEEKDAYS.map(() => []);
	if (!isRecord(value)) throw new CalendarError(path, 'must be an object with weekdays mon … sun as keys');
	for (const key of Object.keys(value)) {
		if (!WEEKDAYS.includes(key as Weekday)) {
			throw new CalendarError(`${path}.${key}`, `is not a weekday (use ${WEEKDAYS.join(', ')})`);
		}
	}
	const week = WEEKDAYS.map((day) => parseDayHours(value[day], `${path}.${day}`));
	WEEKDAYS.forEach((day, index) => {
		const next = (index + 1) % 7;
		checkSpillInto(week[index], `${path}.${day}`, week[next], `${path}.${WEEKDAYS[next]}`);
	});
	return week;
}

/** Intervals of one day in the order given (paths name them by position), checked for overlap. */
function parseDayHours(value: unknown, path: string): DayInterval[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new CalendarError(path, 'must be a list of { "start": "HH:mm", "end": "HH:mm" }');
	const intervals = value.map((entry, index) => ({ ...parseOpeningHours(entry, `${path}[${index}]`), index }));
	const sorted = [...intervals].sort((a, b) => a.start - b.start);
	for (let i = 1; i < sorted.length; i++) {
		if (sorted[i].start < sorted[i - 1].end) {
			const [earlier, later] = [sorted[i - 1], sorted[i]].sort((a, b) => a.index - b.index);
			throw new CalendarError(
				`${path}[${later.index}]`,
				`${describe(later)} overlaps ${path}[${earlier.index}] ${describe(earlier)}`,
			);
		}
	}
	return intervals.map(({ start, end }) => ({ start, end }));
}

function parseOpeningHours(value: unknown, path: string): DayInterval {
	if (!isRecord(value)) throw new CalendarError(path, 'must be an object { "start": "HH:mm", "end": "HH:mm" }');
	rejectUnknownFields(value, ['end', 'start'], path);
	const start = parseTime(value.start, `${path}.start`, false);
	let end = parseTime(value.end, `${path}.end`, true);
	if (end <= start) end += DAY_MINUTES;
	return { start, end };
}

/** The part of `day`'s shifts past midnight must not overlap the intervals of the following day. */
function checkSpillInto(day: DayInterval[], dayPath: string, nextDay: DayInterval[], nextPath: string): void {
	day.forEach((shift, shiftIndex) => {
		if (shift.end <= DAY_MINUTES) return;
		const spillEnd = shift.end - DAY_MINUTES;
		const hit = nextDay.findIndex((interval) => interval.start < spillEnd);
		if (hit >= 0) {
			throw new CalendarError(
				`${nextPath}[${hit}]`,
				`${describe(nextDay[hit])} overlaps the shift ${dayPath}[${shiftIndex}] ${describe(shift)} that runs past midnight`,
			);
		}
	});
}

function parseOverrides(value: unknown, path: string, week: DayInterval[][]): Map<DayNumber, DayInterval[]> {
	const overrides = new Map<DayNumber, DayInterval[]>();
	if (value === undefined || value === null) return overrides;
	if (!Array.isArray(value)) throw new CalendarError(path, 'must be a list of { "date": "YYYY-MM-DD", "hours": [...] }');
	const pathOfDay = new Map<DayNumber, string>();
	value.forEach((entry, index) => {
		const entryPath = `${path}[${index}]`;
		if (!isRecord(entry)) throw new CalendarError(entryPath, 'must be an object { "date": "YYYY-MM-DD", "hours": [...] }');
		rejectUnknownFields(entry, ['date', 'hours', 'name'], entryPath);
		const day = dayNumberOf(parseDate(entry.date, `${entryPath}.date`));
		const previous = pathOfDay.get(day);
		if (previous !== undefined) {
			throw new CalendarError(`${entryPath}.date`, `${String(entry.date)} is already overridden by ${previous}`);
		}
		if (entry.hours === undefined) throw new CalendarError(`${entryPath}.hours`, 'is required (use [] to close the date)');
		overrides.set(day, parseDayHours(entry.hours, `${entryPath}.hours`));
		pathOfDay.set(day, `${entryPath}.hours`);
	});
	const hoursOf = (day: DayNumber) => overrides.get(day) ?? week[weekdayOf(day)];
	const pathOf = (day: DayNumber) => pathOfDay.get(day) ?? `weeklyHours.${WEEKDAYS[weekdayOf(day)]}`;
	for (const day of overrides.keys()) {
		checkSpillInto(hoursOf(day - 1), pathOf(day - 1), hoursOf(day), pathOf(day));
		checkSpillInto(hoursOf(day), pathOf(day), hoursOf(day + 1), pathOf(day + 1));
	}
	return overrides;
}

function parseClosures(value: unknown, path: string): ClosedSpan[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new CalendarError(path, 'must be a list of { "date": "YYYY-MM-DD", "start"?: "HH:mm", "end"?: "HH:mm" }');
	return value.map((entry, index) => {
		const entryPath = `${path}[${index}]`;
		if (!isRecord(entry)) throw new CalendarError(entryPath, 'must be an object { "date": "YYYY-MM-DD", "start"?: "HH:mm", "end"?: "HH:mm" }');
		rejectUnknownFields(entry, ['date', 'end', 'name', 'start'], entryPath);
		const date = parseDate(entry.date, `${entryPath}.date`);
		if (entry.name !== undefined) expectString(entry.name, `${entryPath}.name`);
		const start = entry.start === undefined ? 0 : parseTime(entry.start, `${entryPath}.start`, false);
		const end = entry.end === undefined ? DAY_MINUTES : parseTime(entry.end, `${entryPath}.end`, true);
		if (end <= start) {
			throw new CalendarError(
				`${entryPath}.end`,
				`${formatMinutes(end)} is not after start ${formatMinutes(start)} (a closure lies within its date; use two closures to span midnight)`,
			);
		}
		return { start: date + start * MINUTE_MS, end: date + end * MINUTE_MS };
	});
}

function parseHolidays(value: unknown, path: string): HolidayRule {
	if (!isRecord(value)) throw new CalendarError(path, 'must be an object { "country": "DE", "region"?: "BY", "types"?: ["public"] }');
	rejectUnknownFields(value, ['country', 'region', 'types'], path);
	const country = expectString(value.country, `${path}.country`).trim().toUpperCase();
	if (!(country in knownCountries())) {
		throw new CalendarError(`${path}.country`, `"${String(value.country)}" is not a country known to date-holidays (use an ISO 3166-1 code such as "DE" or "US")`);
	}
	let region: string | undefined;
	if (value.region !== undefined && value.region !== null && value.region !== '') {
		region = expectString(value.region, `${path}.region`).trim().toUpperCase();
		const regions = knownRegions(country);
		if (!(region in regions)) {
			const known = Object.keys(regions);
			throw new CalendarError(
				`${path}.region`,
				`"${String(value.region)}" is not a region of ${country} known to date-holidays (${known.length ? `one of ${known.join(', ')}` : 'it has none'})`,
			);
		}
	}
	let types: HolidayType[] = [...DEFAULT_HOLIDAY_TYPES];
	if (value.types !== undefined && value.types !== null) {
		if (!Array.isArray(value.types) || value.types.length === 0) {
			throw new CalendarError(`${path}.types`, `must be a non-empty list of ${HOLIDAY_TYPES.join(', ')}`);
		}
		types = value.types.map((type, index) => {
			if (!HOLIDAY_TYPES.includes(type as HolidayType)) {
				throw new CalendarError(`${path}.types[${index}]`, `"${String(type)}" is not a holiday type (use ${HOLIDAY_TYPES.join(', ')})`);
			}
			return type as HolidayType;
		});
	}
	return region === undefined ? { country, types } : { country, region, types };
}

/** Minutes from midnight of 'HH:mm'; '24:00' only where an end is meant. */
function parseTime(value: unknown, path: string, isEnd: boolean): number {
	if (typeof value !== 'string') throw new CalendarError(path, `${JSON.stringify(value) ?? 'undefined'} is not a time HH:mm`);
	if (value === '24:00') {
		if (isEnd) return DAY_MINUTES;
		throw new CalendarError(path, '"24:00" is only allowed as an end (use "00:00" for a start at midnight)');
	}
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
	if (!match) throw new CalendarError(path, `"${value}" is not a time HH:mm`);
	return Number(match[1]) * 60 + Number(match[2]);
}

function parseDate(value: unknown, path: string): WallMs {
	const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
	if (!match) throw new CalendarError(path, `${JSON.stringify(value) ?? 'undefined'} is not a date YYYY-MM-DD`);
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const wall = wallOfDate(year, month, day);
	const check = new Date(wall);
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || year < 1900) {
		throw new CalendarError(path, `"${String(value)}" is not a date in the calendar`);
	}
	return wall;
}

function describe(interval: DayInterval): string {
	return `${formatMinutes(interval.start)}–${formatMinutes(interval.end % DAY_MINUTES || (interval.end ? DAY_MINUTES : 0))}`;
}

function formatMinutes(minutes: number): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function rejectUnknownFields(value: Record<string, unknown>, allowed: string[], path: string | undefined): void {
	for (const key of Object.keys(value)) {
		if (!allowed.includes(key)) {
			throw new CalendarError(path ? `${path}.${key}` : key, `is not a calendar field (expected ${allowed.join(', ')})`);
		}
	}
}

function parseJson(text: string, path: string): unknown {
	let problem: string;
	try {
		return JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new CalendarError(path, `is not valid JSON (${problem})`);
}

function expectString(value: unknown, path: string): string {
	if (typeof value !== 'string') throw new CalendarError(path, `must be a string, got ${JSON.stringify(value) ?? 'undefined'}`);
	return value;
}

function expectBoolean(value: unknown, path: string): boolean {
	if (typeof value !== 'boolean') throw new CalendarError(path, `must be true or false, got ${JSON.stringify(value)}`);
	return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

