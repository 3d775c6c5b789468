import type { ChainHead, CheckpointLine, EntryLine, LogicSnapshot, TrailLine } from '../../engine/audit';

/**
 * Where an audit trail is kept. Record, Verify and Report reach the trail only through this, so
 * another store (a database table that inserts only if the previous hash still matches) replaces the
 * file sink without touching what is recorded or checked. Lines are engine/audit's TrailLine, stored
 * as the JSON text that was hashed.
 */
export interface AuditSink {
	/** The trail in messages and outputs: the file path, a table name. */
	readonly name: string;
	/** What a builder should check when the trail cannot be written. */
	readonly hint: string;
	/**
	 * Runs `use` as the trail's one writer and returns its result: no other writer appends between
	 * what `use` sees (head, keys, logic) and what it appends. A sink that detects a concurrent append
	 * instead of excluding it may run `use` again on the new head, so `use` does nothing else.
	 */
	write<T>(use: (trail: TrailWriter) => Promise<T>): Promise<T>;
	/** The trail as stored, oldest line first, for Verify and Report. */
	read(): Promise<TrailReading>;
}

/** The trail as one writer sees it inside AuditSink.write. */
export interface TrailWriter {
	/** The newest entry, to chain the next one to (EMPTY_HEAD for a new trail). */
	readonly head: ChainHead;
	/** Entries after the newest checkpoint, to know when the next one is due. */
	readonly entriesSinceCheckpoint: number;
	/** The newest checkpoint, anchored again by Record in case the last writer could not anchor it. */
	readonly lastCheckpoint?: CheckpointLine | null;
	/** Entries already in the trail for these idempotency keys; keys not recorded are absent. */
	findEntries(idempotencyKeys: ReadonlyArray<string>): Promise<Map<string, EntryLine>>;
	/** The snapshot of the newest logic_changed entry, null if the trail has none. */
	lastLogic(): Promise<LogicSnapshot | null>;
	/**
	 * Appends the lines in order, durably, in one write. If the writer dies midway, at most a prefix of
	 * them is kept (never a torn line or a gap), which a retry then finds by idempotency key.
	 */
	append(lines: ReadonlyArray<TrailLine>): Promise<void>;
}

export interface TrailReading {
	/** The complete lines, oldest first, as stored. */
	lines: AsyncIterable<string>;
	/** Whether a torn last line (a writer died mid-write) was left out; the next writer cuts it off. */
	tornTail: boolean;
}
