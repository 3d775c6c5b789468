/**
 * Tickets in the tickets table, written only by compare-and-set on the row's `version`: n8n's Data
 * Tables have no unique constraint, so concurrent writers (webhook executions, overlapping sweeps,
 * queue-mode workers) are ordered by "update where key = K and version = V", which exactly one of
 * them wins on SQLite and on PostgreSQL alike. Two first inserts of one key can both land; the row
 * with the lowest id is the ticket (see one-row-per-key.ts).
 */
import type { StoredTicket } from '../../engine/intake';
import { insertFirst, lowestOfEachKey, removeRows } from './one-row-per-key';
import { customerEmailIs, customerOf, metaOfRow, ticketColumns, ticketOfRow, type StoreMeta } from './ticket-rows';
import type { Tables } from './tables';
import { anyOf, type Cell, type Condition, eq, type Row, where } from './transport';

export interface LoadedTicket {
	ticket: StoredTicket;
	meta: StoreMeta;
}

/** Compare-and-set lost too often in a row: another writer keeps changing the ticket. */
export class WriteConflictError extends Error {
	readonly hint = 'Another execution kept changing this ticket; the caller can retry the same event safely.';
}

const MAX_ATTEMPTS = 12;

export class TicketStore {
	constructor(private readonly tables: Tables) {}

	private async rowsOf(key: string): Promise<Row[]> {
		const table = await this.tables.id('tickets');
		return await this.tables.api.rows(table, { filter: where(eq('key', key)), sortBy: ['id', 'asc'] });
	}

	async get(key: string): Promise<LoadedTicket | null> {
		const [row] = await this.rowsOf(key);
		return row ? loadedOf(row) : null;
	}

