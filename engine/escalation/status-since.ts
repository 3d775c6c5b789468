import { parseInstant, type Ticket } from '../core';

/**
 * When the ticket's current status began, read from the ticket record alone (the intake keeps no
 * "status changed at" field). Rules:
 * - Status changes are the `status` events (`{ type: 'status', status, at }`), in time order (equal
 *   times in list order); events after `now` have not happened and events before `createdAt` count as
 *   happening at it. A status event naming the status the ticket is already in changes nothing.
 * - The first status event starts a stretch: what the status was before it is not recorded.
 * - When the status events do not explain the ticket's `status` field (there are none, or the last
 *   names another status: another event carried the new one), the stretch began when the field was
 *   last set (`intake.fieldAt.status`, as the intake keeps it); without that record, at the last
 *   status event, or at the creation for a ticket without status events.
 * Statuses are compared case-insensitively, spaces and hyphens as `_` ("On Hold" is `on_hold`).
 */
export interface CurrentStatus {
	/** Normalised; null when neither the ticket nor its events name one. */
	status: string | null;
	/** Epoch ms the ticket entered it. */
	since: number;
}

export function normalizeStatus(value: string): string {
	return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

interface StatusChange {
	status: string;
	at: number;
}

export function currentStatusSince(ticket: Ticket, createdAt: number, now: number): CurrentStatus {
	const field = typeof ticket.status === 'string' && ticket.status.trim() !== '' ? normalizeStatus(ticket.status) : null;
	let status: string | null = null;
	let since = createdAt;
	for (const change of statusChanges(ticket.events, createdAt, now)) {
		if (change.status === status) continue;
		status = change.status;
		since = change.at;
	}
	if (field === null || field === status) return { status: field ?? status, since };
	const fieldSetAt = fieldSetTime(ticket, now);
	return { status: field, since: fieldSetAt === null ? since : Math.max(since, fieldSetAt) };
}

function statusChanges(events: unknown, createdAt: number, now: number): StatusChange[] {
	if (!Array.isArray(events)) return [];
	const changes: StatusChange[] = [];
	for (const event of events as unknown[]) {
		if (typeof event !== 'object' || event === null) continue;
		const { type, status, at } = event as Record<string, unknown>;
		if (typeof type !== 'string' || normalizeStatus(type) !== 'status' || typeof status !== 'string' || status.trim() === '') continue;
		const time = parseInstant(at);
		if (time === null || time > now) continue;
		changes.push({ status: normalizeStatus(status), at: Math.max(time, createdAt) });
	}
	// Array.prototype.sort is stable: equal times keep their list order.
	return changes.sort((a, b) => a.at - b.at);
}

/** When the intake last set the ticket's `status` field; null when it did not record it (or not yet at `now`). */
function fieldSetTime(ticket: Ticket, now: number): number | null {
	const intake = ticket.intake as { fieldAt?: Record<string, unknown> } | undefined;
	const at = parseInstant(intake?.fieldAt?.status);
	return at === null || at > now ? null : at;
}
