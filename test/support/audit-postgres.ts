/**
 * Shared by the PostgreSQL sink's tests and their child writer: this project's own PostgreSQL
 * cluster (scripts/postgres.sh), a database of the test's own made afresh, audit entries, and one
 * Record-like write through an AuditSink.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import type { PoolConfig } from 'pg';

import { type AuditEntry, chainBatch, type LogicSnapshot, logicSnapshot } from '../../engine/audit';
import type { AuditSink } from '../../nodes/AuditLog/sink';

export const ROOT = join(__dirname, '..', '..');
export const AUDIT_KEY = 'postgres-sink-test-key-0123456789';
export const LOGIC = logicSnapshot([{ name: 'SLA Clock', type: 'slaClock', parameters: { policy: 'gold' } }]);

function script(...args: string[]): string {
	return execFileSync('bash', [join(ROOT, 'scripts', 'postgres.sh'), ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts the cluster, drops and creates `database`, and returns its pool config (from `postgres.sh env`). */
export function freshDatabase(database: string): PoolConfig {
	script('start');
	script('dropdb', database);
	script('createdb', database);
	const env = Object.fromEntries(
		script('env', database)
			.trim()
			.split('\n')
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
	return { host: env.SLA_PG_HOST, port: Number(env.SLA_PG_PORT), database: env.SLA_PG_DATABASE, user: env.SLA_PG_USER, password: env.SLA_PG_PASSWORD };
}

export function dropDatabase(database: string): void {
	script('dropdb', database);
}

export function auditEntry(idempotencyKey: string, writer: string | number, action = 'rule_run'): AuditEntry {
	const at = '2026-03-02T09:00:00.000Z';
	return {
		id: `entry-${idempotencyKey}`,
		occurredAt: at,
		recordedAt: at,
		actor: { type: 'system', id: `writer-${writer}` },
		action,
		ticket: { id: `T-${idempotencyKey}`, source: 'test' },
		rule: { id: 'first-response', version: '1' },
		logicVersion: LOGIC.version,
		changes: [],
		context: { workflowId: 'wf', workflowVersion: null, executionId: `exec-${writer}`, nodeName: 'Audit Log', retryOf: null, mode: 'test' },
		traceId: `trace-${idempotencyKey}`,
		idempotencyKey,
		pii: { mode: 'mask', keyVersion: null, redacted: 0 },
	};
}

/** What Record does inside one AuditSink.write: chain the batch after the head, skip known keys, append. */
export async function recordBatch(sink: AuditSink, entries: AuditEntry[], options: { logic?: LogicSnapshot; every?: number; changeId?: string } = {}) {
	return await sink.write(async (trail) => {
		const batch = chainBatch({
			head: trail.head,
			entriesSinceCheckpoint: trail.entriesSinceCheckpoint,
			entries,
			existing: await trail.findEntries(entries.map((entry) => entry.idempotencyKey)),
			logic: { previous: await trail.lastLogic(), current: options.logic ?? LOGIC, changeId: options.changeId ?? `logic-${entries[0]?.idempotencyKey}`, workflowId: 'wf' },
			checkpoint: { every: options.every ?? 5, at: Date.parse('2026-03-02T09:00:00Z'), key: AUDIT_KEY, keyVersion: 'v1' },
		});
		await trail.append(batch.lines);
		return batch;
	});
}
