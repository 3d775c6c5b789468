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
import { HOUR, localIso, MINUTE, weekdayHours } from '../../support/time';

const nineToFive = [{ start: '09:00', end: '17:00' }];
const weekdays = weekdayHours('09:00', '17:00');

/** An instant from local wall-clock time; for ambiguous times the offset is written out. */
const at = (local: string, zone: string) => {
	const parsed = DateTime.fromISO(local, { zone, setZone: /[+-]\d\d:\d\d$/.test(local) });
	if (!parsed.isValid) throw new Error(`bad test time ${local}`);
	return parsed.toMillis();
};

function nightShiftCalendar(timezone: string): Calendar {
	return compileCalendar({ timezone, weeklyHours: { sat: [{ start: '22:00', end: '06:00' }] } });
}

describe('business calendars across daylight-saving changes', () => {
	it.each([
		['Europe/Berlin', 'spring forward', '2026-03-28', '2026-03-29T06:00:00+02:00', 7],
		['Europe/Berlin', 'fall back', '2026-10-24', '2026-10-25T06:00:00+01:00', 9],
		['America/New_York', 'spring forward', '2026-03-07', '2026-03-08T06:00:00-04:00', 7],
		['America/New_York', 'fall back', '2026-10-31', '2026-11-01T06:00:00-05:00', 9],
		['Australia/Sydney', 'fall back (April, southern hemisphere)', '2026-04-04', '2026-04-05T06:00:00+10:00', 9],
		['Australia/Sydney', 'spring forward (October, southern hemisphere)', '2026-10-03', '2026-10-04T06:00:00+11:00', 7],
		['Australia/Lord_Howe', 'fall back by 30 minutes', '2026-04-04', '2026-04-05T06:00:00+10:30', 8.5],
		['Australia/Lord_Howe', 'spring forward by 30 minutes', '2026-10-03', '2026-10-04T06:00:00+11:00', 7.5],
	])('a Saturday 22:00–06:00 night shift in %s on the %s night lasts the real hours', (zone, _change, saturday, sundayEnd, hours) => {
		const calendar = nightShiftCalendar(zone);
		const start = at(`${saturday}T22:00`, zone);
		expect(businessTimeBetween(calendar, start, start + 24 * HOUR)).toBe(hours * HOUR);
		expect(localIso(nextClosing(calendar, start), zone)).toBe(sundayEnd);
		expect(localIso(addBusinessTime(calendar, start, hours * HOUR), zone)).toBe(sundayEnd);
		const nextSaturday = DateTime.fromISO(saturday).plus({ days: 7 }).toISODate();
		expect(addBusinessTime(calendar, start, hours * HOUR + MINUTE)).toBe(at(`${nextSaturday}T22:01`, zone));
	});

	it('an opening time inside the spring-forward gap moves forward by the gap (Berlin 02:30 → 03:30 CEST)', () => {
		const zone = 'Europe/Berlin';
		const calendar = compileCalendar({ timezone: zone, weeklyHours: { sun: [{ start: '02:30', end: '05:00' }] } });
		expect(localIso(nextOpening(calendar, at('2026-03-29T00:00', zone)), zone)).toBe('2026-03-29T03:30:00+02:00');
		expect(businessTimeBetween(calendar, at('2026-03-29T00:00', zone), at('2026-03-30T00:00', zone))).toBe(1.5 * HOUR);
		expect(isOpenAt(calendar, at('2026-03-29T03:15', zone))).toBe(false);
	});

	it('a time inside the fall-back overlap is its earlier instant (Berlin 02:30 is CEST, not CET)', () => {
		const zone = 'Europe/Berlin';
		const endsInOverlap = compileCalendar({ timezone: zone, weeklyHours: { sat: [{ start: '20:00', end: '02:30' }] } });
		expect(localIso(nextClosing(endsInOverlap, at('2026-10-24T23:00', zone)), zone)).toBe('2026-10-25T02:30:00+02:00');
		expect(businessTimeBetween(endsInOverlap, at('2026-10-24T12:00', zone), at('2026-10-25T12:00', zone))).toBe(6.5 * HOUR);
		const startsInOverlap = compileCalendar({ timezone: zone, weeklyHours: { sun: [{ start: '02:30', end: '04:00' }] } });
		expect(localIso(nextOpening(startsInOverlap, at('2026-10-25T00:00', zone)), zone)).toBe('2026-10-25T02:30:00+02:00');
		// 02:30 CEST → 04:00 CET is two and a half real hours.
		expect(businessTimeBetween(startsInOverlap, at('2026-10-25T00:00', zone), at('2026-10-25T12:00', zone))).toBe(2.5 * HOUR);
	});

	it('a 9–17 deadline over the New York spring-forward weekend lands on Monday at the wall-clock hour', () => {
		const zone = 'America/New_York';
		const calendar = compileCalendar({ timezone: zone, weeklyHours: weekdays });
		expect(localIso(addBusinessTime(calendar, at('2026-03-06T16:00', zone), 2 * HOUR), zone)).toBe('2026-03-09T10:00:00-04:00');
		expect(businessTimeBetween(calendar, at('2026-03-06T09:00', zone), at('2026-03-09T17:00', zone))).toBe(16 * HOUR);
	});

	it('a 24/7 calendar counts the 23-hour and 25-hour days as they are', () => {
		const zone = 'Europe/Berlin';
		const calendar = compileCalendar({ timezone: zone, alwaysOpen: true });
		expect(businessTimeBetween(calendar, at('2026-03-29T00:00', zone), at('2026-03-30T00:00', zone))).toBe(23 * HOUR);
		expect(businessTimeBetween(calendar, at('2026-10-25T00:00', zone), at('2026-10-26T00:00', zone))).toBe(25 * HOUR);
	});
});

