import type { Pool, PoolConfig } from 'pg';

import type { Anchor, AnchorStore } from './anchor-store';
import { closeSharedPool, sharedPool, type TableName, tableNameOf } from './postgres-connection';
import { ensureSchema } from './postgres-sink';

/**
 * Anchors (signed checkpoint heads) in a PostgreSQL table apart from the trail, one row per trail and
 * sequence. An anchor is written once: putting it again, or another anchor at the same sequence, leaves
 * the first as it is (ON CONFLICT DO NOTHING), so a replayed or doubled write cannot replace it.
 */

export const DEFAULT_ANCHOR_TABLE = 'sla_audit_anchor';

/** Anchors per page when listing. */
export const ANCHOR_PAGE = 1000;

export class PostgresAnchorStore implements AnchorStore {
	readonly table: TableName;

	private readonly schema: { relations: string[]; statements: string[] };

	constructor(
		private readonly config: PoolConfig,
		table: string = DEFAULT_ANCHOR_TABLE,
	) {
		this.table = tableNameOf(table, 'Anchor Table');
		this.schema = {
			relations: [this.table.sql],
			statements: [
				`CREATE TABLE IF NOT EXISTS ${this.table.sql} (
					trail text NOT NULL,
					seq bigint NOT NULL,
					head_hash text NOT NULL,
					at bigint NOT NULL,
					key_version text NOT NULL,
					mac text NOT NULL,
					created_at timestamptz NOT NULL DEFAULT now(),
					PRIMARY KEY (trail, seq)
				)`,
			],
		};
	}

	get name(): string {
		return `PostgreSQL table ${this.table.name}`;
	}

	private get pool(): Pool {
		return sharedPool(this.config);
	}

	async put(anchors: ReadonlyArray<Anchor>): Promise<void> {
		if (anchors.length === 0) return;
		const pool = this.pool;
		await ensureSchema(pool, this.table, this.schema);
		const column = <K extends keyof Anchor>(key: K) => anchors.map((anchor) => anchor[key]);
		await pool.query(
			`INSERT INTO ${this.table.sql} (trail, seq, head_hash, at, key_version, mac)
			 SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[])
			 ON CONFLICT (trail, seq) DO NOTHING`,
			[column('trail'), column('seq'), column('headHash'), column('at'), column('keyVersion'), column('mac')],
		);
	}

	/** The trail's anchors by sequence, a page at a time; none when the table was never made. */
	async *list(trail: string): AsyncIterable<Anchor> {
		const pool = this.pool;
		const exists = await pool.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [this.table.sql]);
		if (!exists.rows[0].found) return;
		let after = '-9223372036854775808';
		for (;;) {
			const { rows } = await pool.query<{ seq: string; head_hash: string; at: string; key_version: string; mac: string }>(
				`SELECT seq, head_hash, at, key_version, mac FROM ${this.table.sql} WHERE trail = $1 AND seq > $2::bigint ORDER BY seq LIMIT ${ANCHOR_PAGE}`,
				[trail, after],
			);
			for (const row of rows) yield { trail, seq: Number(row.seq), headHash: row.head_hash, at: Number(row.at), keyVersion: row.key_version, mac: row.mac };
			if (rows.length < ANCHOR_PAGE) return;
			after = rows[rows.length - 1].seq;
		}
	}

	/** Ends the process's pool for this connection config (shared with the sinks on it). */
	async close(): Promise<void> {
		await closeSharedPool(this.config);
	}
}

export function postgresAnchorStore(config: PoolConfig, table?: string): PostgresAnchorStore {
	return new PostgresAnchorStore(config, table);
}
