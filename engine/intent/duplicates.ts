/**
 * Probable duplicates: a ticket from the same customer with the same issue type within a window is
 * flagged with the id of the earlier ticket. The earlier tickets are data passed in (recent tickets
 * from the helpdesk or a Data Table, and the tickets earlier in the same batch); nothing is remembered
 * between executions.
 */

export interface TicketFingerprint {
	id?: string;
	/** Resolved customer id, else the sender's email or phone: who the ticket is from. */
	customer?: string;
	type?: string;
	/** Epoch milliseconds. */
	at: number;
}

export interface Duplicate {
	isDuplicate: boolean;
	/** Id of the earlier ticket this one probably repeats. */
	of?: string;
	earlierAt?: number;
}

/** The most recent earlier ticket from the same customer with the same type within `windowMs`, if any. */
export function findDuplicate(ticket: TicketFingerprint, earlier: readonly TicketFingerprint[], windowMs: number): Duplicate {
	if (!ticket.customer || !ticket.type || windowMs <= 0) return { isDuplicate: false };
	const customer = ticket.customer.toLowerCase();
	let best: TicketFingerprint | undefined;
	for (const candidate of earlier) {
		if (!candidate.customer || candidate.customer.toLowerCase() !== customer || candidate.type !== ticket.type) continue;
		if (candidate.id !== undefined && candidate.id === ticket.id) continue;
		if (candidate.at > ticket.at || ticket.at - candidate.at > windowMs) continue;
		if (!best || candidate.at > best.at) best = candidate;
	}
	return best ? { isDuplicate: true, of: best.id, earlierAt: best.at } : { isDuplicate: false };
}
