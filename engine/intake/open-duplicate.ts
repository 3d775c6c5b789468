import { parseInstant } from '../core';
import type { StoredTicket } from './stored-ticket';
import { DEFAULT_TEXT_SIMILARITY, textFingerprint, textSimilarity } from './text-fingerprint';

/**
 * Duplicates of an open ticket are merged into it: linked, not worked as a second ticket. A ticket
 * repeats an open one when
 * - the customer is the same: equal `customer.id`, or equal `customer.email` (any case);
 * - the text is nearly the same (see text-fingerprint.ts);
 * - the open ticket was created before it (or at the same time, with a smaller key), at most
 *   `windowMs` earlier;
 * - the open ticket is not resolved (solved, resolved, closed) and not itself merged into another.
 * Of several, the earliest is the one to merge into, so every repeat of an issue ends up on the
 * first ticket about it.
 *
 * (engine/intent's `findDuplicate` compares issue types from Normalize Intent; the intake runs
 * before it and compares the text itself.)
 */
export interface OpenDuplicateOptions {
	/** Statuses that close a ticket, any case; default solved, resolved, closed. */
	resolvedStatuses?: readonly string[];
	/** Share of shared words for "nearly the same text", 0–1; default 0.8. */
	similarity?: number;
}

export const DEFAULT_CLOSED_STATUSES: readonly string[] = ['solved', 'resolved', 'closed'];

export function findOpenDuplicate(ticket: StoredTicket, open: readonly StoredTicket[], windowMs: number, options: OpenDuplicateOptions = {}): StoredTicket | null {
	const createdAt = parseInstant(ticket.createdAt);
	if (windowMs <= 0 || createdAt === null || ticket.mergedInto !== undefined) return null;
	const closed = new Set((options.resolvedStatuses ?? DEFAULT_CLOSED_STATUSES).map((status) => status.toLowerCase()));
	const similarity = options.similarity ?? DEFAULT_TEXT_SIMILARITY;
	const fingerprint = textFingerprint(ticket.subject, ticket.body);
	let best: { ticket: StoredTicket; at: number } | null = null;
	for (const candidate of open) {
		if (candidate.key === ticket.key || candidate.mergedInto !== undefined) continue;
		if (typeof candidate.status === 'string' && closed.has(candidate.status.toLowerCase())) continue;
		const at = parseInstant(candidate.createdAt);
		if (at === null || at > createdAt || createdAt - at > windowMs || (at === createdAt && candidate.key > ticket.key)) continue;
		if (!sameCustomer(ticket, candidate)) continue;
		if (best !== null && (at > best.at || (at === best.at && candidate.key > best.ticket.key))) continue;
		if (textSimilarity(fingerprint, textFingerprint(candidate.subject, candidate.body)) < similarity) continue;
		best = { ticket: candidate, at };
	}
	return best?.ticket ?? null;
}

function sameCustomer(a: StoredTicket, b: StoredTicket): boolean {
	const same = (x: unknown, y: unknown) => typeof x === 'string' && typeof y === 'string' && x !== '' && x.toLowerCase() === y.toLowerCase();
	return same(a.customer?.id, b.customer?.id) || same(a.customer?.email, b.customer?.email);
}

export interface LinkedDuplicate {
	primary: StoredTicket;
	duplicate: StoredTicket;
}

/** Both tickets with the link recorded: `duplicate.mergedInto` is the primary's key, `primary.duplicates` lists the duplicate once. */
export function linkDuplicate(primary: StoredTicket, duplicate: StoredTicket): LinkedDuplicate {
	if (primary.key === duplicate.key) throw new RangeError(`${primary.key} cannot be a duplicate of itself`);
	const duplicates = primary.duplicates ?? [];
	return {
		primary: duplicates.includes(duplicate.key) ? primary : { ...primary, duplicates: [...duplicates, duplicate.key] },
		duplicate: { ...duplicate, mergedInto: primary.key },
	};
}
