/**
 * Entries per second for Record with the file sink (build + redact + canonical JSON + hash chain +
 * locked append + fsync, with a signed checkpoint per batch) against writing the same JSON lines with
 * no hashing (plain append + fsync per batch), measured in the same run. Prints the ratio.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildEntry } from '../engine/audit/entry';
import { chainEntry, signCheckpoint, type TrailLine } from '../engine/audit/chain';
import { timeOrderedId } from '../engine/core/ids';
import { withTrail } from '../nodes/AuditLog/file-sink';

const ENTRIES = 5000;
const BATCH = 50;
const key = { key: 'bench-key-0123456789abcdef', version: 'v1' };
const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));

function entry(i: number) {
	return buildEntry(
		{
			id: timeOrderedId(1_770_000_000_000 + i, randomBytes(10)),
			occurredAt: 1_770_000_000_000 + i,
			recordedAt: 1_770_000_000_000 + i,
			actor: { type: 'workflow', id: 'wf-1' },
			action: 'status_changed',
			ticket: { id: `T-${i % 300}`, source: 'zendesk' },
			rule: { id: 'gold-frt', version: '2' },
			logicVersion: 'lv-0123456789abcdef',
			before: { status: 'open', customer: { email: `c${i}@example.com`, tier: 'gold' } },
			after: { status: 'pending', customer: { email: `c${i}@example.com`, tier: 'gold' } },
			context: { workflowId: 'wf-1', workflowVersion: null, executionId: String(i), nodeName: 'Audit Log', retryOf: null, mode: 'webhook' },
			traceId: 'a'.repeat(32),
		},
		{ fields: ['customer.email'], findings: [], mode: 'pseudonymise', key },
	);
}

async function recordWithSink(): Promise<number> {
	const path = join(dir, 'trail.jsonl');
	const start = process.hrtime.bigint();
	for (let b = 0; b < ENTRIES; b += BATCH) {
		await withTrail(path, (trail) => {
			let head = trail.head;
			const lines: TrailLine[] = [];
			for (let i = b; i < b + BATCH; i++) {
				const line = chainEntry(head, entry(i) as unknown as Record<string, unknown>);
				head = { seq: line.seq, hash: line.hash };
				lines.push(line);
			}
			lines.push(signCheckpoint(head, b, key.key, key.version));
			trail.append(lines);
		});
	}
	return Number(process.hrtime.bigint() - start) / 1e9;
}

function plainLines(): number {
	const entries = Array.from({ length: ENTRIES }, (_, i) => entry(i));
	const fd = openSync(join(dir, 'plain.jsonl'), 'a');
	const start = process.hrtime.bigint();
	for (let b = 0; b < ENTRIES; b += BATCH) {
		const data = entries.slice(b, b + BATCH).map((e) => `${JSON.stringify(e)}\n`).join('');
		writeSync(fd, data);
		fsyncSync(fd);
	}
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	closeSync(fd);
	return seconds;
}

async function main(): Promise<void> {
	const plain = plainLines();
	const chained = await recordWithSink();
	const plainRate = ENTRIES / plain;
	const chainedRate = ENTRIES / chained;
	console.log(`plain JSON lines (no hashing): ${plainRate.toFixed(0)} entries/s`);
	console.log(`Record with file sink:         ${chainedRate.toFixed(0)} entries/s`);
	console.log(`ratio Record / plain:          ${(chainedRate / plainRate).toFixed(3)}  (batches of ${BATCH}, fsync per batch)`);
	rmSync(dir, { recursive: true, force: true });
}

void main();
