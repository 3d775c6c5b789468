import { newTraceId, traceIdFromTraceparent } from '../core';

/**
 * The trace id an entry carries. The ticket's top-level `traceId` is the canonical place for it (Audit
 * Log writes the id it used there, Escalate reads it there), so one id follows a ticket through every
 * node: the id given (a W3C `traceparent` header gives its trace id), else the ticket's `traceId`,
 * else a new one made from 16 `random` bytes.
 */
export function traceIdOf(given: string, ticket: Record<string, unknown>, random: Uint8Array): string {
	const carried = typeof ticket.traceId === 'string' ? ticket.traceId.trim() : '';
	const chosen = given.trim() || carried;
	if (!chosen) return newTraceId(random);
	return traceIdFromTraceparent(chosen) ?? chosen;
}
