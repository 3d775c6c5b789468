import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { Client, Pool, type PoolConfig } from 'pg';

/**
 * Connections of the PostgreSQL audit sink and anchor store: the SLA Audit PostgreSQL credential as a
 * pg PoolConfig, one pool per connection config per process (an n8n worker reuses its connections
 * across executions instead of opening a pool per run), SQL identifiers checked before they reach a
 * statement, and the 64-bit advisory-lock keys that make one writer per trail.
 */

export const POSTGRES_CREDENTIAL_NAME = 'slaAuditPostgresApi';

const APPLICATION_NAME = 'n8n-nodes-sla-orchestrator';

function text(credentials: ICredentialDataDecryptedObject, field: string, label: string, required: boolean): string {
	const value = credentials[field];
	const result = value === undefined || value === null ? '' : String(value).trim();
	if (required && !result) throw new Error(`${label}: is required in the SLA Audit PostgreSQL credential`);
	return result;
}

/** The credential as a pool config: a small pool (writes to one trail take turns anyway), TLS when asked. */
export function postgresConfigOf(credentials: ICredentialDataDecryptedObject): PoolConfig {
	const host = text(credentials, 'host', 'Host', true);
	const port = Number(credentials.port ?? 5432);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Port: ${String(credentials.port)} is not a TCP port (1–65535)`);
	const ssl = credentials.ssl === true;
	return {
		host,
		port,
		database: text(credentials, 'database', 'Database', true),
		user: text(credentials, 'user', 'User', true),
		password: credentials.password === undefined || credentials.password === null ? '' : String(credentials.password),
		ssl: ssl ? { rejectUnauthorized: credentials.rejectUnauthorized !== false } : false,
		application_name: APPLICATION_NAME,
		max: 5,
		connectionTimeoutMillis: 10_000,
		idleTimeoutMillis: 30_000,
	};
}

/** Keys in a stable order, so equal configs give one cache key. */
function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
		const object = value as Record<string, unknown>;
		const keys = Object.keys(object).filter((key) => object[key] !== undefined && typeof object[key] !== 'function').sort();
		return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(object[key])}`).join(',')}}`;
	}
	if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'));
	return JSON.stringify(value) ?? 'null';
}

/** Cache key of a config: a hash, so the map never holds a password in a readable key. */
function poolKey(config: PoolConfig): string {
	return createHash('sha256').update(stableJson(config)).digest('hex');
}

const pools = new Map<string, Pool>();

/** The process's pool for this config, made on first use. */
export function sharedPool(config: PoolConfig): Pool {
	const key = poolKey(config);
	let pool = pools.get(key);
	if (!pool) {
		pool = new Pool({ allowExitOnIdle: true, ...config });
		// An idle connection dropped by the server (restart, failover) must not crash the n8n process;
		// pg removes it from the pool and the next query connects again.
		pool.on('error', () => undefined);
		pools.set(key, pool);
	}
	return pool;
}

/** Ends the pool of this config (its next use makes a new one). Every sink on the same config shares it. */
export async function closeSharedPool(config: PoolConfig): Promise<void> {
	const key = poolKey(config);
	const pool = pools.get(key);
	if (!pool) return;
	pools.delete(key);
	await pool.end();
}

/** Ends every pool of this process (tests, shutdown). */
export async function closeAllSharedPools(): Promise<void> {
	const all = [...pools.values()];
	pools.clear();
	await Promise.all(all.map(async (pool) => await pool.end()));
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Longest table name: the index names add up to 11 characters, and PostgreSQL cuts names at 63. */
export const MAX_TABLE_NAME = 48;

export interface TableName {
	/** As given, for messages: `sla_audit_trail` or `audit.sla_audit_trail`. */
	name: string;
	/** Quoted for statements: `"audit"."sla_audit_trail"`. */
	sql: string;
	/** Quoted table name without its schema, the base of index names; quote(base + suffix) names an index. */
	base: string;
	/** Quoted schema prefix (`"audit".`) or empty, for to_regclass lookups of the indexes. */
	schemaPrefix: string;
}

/** A table name checked as SQL identifiers: lower-case letters, digits and _, optionally `schema.table`. */
export function tableNameOf(name: string, what = 'Table'): TableName {
	const parts = name.split('.');
	const valid = parts.length <= 2 && parts.every((part) => IDENTIFIER.test(part) && part.length <= MAX_TABLE_NAME);
	if (!valid) {
		throw new Error(`${what}: "${name}" is not a table name PostgreSQL takes unquoted (lower-case letters, digits and _, at most ${MAX_TABLE_NAME}, optionally schema.table)`);
	}
	const quote = (part: string) => `"${part}"`;
	const table = parts[parts.length - 1];
	return { name, sql: parts.map(quote).join('.'), base: table, schemaPrefix: parts.length === 2 ? `${quote(parts[0])}.` : '' };
}

/** A signed 64-bit advisory-lock key (decimal text for a bigint parameter) from the given parts. */
export function lockKeyOf(...parts: string[]): string {
	const digest = createHash('sha256').update(parts.join('\u0000')).digest();
	return digest.readBigInt64BE(0).toString();
}

/** SQLSTATE codes after which a write is run again on the new head. */
const RETRYABLE = new Set([
	'40001', // serialization_failure
	'40P01', // deadlock_detected
	'23505', // unique_violation: another writer took this seq, line or idempotency key
	'55P03', // lock_not_available: lock_timeout while another writer held the trail
]);

export function isRetryable(error: unknown): boolean {
	return RETRYABLE.has((error as { code?: string } | null)?.code ?? '');
}

/** Connects once with the credential and runs SELECT 1 (the credential test of a node that uses it). */
export async function slaAuditPostgresTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	let client: Client | undefined;
	try {
		const config = postgresConfigOf(credential.data ?? {});
		client = new Client({ ...config, connectionTimeoutMillis: 5_000 });
		await client.connect();
		await client.query('SELECT 1');
		return { status: 'OK', message: 'Connected to PostgreSQL' };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	} finally {
		await client?.end().catch(() => undefined);
	}
}
