import { chainEntry, type ChainHead, type EntryLine, signCheckpoint, type TrailLine } from './chain';
import type { AuditEntry } from './entry';
import { type LogicAuthor, logicChangeEntry, type LogicSnapshot } from './logic-version';

/**
 * One Record execution's entries as the lines to append to a trail: a logic_changed entry first when
 * the logic version moved since the trail's last one; then every entry whose idempotency key is not
 * in the trail (nor earlier in the batch), each chained to the one before; a checkpoint signed with
 * the audit key after every `every` entries and at the end of a batch that wrote any.
 */

export interface BatchInput {
	/** The trail's head to chain to, and its entries since the last checkpoint. */
	head: ChainHead;
	entriesSinceCheckpoint: number;
	/** The entries to record, in item order. */
	entries: ReadonlyArray<AuditEntry>;
	/** Entries of these idempotency keys already in the trail. */
	existing: ReadonlyMap<string, EntryLine>;
	/** `current` null: no rule logic ran (an erasure), so the logic version is left as it is. */
	logic: { previous: LogicSnapshot | null; current: LogicSnapshot | null; changeId: string; workflowId: string; author?: LogicAuthor | null };
	checkpoint: { every: number; at: number; key: string; keyVersion: string };
}

export interface BatchResult {
	line: EntryLine;
	/** The entry was in the trail (or earlier in the batch) already; `line` is that earlier one. */
	duplicate: boolean;
}

export interface Batch {
	/** Lines to append, in order; empty when every entry is a duplicate. */
	lines: TrailLine[];
	/** One per entry, in the same order. */
	results: BatchResult[];
}

export function chainBatch(input: BatchInput): Batch {
	const { every, at, key, keyVersion } = input.checkpoint;
	let head = input.head;
	let sinceCheckpoint = input.entriesSinceCheckpoint;
	const lines: TrailLine[] = [];
	const push = (entry: AuditEntry): EntryLine => {
		const line = chainEntry(head, entry as unknown as Record<string, unknown>);
		head = { seq: line.seq, hash: line.hash };
		lines.push(line);
		if (++sinceCheckpoint >= every) {
			lines.push(signCheckpoint(head, at, key, keyVersion));
			sinceCheckpoint = 0;
		}
		return line;
	};
	const { previous, current, changeId, workflowId, author } = input.logic;
	if (current && input.entries.length > 0 && previous?.version !== current.version) {
		push(logicChangeEntry(input.entries[0], previous, current, { id: changeId, workflowId, author }));
	}
	const written = new Map<string, EntryLine>();
	const results = input.entries.map((entry): BatchResult => {
		const earlier = input.existing.get(entry.idempotencyKey) ?? written.get(entry.idempotencyKey);
		if (earlier) return { line: earlier, duplicate: true };
		const line = push(entry);
		written.set(entry.idempotencyKey, line);
		return { line, duplicate: false };
	});
	if (sinceCheckpoint > 0 && lines.length > 0) lines.push(signCheckpoint(head, at, key, keyVersion));
	return { lines, results };
}
