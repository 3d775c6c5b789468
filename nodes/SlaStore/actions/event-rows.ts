/**
 * The events table: one row per event id (see one-row-per-key.ts), `received` when stored and
 * `applied` once everything the event does to the tickets is written. A redelivery of an event that
 * is not applied yet finishes what the first delivery left undone.
 */
import type { IntakeEvent } from '../../../engine/intake';
import { insertFirst } from '../one-row-per-key';
import { eq, where } from '../transport';
import type { StoreContext } from './context';

/** Stores the event's row unless it is there; whether the event was applied already. */
export async function storeEventRow(store: StoreContext, event: IntakeEvent): Promise<boolean> {
	const table = await store.tables.id('events');
	const [existing] = await store.tables.api.rows(table, { filter: where(eq('eventId', event.eventId)), sortBy: ['id', 'asc'], limit: 1 });
	if (existing) return existing.status === 'applied';
	const first = await insertFirst(store.tables.api, table, 'eventId', {
		eventId: event.eventId,
		ticketKey: event.key,
		type: event.type,
		at: new Date(event.at).toISOString(),
		status: 'received',
		drill: event.drill,
	});
	return !first.won && first.row?.status === 'applied';
}

export async function markApplied(store: StoreContext, eventId: string): Promise<void> {
	const table = await store.tables.id('events');
	await store.tables.api.update(table, where(eq('eventId', eventId)), { status: 'applied' });
}
