/**
 * The events table: one row per event id (see one-row-per-key.ts), `received` when stored and
 * `applied` once everything the event does to the tickets is written. A redelivery of an event that
 * is not applied yet finishes what the first delivery left undone.
 */
import type { IntakeEvent } from '../../../engine/intake';
import { insertFirst } from '../one-row-per-key';
import { eq, where } from '../transport';
import type { StoreContext } from './context';

export interface StoredEventRow {
	/** The event was applied by an earlier delivery. */
	applied: boolean;
	/** This delivery stored the event's first row: nobody has seen the event before. */
	first: boolean;
}

/** Stores the event's row unless it is there (a redelivery writes nothing to the events table). */
export async function storeEventRow(store: StoreContext, event: IntakeEvent): Promise<StoredEventRow> {
	const table = await store.tables.id('events');
	const [existing] = await store.tables.api.rows(table, { filter: where(eq('eventId', event.eventId)), sortBy: ['id', 'asc'], limit: 1 });
	if (existing) return { applied: existing.status === 'applied', first: false };
	const first = await insertFirst(store.tables.api, table, 'eventId', {
		eventId: event.eventId,
		ticketKey: event.key,
		type: event.type,
		at: new Date(event.at).toISOString(),
		status: 'received',
		drill: event.drill,
	});
	return { applied: !first.won && first.row?.status === 'applied', first: first.won };
}

export async function markApplied(store: StoreContext, eventId: string): Promise<void> {
	const table = await store.tables.id('events');
	await store.tables.api.update(table, where(eq('eventId', eventId)), { status: 'applied' });
}
