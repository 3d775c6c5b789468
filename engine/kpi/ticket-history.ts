import { parseInstant } from '../core';
import type { StoredTicketLike } from './ticket-record';

/**
 * What a ticket's events say up to an instant: its status then, its resolutions and reopens, its
 * first agent reply and whether a manual override happened. Events after `now` have not happened;
 * events are taken in time order, equal times in list order; events without a readable time are
 * skipped. A ticket starts unresolved; a status event into a resolved status from an unresolved one
 * is a resolution, and one from a resolved status into an unresolved one is a reopen (solved →
 * closed is neither). Without status events the status is the ticket's `status` field.
 */
export interface TicketHistory {
	createdAt: number;
	/** The status at `now`, normalised (lower case, `_` for spaces and hyphens); null when unknown. */
	status: string | null;
	resolvedNow: boolean;
	resolutions: number[];
	reopens: number[];
	firstAgentReplyAt: number | null;
	manualOverride: boolean;
}

interface TimedEvent {
	type: string;
	at: number;
	status: string | null;
}

export const normalizeName = (value: string): string => value.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** The history of a ticket at `now`; null when its creation time cannot be read. */
export function historyOf(ticket: StoredTicketLike, now: number, resolvedStatuses: ReadonlySet<string>): TicketHistory | null {
	const createdAt = typeof ticket.createdAt === 'string' ? parseInstant(ticket.createdAt) : null;
	if (createdAt === null) return null;
	const history: TicketHistory = { createdAt, status: null, resolvedNow: false, resolutions: [], reopens: [], firstAgentReplyAt: null, manualOverride: false };
	let resolved = false;
	let sawStatus = false;
	for (const event of eventsUntil(ticket.events, now)) {
		if (event.type === 'agent_reply' && history.firstAgentReplyAt === null) history.firstAgentReplyAt = event.at;
		if (event.type === 'manual_override') history.manualOverride = true;
		if (event.type !== 'status' || event.status === null) continue;
		sawStatus = true;
		history.status = event.status;
		const resolves = resolvedStatuses.has(event.status);
		if (resolves && !resolved) history.resolutions.push(event.at);
		if (!resolves && resolved) history.reopens.push(event.at);
		resolved = resolves;
	}
	if (!sawStatus && typeof ticket.status === 'string' && ticket.status.trim() !== '') {
		history.status = normalizeName(ticket.status);
		resolved = resolvedStatuses.has(history.status);
	}
	history.resolvedNow = resolved;
	return history;
}

function eventsUntil(events: unknown, now: number): TimedEvent[] {
	if (!Array.isArray(events)) return [];
	const read: TimedEvent[] = [];
	for (const event of events as unknown[]) {
		if (typeof event !== 'object' || event === null) continue;
		const { type, at, status } = event as Record<string, unknown>;
		const time = typeof at === 'string' ? parseInstant(at) : null;
		if (typeof type !== 'string' || time === null || time > now) continue;
		read.push({ type: normalizeName(type), at: time, status: typeof status === 'string' && status.trim() !== '' ? normalizeName(status) : null });
	}
	// Array.prototype.sort is stable: equal times keep their list order.
	return read.sort((a, b) => a.at - b.at);
}
