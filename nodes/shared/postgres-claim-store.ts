/**
 * Claims as rows of a PostgreSQL table whose primary key is (scope, claim_key): a claim is one
 * INSERT ... ON CONFLICT DO NOTHING RETURNING, so of two workers claiming one key at the same moment
 * PostgreSQL lets exactly one insert it (the other waits for that transaction and then finds the row).
 * This is what makes "fire once" hold across the workers of n8n's queue mode, where n8n's own
 * deduplication store reads and rewrites one row per node and two workers can both see a key as new.
 * Each scope keeps its newest `historySize` claims; older ones are forgotten, as n8n's store does.
 */
import type { Pool, QueryResult } from 'pg';

import { ensureSchema } from '../AuditLog/postgres-sink';
import { isRetryable, type TableName, tableNameOf } from '../AuditLog/postgres-connection';
import type { ClaimOutcome, ClaimStore } from './claim-store';

export const DEFAULT_CLAIMS_TABLE = 'sla_claims';

function schemaOf(table: TableName): { relations: string[]; statements: string[] } {
	const age = `"${table.base}_age"`;
	return {
		relations: [table.sql, `${table.schemaPrefix}${age}`],
		statements: [
			`CREATE TABLE IF NOT EXISTS ${table.sql} (
				scope text NOT NULL,
				claim_key text NOT NULL,
				claimed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
				PRIMARY KEY (scope, claim_key)
			)`,
			`CREATE INDEX IF NOT EXISTS ${age} ON ${table.sql} (scope, claimed_at)`,
		],
	};
}

/**
 * The claim store of one scope (e.g. `node:<workflow id>:<node id>`) in `tableName` (default
 * sla_claims, made on first use); `historySize` claims are kept per scope, all when undefined.
 */
export function postgresClaimStore(pool: Pool, tableName: string, scope: string, historySize?: number): ClaimStore {
	const table = tableNameOf(tableName, 'Claims Table');
	const schema = schemaOf(table);
	const ready = async () => await ensureSchema(pool, table, schema);
	return {
		name: `PostgreSQL table ${table.name}`,
		async claim(keys: readonly string[]): Promise<ClaimOutcome> {
			// Sorted: two runs claiming overlapping keys take their row locks in one order, so they never deadlock.
			const unique = [...new Set(keys)].sort();
			if (unique.length === 0) return { new: [], processed: [] };
			await ready();
			const inserted = await insertClaims(pool, table, scope, unique);
			const claimed = new Set(inserted.rows.map((row) => row.claim_key));
			if (claimed.size > 0 && historySize !== undefined) await forgetOldest(pool, table, scope, historySize);
			const order = [...new Set(keys)];
			return { new: order.filter((key) => claimed.has(key)), processed: order.filter((key) => !claimed.has(key)) };
		},
		async release(keys: readonly string[]): Promise<void> {
			if (keys.length === 0) return;
			await ready();
			await pool.query(`DELETE FROM ${table.sql} WHERE scope = $1 AND claim_key = ANY($2::text[])`, [scope, [...new Set(keys)]]);
		},
	};
}

/** One INSERT of all keys, in key order; a deadlock or serialization failure (another client's order) is tried again. */
async function insertClaims(pool: Pool, table: TableName, scope: string, keys: string[]): Promise<QueryResult<{ claim_key: string }>> {
	const insert = async () =>
		await pool.query<{ claim_key: string }>(
			`INSERT INTO ${table.sql} (scope, claim_key) SELECT $1, key FROM unnest($2::text[]) AS key ORDER BY key ON CONFLICT DO NOTHING RETURNING claim_key`,
			[scope, keys],
		);
	for (let attempt = 1; attempt < 3; attempt++) {
		const outcome = await insert().then(
			(result) => ({ result }),
			(error: unknown) => ({ error }),
		);
		if ('result' in outcome) return outcome.result;
		if (!isRetryable(outcome.error)) return await Promise.reject(outcome.error);
	}
	return await insert();
}

/** Deletes the claims of the scope older than its newest `keep` (one index range; nothing when fewer). */
async function forgetOldest(pool: Pool, table: TableName, scope: string, keep: number): Promise<void> {
	await pool.query(
		`DELETE FROM ${table.sql} WHERE scope = $1 AND claimed_at < (SELECT claimed_at FROM ${table.sql} WHERE scope = $1 ORDER BY claimed_at DESC OFFSET $2 LIMIT 1)`,
		[scope, Math.max(1, Math.floor(keep)) - 1],
	);
}
