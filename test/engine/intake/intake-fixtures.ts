/** Webhook bodies as a helpdesk posts them, and the stored tickets the intake makes of them. */
import { applyEvent, readIntakeEvent } from '../../../engine/intake';
import type { StoredTicket } from '../../../engine/intake';

export type Body = Record<string, unknown>;

/** A valid generic event; `ticket` fields are merged into the default ticket. */
export function body(fields: Body = {}, ticket: Body = {}): Body {
	return {
		eventId: 'evt-1',
		source: 'Zendesk',
		type: 'ticket_created',
		at: '2026-03-10T09:00:00+01:00',
		...fields,
		ticket: { id: 4711, subject: 'Invoice shows the wrong VAT', createdAt: '2026-03-10T09:00:00+01:00', ...ticket },
	};
}

export const read = (value: unknown, allowNow = false) => readIntakeEvent(value, { allowNow });

/** The ticket after the bodies are delivered in this order (redeliveries included). */
export function storedAfter(...bodies: Body[]): StoredTicket {
	let ticket: StoredTicket | null = null;
	for (const value of bodies) ticket = applyEvent(ticket, read(value)).ticket;
	if (ticket === null) throw new Error('no bodies');
	return ticket;
}

/** The fastest of several runs, in milliseconds (the least disturbed by the machine). */
export function fastestMs(run: () => unknown, times = 7): number {
	let best = Infinity;
	for (let i = 0; i < times; i++) {
		const start = performance.now();
		run();
		best = Math.min(best, performance.now() - start);
	}
	return best;
}