describe('holidays', () => {
	const zone = 'Europe/Berlin';
	const german: CalendarSpec = { timezone: zone, alwaysOpen: true, holidays: { country: 'DE', region: 'BY' } };

	it('close exactly from local midnight to local midnight', () => {
		const calendar = compileCalendar(german);
		expect(isOpenAt(calendar, at('2026-12-24T23:59:59.999', zone))).toBe(true);
		expect(isOpenAt(calendar, at('2026-12-25T00:00', zone))).toBe(false);
		expect(localIso(nextClosing(calendar, at('2026-12-24T12:00', zone)), zone)).toBe('2026-12-25T00:00:00+01:00');
		expect(localIso(nextOpening(calendar, at('2026-12-25T12:00', zone)), zone)).toBe('2026-12-27T00:00:00+01:00');
	});

	it('cut a night shift that runs into the holiday, and keep the part after a holiday night', () => {
		const calendar = compileCalendar({
			timezone: zone,
			weeklyHours: { thu: [{ start: '22:00', end: '06:00' }], fri: [{ start: '22:00', end: '06:00' }] },
			holidays: { country: 'DE' },
		});
		// Thu 31 Dec 22:00 → Fri 1 Jan 06:00: New Year's Day takes everything after midnight.
		expect(businessTimeBetween(calendar, at('2026-12-31T12:00', zone), at('2027-01-01T12:00', zone))).toBe(2 * HOUR);
		// Fri 1 Jan 22:00 → Sat 06:00: only Saturday's part is open.
		expect(businessTimeBetween(calendar, at('2027-01-01T12:00', zone), at('2027-01-02T12:00', zone))).toBe(6 * HOUR);
		expect(localIso(nextOpening(calendar, at('2027-01-01T12:00', zone)), zone)).toBe('2027-01-02T00:00:00+01:00');
	});

	it('take the partial span date-holidays gives (Shrove Tuesday from 14:00)', () => {
		const calendar = compileCalendar({ timezone: zone, weeklyHours: weekdays, holidays: { country: 'DE', types: ['public', 'observance'] } });
		expect(businessTimeBetween(calendar, at('2026-02-17T00:00', zone), at('2026-02-18T00:00', zone))).toBe(5 * HOUR);
		expect(localIso(nextClosing(calendar, at('2026-02-17T10:00', zone)), zone)).toBe('2026-02-17T14:00:00+01:00');
	});

	it('count only the types asked for (public by default)', () => {
		const publicOnly = compileCalendar({ timezone: zone, weeklyHours: weekdays, holidays: { country: 'DE' } });
		expect(businessTimeBetween(publicOnly, at('2026-02-17T00:00', zone), at('2026-02-18T00:00', zone))).toBe(8 * HOUR);
	});

	it('follow the region (Epiphany is a holiday in Bavaria, not in Berlin)', () => {
		const bavaria = compileCalendar({ timezone: zone, weeklyHours: weekdays, holidays: { country: 'DE', region: 'BY' } });
		const berlin = compileCalendar({ timezone: zone, weeklyHours: weekdays, holidays: { country: 'DE', region: 'BE' } });
		expect(isOpenAt(bavaria, at('2026-01-06T10:00', zone))).toBe(false);
		expect(isOpenAt(berlin, at('2026-01-06T10:00', zone))).toBe(true);
	});

	it('a deadline computed on 31 December lands in January past New Year', () => {
		const newYork = 'America/New_York';
		const calendar = compileCalendar({ timezone: newYork, weeklyHours: weekdays, holidays: { country: 'US' } });
		expect(localIso(addBusinessTime(calendar, at('2026-12-31T15:00', newYork), 4 * HOUR), newYork)).toBe('2027-01-04T11:00:00-05:00');
	});

	it('an observed New Year on 31 December of the year before closes that day (US 2027-12-31)', () => {
		const newYork = 'America/New_York';
		const calendar = compileCalendar({ timezone: newYork, weeklyHours: weekdays, holidays: { country: 'US' } });
		expect(isOpenAt(calendar, at('2027-12-31T10:00', newYork))).toBe(false);
		expect(localIso(addBusinessTime(calendar, at('2027-12-30T15:00', newYork), 4 * HOUR), newYork)).toBe('2028-01-03T11:00:00-05:00');
	});

	it('a substitute day in January after a weekend New Year closes (England 2028-01-03)', () => {
		const london = 'Europe/London';
		const calendar = compileCalendar({ timezone: london, weeklyHours: weekdays, holidays: { country: 'GB', region: 'ENG' } });
		expect(localIso(addBusinessTime(calendar, at('2027-12-31T16:00', london), 3 * HOUR), london)).toBe('2028-01-04T11:00:00Z'.replace('Z', '+00:00'));
	});
});

