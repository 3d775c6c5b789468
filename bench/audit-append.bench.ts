/**
 * Appends per second to the audit trail file as a single-event Record does them (lock, head file,
 * duplicate lookup in the key index, chain, hash, append, checkpoint, fsync, head and index update), on
 * a trail of 1,000 entries and on one of 1,000,000, against plain JSON Lines appended with fsync (open,
 * write, fsync, close per event) in the same run. Prints the rates, the ratio 1M : 1k (flat is 1.0) and
 * the ratio to plain JSON Lines. The 1M-entry trail is written directly, then indexed by one open.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chainEntry, type ChainHead, EMPTY_HEAD, signCheckpoint, type TrailLine } from '../engine/audit/chain';
import { FileSink } from '../nodes/AuditLog/file-sink';

const KEY = 'bench-key-0123456789abcdef';
const APPENDS = Number(process.env.BENCH_APPENDS ?? 400);
const ROUNDS = 3;
const dir = mkdtempSync(join(tmpdir(), 'audit-append-'));

function entry(i: number): Record<string, unknown> {
	return {
		id: `01J${String(i).padStart(23, '0')}`,
		occurredAt: new Date(1_770_000_000_000 + i * 1000).toISOString(),
		actor: { type: 'workflow', id: 'wf-1' },
		action: 'status_changed',
		ticket: { id: `T-${i % 5000}`, source: 'zendesk' },
		rule: { id: 'gold-frt', version: '2' },
		changes: [{ path: 'status', kind: 'changed', old: 'open', new: 'pending' }],
		idempotencyKey: `k-${i}`,
	};
}

/** A trail of `count` entries with a checkpoint every 100, written in large chunks, then opened once (builds head and index). */
async function trailOf(count: number, name: string): Promise<FileSink> {
	const path = join(dir, name);
	const fd = openSync(path, 'w');
	let head: ChainHead = EMPTY_HEAD;
	let chunk: string[] = [];
	for (let i = 1; i <= count; i++) {
		const line = chainEntry(head, entry(i));
		head = { seq: line.seq, hash: line.hash };
		chunk.push(JSON.stringify(line));
		if (i % 100 === 0) chunk.push(JSON.stringify(signCheckpoint(head, i, KEY, 'v1')));
		if (chunk.length >= 10_000) {
			writeSync(fd, `${chunk.join('\n')}\n`);
			chunk = [];
		}
	}
	if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`);
	closeSync(fd);
	const sink = new FileSink(path);
	await sink.write(async () => undefined);
	return sink;
}

async function appendsPerSecond(sink: FileSink, from: number): Promise<number> {
	const start = process.hrtime.bigint();
	for (let i = 0; i < APPENDS; i++) {
		const next = entry(from + i);
		await sink.write(async (trail) => {
			const found = await trail.findEntries([next.idempotencyKey as string]);
			if (found.size) throw new Error('unexpected duplicate');
			const line = chainEntry(trail.head, next);
			const lines: TrailLine[] = [line, signCheckpoint({ seq: line.seq, hash: line.hash }, Date.now(), KEY, 'v1')];
			await trail.append(lines);
		});
	}
	return APPENDS / (Number(process.hrtime.bigint() - start) / 1e9);
}

function plainPerSecond(from: number): number {
	const path = join(dir, 'plain.jsonl');
	const start = process.hrtime.bigint();
	for (let i = 0; i < APPENDS; i++) {
		const fd = openSync(path, 'a');
		writeSync(fd, `${JSON.stringify({ type: 'entry', seq: from + i, entry: entry(from + i) })}\n`);
		fsyncSync(fd);
		closeSync(fd);
	}
	return APPENDS / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const small = await trailOf(1_000, 'small.jsonl');
	const large = await trailOf(Number(process.env.BENCH_LARGE ?? 1_000_000), 'large.jsonl');
	const rates = { small: [] as number[], large: [] as number[], plain: [] as number[] };
	for (let round = 0; round < ROUNDS; round++) {
		const from = 2_000_000 + round * APPENDS;
		rates.plain.push(plainPerSecond(from));
		rates.small.push(await appendsPerSecond(small, from));
		rates.large.push(await appendsPerSecond(large, from));
	}
	const [s, l, p] = [median(rates.small), median(rates.large), median(rates.plain)];
	console.log(`appends of one event each, median of ${ROUNDS} rounds of ${APPENDS}:`);
	console.log(`  plain JSON Lines + fsync:          ${p.toFixed(0)} appends/s`);
	console.log(`  audit trail at 1,000 entries:      ${s.toFixed(0)} appends/s  (${(s / p).toFixed(2)}× plain)`);
	console.log(`  audit trail at 1,000,000 entries:  ${l.toFixed(0)} appends/s  (${(l / p).toFixed(2)}× plain)`);
	console.log(`  1M : 1k = ${(l / s).toFixed(2)} (flat is 1.00)`);
	rmSync(dir, { recursive: true, force: true });
}

void main();
