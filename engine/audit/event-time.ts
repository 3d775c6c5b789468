import { parseInstant } from '../core';

/**
 * When the recorded event happened if the builder does not say: the latest of the ticket's event
 * times, `updatedAt` and `createdAt`, or null when it has none. Taken from the ticket rather than
 * the clock, so a retried execution derives the same occurred-at time and the same idempotency key.
 * `readInstant` reads one timestamp (the engine's strict ISO-8601 reading unless the caller has its own).
 */
export function eventTimeOf(ticket: Record<string, unknown>, readInstant: (value: unknown) => number | null = parseInstant): number | null {
	const candidates: unknown[] = [];
	if (Array.isArray(ticket.events)) for (const event of ticket.events as Array<Record<string, unknown> | null>) candidates.push(event?.at);
	candidates.push(ticket.updatedAt, ticket.createdAt);
	let latest: number | null = null;
	for (const candidate of candidates) {
		const at = readInstant(candidate);
		if (at !== null && Number.isFinite(at) && (latest === null || at > latest)) latest = at;
	}
	return latest;
}
