/**
 * Where exactly-once claims are kept: a key claimed once is `new` to exactly one caller, `processed`
 * to every later one, until it is released. n8n's deduplication store is the default (right for one
 * n8n process); a PostgreSQL table with a unique key makes the claim atomic across the workers of
 * n8n's queue mode.
 */
export interface ClaimOutcome {
	/** Keys this call claimed: the caller acts on them. */
	new: string[];
	/** Keys claimed earlier (by this or another process): the caller leaves them alone. */
	processed: string[];
}

export interface ClaimStore {
	/** For messages: where the claims are kept. */
	readonly name: string;
	/** Claims the keys in one atomic step; each key is in exactly one of the two lists. */
	claim(keys: readonly string[]): Promise<ClaimOutcome>;
	/** Gives claims back (an action that did not happen), so the next run claims them again. */
	release(keys: readonly string[]): Promise<void>;
}

/** Which claim store a node uses, as its Claim Store parameter names them. */
export type ClaimStoreKind = 'n8n' | 'postgres';

export function claimStoreKindOf(value: unknown): ClaimStoreKind {
	return value === 'postgres' ? 'postgres' : 'n8n';
}
