import { setTimeout as sleep } from 'node:timers/promises';

import type { Pool, PoolClient, PoolConfig } from 'pg';

import { type ChainHead, type CheckpointLine, EMPTY_HEAD, type EntryLine, lastLogicSnapshot, type LogicSnapshot, type TrailLine, verifyTrail } from '../../engine/audit';
import { closeSharedPool, isRetryable, lockKeyOf, sharedPool, type TableName, tableNameOf } from './postgres-connection';
import type { AuditSink, TrailReading, TrailWriter } from './sink';

export { postgresConfigOf } from './postgres-connection';

/**
 * The audit trail as rows of a PostgreSQL table, one row per trail line, so every n8n worker in queue
 * mode appends to one hash chain. A write is one transaction that first takes a transaction-scoped
 * advisory lock on the trail (writers of a trail take turns; it is released at COMMIT, ROLLBACK or
 * when a killed worker's connection drops), then reads the head and appends all lines in one INSERT
 * that also checks the head is still the one the lines chain to. The constraints make a fork
 * impossible even for a writer that skipped the lock: an entry's sequence number, a line number and a
 * record's idempotency key are unique per trail, so a second writer on a stale head fails and runs
 * again on the new one. Lines are stored as the exact JSON text that was hashed.
 */

export const DEFAULT_TRAIL_TABLE = 'sla_audit_trail';

/** Lines per page when reading; a reader holds at most this many lines at a time. */
export const READ_PAGE = 1000;

const MAX_ATTEMPTS = 6;
/** A writer waits this long for the trail's lock before giving up (and trying again). */
const LOCK_TIMEOUT = '30s';
/** A writer that hangs holding the lock (a frozen worker) is cut off after this, releasing the trail. */
const IDLE_IN_WRITE_TIMEOUT = '60s';

/** Record keys (unique per trail) and the keys of logic_changed entries (which may repeat), as index predicates. */
const RECORD_KEY = "idempotency_key IS NOT NULL AND idempotency_key NOT LIKE 'logic:%'";
const LOGIC_KEY = "idempotency_key LIKE 'logic:%'";

function schemaOf(table: TableName): { relations: string[]; statements: string[] } {
	const t = table.sql;
	const index = (suffix: string) => `"${table.base}_${suffix}"`;
	return {
		relations: [t, ...['entry_seq', 'idempotency', 'logic_key', 'checkpoint', 'logic'].map((suffix) => `${table.schemaPrefix}${index(suffix)}`)],
		statements: [
			`CREATE TABLE IF NOT EXISTS ${t} (
				trail text NOT NULL,
				line_no bigint NOT NULL,
				kind text NOT NULL CHECK (kind IN ('entry', 'checkpoint')),
				seq bigint NOT NULL,
				hash text NOT NULL,
				prev_hash text NOT NULL,
				idempotency_key text NULL,
				line text NOT NULL,
				created_at timestamptz NOT NULL DEFAULT now(),
				PRIMARY KEY (trail, line_no)
			)`,
			// one entry per sequence number: no fork
			`CREATE UNIQUE INDEX IF NOT EXISTS ${index('entry_seq')} ON ${t} (trail, seq) WHERE kind = 'entry'`,
			// one entry per record key: a retried or doubly delivered record cannot be appended twice.
			// Keys of logic_changed entries (`logic:<new>:<old>`) name a move between two versions, which a
			// workflow may make again after moving back, so they are left out.
			`CREATE UNIQUE INDEX IF NOT EXISTS ${index('idempotency')} ON ${t} (trail, idempotency_key) WHERE ${RECORD_KEY}`,
			`CREATE INDEX IF NOT EXISTS ${index('logic_key')} ON ${t} (trail, idempotency_key) WHERE ${LOGIC_KEY}`,
			// the newest checkpoint and the newest logic_changed entry, found without a scan
			`CREATE INDEX IF NOT EXISTS ${index('checkpoint')} ON ${t} (trail, line_no) WHERE kind = 'checkpoint'`,
			`CREATE INDEX IF NOT EXISTS ${index('logic')} ON ${t} (trail, line_no) WHERE kind = 'entry' AND (line::jsonb #>> '{entry,action}') = 'logic_changed'`,
		],
	};
}

