/**
 * Record Ticket Event: a helpdesk event is stored once by its event id and merged into its ticket.
 * Ten deliveries of one event leave one event row and one change to the ticket: the ticket is written
 * by compare-and-set, and every later writer finds the event already in the ticket (Duplicate).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TicketFieldError } from '../../../engine/core';
import { applyEvent, findOpenDuplicate, type IntakeEvent, linkDuplicate, readIntakeEvent, type StoredTicket } from '../../../engine/intake';
import { customerKeyOf, isOpen } from '../ticket-rows';
import type { LoadedTicket } from '../ticket-store';
import { eq, where } from '../transport';
import type { Routed, StoreContext } from './context';


const RECORDED = 0;
const MERGED = 1;
const DUPLICATE = 2;
const INVALID = 3;

function withStore(ticket: StoredTicket, saved: LoadedTicket | null, change: string, event: IntakeEvent): IDataObject {
	const json: IDataObject = { ...(ticket as unknown as IDataObject), store: { change, version: saved?.meta.version ?? null, key: ticket.key, eventId: event.eventId } };
	// A drill's shifted "now" travels with the item, so the clocks and routing after this node use it.
	if (event.now !== null) json.now = new Date(event.now).toISOString();
	return json;
}

/** The event row, stored once: of two rows of one event id the lowest id stays. */
async function storeEventRow(store: StoreContext, event: IntakeEvent): Promise<void> {
	const table = await store.tables.id('events');
	const existing = await store.tables.api.rows(table, { filter: where(eq('eventId', event.eventId)), limit: 1 });
	if (existing.length > 0) return;
	const [inserted] = await store.tables.api.insert(table, [
		{ eventId: event.eventId, ticketKey: event.key, type: event.type, at: new Date(event.at).toISOString(), status: 'received', drill: event.drill },
	]);
	const rows = await store.tables.api.rows(table, { filter: where(eq('eventId', event.eventId)), sortBy: ['id', 'asc'], limit: 2 });
	if (rows[0] && rows[0].id !== inserted.id) await store.tables.api.delete(table, where(eq('id', inserted.id)));
}

async function markApplied(store: StoreContext, eventId: string): Promise<void> {
	const table = await store.tables.id('events');
	await store.tables.api.update(table, where(eq('eventId', eventId)), { status: 'applied' });
}

/** An open ticket of the same customer that this new one repeats, if merging is on. */
async function openDuplicateOf(store: StoreContext, ticket: StoredTicket, windowMs: number): Promise<StoredTicket | null> {
	const customerKey = customerKeyOf(ticket);
	if (windowMs <= 0 || customerKey === null) return null;
	const candidates = (await store.tickets.all([eq('customerKey', customerKey), eq('open', true)], 200)).filter((other) => other.key !== ticket.key && isOpen(other));
	return findOpenDuplicate(ticket, candidates, windowMs);
}

/** The value of `read`, or the TicketFieldError it raised (a field of the event the builder must fix). */
function fieldCheck<T>(store: StoreContext, itemIndex: number, read: () => T): T | TicketFieldError {
	try {
		return read();
	} catch (error) {
		if (error instanceof TicketFieldError) return error;
		throw new NodeOperationError(store.ctx.getNode(), error as Error, { itemIndex });
	}
}

function invalid(error: TicketFieldError, eventId?: string): Routed {
	return { output: INVALID, json: { invalid: { field: error.field, message: error.message }, ...(eventId ? { eventId } : {}) } };
}

export async function recordEvent(store: StoreContext, itemIndex: number): Promise<Routed> {
	const { ctx } = store;
	const body = ctx.getNodeParameter('event', itemIndex, {}) as unknown;
	const allowNow = ctx.getNodeParameter('allowDrillNow', itemIndex, false) as boolean;
	const parsed = typeof body === 'string' ? parseBody(body) : body;
	if (parsed instanceof TicketFieldError) return invalid(parsed);
	const event = fieldCheck(store, itemIndex, () => readIntakeEvent(parsed, { allowNow }));
	if (event instanceof TicketFieldError) return invalid(event);
	const now = event.now ?? store.now(itemIndex);
	await storeEventRow(store, event);
	const { result, saved } = await store.tickets.modify(event.key, now, (current) => {
		const applied = fieldCheck(store, itemIndex, () => applyEvent(current?.ticket ?? null, event));
		return { ticket: applied instanceof TicketFieldError || applied.change === 'duplicate' ? null : applied.ticket, result: applied };
	});
	const applied = result;
	if (applied instanceof TicketFieldError) return invalid(applied, event.eventId);
	await markApplied(store, event.eventId);
	if (applied.change === 'duplicate') return { output: DUPLICATE, json: withStore(saved?.ticket ?? applied.ticket, saved, 'duplicate', event) };
	if (applied.change === 'created') {
		const windowMs = Number(ctx.getNodeParameter('duplicateWindowHours', itemIndex, 72)) * 3_600_000;
		const primary = await openDuplicateOf(store, applied.ticket, windowMs);
		if (primary) return await merge(store, primary, applied.ticket, now, event);
	}
	return { output: RECORDED, json: withStore(saved?.ticket ?? applied.ticket, saved, applied.change, event) };
}

/** Links a new ticket to the open ticket it repeats: the duplicate is closed into the primary. */
async function merge(store: StoreContext, primary: StoredTicket, duplicate: StoredTicket, now: number, event: IntakeEvent): Promise<Routed> {
	await store.tickets.modify(primary.key, now, (current) => {
		if (!current) return { ticket: null, result: null };
		return { ticket: linkDuplicate(current.ticket, duplicate).primary, result: null };
	});
	const { saved } = await store.tickets.modify(duplicate.key, now, (current) => {
		if (!current) return { ticket: null, result: null };
		return { ticket: linkDuplicate(primary, current.ticket).duplicate, result: null };
	});
	const ticket = saved?.ticket ?? duplicate;
	return { output: MERGED, json: { ...withStore(ticket, saved, 'merged', event), mergedInto: primary.key } };
}

function parseBody(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		return new TicketFieldError('event', `is not valid JSON (${(error as Error).message})`);
	}
}

