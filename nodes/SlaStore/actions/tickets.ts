/** Get Ticket, Get Due Tickets, Save Ticket State and Get Stale Tickets. */
import type { IDataObject } from 'n8n-workflow';

import { ticketKey, type StoredTicket } from '../../../engine/intake';
import type { LoadedTicket } from '../ticket-store';
import { type Condition, eq, type Row } from '../transport';
import type { Routed, StoreContext } from './context';


export function itemOf(loaded: LoadedTicket): IDataObject {
	return { ...(loaded.ticket as unknown as IDataObject), store: { key: loaded.ticket.key, version: loaded.meta.version, leaseUntil: loaded.meta.leaseUntil } };
}

export async function getTicket(store: StoreContext, itemIndex: number): Promise<Routed> {
	const source = String(store.ctx.getNodeParameter('source', itemIndex, 'generic') || 'generic');
	const id = String(store.ctx.getNodeParameter('ticketId', itemIndex, '') ?? '').trim();
	if (id === '') throw Object.assign(new Error('Ticket ID: is empty'), { hint: 'Map the ticket ID, e.g. {{ $json.id }}.' });
	const loaded = await store.tickets.get(ticketKey(source, id));
	return loaded ? { output: 0, json: itemOf(loaded) } : { output: 1, json: { ...store.items[itemIndex].json, store: { key: ticketKey(source, id), found: false } } };
}

/** One item in, the due tickets out (each leased, so an overlapping sweep skips it). */
export async function getDue(store: StoreContext, itemIndex: number): Promise<Routed[]> {
	const { ctx } = store;
	const now = store.now(itemIndex);
	const limit = Number(ctx.getNodeParameter('maxTickets', itemIndex, 500));
	const leaseMs = Number(ctx.getNodeParameter('leaseSeconds', itemIndex, 300)) * 1000;
	const includeDrill = ctx.getNodeParameter('includeDrill', itemIndex, false) as boolean;
	const owner = `execution:${ctx.getExecutionId()}`;
	// A sweep at a shifted "now" (a drill, a test) hands that instant on to the clocks after it.
	const shifted = String(ctx.getNodeParameter('now', itemIndex, '') ?? '') !== '' ? { now: new Date(now).toISOString() } : {};
	const out: Routed[] = [];
	for (const due of await store.tickets.due(now, limit, includeDrill)) {
		const leased = await store.tickets.lease(due, now, leaseMs, owner);
		if (leased) out.push({ output: 0, json: { ...itemOf(leased), ...shifted } });
	}
	return out;
}

/** The fields each processing node owns on a ticket; a save lays them over the latest record. */
const PROCESSED = ['intent', 'sla', 'routing', 'escalation', 'incident', 'audit', 'traceId', 'writeBack'] as const;
/** Fields events also change: a save keeps the stored value when events came in after the item was read. */
const EVENT_OWNED = ['priority', 'assignee'] as const;

export async function saveState(store: StoreContext, itemIndex: number): Promise<Routed> {
	const json = store.items[itemIndex].json as unknown as StoredTicket & { store?: { key?: string } };
	const key = json.store?.key ?? json.key;
	if (typeof key !== 'string' || key === '') throw Object.assign(new Error('key: the item is not a stored ticket (no key or store.key)'), { hint: 'Save Ticket State takes items from Record Ticket Event, Get Ticket or Get Due Tickets.' });
	const now = store.now(itemIndex);
	let stale = false;
	const { saved } = await store.tickets.modify(
		key,
		now,
		(current) => {
			if (!current) return { ticket: null, result: null };
			// Events the item has not seen (a reply during the sweep) make its clocks old: check again at once.
			stale = json.events !== undefined && (current.ticket.events?.length ?? 0) > json.events.length;
			const next: StoredTicket = { ...current.ticket };
			for (const field of PROCESSED) if (json[field] !== undefined) (next as Record<string, unknown>)[field] = json[field];
			if (!stale) for (const field of EVENT_OWNED) if (json[field] !== undefined) (next as Record<string, unknown>)[field] = json[field];
			return { ticket: next, result: null };
		},
		() => ({ leaseUntil: null, leaseOwner: null, ...(stale ? { nextCheckAt: new Date(now).toISOString() } : {}) }),
	);
	if (!saved) throw Object.assign(new Error(`key: ticket ${key} is not in the store`), { hint: 'Record the ticket with Record Ticket Event first.' });
	await recordFiredLevels(store, saved.ticket, now);
	await recordIncident(store, saved.ticket);
	return { output: 0, json: itemOf(saved) };
}

