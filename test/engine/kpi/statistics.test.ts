import { median, percentile, rate } from '../../../engine/kpi/statistics';
import { duration, percent } from '../../../engine/kpi';

describe('the statistics of the report', () => {
	it('takes the middle value as the median, or the rounded mean of the two middle values', () => {
		expect(median([30, 10, 20])).toBe(20);
		expect(median([40, 10, 20, 31])).toBe(26);
		expect(median([])).toBeNull();
	});

	it('takes the nearest-rank percentile', () => {
		const tenValues = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
		expect(percentile(tenValues, 90)).toBe(9);
		expect(percentile([...tenValues, 11], 90)).toBe(10);
		expect(percentile([5], 90)).toBe(5);
	});

	it('gives no rate over nothing', () => {
		expect(rate(0, 0)).toBeNull();
		expect(rate(1, 4)).toBe(0.25);
	});

	it('writes durations to the minute and rates to one decimal', () => {
		expect([duration(0), duration(29_999), duration(45 * 60_000), duration(65 * 60_000), duration(26 * 3_600_000), duration(48 * 3_600_000)]).toEqual(['0m', '0m', '45m', '1h 5m', '1d 2h', '2d']);
		expect([percent(1 / 3), percent(0.2), percent(null)]).toEqual(['33.3%', '20%', '—']);
	});
});
