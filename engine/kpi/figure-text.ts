/**
 * How figures are written in the daily report's text and on the dashboard page (which bundles this
 * file, so it imports nothing).
 */

/** A rate as a percentage with at most one decimal; "—" for none. */
export function percent(value: number | null): string {
	return value === null ? '—' : `${Math.round(value * 1000) / 10}%`;
}

/** A duration rounded to the minute: "2d 3h", "1h 5m", "45m"; "—" for none. */
export function duration(ms: number | null): string {
	if (ms === null) return '—';
	const minutes = Math.round(ms / 60_000);
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	const rest = minutes % 60;
	if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
	if (hours > 0) return rest > 0 ? `${hours}h ${rest}m` : `${hours}h`;
	return `${rest}m`;
}
