import Holidays from 'date-holidays';
import type { WallMs } from '../core';

/**
 * Public holidays from `date-holidays`, by country and optional region (state/province code). The
 * holiday's wall-clock span (midnight to midnight, or partial like "from 14:00", or several days) is
 * read in the calendar's own time zone: a German calendar closes on 1 January from 00:00 to 24:00
 * German time, whatever zone the server runs in.
 */
export interface HolidayRule {
	country: string;
	region?: string;
	types: HolidayType[];
}

export type HolidayType = 'public' | 'bank' | 'school' | 'optional' | 'observance';
export const HOLIDAY_TYPES: readonly HolidayType[] = ['bank', 'observance', 'optional', 'public', 'school'];
export const DEFAULT_HOLIDAY_TYPES: readonly HolidayType[] = ['public'];

/** A closed wall-clock span [start, end). */
export interface WallSpan {
	start: WallMs;
	end: WallMs;
	name: string;
}

let countryNames: Record<string, string> | undefined;

export function knownCountries(): Record<string, string> {
	countryNames ??= new Holidays().getCountries('en');
	return countryNames;
}

const regionNames = new Map<string, Record<string, string>>();

/** Region codes of a country, or an empty object when date-holidays knows none. */
export function knownRegions(country: string): Record<string, string> {
	let regions = regionNames.get(country);
	if (regions === undefined) {
		regions = new Holidays().getStates(country, 'en') ?? {};
		regionNames.set(country, regions);
	}
	return regions;
}

/**
 * date-holidays takes milliseconds per country-year (about 8 ms for US/NY), and a node compiles its
 * calendars on every execution, so tables are shared by rule. They hold only what the library
 * computes from the rule, never anything about tickets.
 */
const sharedTables = new Map<string, HolidayTable>();
const SHARED_TABLES_LIMIT = 64;

export function holidayTableFor(rule: HolidayRule): HolidayTable {
	const key = `${rule.country}/${rule.region ?? ''}/${[...rule.types].sort().join(',')}`;
	let table = sharedTables.get(key);
	if (table === undefined) {
		if (sharedTables.size >= SHARED_TABLES_LIMIT) sharedTables.delete(sharedTables.keys().next().value as string);
		table = new HolidayTable(rule);
		sharedTables.set(key, table);
	}
	return table;
}

/** Holidays of one rule, computed per year on first use and kept. */
export class HolidayTable {
	private readonly source: Holidays;
	private readonly byYear = new Map<number, WallSpan[]>();

	constructor(readonly rule: HolidayRule) {
		// With the UTC "time zone", start and end read directly as wall-clock times.
		const options = { types: [...rule.types], timezone: 'UTC' };
		this.source =
			rule.region === undefined
				? new Holidays(rule.country, options)
				: new Holidays(rule.country, rule.region, options);
	}

	/** Holidays that start in a year, in wall-clock time, sorted by start. */
	startingIn(year: number): readonly WallSpan[] {
		let spans = this.byYear.get(year);
		if (spans === undefined) {
			spans = (this.source.getHolidays(year, 'en') || [])
				.map((holiday) => ({ start: holiday.start.getTime(), end: holiday.end.getTime(), name: holiday.name }))
				.filter((span) => span.end > span.start)
				.sort((a, b) => a.start - b.start);
			Object.freeze(spans);
			this.byYear.set(year, spans);
		}
		return spans;
	}
}
