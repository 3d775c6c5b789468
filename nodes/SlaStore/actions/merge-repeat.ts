/**
 * A new ticket that repeats an open one of the same customer is merged into it (engine/intake's
 * findOpenDuplicate decides which): the new ticket is written with `mergedInto` set, and the primary
 * then lists it among its duplicates.
 */
import { findOpenDuplicate, linkDuplicate, type StoredTicket } from '../../../engine/intake';
import { isOpen } from '../ticket-rows';
import type { StoreContext } from './context';

const MAX_CANDIDATES = 200;

/** The open ticket `ticket` repeats, if any. */
export async function openDuplicateOf(store: StoreContext, ticket: StoredTicket, windowMs: number): Promise<StoredTicket | null> {
	const candidates = (await store.tickets.openOfCustomer(ticket, MAX_CANDIDATES)).filter((other) => other.key !== ticket.key && isOpen(other));
	return findOpenDuplicate(ticket, candidates, windowMs);
}

/** Lists the duplicate on the primary it is merged into, once; whether this call wrote it. */
export async function listOnPrimary(store: StoreContext, primaryKey: string, duplicate: StoredTicket, now: number): Promise<boolean> {
	const { result } = await store.tickets.modify(primaryKey, now, (current) => {
		if (!current || current.ticket.duplicates?.includes(duplicate.key)) return { ticket: null, result: false };
		return { ticket: linkDuplicate(current.ticket, duplicate).primary, result: true };
	});
	return result;
}
