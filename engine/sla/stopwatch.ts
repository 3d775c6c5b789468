import { addBusinessTime, businessTimeBetween, type Calendar } from '../calendar';

/**
 * One measured span against its target, in business time on a calendar: "how much of the target
 * is used, when is (or was) it due, and what is its state now". The span runs from `start` until it
 * is fulfilled (or until now), minus the stops (pauses). Work is one calendar question per running
 * stretch between stops plus at most two deadline look-ups, never a walk through minutes.
 */
export type SlaState = 'running' | 'paused' | 'met' | 'at_risk' | 'breached';

export interface StopwatchInput {
	calendar: Calendar;
	targetMs: number;
	/** Business time after which a running span is at risk (≤ targetMs). */
	atRiskMs: number;
	start: number;
	/** When the span was fulfilled (its event, or the resolution), or null while it runs. */
	fulfilledAt: number | null;
	/** Sorted, disjoint spans that do not count; the last may end at Infinity. */
	stops: ReadonlyArray<readonly [number, number]>;
	/** Whether the ticket is paused now (only matters for a span not yet fulfilled). */
	pausedNow: boolean;
	now: number;
}

export interface StopwatchReading {
	elapsedMs: number;
	/**
	 * Running: the deadline if nothing pauses it. Breached: when it was crossed. Met: the deadline as
	 * it stood when the span was fulfilled. Paused: null (it moves by the length of the pause).
	 */
	dueAt: number | null;
	breachedAt: number | null;
	state: SlaState;
	/** The next instant at which the state changes if no event happens (at risk, then breached); null if none. */
	nextChangeAt: number | null;
}

export function readStopwatch(input: StopwatchInput): StopwatchReading {
	const { calendar, targetMs, start, fulfilledAt, stops } = input;
	const limit = Math.max(start, fulfilledAt ?? input.now);
	let elapsed = 0;
	let crossedAt: number | null = null;
	const count = (from: number, to: number) => {
		const used = businessTimeBetween(calendar, from, to);
		if (crossedAt === null && elapsed + used >= targetMs) crossedAt = addBusinessTime(calendar, from, targetMs - elapsed);
		elapsed += used;
	};

	let cursor = start;
	for (let i = firstStopEndingAfter(stops, start); i < stops.length && cursor < limit; i++) {
		const [stopStart, stopEnd] = stops[i];
		if (stopStart >= limit) break;
		if (stopStart > cursor) count(cursor, stopStart);
		cursor = Math.max(cursor, stopEnd);
	}
	if (cursor < limit) count(cursor, limit);

	const reading = (state: SlaState, dueAt: number | null, nextChangeAt: number | null = null): StopwatchReading => ({
		elapsedMs: elapsed,
		dueAt,
		breachedAt: state === 'breached' ? dueAt : null,
		state,
		nextChangeAt,
	});
	if (fulfilledAt !== null) {
		if (crossedAt !== null && fulfilledAt > crossedAt) return reading('breached', crossedAt);
		return reading('met', crossedAt ?? addBusinessTime(calendar, limit, targetMs - elapsed));
	}
	if (crossedAt !== null) return reading('breached', crossedAt);
	// A paused span past its at-risk threshold is "paused", not "at_risk": it cannot come closer to a
	// breach until it resumes, and the resume is an event that triggers a fresh look.
	if (input.pausedNow) return reading('paused', null);
	const dueAt = addBusinessTime(calendar, limit, targetMs - elapsed);
	if (elapsed >= input.atRiskMs) return reading('at_risk', dueAt, dueAt);
	return reading('running', dueAt, addBusinessTime(calendar, limit, input.atRiskMs - elapsed));
}

/** Index of the first stop that ends after `at` (stops are sorted and disjoint, so their ends are sorted too). */
function firstStopEndingAfter(stops: ReadonlyArray<readonly [number, number]>, at: number): number {
	let low = 0;
	let high = stops.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (stops[mid][1] <= at) low = mid + 1;
		else high = mid;
	}
	return low;
}