describe('leap day, closures and overrides', () => {
	const zone = 'Europe/Berlin';

	it('counts 29 February 2028 as a working Tuesday', () => {
		const calendar = compileCalendar({ timezone: zone, weeklyHours: weekdays });
		expect(localIso(addBusinessTime(calendar, at('2028-02-28T16:00', zone), 2 * HOUR), zone)).toBe('2028-02-29T10:00:00+01:00');
		expect(businessTimeBetween(calendar, at('2028-02-28T00:00', zone), at('2028-03-02T00:00', zone))).toBe(24 * HOUR);
	});

	it('a full-day closure on the leap day moves the deadline to 1 March', () => {
		const calendar = compileCalendar({ timezone: zone, weeklyHours: weekdays, closures: [{ date: '2028-02-29', name: 'Offsite' }] });
		expect(localIso(addBusinessTime(calendar, at('2028-02-28T16:00', zone), 2 * HOUR), zone)).toBe('2028-03-01T10:00:00+01:00');
	});

	it('partial closures subtract only their hours', () => {
		const calendar = compileCalendar({
			timezone: zone,
			weeklyHours: weekdays,
			closures: [{ date: '2026-06-10', start: '12:00', end: '14:00' }, { date: '2026-06-11', start: '15:00' }, { date: '2026-06-12', end: '10:00' }],
		});
		const day = (date: string) => businessTimeBetween(calendar, at(`${date}T00:00`, zone), at(`${date}T23:59`, zone));
		expect([day('2026-06-10'), day('2026-06-11'), day('2026-06-12')]).toEqual([6 * HOUR, 6 * HOUR, 7 * HOUR]);
		expect(localIso(addBusinessTime(calendar, at('2026-06-10T11:00', zone), 2 * HOUR), zone)).toBe('2026-06-10T15:00:00+02:00');
	});

	it('an override replaces that date’s weekly hours, and [] closes the date', () => {
		const calendar = compileCalendar({
			timezone: zone,
			weeklyHours: weekdays,
			overrides: [
				{ date: '2026-12-24', hours: [{ start: '09:00', end: '12:00' }] },
				{ date: '2026-12-30', hours: [] },
				{ date: '2026-12-27', hours: [{ start: '20:00', end: '02:00' }] },
			],
		});
		const day = (date: string) => businessTimeBetween(calendar, at(`${date}T00:00`, zone), at(`${date}T23:59`, zone));
		expect(day('2026-12-24')).toBe(3 * HOUR);
		expect(day('2026-12-30')).toBe(0);
		// The Sunday override runs past midnight into Monday, before Monday's own hours.
		expect(day('2026-12-28')).toBe(10 * HOUR);
	});

	it('a previous day’s night shift still runs into an overridden date', () => {
		const calendar = compileCalendar({
			timezone: zone,
			weeklyHours: { thu: [{ start: '22:00', end: '04:00' }] },
			overrides: [{ date: '2026-06-12', hours: [{ start: '10:00', end: '11:00' }] }],
		});
		expect(businessTimeBetween(calendar, at('2026-06-12T00:00', zone), at('2026-06-13T00:00', zone))).toBe(5 * HOUR);
	});
});

