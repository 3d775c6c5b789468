import { offsetFunction, tabulateOffsets, wallOfDate, wallToInstant, weekdayOf, dayNumberOf } from '../../../engine/core/wall-clock';
import { DAY, localIso, MINUTE } from '../../support/time';

const wall = (y: number, mo: number, d: number, h: number, mi: number) => wallOfDate(y, mo, d) + (h * 60 + mi) * MINUTE;

describe('wall-clock time to instants, by one DST rule', () => {
	it.each([
		['Europe/Berlin', wall(2026, 3, 29, 2, 30), '2026-03-29T03:30:00+02:00'],
		['America/New_York', wall(2026, 3, 8, 2, 15), '2026-03-08T03:15:00-04:00'],
		['Australia/Sydney', wall(2026, 10, 4, 2, 0), '2026-10-04T03:00:00+11:00'],
		['Australia/Lord_Howe', wall(2026, 10, 4, 2, 10), '2026-10-04T02:40:00+11:00'],
	])('a time in the %s spring-forward gap moves forward by the gap', (zone, local, expected) => {
		expect(localIso(wallToInstant(local, offsetFunction(zone)), zone)).toBe(expected);
	});

	it.each([
		['Europe/Berlin', wall(2026, 10, 25, 2, 30), '2026-10-25T02:30:00+02:00'],
		['America/New_York', wall(2026, 11, 1, 1, 30), '2026-11-01T01:30:00-04:00'],
		['Australia/Sydney', wall(2026, 4, 5, 2, 30), '2026-04-05T02:30:00+11:00'],
		['Australia/Lord_Howe', wall(2026, 4, 5, 1, 45), '2026-04-05T01:45:00+11:00'],
	])('an ambiguous time in the %s fall-back overlap is the earlier instant', (zone, local, expected) => {
		expect(localIso(wallToInstant(local, offsetFunction(zone)), zone)).toBe(expected);
	});

	it('an ordinary time is the one instant that shows it', () => {
		expect(localIso(wallToInstant(wall(2026, 7, 1, 9, 0), offsetFunction('Asia/Kolkata')), 'Asia/Kolkata')).toBe('2026-07-01T09:00:00+05:30');
	});

	it('the offset table agrees with the zone minute by minute around every change of a year', () => {
		for (const zone of ['Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago']) {
			const exact = offsetFunction(zone);
			const from = Date.UTC(2026, 0, 1);
			const table = tabulateOffsets(exact, from, Date.UTC(2027, 0, 1));
			for (let day = from; day < Date.UTC(2027, 0, 1); day += DAY) {
				if (exact(day) === exact(day + DAY)) continue;
				for (let at = day; at <= day + DAY; at += MINUTE) expect(table(at)).toBe(exact(at));
			}
		}
	});

	it('numbers weekdays from Monday, including 29 February 2028 (a Tuesday)', () => {
		expect(weekdayOf(dayNumberOf(wallOfDate(2028, 2, 29)))).toBe(1);
		expect(weekdayOf(dayNumberOf(wallOfDate(1969, 12, 29)))).toBe(0);
	});
});
