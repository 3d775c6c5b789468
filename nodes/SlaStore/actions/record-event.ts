/**
 * Record Ticket Event: a helpdesk event is stored once by its event id and merged into its ticket.
 * Ten deliveries of one event leave one event row and one change to the ticket: the ticket is written
 * by compare-and-set, and every later writer finds the event already in the ticket (Duplicate). A
 * delivery that failed halfway is finished by the next delivery of the event (see event-rows.ts).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TicketFieldError } from '../../../engine/core';
import { type AppliedEvent, applyEvent, type IntakeEvent, linkDuplicate, readIntakeEvent, type StoredTicket } from '../../../engine/intake';
import type { LoadedTicket } from '../ticket-store';
import type { Routed, StoreContext } from './context';
import { markApplied, storeEventRow } from './event-rows';
import { listOnPrimary, openDuplicateOf } from './merge-repeat';


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

function merged(ticket: StoredTicket, saved: LoadedTicket | null, event: IntakeEvent, primaryKey: string): Routed {
	return { output: MERGED, json: { ...withStore(ticket, saved, 'merged', event), mergedInto: primaryKey } };
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

/** The open ticket a new ticket repeats, null for none; `undefined` while not looked up, and a new ticket then comes back as `lookUp`, unwritten. */
type Primary = StoredTicket | null | undefined;

interface Written {
	applied: AppliedEvent | TicketFieldError;
	saved: LoadedTicket | null;
}

/**
 * Writes the event to its ticket. A new ticket is written once the open ticket it repeats has been
 * looked up, and then already merged into it, so no failure can leave it created but not merged.
 */
async function writeEvent(store: StoreContext, itemIndex: number, event: IntakeEvent, now: number, windowMs: number, likelyNew: boolean): Promise<Written> {
	const write = (primary: Primary, knownAbsent: boolean) =>
		store.tickets.modify<{ applied: AppliedEvent | TicketFieldError } | { lookUp: StoredTicket }>(event.key, now, (current) => {
			const applied = fieldCheck(store, itemIndex, () => applyEvent(current?.ticket ?? null, event));
			if (applied instanceof TicketFieldError || applied.change === 'duplicate') return { ticket: null, result: { applied } };
			if (applied.change === 'updated') return { ticket: applied.ticket, result: { applied } };
			if (primary === undefined) return { ticket: null, result: { lookUp: applied.ticket } };
			const ticket = primary ? linkDuplicate(primary, applied.ticket).duplicate : applied.ticket;
			return { ticket, result: { applied: { ...applied, ticket } } };
		}, {}, knownAbsent);
	let primary: Primary = windowMs > 0 ? undefined : null;
	// After the look-up the ticket is written straight away: it had no row when the look-up was asked for.
	// A ticket_created event nobody has seen before is taken to be a new ticket without reading it first;
	// if the ticket is there after all, its insert loses the one-row check and the write reads it and tries again.
	let knownAbsent = likelyNew;
	for (;;) {
		const { result, saved } = await write(primary, knownAbsent);
		if ('applied' in result) return { applied: result.applied, saved };
		primary = await openDuplicateOf(store, result.lookUp, windowMs);
		knownAbsent = true;
	}
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
	const windowMs = Number(ctx.getNodeParameter('duplicateWindowHours', itemIndex, 72)) * 3_600_000;
	const stored = await storeEventRow(store, event);
	const wasApplied = stored.applied;
	const written = await writeEvent(store, itemIndex, event, now, windowMs, stored.first && event.type === 'ticket_created');
	if (written.applied instanceof TicketFieldError) return invalid(written.applied, event.eventId);
	const routed = await finish(store, written.applied, written.saved, event, now, wasApplied);
	if (!wasApplied) await markApplied(store, event.eventId);
	return routed;
}

/**
 * Lists a merged ticket on its primary and routes the item. On a redelivery of an event not applied
 * yet, a listing the first delivery did not get to is made now, and the item is Merged after all.
 */
async function finish(store: StoreContext, applied: AppliedEvent, saved: LoadedTicket | null, event: IntakeEvent, now: number, wasApplied: boolean): Promise<Routed> {
	const ticket = saved?.ticket ?? applied.ticket;
	const primaryKey = ticket.mergedInto;
	if (applied.change === 'duplicate') {
		const listed = !wasApplied && primaryKey !== undefined && (await listOnPrimary(store, primaryKey, ticket, now));
		return listed ? merged(ticket, saved, event, primaryKey) : { output: DUPLICATE, json: withStore(ticket, saved, 'duplicate', event) };
	}
	if (applied.change === 'created' && primaryKey !== undefined) {
		await listOnPrimary(store, primaryKey, ticket, now);
		return merged(ticket, saved, event, primaryKey);
	}
	return { output: RECORDED, json: withStore(ticket, saved, applied.change, event) };
}

function parseBody(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		return new TicketFieldError('event', `is not valid JSON (${(error as Error).message})`);
	}
}

