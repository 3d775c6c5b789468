import { reportText, slaReport } from '../../../engine/kpi';
import { FROM, NOW, TICKETS, TO } from './kpi-fixtures';

const MIN = 60_000;
const HOUR = 60 * MIN;
const report = slaReport({ tickets: TICKETS, from: FROM, to: TO, now: NOW });

describe('the daily SLA report, checked against figures worked out by hand', () => {
	it('counts tickets created in the day (T1–T6), open now (T2, T3, T5, T6, T8, T9, T13, T14) and solved in the day (T1, T4, T7)', () => {
		expect(report.tickets).toEqual({ created: 6, openNow: 8, resolvedInPeriod: 3, skipped: 1, drillExcluded: 1, mergedExcluded: 1 });
		expect(report.period).toEqual({ from: '2026-03-10T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' });
	});

	it('gives breach rates per metric over the day\'s tickets that measure it', () => {
		expect(report.metrics).toEqual({
			firstResponse: { measured: 6, breached: 2, breachRate: 2 / 6 },
			nextResponse: { measured: 1, breached: 0, breachRate: 0 },
			resolution: { measured: 5, breached: 1, breachRate: 1 / 5 },
			periodicUpdate: { measured: 0, breached: 0, breachRate: null },
		});
	});

	it('gives median first response in business time (5, 15, 20, 60 min) and on the wall clock (5, 15, 30, 120 min)', () => {
		expect(report.firstResponseTime).toEqual({ businessMs: 17.5 * MIN, businessCount: 4, wallClockMs: 22.5 * MIN, wallClockCount: 4 });
	});

	it('gives median resolution in business time (3 h, 5 h) and on the wall clock to the last solve (4 h, 7 h)', () => {
		expect(report.resolutionTime).toEqual({ businessMs: 4 * HOUR, businessCount: 2, wallClockMs: 5.5 * HOUR, wallClockCount: 2 });
	});

	it('counts tickets at risk (T6) and overdue now (T3, T8, and T9 whose deadline passed before its next sweep)', () => {
		expect(report.now).toEqual({ atRisk: 1, overdue: 3, clocksDue: 2 });
	});

	it('counts the reopened ticket (T4) against the day\'s tickets ever solved (T1, T4)', () => {
		expect(report.reopened).toEqual({ count: 1, rate: 0.5 });
	});

	it('ages the backlog: 0.5, 6, 10, 16, 20, 21, 60 and 126 hours', () => {
		expect(report.backlogAge).toEqual({
			count: 8,
			medianMs: 18 * HOUR,
			p90Ms: 126 * HOUR,
			maxMs: 126 * HOUR,
			buckets: { underHour: 1, hoursOneToFour: 0, hoursFourTo24: 5, daysOneToThree: 1, overThreeDays: 1 },
		});
	});

	it('gives the share of the day\'s tickets escalated (T2, T3) and manually overridden (T5)', () => {
		expect(report.escalated).toEqual({ count: 2, rate: 2 / 6 });
		expect(report.manualOverride).toEqual({ count: 1, rate: 1 / 6 });
	});

	it('counts drill tickets only when asked to', () => {
		const withDrill = slaReport({ tickets: TICKETS, from: FROM, to: TO, now: NOW, includeDrill: true });
		expect(withDrill.tickets.created).toBe(7);
		expect(withDrill.metrics.firstResponse).toEqual({ measured: 7, breached: 3, breachRate: 3 / 7 });
	});

	it('gives null rather than zero where there is nothing to measure', () => {
		const empty = slaReport({ tickets: [], from: FROM, to: TO, now: NOW });
		expect(empty.firstResponseTime).toEqual({ businessMs: null, businessCount: 0, wallClockMs: null, wallClockCount: 0 });
		expect(empty.backlogAge.medianMs).toBeNull();
		expect(empty.escalated).toEqual({ count: 0, rate: null });
	});

	it('refuses a period that ends before it starts', () => {
		expect(() => slaReport({ tickets: [], from: TO, to: FROM, now: NOW })).toThrow('from must be before to');
	});
});

describe('the report as a Slack message', () => {
	it('reads as a summary in the team\'s time zone', () => {
		expect(reportText(report, 'Europe/Berlin')).toBe(
			[
				'*SLA report* 2026-03-10 01:00 – 2026-03-11 01:00 (Europe/Berlin)',
				'*Tickets* created 6 · resolved 3 · open now 8',
				'*Breaches* first response 2/6 (33.3%) · next response 0/1 (0%) · resolution 1/5 (20%) · periodic update —',
				'*Median first response* 18m business · 23m wall-clock',
				'*Median resolution* 4h business · 5h 30m wall-clock',
				'*Now* 1 at risk · 3 overdue · 2 clocks due for a sweep',
				'*Reopened* 1 (50% of resolved)',
				'*Backlog age* median 18h · p90 5d 6h · oldest 5d 6h · <1h 1 · 1–4h 0 · 4–24h 5 · 1–3d 1 · >3d 1',
				'*Escalated* 2 (33.3% of created) · *manual override* 1 (16.7% of created)',
			].join('\n'),
		);
	});

	it('refuses an unknown time zone', () => {
		expect(() => reportText(report, 'Mars/Olympus')).toThrow('"Mars/Olympus" is not an IANA time zone');
	});
});
