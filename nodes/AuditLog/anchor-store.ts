import type { CheckpointLine } from '../../engine/audit';

/**
 * A second place for a trail's signed checkpoints, outside the trail itself (as CloudTrail keeps
 * digest files apart from the logs). Verify compares the trail with what was anchored: a trail shorter
 * than its newest anchor, or whose head at an anchored sequence differs, was truncated or rewritten,
 * even when whoever did it recomputed every hash and dropped the checkpoints in the trail.
 */
export interface Anchor extends Omit<CheckpointLine, 'type'> {
	/** The trail's name as the sink gives it (a configured path or a table's trail name). */
	trail: string;
}

export interface AnchorStore {
	/** Where anchors are kept, for messages: a Data Table, a database table. */
	readonly name: string;
	/**
	 * Keeps the anchors; an anchor at a sequence already kept for the trail is left as it is (the first
	 * one kept is the one listed). `signedNow`: checkpoints the trail's writer has just signed, past every
	 * sequence anchored before, which a store may keep without looking for them first.
	 */
	put(anchors: ReadonlyArray<Anchor>, options?: { signedNow?: boolean }): Promise<void>;
	/** The trail's anchors, oldest (lowest seq) first, read page by page. */
	list(trail: string): AsyncIterable<Anchor>;
}
