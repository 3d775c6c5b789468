import type { Trigger } from './metric-condition';
import type { MeasuredSpan, TicketCycle } from './ticket-cycle';
import { fires, replay, type TicketHistory } from './ticket-history';

/**
 * The spans of a metric measured by its own start and stop triggers, within the ticket's current
 * cycle: a start while the metric is not running starts a span (`created` at the cycle's start), a
 * stop while it runs ends it. An event that stops a span may start the next one (a periodic update
 * runs from each agent reply to the next); a span is never stopped by the event that started it.
 * As for the built-in metrics, the ticket's resolution fulfils a span still running (clock.ts).
 */
export function triggerSpans(history: TicketHistory, cycle: TicketCycle, start: Trigger, stop: Trigger, resolvedStatuses: ReadonlySet<string>): MeasuredSpan[] {
	const spans: MeasuredSpan[] = [];
	let running = null as MeasuredSpan | null;
	if (start.created) {
		running = { start: cycle.start, end: null };
		spans.push(running);
	}
	replay(history, (event, before, after, index) => {
		if (index < cycle.startIndex) return;
		if (running !== null && fires(stop, resolvedStatuses, event, before, after)) {
			running.end = event.at;
			running = null;
		}
		if (running === null && fires(start, resolvedStatuses, event, before, after)) {
			running = { start: event.at, end: null };
			spans.push(running);
		}
	});
	return spans;
}