/** One row per escalation level fired, once (for the report's escalation figures). */
async function recordFiredLevels(store: StoreContext, ticket: StoredTicket, now: number): Promise<void> {
	const levels = ((ticket.escalation as { levels?: Array<{ metric?: string; level?: number; name?: string; at?: string; sentAt?: string }> } | undefined)?.levels ?? []).filter((level) => typeof level.level === 'number');
	if (levels.length === 0) return;
	const table = await store.tables.id('escalations');
	const known = new Set((await store.tables.api.rows(table, { filter: { type: 'and', filters: [eq('ticketKey', ticket.key)] } })).map((row) => row.key));
	const fresh = levels
		.map((level) => ({ key: `${ticket.key}|${level.metric ?? 'ticket'}|${level.level}`, ticketKey: ticket.key, metric: level.metric ?? null, level: level.level!, name: level.name ?? null, firedAt: new Date(Date.parse(level.sentAt ?? level.at ?? '') || now).toISOString(), drill: ticket.drill === true }))
		.filter((row) => !known.has(row.key));
	if (fresh.length > 0) await store.tables.api.insert(table, fresh);
}

/** The incident of a breached ticket, one row per ticket, kept up to date as the SOP's steps are taken. */
async function recordIncident(store: StoreContext, ticket: StoredTicket): Promise<void> {
	const incident = ticket.incident as { identification?: { identifiedAt?: string }; severity?: { level?: string }; checklist?: { complete?: boolean } } | undefined;
	if (!incident || typeof incident !== 'object') return;
	const table = await store.tables.id('incidents');
	const row = {
		ticketKey: ticket.key,
		severity: incident.severity?.level ?? null,
		identifiedAt: incident.identification?.identifiedAt ? new Date(Date.parse(incident.identification.identifiedAt)).toISOString() : null,
		complete: incident.checklist?.complete === true,
		drill: ticket.drill === true,
		record: JSON.stringify(incident),
	};
	const updated = await store.tables.api.update(table, { type: 'and', filters: [eq('ticketKey', ticket.key)] }, row);
	if (updated.length === 0) await store.tables.api.insert(table, [row]);
}

/**
 * The open tickets paused or quiet since before the limits, oldest first: two filtered queries rather
 * than every open ticket (100,000 open tickets took 103 s to read in bench/sweep-scale.bench.ts). n8n on
 * SQLite compares a date filter as text, which lets through rows of the limit's own day too, so the
 * instants are checked again by the caller.
 */
async function staleCandidates(store: StoreContext, now: number, pausedMs: number, quietMs: number, includeDrill: boolean): Promise<Row[]> {
	const since = (column: string, limitMs: number): Condition[] => [
		eq('open', true),
		...(includeDrill ? [] : [eq('drill', false)]),
		{ columnName: column, condition: 'lte', value: new Date(now - limitMs).toISOString() },
	];
	const [paused, quiet] = await Promise.all([
		pausedMs > 0 ? store.tickets.rowsWhere(since('pausedSince', pausedMs)) : [],
		quietMs > 0 ? store.tickets.rowsWhere(since('lastActivityAt', quietMs)) : [],
	]);
	const byId = new Map<number, Row>();
	for (const row of [...paused, ...quiet]) byId.set(row.id, row);
	return [...byId.values()].sort((a, b) => a.id - b.id);
}

export async function getStale(store: StoreContext, itemIndex: number): Promise<Routed[]> {
	const { ctx } = store;
	const now = store.now(itemIndex);
	const pausedMs = Number(ctx.getNodeParameter('pausedHours', itemIndex, 72)) * 3_600_000;
	const quietMs = Number(ctx.getNodeParameter('quietHours', itemIndex, 24)) * 3_600_000;
	const includeDrill = ctx.getNodeParameter('includeDrill', itemIndex, false) as boolean;
	const out: Routed[] = [];
	for (const row of await staleCandidates(store, now, pausedMs, quietMs, includeDrill)) {
		if (!includeDrill && row.drill === true) continue;
		const pausedSince = Date.parse(String(row.pausedSince ?? ''));
		const lastActivity = Date.parse(String(row.lastActivityAt ?? ''));
		const base = { ticketKey: row.key, ticketId: row.ticketId, source: row.source, status: row.status, assignee: row.assignee, priority: row.priority };
		if (pausedMs > 0 && Number.isFinite(pausedSince) && now - pausedSince > pausedMs) {
			out.push({ output: 0, json: { alert: 'paused_too_long', ...base, since: row.pausedSince, hours: Math.round((now - pausedSince) / 360_000) / 10 } });
		} else if (quietMs > 0 && Number.isFinite(lastActivity) && now - lastActivity > quietMs) {
			out.push({ output: 0, json: { alert: 'no_activity', ...base, since: row.lastActivityAt, hours: Math.round((now - lastActivity) / 360_000) / 10 } });
		}
	}
	return out;
}
