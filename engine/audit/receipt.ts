import { entryHash, type EntryLine, GENESIS_HASH } from './chain';
import type { AuditEntry } from './entry';

/** What Record writes on the ticket under `audit`: the entry, where it sits in the chain, and whether it was there already. */
export interface AuditReceipt {
	entryId: string;
	/** Null for an entry that was only output, not chained into a trail. */
	seq: number | null;
	hash: string;
	prevHash: string | null;
	traceId: string;
	logicVersion: string | null;
	idempotencyKey: string;
	duplicate: boolean;
	entry: AuditEntry;
}

function receipt(entry: AuditEntry, place: { seq: number | null; hash: string; prevHash: string | null }, duplicate: boolean): AuditReceipt {
	return {
		entryId: entry.id,
		seq: place.seq,
		hash: place.hash,
		prevHash: place.prevHash,
		traceId: entry.traceId,
		logicVersion: entry.logicVersion,
		idempotencyKey: entry.idempotencyKey,
		duplicate,
		entry,
	};
}

export function receiptOf(line: EntryLine, duplicate: boolean): AuditReceipt {
	return receipt(line.entry as unknown as AuditEntry, line, duplicate);
}

/** The receipt of an entry output without a trail: no place in a chain, and the hash it would have as a trail's first entry. */
export function unchainedReceipt(entry: AuditEntry, duplicate: boolean): AuditReceipt {
	return receipt(entry, { seq: null, hash: entryHash(0, GENESIS_HASH, entry), prevHash: null }, duplicate);
}

/**
 * The ticket with its receipt under `audit` and the receipt's trace id as the ticket's `traceId`, the
 * canonical field the next node reads (a duplicate carries the trace id the entry was recorded with).
 */
export function withReceipt<T extends Record<string, unknown>>(ticket: T, receipt: AuditReceipt): T & { traceId: string; audit: AuditReceipt } {
	return { ...ticket, traceId: receipt.traceId, audit: receipt };
}
