import { TicketFieldError } from '../../../engine/core';
import { readIntakeEvent } from '../../../engine/intake';
import { body, fastestMs, read } from './intake-fixtures';

/** The field a bad body is rejected for, and the message. */
function rejection(value: unknown, options = { allowNow: false }): { field: string; message: string } {
	try {
		readIntakeEvent(value, options);
	} catch (error) {
		if (error instanceof TicketFieldError) return { field: error.field, message: error.message };
		throw error;
	}
	throw new Error('accepted');
}

describe('reading a helpdesk event from the intake webhook', () => {
	it('normalises a ticket_created event: source lower case, numeric ids as text, the key, epoch time and the text as given', () => {
		const event = read(
			body({ actor: 'customer', extra: 'ignored' }, { channel: 'email', priority: 'high', tags: ['billing', 'vat', 'billing'], customer: { id: 'cus_1', tier: 'enterprise', region: 'emea', timezone: 'Europe/Berlin', email: 'ana@example.com', name: 'Ana', crm: { deep: true } } }),
		);
		expect(event).toEqual({
			eventId: 'evt-1',
			source: 'zendesk',
			ticketId: '4711',
			key: 'zendesk:4711',
			type: 'ticket_created',
			at: Date.UTC(2026, 2, 10, 8, 0),
			atText: '2026-03-10T09:00:00+01:00',
			actor: 'customer',
			ticket: {
				subject: 'Invoice shows the wrong VAT',
				channel: 'email',
				priority: 'high',
				createdAt: '2026-03-10T09:00:00+01:00',
				tags: ['billing', 'vat'],
				customer: { id: 'cus_1', tier: 'enterprise', region: 'emea', timezone: 'Europe/Berlin', email: 'ana@example.com', name: 'Ana' },
			},
			drill: false,
			now: null,
		});
	});

	it('takes a body without a source as "generic", and accepts the body as JSON text', () => {
		const { source: _source, ...withoutSource } = body();
		expect(read(JSON.stringify(withoutSource)).key).toBe('generic:4711');
	});

	it('keeps event types it does not know, written like the known ones ("Agent Reply" is agent_reply)', () => {
		expect(read(body({ type: 'Agent Reply' })).type).toBe('agent_reply');
		expect(read(body({ type: 'csat-received' })).type).toBe('csat_received');
	});

	it('honours "now" only for drill events, and only when the intake allows it', () => {
		const drill = body({ drill: true, now: '2026-04-06T13:00:00Z' });
		expect(read(drill, true).now).toBe(Date.UTC(2026, 3, 6, 13));
		expect(read(drill, false).now).toBeNull();
		expect(read(body({ now: '2026-04-06T13:00:00Z' }), true).now).toBeNull();
		expect(read(body({ now: 'whenever' }), false).now).toBeNull();
	});

	it.each([
		['the event id is missing', body({ eventId: undefined }), 'eventId', 'eventId: is missing'],
		['the event id is an object', body({ eventId: { id: 1 } }), 'eventId', 'eventId: must be text or a whole number, got an object'],
		['the event id is too long', body({ eventId: 'e'.repeat(201) }), 'eventId', 'eventId: is 201 characters long; the limit is 200'],
		['the event id has a line break', body({ eventId: 'evt\n1' }), 'eventId', 'eventId: must not contain control characters (line breaks, tabs, …)'],
		['the source has a colon', body({ source: 'zen:desk' }), 'source', 'source: "zen:desk" must be letters, digits, \'.\', \'_\' or \'-\' (at most 64), like "zendesk"'],
		['the type is missing', body({ type: '' }), 'type', 'type: is missing: name what happened (ticket_created, status, agent_reply, …)'],
		['the time is missing', body({ at: undefined }), 'at', 'at: is missing: when it happened, ISO-8601 with an offset (2026-03-27T16:30:00+01:00)'],
		['the time is epoch milliseconds', body({ at: 1773129600000 }), 'at', 'at: must be an ISO-8601 timestamp as text (2026-03-27T16:30:00+01:00), got a number'],
		['the time is not a timestamp', body({ at: 'yesterday' }), 'at', 'at: "yesterday" is not an ISO-8601 timestamp (for example 2026-03-27T16:30:00+01:00)'],
		['a status event has no status', body({ type: 'status' }), 'status', 'status: is missing: a status event names the new status'],
		['a tag event has no tag', body({ type: 'tag_added' }), 'tag', 'tag: is missing: a tag_added event names the tag'],
		['the ticket is missing', { ...body(), ticket: undefined }, 'ticket', 'ticket: is missing: the event must say which ticket it is about ({ "id": … })'],
		['the ticket is a list', { ...body(), ticket: [1] }, 'ticket', 'ticket: must be an object, got a list'],
		['the ticket id is missing', body({}, { id: undefined }), 'ticket.id', 'ticket.id: is missing'],
		['the ticket id is a fraction', body({}, { id: 12.5 }), 'ticket.id', 'ticket.id: must be text or a whole number, got 12.5'],
		['the subject is a number', body({}, { subject: 42 }), 'ticket.subject', 'ticket.subject: must be text, got a number'],
		['the subject is too long', body({}, { subject: 's'.repeat(1001) }), 'ticket.subject', 'ticket.subject: is 1,001 characters long; the limit is 1,000'],
		['the body is too long', body({}, { body: 'b'.repeat(100_001) }), 'ticket.body', 'ticket.body: is 100,001 characters long; the limit is 100,000'],
		['the tags are text', body({}, { tags: 'billing' }), 'ticket.tags', 'ticket.tags: must be a list of text, got text'],
		['a tag is a number', body({}, { tags: ['billing', 7] }), 'ticket.tags[1]', 'ticket.tags[1]: must be text, got a number'],
		['the customer is text', body({}, { customer: 'Ana' }), 'ticket.customer', 'ticket.customer: must be an object, got text'],
		['the customer id is nested', body({}, { customer: { id: { id: 'cus_1' } } }), 'ticket.customer.id', 'ticket.customer.id: must be text or a whole number, got an object'],
		['the customer email is not one', body({}, { customer: { email: 'ana at example' } }), 'ticket.customer.email', 'ticket.customer.email: "ana at example" is not an email address'],
		['the customer zone is unknown', body({}, { customer: { timezone: 'Europe/Atlantis' } }), 'ticket.customer.timezone', 'ticket.customer.timezone: "Europe/Atlantis" is not an IANA time zone (for example Europe/Berlin)'],
		['drill is the text "yes"', body({ drill: 'yes' }), 'drill', 'drill: must be true or false, got text'],
		['the body is not JSON', '{"eventId":', 'event', 'event: is text that is not JSON'],
		['the body is a list', [body()], 'event', 'event: must be a JSON object like { "eventId", "type", "at", "ticket": { "id" } }, got a list'],
	])('names the field when %s', (_case, value, field, message) => {
		const error = rejection(value);
		expect(error.field).toBe(field);
		expect(error.message.startsWith(message)).toBe(true);
	});

	it('refuses a creation time without a UTC offset, saying why', () => {
		expect(rejection(body({}, { createdAt: '2026-03-27 16:30' }))).toEqual({
			field: 'ticket.createdAt',
			message: 'ticket.createdAt: "2026-03-27 16:30" has no UTC offset, so its time zone would be a guess: add one (2026-03-27T16:30:00+01:00) or Z for UTC',
		});
	});

	it('checks a drill "now" like any timestamp when it is honoured', () => {
		expect(rejection(body({ drill: true, now: '2026-04-06 13:00' }), { allowNow: true }).field).toBe('now');
	});

	it('quotes at most sixty characters of a bad value in a message', () => {
		const { message } = rejection(body({ at: `2026-03-10T09:00:00${'9'.repeat(5000)}` }));
		expect(message.length).toBeLessThan(140);
	});

	it('accepts a longer body when the intake allows it', () => {
		expect(readIntakeEvent(body({}, { body: 'b'.repeat(150_000) }), { allowNow: false, maxTextLength: 200_000 }).ticket.body).toHaveLength(150_000);
	});
});

