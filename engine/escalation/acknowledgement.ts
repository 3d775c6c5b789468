import type { TicketEvent } from '../core';
import { parseDate } from './instants';

/**
 * An acknowledged ticket stops its escalation ladder until the re-arm timeout has passed since the
 * acknowledgement; a timeout of 0 keeps the ladder stopped for the rest of the SLA cycle.
 */
export interface AcknowledgementState {
	acknowledgedAt: number;
	/** When the ladder runs again; null when it stays stopped. */
	rearmAt: number | null;
	active: boolean;
}

/** The latest `acknowledged` event (or an explicit acknowledgement instant), if any. */
export function latestAcknowledgement(events: readonly TicketEvent[] | undefined, explicit?: number | null): number | null {
	let latest: number | null = typeof explicit === 'number' && Number.isFinite(explicit) ? explicit : null;
	for (const event of events ?? []) {
		if (event?.type !== 'acknowledged') continue;
		const at = parseDate(event.at);
		if (!Number.isNaN(at) && (latest === null || at > latest)) latest = at;
	}
	return latest;
}

export function acknowledgementAt(acknowledgedAt: number | null, rearmAfterMs: number, now: number): AcknowledgementState | null {
	if (acknowledgedAt === null || acknowledgedAt > now) return null;
	const rearmAt = rearmAfterMs > 0 ? acknowledgedAt + rearmAfterMs : null;
	return { acknowledgedAt, rearmAt, active: rearmAt === null || now < rearmAt };
}
