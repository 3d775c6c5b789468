import Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { DateTime } from 'luxon';
import type { CalendarSpec } from '../../../engine/calendar/calendar';
import { MINUTE, minutesOf } from '../../support/time';

/**
 * A slow, obviously-correct business calendar for property tests, sharing no code with the engine.
 * It marks every wall-clock minute of a window of local days as open or closed straight from the
 * spec, turns each configured interval (less its closed minutes) into instants with luxon on its own
 * (gap: forward by the gap; overlap: the earlier instant, found by trying luxon's candidates), so two
 * intervals that touch on the wall clock keep what they share when one starts in a gap, and then
 * answers questions by stepping through the window one minute at a time. Instants are whole minutes.
 */
export class ReferenceCalendar {
	/** open[i] tells whether the minute starting at windowStart + i minutes is open. */
	readonly open: Uint8Array;

	constructor(
		readonly spec: CalendarSpec,
		readonly windowStart: number,
		readonly windowEnd: number,
	) {
		this.open = new Uint8Array((windowEnd - windowStart) / MINUTE);
		const zone = spec.timezone;
		const firstDay = DateTime.fromMillis(windowStart, { zone }).startOf('day').minus({ days: 2 });
		const days = Math.ceil((windowEnd - windowStart) / 86_400_000) + 5;
		const base = DateTime.utc(firstDay.year, firstDay.month, firstDay.day);
		const closed = new Uint8Array((days + 1) * 1440);
		const intervals: Array<[number, number]> = [];
		const dayIndexOf = (isoDate: string) => Math.round(DateTime.fromISO(isoDate, { zone: 'utc' }).diff(base, 'days').days);

		for (let d = 0; d < days; d++) {
			const date = base.plus({ days: d });
			const isoDate = date.toISODate()!;
			const override = spec.overrides?.find((o) => o.date === isoDate);
			const weekday = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][date.weekday - 1] as keyof NonNullable<CalendarSpec['weeklyHours']>;
			const hours = override ? override.hours : spec.alwaysOpen ? [{ start: '00:00', end: '24:00' }] : (spec.weeklyHours?.[weekday] ?? []);
			for (const { start, end } of hours) {
				const from = minutesOf(start);
				let to = minutesOf(end);
				if (to <= from) to += 1440;
				intervals.push([d * 1440 + from, d * 1440 + to]);
			}
		}
		for (const closure of spec.closures ?? []) {
			const d = dayIndexOf(closure.date);
			if (d < 0 || d >= days) continue;
			closed.fill(1, d * 1440 + minutesOf(closure.start ?? '00:00'), d * 1440 + minutesOf(closure.end ?? '24:00'));
		}
		if (spec.holidays) {
			const { country, region, types } = spec.holidays;
			const options = { types: (types ?? ['public']) as HolidaysTypes.HolidayType[], timezone: 'UTC' };
			const source = region ? new Holidays(country, region, options) : new Holidays(country, options);
			for (let year = firstDay.year - 1; year <= firstDay.year + 1; year++) {
				for (const holiday of source.getHolidays(year)) {
					// With the UTC time zone, start and end read as wall-clock times.
					const from = Math.round((holiday.start.getTime() - base.toMillis()) / MINUTE);
					const to = Math.round((holiday.end.getTime() - base.toMillis()) / MINUTE);
					closed.fill(1, Math.max(0, from), Math.max(0, Math.min(closed.length, to)));
				}
			}
		}
		for (const [from, to] of intervals) {
			let runStart = -1;
			for (let m = from; m <= to; m++) {
				const isOpen = m < to && m < closed.length && closed[m] === 0;
				if (isOpen && runStart < 0) runStart = m;
				if (!isOpen && runStart >= 0) {
					this.markInstants(toInstant(base.plus({ minutes: runStart }), zone), toInstant(base.plus({ minutes: m }), zone));
					runStart = -1;
				}
			}
		}
	}

	private markInstants(from: number, to: number): void {
		const first = Math.max(0, (from - this.windowStart) / MINUTE);
		const last = Math.min(this.open.length, (to - this.windowStart) / MINUTE);
		if (last > first) this.open.fill(1, first, last);
	}

	private index(at: number): number {
		return (at - this.windowStart) / MINUTE;
	}

	isOpenAt(at: number): boolean {
		return this.open[this.index(at)] === 1;
	}

	/** Undefined when the answer lies outside the window. */
	addBusinessMinutes(from: number, minutesToAdd: number): number | undefined {
		if (minutesToAdd === 0) return from;
		let counted = 0;
		for (let m = this.index(from); m < this.open.length; m++) {
			counted += this.open[m];
			if (counted === minutesToAdd) return this.windowStart + (m + 1) * MINUTE;
		}
		return undefined;
	}

	businessMinutesBetween(from: number, to: number, pauses: [number, number][] = []): number {
		let counted = 0;
		for (let at = from; at < to; at += MINUTE) {
			if (this.isOpenAt(at) && !pauses.some(([start, end]) => at >= start && at < end)) counted++;
		}
		return counted;
	}

	/** Open minutes from `at` to the end of the open run it is in or the next one (undefined past the window). */
	businessMinutesUntilRunEnds(at: number): number | undefined {
		let m = this.index(at);
		while (m < this.open.length && !this.open[m]) m++;
		let counted = 0;
		for (; m < this.open.length; m++) {
			if (!this.open[m]) return counted;
			counted++;
		}
		return undefined;
	}

	nextOpening(at: number): number | undefined {
		for (let m = this.index(at); m < this.open.length; m++) if (this.open[m]) return this.windowStart + m * MINUTE;
		return undefined;
	}

	nextClosing(at: number): number | undefined {
		for (let m = this.index(at); m < this.open.length; m++) if (!this.open[m]) return this.windowStart + m * MINUTE;
		return undefined;
	}
}

/** The instant of a wall-clock time (given as a UTC DateTime holding the local fields) in `zone`. */
function toInstant(wall: DateTime, zone: string): number {
	const fields = { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute };
	const guess = DateTime.fromObject(fields, { zone });
	const showsWall = (instant: number) => {
		const local = DateTime.fromMillis(instant, { zone });
		return local.year === wall.year && local.month === wall.month && local.day === wall.day && local.hour === wall.hour && local.minute === wall.minute;
	};
	if (!showsWall(guess.toMillis())) return guess.toMillis(); // in a gap: luxon moves it forward by the gap
	let earliest = guess.toMillis();
	for (let k = 1; k <= 8; k++) {
		const candidate = guess.toMillis() - k * 15 * MINUTE;
		if (showsWall(candidate)) earliest = candidate;
	}
	return earliest;
}
