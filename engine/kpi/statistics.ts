/** The few statistics the report uses, each defined once. */

/** The middle value; for an even count the mean of the two middle values, rounded to a whole number. Null for none. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

/** The nearest-rank percentile: the smallest value with at least `percent`% of the values at or below it. Null for none. */
export function percentile(values: readonly number[], percent: number): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)];
}

/** `count / of`, null when `of` is 0. */
export function rate(count: number, of: number): number | null {
	return of === 0 ? null : count / of;
}
