/**
 * `Date.parse` and `toISOString`, remembered: a run reads and writes the same few instants for
 * thousands of tickets (the run's `now`, due times the SLA Clock computed from the same policies), and
 * a lookup costs a fraction of a parse or a format. Each cache is emptied when full, so it stays small.
 */
const CACHE_SIZE = 4096;

const parsed = new Map<string, number>();
const formatted = new Map<number, string>();

/** `Date.parse(text)` (NaN when it does not parse). */
export function parseDate(text: string): number {
	if (typeof text !== 'string') return Date.parse(text);
	let at = parsed.get(text);
	if (at === undefined) {
		at = Date.parse(text);
		if (parsed.size >= CACHE_SIZE) parsed.clear();
		parsed.set(text, at);
	}
	return at;
}

/** `new Date(at).toISOString()`; throws a RangeError for an instant a Date cannot hold, as it does. */
export function isoOf(at: number): string {
	let text = formatted.get(at);
	if (text === undefined) {
		text = new Date(at).toISOString();
		if (formatted.size >= CACHE_SIZE) formatted.clear();
		formatted.set(at, text);
	}
	return text;
}