describe('reading attacker-sized bodies in linear time', () => {
	const runOf = (length: number) => JSON.stringify(body({}, { body: 'x'.repeat(length) }));
	const options = { allowNow: false, maxTextLength: 4_000_000 };

	it('validates a 1 MB body of one run without spaces, and twice as much costs less than three times as long', () => {
		const single = runOf(1_000_000);
		const double = runOf(2_000_000);
		expect(readIntakeEvent(single, options).ticket.body).toHaveLength(1_000_000);
		const ratio = fastestMs(() => readIntakeEvent(double, options)) / fastestMs(() => readIntakeEvent(single, options));
		expect(ratio).toBeLessThan(3);
	});

	it('rejects a 1 MB body under the default limit naming ticket.body, without reading it', () => {
		expect(rejection(runOf(1_000_000)).field).toBe('ticket.body');
	});

	it('ignores deep nesting inside ticket.customer, and twice as deep costs less than three times as long', () => {
		// Written as text: JSON.stringify itself overflows the stack on values this deep.
		const nested = (depth: number) =>
			JSON.stringify(body({}, { customer: { id: 'cus_1', crm: 'DEEP' } })).replace('"DEEP"', `${'{"inner":'.repeat(depth)}{"leaf":true}${'}'.repeat(depth)}`);
		const single = nested(20_000);
		const double = nested(40_000);
		expect(readIntakeEvent(single, options).ticket.customer).toEqual({ id: 'cus_1' });
		// the lowest of three measurements: a loaded machine can slow one of them, a quadratic read slows all
		const measured = () => fastestMs(() => readIntakeEvent(double, options)) / fastestMs(() => readIntakeEvent(single, options));
		const ratio = Math.min(measured(), measured(), measured());
		expect(ratio).toBeLessThan(3);
	});
});
