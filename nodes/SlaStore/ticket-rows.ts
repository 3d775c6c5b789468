/**
 * A stored ticket as a row of the tickets table and back: the record as JSON, plus the columns a
 * sweep, a report or the router filter on, derived from the record each time it is written.
 */
import type { StoredTicket } from '../../engine/intake';
import type { Cell, Condition, Row } from './transport';

const RESOLVED = new Set(['solved', 'resolved', 'closed']);

/** What the store keeps beside the record: the row's version (for compare-and-set) and the sweep lease. */
export interface StoreMeta {
	rowId: number;
	version: number;
	leaseUntil: string | null;
}

const iso = (value: unknown): string | null => {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const ms = typeof value === 'number' ? value : Date.parse(value);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

const text = (value: unknown): string | null => (value === undefined || value === null || value === '' ? null : String(value));

function lastEventAt(ticket: StoredTicket): string | null {
	const events = ticket.events ?? [];
	return iso(events.length > 0 ? events[events.length - 1].at : ticket.createdAt);
}

export function isOpen(ticket: StoredTicket): boolean {
	return !RESOLVED.has(String(ticket.status ?? '').toLowerCase()) && !ticket.mergedInto;
}

/** The customer's id and email (lower case), or null for each it lacks. */
export function customerOf(ticket: StoredTicket): { id: string | null; email: string | null } {
	const customer = ticket.customer ?? {};
	return { id: text(customer.id), email: text(customer.email)?.toLowerCase() ?? null };
}

export function customerKeyOf(ticket: StoredTicket): string | null {
	const { id, email } = customerOf(ticket);
	return id ?? email;
}

/**
 * Rows whose record names the customer email, any case. The customerKey column holds the email only
 * when there is no customer id, so the record is searched; a match elsewhere in it is for the caller
 * to drop.
 */
export function customerEmailIs(email: string): Condition {
	return { columnName: 'record', condition: 'ilike', value: `%"email":${JSON.stringify(email)}%` };
}

/**
 * When a sweep must look at the ticket again: the earlier of the clocks' next change and the
 * ladder's next level; at once for a ticket not clocked yet, or at risk or breached with no
 * escalation evaluated yet. A closed ticket is never due until an event reopens it.
 */
export function nextCheckOf(ticket: StoredTicket, now: number): string | null {
	const sla = ticket.sla as { state?: string; nextCheckAt?: unknown } | undefined;
	const escalation = ticket.escalation as { nextCheckAt?: unknown } | undefined;
	// A failed write-back asks to be tried again (the sweep template sets the back-off).
	const writeBack = ticket.writeBack as { retryAt?: unknown } | undefined;
	const candidates = [sla?.nextCheckAt, escalation?.nextCheckAt, writeBack?.retryAt].map(iso).filter((at): at is string => at !== null);
	if (!sla || (!escalation && (sla.state === 'at_risk' || sla.state === 'breached'))) candidates.push(iso(now)!);
	return candidates.length === 0 ? null : candidates.reduce((earliest, at) => (Date.parse(at) < Date.parse(earliest) ? at : earliest));
}

/** The columns of a ticket row (without version and lease, which the store sets). */
export function ticketColumns(ticket: StoredTicket, now: number, previousPausedSince: string | null = null): Record<string, Cell> {
	const sla = (ticket.sla ?? {}) as { state?: string; nextCheckAt?: string };
	const routing = (ticket.routing ?? {}) as { assignee?: unknown; agent?: unknown; queue?: unknown };
	const escalation = (ticket.escalation ?? {}) as { level?: unknown; nextCheckAt?: unknown };
	const open = isOpen(ticket);
	const paused = sla.state === 'paused';
	const assignee = ticket.assignee ?? routing.assignee ?? routing.agent;
	return {
		key: ticket.key,
		source: ticket.source,
		ticketId: ticket.id,
		customerKey: customerKeyOf(ticket),
		status: text(ticket.status),
		priority: text(ticket.priority),
		tier: text(ticket.customer?.tier),
		open,
		openedAt: iso(ticket.createdAt),
		nextCheckAt: open ? nextCheckOf(ticket, now) : null,
		slaState: text(sla.state),
		assignee: text(typeof assignee === 'object' && assignee !== null ? (assignee as { id?: unknown }).id : assignee),
		queue: text(routing.queue),
		escalationLevel: typeof escalation.level === 'number' ? escalation.level : null,
		mergedInto: text(ticket.mergedInto),
		lastActivityAt: lastEventAt(ticket),
		pausedSince: paused ? (previousPausedSince ?? iso(now)) : null,
		drill: ticket.drill === true,
		record: JSON.stringify(ticket),
	};
}

export function ticketOfRow(row: Row): StoredTicket {
	return JSON.parse(String(row.record)) as StoredTicket;
}

export function metaOfRow(row: Row): StoreMeta {
	return { rowId: row.id, version: Number(row.version ?? 0), leaseUntil: (row.leaseUntil as string | null) ?? null };
}
