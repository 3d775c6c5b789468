/** How the page writes figures: the daily report's rules (engine/kpi/figure-text.ts), and local times. */

export { duration, percent } from '../engine/kpi/figure-text';

/** An ISO-8601 time (already in the dashboard's time zone) as "2026-03-11 08:00". */
export function localTime(iso: string | null): string {
	return iso === null ? '—' : iso.slice(0, 16).replace('T', ' ');
}