describe('24/7 calendars', () => {
	it('add durations exactly, never close, and subtract pauses as they are', () => {
		const calendar = compileCalendar({ timezone: 'America/New_York', alwaysOpen: true });
		const from = Date.UTC(2026, 0, 1);
		expect(addBusinessTime(calendar, from, 90 * 24 * HOUR)).toBe(from + 90 * 24 * HOUR);
		expect(isOpenAt(calendar, from)).toBe(true);
		expect(nextOpening(calendar, from)).toBe(from);
		expect(nextClosing(calendar, from)).toBeNull();
		expect(businessTimeBetween(calendar, from, from + 10 * HOUR, [[from + HOUR, from + 3 * HOUR], [from + 2 * HOUR, from + 4 * HOUR]])).toBe(7 * HOUR);
	});

	it('with holidays, close on them', () => {
		const zone = 'Europe/Berlin';
		const calendar = compileCalendar({ timezone: zone, alwaysOpen: true, holidays: { country: 'DE' } });
		expect(localIso(nextClosing(calendar, at('2026-12-20T12:00', zone)), zone)).toBe('2026-12-25T00:00:00+01:00');
		expect(localIso(addBusinessTime(calendar, at('2026-12-24T12:00', zone), 24 * HOUR), zone)).toBe('2026-12-27T12:00:00+01:00');
	});

	it('a week open around the clock without exceptions never closes either', () => {
		const allDay = [{ start: '00:00', end: '24:00' }];
		const calendar = compileCalendar({ timezone: 'UTC', weeklyHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } });
		expect(nextClosing(calendar, Date.UTC(2026, 5, 1))).toBeNull();
	});

	it('open around the clock except one closure: the next closing is that closure, and none after it', () => {
		const calendar = compileCalendar({ timezone: 'UTC', alwaysOpen: true, closures: [{ date: '2027-03-01' }] });
		expect(nextClosing(calendar, Date.UTC(2026, 5, 1))).toBe(Date.UTC(2027, 2, 1));
		expect(nextOpening(calendar, Date.UTC(2027, 2, 1, 12))).toBe(Date.UTC(2027, 2, 2));
		expect(nextClosing(calendar, Date.UTC(2027, 2, 2))).toBeNull();
	});
});