	/**
	 * Reads the ticket, lets `change` decide its next state, and writes it if nobody wrote in between;
	 * otherwise reads again. `change` returns null to write nothing (a duplicate event, say).
	 */
	async modify<T>(
		key: string,
		now: number,
		change: (current: LoadedTicket | null) => { ticket: StoredTicket; result: T } | { ticket: null; result: T },
		extraColumns: Record<string, Cell> | (() => Record<string, Cell>) = {},
		/** The key had no row when the caller read it just now: the first try inserts without reading again (a lost race reads and tries again). */
		knownAbsent = false,
	): Promise<{ result: T; saved: LoadedTicket | null }> {
		const table = await this.tables.id('tickets');
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			const rows = attempt === 0 && knownAbsent ? [] : await this.rowsOf(key);
			const current = rows[0] ? loadedOf(rows[0]) : null;
			const next = change(current);
			if (next.ticket === null) return { result: next.result, saved: current };
			if (current === null) {
				const first = await insertFirst(this.tables.api, table, 'key', { ...ticketColumns(next.ticket, now), version: 1, leaseUntil: null, leaseOwner: null });
				if (first.won) return { result: next.result, saved: { ticket: next.ticket, meta: metaOfRow(first.row) } };
				continue;
			}
			await removeRows(this.tables.api, table, rows.slice(1));
			const previousPausedSince = (rows[0].pausedSince as string | null) ?? null;
			const [updated] = await this.tables.api.update(table, where(eq('id', current.meta.rowId), eq('version', current.meta.version)), {
				...ticketColumns(next.ticket, now, previousPausedSince),
				...(typeof extraColumns === 'function' ? extraColumns() : extraColumns),
				version: current.meta.version + 1,
			});
			if (updated) return { result: next.result, saved: { ticket: next.ticket, meta: metaOfRow(updated) } };
			await backOff(attempt);
		}
		throw new WriteConflictError(`Ticket ${key}: the store kept changing under this write (${MAX_ATTEMPTS} tries)`);
	}

	/** Open tickets whose next check has come, earliest first, at most `limit`. */
	async due(now: number, limit: number, includeDrill: boolean): Promise<LoadedTicket[]> {
		const table = await this.tables.id('tickets');
		const filters = [eq('open', true), { columnName: 'nextCheckAt', condition: 'lte' as const, value: new Date(now).toISOString() }];
		if (!includeDrill) filters.push(eq('drill', false));
		const rows = await this.tables.api.rows(table, { filter: where(...filters), sortBy: ['nextCheckAt', 'asc'], limit });
		// n8n on SQLite compares a date filter as text ('2026-03-10 23:00' <= '2026-03-10T09:00Z'), so the instant is checked here.
		return lowestOfEachKey(rows, 'key')
			.filter((row) => Date.parse(String(row.nextCheckAt)) <= now)
			.map(loadedOf);
	}

	/** Takes the sweep lease of a due ticket: exactly one of several overlapping sweeps gets it. */
	async lease(loaded: LoadedTicket, now: number, leaseMs: number, owner: string): Promise<LoadedTicket | null> {
		if (loaded.meta.leaseUntil !== null && Date.parse(loaded.meta.leaseUntil) > now) return null;
		const table = await this.tables.id('tickets');
		const leaseUntil = new Date(now + leaseMs).toISOString();
		// The lease also moves the next check to its end, so the ticket leaves the due list of other sweeps
		// and comes back by itself if this sweep dies before it saves.
		const [row] = await this.tables.api.update(table, where(eq('id', loaded.meta.rowId), eq('version', loaded.meta.version)), {
			leaseUntil,
			nextCheckAt: leaseUntil,
			leaseOwner: owner,
			version: loaded.meta.version + 1,
		});
		return row ? { ticket: loaded.ticket, meta: metaOfRow(row) } : null;
	}

	/** The rows matching the column filters, oldest first (a report, an agent-load count). */
	async rowsWhere(filters: Condition[], limit = Infinity): Promise<Row[]> {
		const table = await this.tables.id('tickets');
		return lowestOfEachKey(await this.tables.api.rows(table, { filter: filters.length > 0 ? where(...filters) : undefined, sortBy: ['id', 'asc'], limit }), 'key');
	}

	async all(filters: Condition[], limit = Infinity): Promise<StoredTicket[]> {
		return (await this.rowsWhere(filters, limit)).map(ticketOfRow);
	}

	/**
	 * Open tickets, and tickets created or active (an event) since `since`: what a dashboard over the
	 * days since then needs, without the store's whole history. n8n on SQLite compares a date filter
	 * as text, so the filter starts a day early; the figures check every instant themselves.
	 */
	async openOrActiveSince(since: number): Promise<StoredTicket[]> {
		const table = await this.tables.id('tickets');
		const early = new Date(since - 86_400_000).toISOString();
		const filter = anyOf(eq('open', true), { columnName: 'openedAt', condition: 'gte', value: early }, { columnName: 'lastActivityAt', condition: 'gte', value: early });
		return lowestOfEachKey(await this.tables.api.rows(table, { filter, sortBy: ['id', 'asc'] }), 'key').map(ticketOfRow);
	}

	/** Open tickets with the customer id of `ticket` and open tickets with its email (any case), at most `limit` of each. */
	async openOfCustomer(ticket: StoredTicket, limit: number): Promise<StoredTicket[]> {
		const { id, email } = customerOf(ticket);
		const lookups = [id === null ? [] : [eq('customerKey', id)], email === null ? [] : [customerEmailIs(email)]].flat();
		const found = await Promise.all(lookups.map((lookup) => this.rowsWhere([lookup, eq('open', true)], limit)));
		return lowestOfEachKey(found.flat(), 'key').map(ticketOfRow);
	}
}

function loadedOf(row: Row): LoadedTicket {
	return { ticket: ticketOfRow(row), meta: metaOfRow(row) };
}

function backOff(attempt: number): Promise<void> {
	// Spread the retries of writers that collided, so they do not collide again in lockstep.
	const ms = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
	return new Promise((resolve) => setTimeout(resolve, ms));
}
