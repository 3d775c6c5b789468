import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chainEntry, EMPTY_HEAD, signCheckpoint } from '../../../engine/audit/chain';
import { verifyTrail } from '../../../engine/audit/verifier';
import { logicSnapshot } from '../../../engine/audit/logic-version';
import { FileSink, readTrailLines, withTrail } from '../../../nodes/AuditLog/file-sink';
import { mulberry32 } from '../../support/random';

const KEY = 'crash-test-key-0123456789';
let dir: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'audit-sink-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer child until it has reported some entries, then kills it with SIGKILL after a random delay. */
function writeUntilKilled(path: string, delayMs: number): Promise<number[]> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../support/audit-writer.ts'), path, KEY], { stdio: ['ignore', 'pipe', 'pipe'], cwd: join(__dirname, '../../..') });
		const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
		const reported: number[] = [];
		let buffered = '';
		let stderr = '';
		let timer: NodeJS.Timeout | undefined;
		child.stdout.on('data', (chunk: Buffer) => {
			buffered += chunk.toString();
			const lines = buffered.split('\n');
			buffered = lines.pop() ?? '';
			for (const line of lines) if (line.startsWith('written ')) reported.push(Number(line.slice(8)));
			if (!timer && reported.length > 0) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('exit', (_code, signal) => {
			clearTimeout(guard);
			clearTimeout(timer);
			if (signal === 'SIGKILL') resolve(reported);
			else reject(new Error(`writer exited on its own: ${stderr}`));
		});
	});
}

describe('audit trail file sink', () => {
	it('survives a writer killed at random points: verifies up to the last complete entry and loses no reported entry', async () => {
		const path = join(dir, 'trail.jsonl');
		const random = mulberry32(7);
		const allReported: number[] = [];
		for (let round = 0; round < 5; round++) {
			const reported = await writeUntilKilled(path, 20 + Math.floor(random() * 400));
			allReported.push(...reported);
			// the next writer repairs a torn tail and takes over the dead writer's lock
			const head = await withTrail(path, (trail) => trail.head, { lockTimeoutMs: 5000 });
			const { lines } = readTrailLines(path);
			const result = verifyTrail(lines, { keys: { v1: KEY } });
			expect(result).toMatchObject({ intact: true });
			if (!result.intact) return;
			expect(result.head).toEqual(head);
			expect(head.seq).toBeGreaterThanOrEqual(Math.max(...allReported));
		}
		expect(new Set(allReported).size).toBe(allReported.length);
		expect(allReported.length).toBeGreaterThan(5);
	}, 120_000);

	it('cuts a torn last line on open and continues the chain from the last complete entry', async () => {
		const path = join(dir, 'trail.jsonl');
		await withTrail(path, (trail) => trail.append([chainEntry(trail.head, { id: 'A' })]));
		appendFileSync(path, '{"type":"entry","seq":2,"prevHash":"ab');
		expect(readTrailLines(path).tornTail).toBe(true);
		const { truncated, seq } = await withTrail(path, (trail) => {
			const line = chainEntry(trail.head, { id: 'B' });
			trail.append([line]);
			return { truncated: trail.truncatedBytes, seq: line.seq };
		});
		expect(truncated).toBeGreaterThan(0);
		expect(seq).toBe(2);
		expect(verifyTrail(readTrailLines(path).lines)).toMatchObject({ intact: true, entries: 2 });
	});

	it('lets one writer at a time append, so concurrent appends never fork the chain', async () => {
		const path = join(dir, 'trail.jsonl');
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				withTrail(path, async (trail) => {
					const line = chainEntry(trail.head, { id: `W${i}` });
					await new Promise((resolve) => setTimeout(resolve, 2));
					trail.append([line]);
				}),
			),
		);
		expect(verifyTrail(readTrailLines(path).lines)).toMatchObject({ intact: true, entries: 20 });
		expect(existsSync(`${path}.lock`)).toBe(false);
	});

	it('takes over a lock left by a process that no longer exists, and waits for a live one', async () => {
		const path = join(dir, 'trail.jsonl');
		writeFileSync(`${path}.lock`, `999999 ${Date.now()}`);
		await withTrail(path, (trail) => trail.append([chainEntry(EMPTY_HEAD, { id: 'A' })]), { lockTimeoutMs: 1000 });
		writeFileSync(`${path}.lock`, `${process.pid} ${Date.now()}`);
		await expect(withTrail(path, () => undefined, { lockTimeoutMs: 100 })).rejects.toThrow('locked by another writer');
		expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
	});
});

describe('FileSink, the audit sink on a trail file', () => {
	async function linesOf(sink: FileSink): Promise<string[]> {
		const out: string[] = [];
		for await (const line of (await sink.read()).lines) out.push(line);
		return out;
	}

	it('shows a writer the head, the entries since the last checkpoint, recorded keys and the last logic', async () => {
		const sink = new FileSink(join(dir, 'trail.jsonl'));
		const logic = logicSnapshot([{ name: 'SLA Clock', parameters: { policy: 'gold 1h' } }]);
		await sink.write(async (trail) => {
			expect(trail.head).toEqual(EMPTY_HEAD);
			expect(await trail.lastLogic()).toBeNull();
			const change = chainEntry(trail.head, { id: 'L', action: 'logic_changed', idempotencyKey: 'logic:1', details: { logic } });
			const entry = chainEntry({ seq: 1, hash: change.hash }, { id: 'A', action: 'rule_run', idempotencyKey: 'k-a' });
			await trail.append([change, signCheckpoint({ seq: 1, hash: change.hash }, 1, KEY, 'v1'), entry]);
		});
		await sink.write(async (trail) => {
			expect(trail.head.seq).toBe(2);
			expect(trail.entriesSinceCheckpoint).toBe(1);
			expect(await trail.lastLogic()).toEqual(logic);
			const found = await trail.findEntries(['k-a', 'k-b']);
			expect([...found.keys()]).toEqual(['k-a']);
			expect(found.get('k-a')?.seq).toBe(2);
		});
		expect(verifyTrail(await linesOf(sink), { keys: { v1: KEY } })).toMatchObject({ intact: true, entries: 2, checkpoints: 1 });
	});

	it('reads the lines as stored, leaving out a torn tail and saying so', async () => {
		const path = join(dir, 'trail.jsonl');
		const sink = new FileSink(path);
		await sink.write(async (trail) => await trail.append([chainEntry(trail.head, { id: 'A' })]));
		appendFileSync(path, '{"type":"entry","seq":2,');
		const reading = await sink.read();
		expect(reading.tornTail).toBe(true);
		expect(await linesOf(sink)).toEqual([readFileSync(path, 'utf8').split('\n')[0]]);
		await expect(new FileSink(join(dir, 'missing.jsonl')).read()).rejects.toMatchObject({ code: 'ENOENT' });
	});

	it('releases the lock when the writer fails, appending nothing', async () => {
		const path = join(dir, 'trail.jsonl');
		const sink = new FileSink(path);
		await expect(sink.write(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
		expect(existsSync(`${path}.lock`)).toBe(false);
		expect(readFileSync(path, 'utf8')).toBe('');
	});
});
