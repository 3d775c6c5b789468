import { parseInstant } from '../core';
import { normalizeName } from './ticket-history';
import type { StoredTicketLike } from './ticket-record';

/**
 * When a ticket's escalations and manual overrides happened up to `now`: each escalation level
 * Escalate recorded as sent (`escalation.levels[].sentAt`) and each `manual_override` event, as
 * instants in time order. Entries without a readable time are skipped.
 */
export interface TicketActivity {
	escalations: number[];
	manualOverrides: number[];
}

export function activityOf(ticket: StoredTicketLike, now: number): TicketActivity {
	const escalations: number[] = [];
	const levels = typeof ticket.escalation === 'object' && ticket.escalation !== null ? (ticket.escalation as { levels?: unknown }).levels : undefined;
	for (const level of Array.isArray(levels) ? (levels as unknown[]) : []) {
		const at = typeof level === 'object' && level !== null ? parseInstant((level as { sentAt?: unknown }).sentAt) : null;
		if (at !== null && at <= now) escalations.push(at);
	}
	const manualOverrides: number[] = [];
	for (const event of Array.isArray(ticket.events) ? (ticket.events as unknown[]) : []) {
		if (typeof event !== 'object' || event === null) continue;
		const { type, at } = event as { type?: unknown; at?: unknown };
		const time = parseInstant(at);
		if (typeof type === 'string' && normalizeName(type) === 'manual_override' && time !== null && time <= now) manualOverrides.push(time);
	}
	return { escalations: escalations.sort((a, b) => a - b), manualOverrides: manualOverrides.sort((a, b) => a - b) };
}
