import { parseInstant, type Ticket, TicketFieldError } from '../core';
import { type Ladder, ladderClocks, type MetricSnapshot, type TicketClockName } from './ladder';
import { currentStatusSince } from './status-since';

/**
 * The ticket's own clocks as the ladder reads them, beside the SLA metrics: its age (since
 * `createdAt`) and its time in the current status (see status-since.ts), on the wall clock. Only the
 * clocks the ladder has levels for are read, so a ladder without them never needs `createdAt`. A
 * ticket-age level fires once per ticket (cycle and instance 1); a time-in-status level once per
 * stretch in a status: the stretch's start (epoch ms) is its instance, so a status change starts anew.
 */
export function ticketClockSnapshots(ticket: Ticket, ladder: Ladder, now: number): MetricSnapshot[] {
	const clocks = ladderClocks(ladder);
	if (clocks.size === 0) return [];
	const createdAt = readCreatedAt(ticket.createdAt);
	const current = currentStatusSince(ticket, createdAt, now);
	const shown = typeof ticket.status === 'string' && ticket.status.trim() !== '' ? ticket.status.trim() : (current.status ?? 'no status');
	const snapshot = (metric: TicketClockName, since: number, instance: number): MetricSnapshot => ({
		metric,
		state: shown,
		cycle: 1,
		instance,
		fulfilled: false,
		dueAt: null,
		elapsedMs: null,
		remainingMs: null,
		percentUsed: null,
		since,
		status: current.status,
	});
	const snapshots: MetricSnapshot[] = [];
	if (clocks.has('ticketAge')) snapshots.push(snapshot('ticketAge', createdAt, 1));
	if (clocks.has('timeInStatus')) snapshots.push(snapshot('timeInStatus', current.since, current.since));
	return snapshots;
}

function readCreatedAt(value: unknown): number {
	if (value === undefined || value === null || value === '') {
		throw new TicketFieldError('createdAt', 'is missing: the ladder’s ticket age and time-in-status levels count from it');
	}
	const at = parseInstant(value);
	if (at === null) throw new TicketFieldError('createdAt', `${JSON.stringify(value)} is not an ISO-8601 timestamp (for example 2026-03-10T09:30:00+01:00)`);
	return at;
}