/** Schema creation, once per pool and table (a failed attempt is tried again on the next write). */
const schemaReady = new WeakMap<Pool, Map<string, Promise<void>>>();

/**
 * Runs CREATE ... IF NOT EXISTS for relations that are missing, under an advisory lock so two workers
 * starting at once do not race in the catalog; a race with a process that skipped the lock
 * (unique_violation 23505 / duplicate_table 42P07 on the catalog) is settled by looking again.
 */
export async function ensureSchema(pool: Pool, table: TableName, schema: { relations: string[]; statements: string[] }): Promise<void> {
	let perPool = schemaReady.get(pool);
	if (!perPool) schemaReady.set(pool, (perPool = new Map()));
	let ready = perPool.get(table.sql);
	if (!ready) {
		ready = createSchema(pool, table, schema).catch((error) => {
			perPool.delete(table.sql);
			throw error;
		});
		perPool.set(table.sql, ready);
	}
	await ready;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function createSchema(pool: Pool, table: TableName, schema: { relations: string[]; statements: string[] }): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const missing = await pool.query<{ missing: boolean }>('SELECT bool_or(to_regclass(name) IS NULL) AS missing FROM unnest($1::text[]) AS name', [schema.relations]);
		// A user who may write but not create tables works with tables an administrator made.
		if (!missing.rows[0].missing) return;
		const outcome = await inTransaction(pool, async (client) => {
			await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKeyOf('sla-audit-schema', table.sql)]);
			for (const statement of schema.statements) await client.query(statement);
		});
		if (outcome.ok) return;
		const code = (outcome.error as { code?: string }).code;
		if (attempt < 3 && (code === '23505' || code === '42P07')) continue;
		throw outcome.error;
	}
}

/**
 * Runs `use` in a transaction on a client of its own: COMMIT after it, ROLLBACK on a failure, which
 * is returned rather than thrown so the caller decides whether to run it again. A client whose
 * ROLLBACK failed (the connection broke) is dropped from the pool.
 */
async function inTransaction<T>(pool: Pool, use: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<Outcome<T>> {
	const client = await pool.connect();
	let broken = false;
	try {
		await client.query(begin);
		const value = await use(client);
		await client.query('COMMIT');
		return { ok: true, value };
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {
			broken = true;
		});
		return { ok: false, error };
	} finally {
		client.release(broken);
	}
}

/** Lines that do not chain to the head they are appended to: a bug of the caller, never retried. */
export class ChainMismatchError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ChainMismatchError';
	}
}

/** The trail's head moved between reading it and appending (only a writer that skipped the lock sees this). */
class HeadMovedError extends Error {
	readonly code = 'head_moved';
}

interface LineRow {
	kind: 'entry' | 'checkpoint';
	seq: number;
	hash: string;
	prevHash: string;
	idempotencyKey: string | null;
	text: string;
}

function rowOf(line: TrailLine): LineRow {
	const text = JSON.stringify(line);
	if (line.type === 'checkpoint') return { kind: 'checkpoint', seq: line.seq, hash: line.headHash, prevHash: line.headHash, idempotencyKey: null, text };
	const key = (line.entry as { idempotencyKey?: unknown }).idempotencyKey;
	return { kind: 'entry', seq: line.seq, hash: line.hash, prevHash: line.prevHash, idempotencyKey: typeof key === 'string' ? key : null, text };
}

class PostgresTrailWriter implements TrailWriter {
	constructor(
		private readonly client: PoolClient,
		private readonly table: TableName,
		private readonly trail: string,
		public head: ChainHead,
		public entriesSinceCheckpoint: number,
		public lastCheckpoint: CheckpointLine | null,
	) {}

