import { TicketFieldError } from '../../../engine/core';
import { applyEvent } from '../../../engine/intake';
import type { StoredTicket } from '../../../engine/intake';
import { body, read, storedAfter } from './intake-fixtures';

const created = body({ eventId: 'evt-1' }, { status: 'new', priority: 'normal', tags: ['billing'], customer: { id: 'cus_1', tier: 'pro' } });
const reply = body({ eventId: 'evt-2', type: 'agent_reply', at: '2026-03-10T09:20:00+01:00', actor: 'agent-7' });
const pending = body({ eventId: 'evt-3', type: 'status', status: 'pending', at: '2026-03-10T09:30:00+01:00' });

describe('storing helpdesk events on their ticket', () => {
	it('creates the ticket from its first event, keyed by source and id, with the event stored by its id', () => {
		const { ticket, change } = applyEvent(null, read(created));
		expect(change).toBe('created');
		expect(ticket).toEqual({
			key: 'zendesk:4711',
			source: 'zendesk',
			id: '4711',
			createdAt: '2026-03-10T09:00:00+01:00',
			subject: 'Invoice shows the wrong VAT',
			status: 'new',
			priority: 'normal',
			customer: { id: 'cus_1', tier: 'pro' },
			tags: ['billing'],
			events: [{ id: 'evt-1', type: 'ticket_created', at: '2026-03-10T09:00:00+01:00', tags: ['billing'] }],
			intake: {
				fieldAt: { subject: '2026-03-10T09:00:00+01:00', status: '2026-03-10T09:00:00+01:00', priority: '2026-03-10T09:00:00+01:00', 'customer.id': '2026-03-10T09:00:00+01:00', 'customer.tier': '2026-03-10T09:00:00+01:00' },
				lastEventAt: '2026-03-10T09:00:00+01:00',
			},
		});
	});

	it('refuses a ticket seen for the first time without its creation time, naming ticket.createdAt', () => {
		const event = read(body({ type: 'agent_reply' }, { createdAt: undefined }));
		expect(() => applyEvent(null, event)).toThrow(TicketFieldError);
		expect(() => applyEvent(null, event)).toThrow(/^ticket\.createdAt: is missing: zendesk:4711 is seen for the first time/);
	});

	it('treats a webhook delivered twice as a duplicate and changes nothing', () => {
		const ticket = storedAfter(created, reply);
		const again = applyEvent(ticket, read(reply));
		expect(again.change).toBe('duplicate');
		expect(again.ticket).toBe(ticket);
		expect(ticket.events.map((event) => event.id)).toEqual(['evt-1', 'evt-2']);
	});

	it('a status event sets the status, and later events update the ticket without touching the earlier record', () => {
		const before = storedAfter(created, reply);
		const { ticket, change } = applyEvent(before, read(pending));
		expect(change).toBe('updated');
		expect(ticket.status).toBe('pending');
		expect(before.status).toBe('new');
		expect(ticket.events.map((event) => [event.id, event.type, event.status ?? null])).toEqual([
			['evt-1', 'ticket_created', null],
			['evt-2', 'agent_reply', null],
			['evt-3', 'status', 'pending'],
		]);
		expect(ticket.events[1].actor).toBe('agent-7');
	});

	it('keeps events in time order when they arrive out of order, equal times in arrival order', () => {
		const note = body({ eventId: 'evt-4', type: 'note', at: '2026-03-10T09:20:00+01:00' });
		const ticket = storedAfter(created, pending, reply, note);
		expect(ticket.events.map((event) => event.id)).toEqual(['evt-1', 'evt-2', 'evt-4', 'evt-3']);
		expect(ticket.intake.lastEventAt).toBe('2026-03-10T09:30:00+01:00');
	});

	it('lets the later event time win for status and priority, whatever the delivery order', () => {
		const solved = body({ eventId: 'evt-5', type: 'status', status: 'solved', at: '2026-03-10T11:00:00+01:00' });
		const urgent = body({ eventId: 'evt-6', type: 'priority_changed', at: '2026-03-10T10:00:00+01:00' }, { priority: 'urgent' });
		const lateOpen = body({ eventId: 'evt-7', type: 'status', status: 'open', at: '2026-03-10T10:30:00+01:00' }, { priority: 'low' });
		const ticket = storedAfter(created, solved, urgent, lateOpen);
		// evt-7 (10:30) is older than the solve (11:00) but newer than the priority change (10:00).
		expect(ticket.status).toBe('solved');
		expect(ticket.priority).toBe('low');
	});

	it('maintains tags from tag_added, tag_removed and whole tag lists, replayed in time order', () => {
		const addVip = body({ eventId: 'evt-8', type: 'tag_added', tag: 'vip', at: '2026-03-10T09:10:00+01:00' });
		const removeBilling = body({ eventId: 'evt-9', type: 'tag_removed', tag: 'billing', at: '2026-03-10T09:40:00+01:00' });
		const addRefund = body({ eventId: 'evt-10', type: 'tag_added', tag: 'refund', at: '2026-03-10T09:05:00+01:00' });
		expect(storedAfter(created, addVip).tags).toEqual(['billing', 'vip']);
		expect(storedAfter(created, removeBilling, addVip).tags).toEqual(['vip']);
		// The refund tag was added before the whole list of 09:20 that does not have it.
		const snapshot = body({ eventId: 'evt-11', type: 'note', at: '2026-03-10T09:20:00+01:00' }, { tags: ['billing', 'escalated'] });
		expect(storedAfter(created, snapshot, addRefund).tags).toEqual(['billing', 'escalated']);
	});

	it('merges a ticket_created for a ticket already stored into it', () => {
		const recreated = body({ eventId: 'evt-12', at: '2026-03-10T09:45:00+01:00' }, { createdAt: '2026-03-10T09:44:00+01:00', channel: 'chat', customer: { region: 'emea' } });
		const ticket = storedAfter(created, recreated);
		expect(ticket.createdAt).toBe('2026-03-10T09:00:00+01:00');
		expect(ticket.channel).toBe('chat');
		expect(ticket.customer).toEqual({ id: 'cus_1', tier: 'pro', region: 'emea' });
		expect(ticket.events).toHaveLength(2);
	});

	it('keeps what other nodes wrote on the ticket', () => {
		const ticket = { ...storedAfter(created), sla: { state: 'running' }, routing: { queue: 'Billing' } };
		expect(applyEvent(ticket, read(reply)).ticket).toMatchObject({ sla: { state: 'running' }, routing: { queue: 'Billing' } });
	});

	it('marks drill tickets, and keeps the mark', () => {
		const drill = storedAfter(body({ drill: true }), body({ eventId: 'evt-2', type: 'note' }));
		expect(drill.drill).toBe(true);
		expect(storedAfter(created).drill).toBeUndefined();
	});

	it('refuses to apply an event to another ticket', () => {
		const other = read(body({ eventId: 'evt-2' }, { id: 1 }));
		expect(() => applyEvent(storedAfter(created), other)).toThrow('the event for zendesk:1 cannot be applied to zendesk:4711');
	});
});

describe('storing events on a ticket imported into the store by other means', () => {
	it('adds the event to a ticket row without the intake\'s bookkeeping', () => {
		const imported = { key: 'zendesk:4711', source: 'zendesk', id: '4711', createdAt: '2026-03-10T09:00:00+01:00', status: 'open' } as unknown as StoredTicket;
		const { ticket, change } = applyEvent(imported, read(pending));
		expect(change).toBe('updated');
		expect(ticket.status).toBe('pending');
		expect(ticket.events.map((event) => event.id)).toEqual(['evt-3']);
		expect(ticket.tags).toEqual([]);
	});
});
