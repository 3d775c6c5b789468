/**
 * Malformed intake bodies, generated from one valid generic event by seeded mutations, each with the
 * answer the intake owes it: 400 naming `field` for a JSON body our checks read, or any 4xx of n8n's
 * own for a body it cannot parse (broken JSON).
 */
import { mulberry32, type Random } from './random';

export interface MalformedBody {
	/** What was done to the valid event, for the failure message. */
	mutation: string;
	text: string;
	/** The field the 400 must name; undefined when n8n itself refuses the body. */
	field?: string;
}

type Json = Record<string, any>;

function validEvent(n: number): Json {
	return {
		eventId: `evt-bad-${n}`,
		source: 'generic',
		type: 'ticket_created',
		at: '2026-03-27T16:30:00+01:00',
		ticket: { id: `BAD-${n}`, subject: 'Invoice charged twice', body: 'I was charged twice this month.', priority: 'normal', status: 'new', createdAt: '2026-03-27T16:30:00+01:00', customer: { id: `C-${n}`, tier: 'pro', email: 'dana@acme.example', timezone: 'Europe/Berlin' } },
	};
}

const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)];

const NOT_TEXT_OR_ID = [{}, [], true, false, 1.5, -0.25, ['x'], { value: 'x' }];
const NOT_TEXT = [{}, [], true, 12, ['x']];
const BAD_INSTANTS = ['yesterday', '2026-03-27 16:30', '2026-03-27T16:30:00', '2026-13-45T99:00:00Z', '', '27/03/2026 16:30', 'now', '2026-03-27T16:30:00+25:00', 1774452600, {}, [], true];
const BAD_ZONES = ['CET+1', 'Mars/Olympus', 'Europe/Berlinn', 'GMT+25', 'utc offset'];
const BAD_EMAILS = ['dana', 'dana@', '@acme.example', 'dana at acme', 'a@b@c'];
const BAD_SOURCES = ['bad source', 'zen/desk', 'x'.repeat(65), 'é', 'a;b'];

/** The mutations of a parsed body: each changes the event and says which field must be named. */
const MUTATIONS: Array<(event: Json, random: Random) => { mutation: string; field: string }> = [
	(event) => (delete event.eventId, { mutation: 'no eventId', field: 'eventId' }),
	(event, random) => ((event.eventId = pick(random, [...NOT_TEXT_OR_ID, '', 'x'.repeat(201), 'a\nb'])), { mutation: `eventId ${JSON.stringify(event.eventId).slice(0, 40)}`, field: 'eventId' }),
	(event) => (delete event.type, { mutation: 'no type', field: 'type' }),
	(event, random) => ((event.type = pick(random, NOT_TEXT)), { mutation: `type ${JSON.stringify(event.type)}`, field: 'type' }),
	(event) => (delete event.at, { mutation: 'no at', field: 'at' }),
	(event, random) => ((event.at = pick(random, BAD_INSTANTS)), { mutation: `at ${JSON.stringify(event.at)}`, field: 'at' }),
	(event) => (delete event.ticket, { mutation: 'no ticket', field: 'ticket' }),
	(event, random) => ((event.ticket = pick(random, ['T-1', 42, [], true])), { mutation: `ticket ${JSON.stringify(event.ticket)}`, field: 'ticket' }),
	(event) => (delete event.ticket.id, { mutation: 'no ticket.id', field: 'ticket.id' }),
	(event, random) => ((event.ticket.id = pick(random, NOT_TEXT_OR_ID)), { mutation: `ticket.id ${JSON.stringify(event.ticket.id)}`, field: 'ticket.id' }),
	(event) => (delete event.ticket.createdAt, { mutation: 'no ticket.createdAt on a new ticket', field: 'ticket.createdAt' }),
	(event, random) => ((event.ticket.createdAt = pick(random, BAD_INSTANTS.filter((value) => value !== ''))), { mutation: `ticket.createdAt ${JSON.stringify(event.ticket.createdAt)}`, field: 'ticket.createdAt' }),
	(event, random) => ((event.ticket.customer.timezone = pick(random, BAD_ZONES)), { mutation: `timezone ${event.ticket.customer.timezone}`, field: 'ticket.customer.timezone' }),
	(event, random) => ((event.ticket.customer.email = pick(random, BAD_EMAILS)), { mutation: `email ${event.ticket.customer.email}`, field: 'ticket.customer.email' }),
	(event, random) => ((event.source = pick(random, BAD_SOURCES)), { mutation: `source ${String(event.source).slice(0, 20)}`, field: 'source' }),
	(event) => ((event.type = 'status'), { mutation: 'status event without status', field: 'status' }),
];

function brokenJson(text: string, random: Random): { mutation: string; text: string } {
	const cut = 1 + Math.floor(random() * (text.length - 2));
	switch (Math.floor(random() * 3)) {
		case 0:
			return { mutation: `cut after ${cut} characters`, text: text.slice(0, cut) };
		case 1:
			return { mutation: `stray quote at ${cut}`, text: `${text.slice(0, cut)}"${text.slice(cut)}` };
		default:
			return { mutation: 'trailing comma', text: text.replace(/}$/, ',}') };
	}
}

/**
 * `count` malformed bodies: mostly one wrong field each, one in ten broken JSON, and one in a hundred
 * each nested too deep and with a ticket body of `hugeBytes` (over the intake's text limit, under
 * n8n's N8N_PAYLOAD_SIZE_MAX of 2 MiB, above which n8n itself refuses the request).
 */
export function malformedBodies(count: number, seed: number, hugeBytes = 1536 * 1024): MalformedBody[] {
	const random = mulberry32(seed);
	const out: MalformedBody[] = [];
	for (let n = 0; n < count; n++) {
		const event = validEvent(n);
		if (n % 100 === 49) {
			const depth = 65 + Math.floor(random() * 100_000);
			out.push({ mutation: `nested ${depth} levels deep`, text: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, field: 'event' });
		} else if (n % 100 === 99) {
			event.ticket.body = 'x'.repeat(hugeBytes);
			out.push({ mutation: `a ${hugeBytes}-byte body`, text: JSON.stringify(event), field: 'ticket.body' });
		} else if (n % 10 === 9) {
			out.push(brokenJson(JSON.stringify(event), random));
		} else {
			const { mutation, field } = pick(random, MUTATIONS)(event, random);
			out.push({ mutation, text: JSON.stringify(event), field });
		}
	}
	return out;
}