describe('deadlines, elapsed time and pauses', () => {
	const zone = 'Europe/Berlin';
	const calendar = compileCalendar({ name: 'Support DE', timezone: zone, weeklyHours: weekdays });

	it('a deadline that runs out at closing time is the closing instant, not the next opening', () => {
		expect(localIso(addBusinessTime(calendar, at('2026-06-10T16:00', zone), HOUR), zone)).toBe('2026-06-10T17:00:00+02:00');
		expect(localIso(addBusinessTime(calendar, at('2026-06-10T16:00', zone), HOUR + 1), zone)).toBe('2026-06-11T09:00:00.001+02:00');
	});

	it('a deadline started while closed starts counting at the next opening', () => {
		expect(localIso(addBusinessTime(calendar, at('2026-06-13T10:00', zone), 30 * MINUTE), zone)).toBe('2026-06-15T09:30:00+02:00');
	});

	it('a zero duration is the start instant itself', () => {
		const saturday = at('2026-06-13T10:00', zone);
		expect(addBusinessTime(calendar, saturday, 0)).toBe(saturday);
	});

	it('a pause across closed hours subtracts only its business overlap', () => {
		const from = at('2026-06-10T09:00', zone);
		const to = at('2026-06-12T17:00', zone);
		expect(businessTimeBetween(calendar, from, to)).toBe(24 * HOUR);
		expect(businessTimeBetween(calendar, from, to, [[at('2026-06-10T16:00', zone), at('2026-06-11T10:00', zone)]])).toBe(22 * HOUR);
		expect(businessTimeBetween(calendar, from, to, [[at('2026-06-10T18:00', zone), at('2026-06-11T08:00', zone)]])).toBe(24 * HOUR);
	});

	it('elapsed time backwards is zero', () => {
		expect(businessTimeBetween(calendar, at('2026-06-12T17:00', zone), at('2026-06-10T09:00', zone))).toBe(0);
	});

	it('a deadline several years out agrees with the elapsed time back to its start', () => {
		const from = at('2026-05-05T11:11', zone);
		const duration = 3 * 52 * 40 * HOUR + 17 * MINUTE;
		const deadline = addBusinessTime(calendar, from, duration);
		expect(businessTimeBetween(calendar, from, deadline)).toBe(duration);
		expect(DateTime.fromMillis(deadline, { zone }).year).toBe(2029);
	});

	it('knows its name and zone, and rejects something that is not a compiled calendar', () => {
		expect([calendar.name, calendar.timezone]).toEqual(['Support DE', zone]);
		expect(() => isOpenAt({ name: 'x', timezone: 'UTC' }, 0)).toThrow(TypeError);
		expect(() => addBusinessTime(calendar, 0, -1)).toThrow(RangeError);
		expect(() => addBusinessTime(calendar, 0, Number.NaN)).toThrow(RangeError);
		expect(() => addBusinessTime(calendar, 0, 1e15)).toThrow(RangeError);
	});

	it('accepts the calendar as JSON text', () => {
		const fromJson = compileCalendar(JSON.stringify({ timezone: 'UTC', weeklyHours: { mon: nineToFive } }));
		expect(isOpenAt(fromJson, Date.UTC(2026, 5, 15, 10))).toBe(true);
	});
});

