import { DateTime } from 'luxon';
import { formatInstant, parseInstant } from '../../../engine/core/instant';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Kiritimati'];

describe('reading timestamps', () => {
	it.each([
		['2026-03-10T09:30:00+01:00', '2026-03-10T08:30:00.000Z'],
		['2026-03-10T09:30:00Z', '2026-03-10T09:30:00.000Z'],
		['2026-03-10T09:30:00.25-05:00', '2026-03-10T14:30:00.250Z'],
		['2026-03-10T09:30:00.123456789+00:00', '2026-03-10T09:30:00.123Z'],
		['2026-03-10 09:30+0530', '2026-03-10T04:00:00.000Z'],
		['2026-03-10T09:30:00', '2026-03-10T09:30:00.000Z'],
		['2026-03-10', '2026-03-10T00:00:00.000Z'],
		['2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'],
		['2026-03-10T24:00:00Z', '2026-03-11T00:00:00.000Z'],
	])('%s is %s (no offset means UTC)', (text, iso) => {
		expect(new Date(parseInstant(text) as number).toISOString()).toBe(iso);
	});

	it.each(['', 'yesterday', '10/03/2026', '2026-02-29T10:00:00Z', '2026-13-01', '2026-03-10T25:00Z', '2026-03-10T09:60Z', '2026-03-10T24:00:01Z', '2026-03-10T09:00+25:00'])(
		'%j is not a timestamp',
		(text) => {
			expect(parseInstant(text)).toBeNull();
		},
	);

	it('reads epoch milliseconds, Dates and luxon DateTimes', () => {
		const ms = Date.UTC(2026, 2, 10, 9, 30);
		expect(parseInstant(ms)).toBe(ms);
		expect(parseInstant(new Date(ms))).toBe(ms);
		expect(parseInstant(DateTime.fromMillis(ms, { zone: 'Asia/Tokyo' }))).toBe(ms);
		expect(parseInstant(Number.NaN)).toBeNull();
		expect(parseInstant(new Date('nonsense'))).toBeNull();
		expect(parseInstant({ at: ms })).toBeNull();
	});

	it('agrees with luxon on two thousand random timestamps with offsets', () => {
		const next = random(11);
		for (let i = 0; i < 2000; i++) {
			const ms = Math.floor(Date.UTC(2000, 0, 1) + next() * (Date.UTC(2040, 0, 1) - Date.UTC(2000, 0, 1)));
			const zone = ZONES[Math.floor(next() * ZONES.length)];
			const text = DateTime.fromMillis(ms, { zone }).toISO() as string;
			expect(parseInstant(text)).toBe(ms);
		}
	});
});

describe('writing instants in a calendar\'s zone', () => {
	it('writes the local time with the offset in force, Z for UTC', () => {
		const ms = Date.UTC(2026, 2, 10, 11, 0);
		expect(formatInstant(ms, 'Europe/Berlin')).toBe('2026-03-10T12:00:00.000+01:00');
		expect(formatInstant(ms, 'UTC')).toBe('2026-03-10T11:00:00.000Z');
		expect(formatInstant(ms, 'America/St_Johns')).toBe('2026-03-10T08:30:00.000-02:30');
		expect(formatInstant(Date.UTC(2026, 9, 25, 0, 30), 'Europe/Berlin')).toBe('2026-10-25T02:30:00.000+02:00');
		expect(formatInstant(Date.UTC(2026, 9, 25, 1, 30), 'Europe/Berlin')).toBe('2026-10-25T02:30:00.000+01:00');
	});

	it('agrees with luxon on two thousand random instants and zones, and reads back to the same instant', () => {
		const next = random(5);
		for (let i = 0; i < 2000; i++) {
			const ms = Math.floor(Date.UTC(2000, 0, 1) + next() * (Date.UTC(2040, 0, 1) - Date.UTC(2000, 0, 1)));
			const zone = ZONES[Math.floor(next() * ZONES.length)];
			const expected = (DateTime.fromMillis(ms, { zone }).toISO() as string).replace(/\+00:00$/, 'Z');
			const written = formatInstant(ms, zone);
			expect(written).toBe(expected);
			expect(parseInstant(written)).toBe(ms);
		}
	});
});