	async findEntries(idempotencyKeys: ReadonlyArray<string>): Promise<Map<string, EntryLine>> {
		const found = new Map<string, EntryLine>();
		const keys = [...new Set(idempotencyKeys)];
		// The query repeats its index's predicate, so the planner takes the index rather than a scan.
		for (const [predicate, some] of [
			[RECORD_KEY, keys.filter((key) => !key.startsWith('logic:'))],
			[LOGIC_KEY, keys.filter((key) => key.startsWith('logic:'))],
		] as const) {
			if (some.length === 0) continue;
			const { rows } = await this.client.query<{ idempotency_key: string; line: string }>(
				`SELECT idempotency_key, line FROM ${this.table.sql} WHERE trail = $1 AND kind = 'entry' AND idempotency_key = ANY($2::text[]) AND ${predicate} ORDER BY line_no`,
				[this.trail, some],
			);
			// newest last, so a logic key recorded twice gives its newest entry (as the file sink does)
			for (const row of rows) found.set(row.idempotency_key, JSON.parse(row.line) as EntryLine);
		}
		return found;
	}

	async lastLogic(): Promise<LogicSnapshot | null> {
		let before: string | null = null;
		for (;;) {
			const { rows }: { rows: Array<{ line_no: string; line: string }> } = await this.client.query(
				`SELECT line_no, line FROM ${this.table.sql}
				 WHERE trail = $1 AND kind = 'entry' AND (line::jsonb #>> '{entry,action}') = 'logic_changed' AND ($2::bigint IS NULL OR line_no < $2::bigint)
				 ORDER BY line_no DESC LIMIT 20`,
				[this.trail, before],
			);
			for (const row of rows) {
				const logic = lastLogicSnapshot([JSON.parse(row.line) as TrailLine]);
				if (logic) return logic;
			}
			if (rows.length < 20) return null;
			before = rows[rows.length - 1].line_no;
		}
	}

	async append(lines: ReadonlyArray<TrailLine>): Promise<void> {
		if (lines.length === 0) return;
		// The lines must chain to the head (sequence, previous hash, entry hash, checkpoint head).
		const check = verifyTrail(lines, { resumeFrom: { line: 0, head: this.head } });
		if (!check.intact) throw new ChainMismatchError(`refusing to append lines that do not continue the trail at entry ${this.head.seq}: ${check.message}`);
		const rows = lines.map(rowOf);
		const column = <K extends keyof LineRow>(key: K) => rows.map((row) => row[key]);
		// One statement: the rows are numbered after the trail's last line, and inserted only if the
		// trail's newest entry is still the head they chain to.
		const result = await this.client.query(
			`INSERT INTO ${this.table.sql} (trail, line_no, kind, seq, hash, prev_hash, idempotency_key, line)
			 SELECT $1, last.line_no + v.ord, v.kind, v.seq, v.hash, v.prev_hash, v.idempotency_key, v.line
			 FROM (SELECT coalesce(max(line_no), 0) AS line_no FROM ${this.table.sql} WHERE trail = $1) AS last,
			      unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS v(kind, seq, hash, prev_hash, idempotency_key, line, ord)
			 WHERE (SELECT coalesce(max(seq), 0) FROM ${this.table.sql} WHERE trail = $1 AND kind = 'entry') = $8::bigint
			   AND coalesce((SELECT hash FROM ${this.table.sql} WHERE trail = $1 AND kind = 'entry' AND seq = $8::bigint), $10) = $9`,
			[this.trail, column('kind'), column('seq'), column('hash'), column('prevHash'), column('idempotencyKey'), column('text'), this.head.seq, this.head.hash, EMPTY_HEAD.hash],
		);
		if (result.rowCount !== rows.length) throw new HeadMovedError(`the trail's head is no longer entry ${this.head.seq}`);
		for (const line of lines) {
			if (line.type === 'entry') {
				this.head = { seq: line.seq, hash: line.hash };
				this.entriesSinceCheckpoint++;
			} else {
				this.entriesSinceCheckpoint = 0;
				this.lastCheckpoint = line;
			}
		}
	}
}

/** The audit sink on one trail of a PostgreSQL table; see the top of this file for the locking. */
export class PostgresSink implements AuditSink {
	readonly table: TableName;

	private readonly schema: { relations: string[]; statements: string[] };

	private readonly lockKey: string;

