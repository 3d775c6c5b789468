import { businessTimeBetween, isOpenAt, nextClosing, nextOpening, type Calendar } from '../calendar';

/**
 * Why a metric used the time it did: its span cut into open, closed-hours and paused stretches, each
 * with the business time it counted, so "why is this breached" reads off the list without arithmetic.
 * The open stretches' counted time adds up to the metric's `elapsedMs`. Work grows with the number of
 * stretches listed; past `MAX_SPANS` the rest is summed without being listed (`truncated`).
 */
export type ExplanationKind = 'open' | 'closed' | 'paused';

export interface ExplanationSpan<T = number> {
	from: T;
	to: T;
	kind: ExplanationKind;
	/** Business time counted in this stretch (0 unless open). */
	countedMs: number;
	/** What paused the metric: "status pending", "tag waiting_on_vendor", "resolved". */
	reason?: string;
}

export interface Explanation<T = number> {
	spans: ExplanationSpan<T>[];
	countedMs: number;
	closedMs: number;
	pausedMs: number;
	/** Set when the span had more stretches than are listed; the totals still cover all of it. */
	truncated?: true;
}

/** A stretch in which the metric does not count, with what stopped it. */
export interface LabeledStop {
	from: number;
	to: number;
	reason: string;
}

export const MAX_SPANS = 500;

/** The explanation of the span [start, limit) on `calendar`, with `stops` (any order, may overlap). */
export function explainSpan(calendar: Calendar, start: number, limit: number, stops: readonly LabeledStop[]): Explanation {
	const result: Explanation = { spans: [], countedMs: 0, closedMs: 0, pausedMs: 0 };
	const push = (span: ExplanationSpan) => {
		if (span.kind === 'open') result.countedMs += span.countedMs;
		else if (span.kind === 'closed') result.closedMs += span.to - span.from;
		else result.pausedMs += span.to - span.from;
		if (result.spans.length < MAX_SPANS) result.spans.push(span);
		else result.truncated = true;
	};
	let cursor = start;
	for (const stop of pausedStretches(stops, start, limit)) {
		if (stop.from > cursor) countStretch(calendar, cursor, stop.from, push, () => result.spans.length >= MAX_SPANS);
		push({ from: stop.from, to: stop.to, kind: 'paused', countedMs: 0, reason: stop.reason });
		cursor = stop.to;
	}
	if (cursor < limit) countStretch(calendar, cursor, limit, push, () => result.spans.length >= MAX_SPANS);
	return result;
}

/** Open and closed stretches of [from, to); once the list is full, the rest as one sum of each. */
function countStretch(calendar: Calendar, from: number, to: number, push: (span: ExplanationSpan) => void, full: () => boolean): void {
	let at = from;
	while (at < to) {
		if (full()) {
			// Not listed any more: only the totals take these two.
			const counted = businessTimeBetween(calendar, at, to);
			push({ from: at, to, kind: 'open', countedMs: counted });
			push({ from: at, to: at + (to - at - counted), kind: 'closed', countedMs: 0 });
			return;
		}
		if (isOpenAt(calendar, at)) {
			const end = Math.min(nextClosing(calendar, at) ?? Infinity, to);
			push({ from: at, to: end, kind: 'open', countedMs: businessTimeBetween(calendar, at, end) });
			at = end;
		} else {
			const end = Math.min(nextOpening(calendar, at) ?? Infinity, to);
			push({ from: at, to: end, kind: 'closed', countedMs: 0 });
			at = end;
		}
	}
}

/** The stops clipped to [start, limit), merged where they overlap (reasons joined) or touch with the same reason. */
function pausedStretches(stops: readonly LabeledStop[], start: number, limit: number): LabeledStop[] {
	const clipped = stops
		.map((stop) => ({ from: Math.max(stop.from, start), to: Math.min(stop.to, limit), reason: stop.reason }))
		.filter((stop) => stop.to > stop.from)
		.sort((a, b) => a.from - b.from || a.to - b.to);
	const merged: { from: number; to: number; reasons: string[] }[] = [];
	for (const stop of clipped) {
		const last = merged[merged.length - 1];
		const joins = last !== undefined && (stop.from < last.to || (stop.from === last.to && last.reasons.length === 1 && last.reasons[0] === stop.reason));
		if (last !== undefined && joins) {
			last.to = Math.max(last.to, stop.to);
			if (!last.reasons.includes(stop.reason)) last.reasons.push(stop.reason);
		} else {
			merged.push({ from: stop.from, to: stop.to, reasons: [stop.reason] });
		}
	}
	return merged.map((stop) => ({ from: stop.from, to: stop.to, reason: stop.reasons.join('; ') }));
}