describe('validation names the field to fix', () => {
	const base = { timezone: 'Europe/Berlin' };
	it.each<[string, unknown, string]>([
		['a time that is not HH:mm', { ...base, weeklyHours: { mon: [nineToFive[0], { start: '18:00', end: '25:00' }] } }, 'weeklyHours.mon[1].end: "25:00" is not a time HH:mm'],
		['24:00 as a start', { ...base, weeklyHours: { mon: [{ start: '24:00', end: '02:00' }] } }, 'weeklyHours.mon[0].start: "24:00" is only allowed as an end'],
		['an unknown zone', { timezone: 'Europe/Berln', alwaysOpen: true }, 'timezone: "Europe/Berln" is not an IANA time zone'],
		['a missing zone', { alwaysOpen: true }, 'timezone: is required'],
		['overlapping intervals on a day', { ...base, weeklyHours: { tue: [{ start: '09:00', end: '12:00' }, { start: '11:30', end: '14:00' }] } }, 'weeklyHours.tue[1]: 11:30–14:00 overlaps weeklyHours.tue[0] 09:00–12:00'],
		['a night shift spilling into the next day’s hours', { ...base, weeklyHours: { sun: [{ start: '22:00', end: '07:00' }], mon: nineToFive.concat([{ start: '06:00', end: '08:00' }]) } }, 'weeklyHours.mon[1]: 06:00–08:00 overlaps the shift weeklyHours.sun[0] 22:00–07:00 that runs past midnight'],
		['an override overlapping the previous night shift', { ...base, weeklyHours: { sun: [{ start: '22:00', end: '07:00' }] }, overrides: [{ date: '2026-06-15', hours: [{ start: '06:00', end: '08:00' }] }] }, 'overrides[0].hours[0]: 06:00–08:00 overlaps the shift weeklyHours.sun[0] 22:00–07:00 that runs past midnight'],
		['a closure ending before it starts', { ...base, alwaysOpen: true, closures: [{ date: '2026-06-15', start: '12:00', end: '09:00' }] }, 'closures[0].end: 09:00 is not after start 12:00'],
		['an impossible date', { ...base, alwaysOpen: true, closures: [{ date: '2026-02-29' }] }, 'closures[0].date: "2026-02-29" is not a date in the calendar'],
		['a date in another format', { ...base, alwaysOpen: true, overrides: [{ date: '15.06.2026', hours: [] }] }, 'overrides[0].date: "15.06.2026" is not a date YYYY-MM-DD'],
		['the same date overridden twice', { ...base, alwaysOpen: true, overrides: [{ date: '2026-06-15', hours: [] }, { date: '2026-06-15', hours: [] }] }, 'overrides[1].date: 2026-06-15 is already overridden by overrides[0].hours'],
		['an unknown country', { ...base, alwaysOpen: true, holidays: { country: 'XX' } }, 'holidays.country: "XX" is not a country known to date-holidays'],
		['an unknown region', { ...base, alwaysOpen: true, holidays: { country: 'DE', region: 'XY' } }, 'holidays.region: "XY" is not a region of DE known to date-holidays (one of BB, BE,'],
		['an unknown holiday type', { ...base, alwaysOpen: true, holidays: { country: 'DE', types: ['public', 'festive'] } }, 'holidays.types[1]: "festive" is not a holiday type'],
		['an unknown weekday', { ...base, weeklyHours: { monday: nineToFive } }, 'weeklyHours.monday: is not a weekday'],
		['a misspelt field', { ...base, alwaysOpen: true, weeklyhours: {} }, 'weeklyhours: is not a calendar field'],
		['no opening hours at all', { ...base, weeklyHours: {} }, 'weeklyHours: the calendar is never open'],
		['24/7 together with weekly hours', { ...base, alwaysOpen: true, weeklyHours: weekdays }, 'weeklyHours: cannot be combined with alwaysOpen: true'],
		['not an object', 42, 'calendar: a calendar must be an object'],
		['JSON text that does not parse', '{ "timezone": ', 'calendar: is not valid JSON'],
	])('%s', (_case, spec, message) => {
		let thrown: unknown;
		try {
			compileCalendar(spec);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(CalendarError);
		expect((thrown as CalendarError).message).toContain(message);
		expect((thrown as CalendarError).message.startsWith(`${(thrown as CalendarError).field}: `)).toBe(true);
	});

	it('prefixes the field path given by the caller', () => {
		expect(() => compileCalendar({ timezone: 'Mars/Olympus', alwaysOpen: true }, 'calendars.support')).toThrow(
			expect.objectContaining({ field: 'calendars.support.timezone' }),
		);
	});

	it('accepts end <= start as a shift crossing midnight and 00:00–00:00 as a whole day', () => {
		const calendar = compileCalendar({ timezone: 'UTC', weeklyHours: { mon: [{ start: '00:00', end: '00:00' }], wed: [{ start: '09:00', end: '09:00' }] } });
		expect(businessTimeBetween(calendar, Date.UTC(2026, 5, 15), Date.UTC(2026, 5, 22))).toBe(48 * HOUR);
	});
});