	constructor(
		private readonly config: PoolConfig,
		readonly trail: string,
		table: string = DEFAULT_TRAIL_TABLE,
	) {
		if (!trail) throw new Error('Trail: a trail name is required');
		this.table = tableNameOf(table);
		this.schema = schemaOf(this.table);
		this.lockKey = lockKeyOf('sla-audit-trail', this.table.sql, trail);
	}

	/** The trail's name (never the connection, which may carry a password). */
	get name(): string {
		return this.trail;
	}

	get hint(): string {
		return `Check the SLA Audit PostgreSQL credential (host, port, database, user, password, SSL), that n8n can reach the database, and that the user may create or write the table ${this.table.name}.`;
	}

	private get pool(): Pool {
		return sharedPool(this.config);
	}

	async write<T>(use: (trail: TrailWriter) => Promise<T>): Promise<T> {
		const pool = this.pool;
		await ensureSchema(pool, this.table, this.schema);
		// READ COMMITTED (the default): each statement after the lock sees every write committed before it.
		const begin = `BEGIN; SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'; SET LOCAL idle_in_transaction_session_timeout = '${IDLE_IN_WRITE_TIMEOUT}'; SELECT pg_advisory_xact_lock(${this.lockKey}::bigint)`;
		for (let attempt = 1; ; attempt++) {
			const outcome = await inTransaction(pool, async (client) => await use(await this.openWriter(client)), begin);
			if (outcome.ok) return outcome.value;
			if (attempt >= MAX_ATTEMPTS || !(outcome.error instanceof HeadMovedError || isRetryable(outcome.error))) throw outcome.error;
			await sleep(10 * 2 ** attempt * (0.5 + Math.random()));
		}
	}

	private async openWriter(client: PoolClient): Promise<PostgresTrailWriter> {
		const t = this.table.sql;
		const { rows } = await client.query<{ seq: string | null; hash: string | null; checkpoint: string | null }>(
			`SELECT head.seq, head.hash,
			        (SELECT line FROM ${t} WHERE trail = $1 AND kind = 'checkpoint' ORDER BY line_no DESC LIMIT 1) AS checkpoint
			 FROM (SELECT 1) AS one
			 LEFT JOIN LATERAL (SELECT seq, hash FROM ${t} WHERE trail = $1 AND kind = 'entry' ORDER BY seq DESC LIMIT 1) AS head ON true`,
			[this.trail],
		);
		const row = rows[0];
		const head: ChainHead = row.seq === null ? EMPTY_HEAD : { seq: Number(row.seq), hash: String(row.hash) };
		const checkpoint = row.checkpoint === null ? null : (JSON.parse(row.checkpoint) as CheckpointLine);
		// A checkpoint signs the head at its sequence, so the entries after it are the head's lead on it.
		const sinceCheckpoint = Math.max(0, head.seq - (checkpoint?.seq ?? 0));
		return new PostgresTrailWriter(client, this.table, this.trail, head, sinceCheckpoint, checkpoint);
	}

	async read(): Promise<TrailReading> {
		return { lines: this.pages(), tornTail: false };
	}

	/** The trail's lines oldest first, a page at a time by line number (keyset pagination). */
	private async *pages(): AsyncIterable<string> {
		const pool = this.pool;
		const exists = await pool.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [this.table.sql]);
		if (!exists.rows[0].found) throw new Error(`table ${this.table.name} does not exist (nothing was recorded in this database yet)`);
		let after = '0';
		for (;;) {
			const { rows } = await pool.query<{ line_no: string; line: string }>(
				`SELECT line_no, line FROM ${this.table.sql} WHERE trail = $1 AND line_no > $2::bigint ORDER BY line_no LIMIT ${READ_PAGE}`,
				[this.trail, after],
			);
			for (const row of rows) yield row.line;
			if (rows.length < READ_PAGE) return;
			after = rows[rows.length - 1].line_no;
		}
	}

	/** Ends the process's pool for this sink's connection config, shared by every sink and anchor store on it. */
	async close(): Promise<void> {
		await closeSharedPool(this.config);
	}
}

export function postgresSink(config: PoolConfig, trail: string, table?: string): PostgresSink {
	return new PostgresSink(config, trail, table);
}
