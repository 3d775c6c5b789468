import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chainEntry, type ChainHead, signCheckpoint, type TrailLine } from '../../../engine/audit/chain';
import { verifyTrail } from '../../../engine/audit/verifier';
import { FileSink, forgetTrail, readTrailLines, withTrail } from '../../../nodes/AuditLog/file-sink';

const KEY = 'guard-test-key-0123456789';
let dir: string;
let path: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'audit-guard-'));
	path = join(dir, 'trail.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeEntries(count: number, keyOf = (i: number) => `key-${i}`): Promise<void> {
	await withTrail(path, (trail) => {
		let head: ChainHead = trail.head;
		const lines: TrailLine[] = [];
		for (let i = 0; i < count; i++) {
			const line = chainEntry(head, { id: `E${head.seq + 1}`, idempotencyKey: keyOf(head.seq + 1) });
			head = { seq: line.seq, hash: line.hash };
			lines.push(line);
		}
		lines.push(signCheckpoint(head, 1, KEY, 'v1'));
		trail.append(lines);
	});
}

describe('the trail file refuses what is not its trail', () => {
	it('leaves a file that is not a trail exactly as it is, even one without a final newline', async () => {
		for (const content of ['{"not":"a trail"}\nsecond line without newline', 'a config file without any newline', 'key=value\n']) {
			writeFileSync(path, content);
			await expect(withTrail(path, () => undefined)).rejects.toThrow('is not an audit trail');
			expect(readFileSync(path, 'utf8')).toBe(content);
		}
	});

	it('refuses to write to a trail that was cut shorter than its head says', async () => {
		await writeEntries(10);
		truncateSync(path, statSync(path).size - 200);
		const before = readFileSync(path, 'utf8');
		await expect(writeEntries(1)).rejects.toThrow('was cut');
		expect(readFileSync(path, 'utf8')).toBe(before);
	});

	it('refuses to write to a trail whose last line was changed since it was written', async () => {
		await writeEntries(3);
		const text = readFileSync(path, 'utf8').replace(/"seq":3,"headHash":"(.)/, (_all, first: string) => `"seq":3,"headHash":"${first === 'a' ? 'b' : 'a'}`);
		writeFileSync(path, text);
		await expect(writeEntries(1)).rejects.toThrow('changed since it was last written');
	});
});

describe('appending without reading the trail', () => {
	it('finds a duplicate by key through the index after a reopen, and not a key never written', async () => {
		await writeEntries(500);
		const found = await new FileSink(path).write(async (trail) => await trail.findEntries(['key-1', 'key-250', 'key-500', 'key-501']));
		expect([...found.keys()].sort()).toEqual(['key-1', 'key-250', 'key-500']);
		expect(found.get('key-250')?.seq).toBe(250);
	});

	it('rebuilds head and index from the trail when the head file is lost', async () => {
		await writeEntries(20);
		// as another process finds it: nothing of this one's memory
		forgetTrail(path);
		rmSync(`${path}.head`, { force: true });
		rmSync(`${path}.keys`, { recursive: true, force: true });
		const { head, found } = await new FileSink(path).write(async (trail) => ({ head: trail.head, found: await trail.findEntries(['key-7']) }));
		expect(head.seq).toBe(20);
		expect(found.get('key-7')?.seq).toBe(7);
	});

	it('another process finds the lines whose head and index this one has not written yet, and persists them every 64 lines', async () => {
		await writeEntries(40);
		const headBefore = JSON.parse(readFileSync(`${path}.head`, 'utf8'));
		expect(headBefore.seq).toBeLessThan(40);
		forgetTrail(path);
		const { head, found } = await new FileSink(path).write(async (trail) => ({ head: trail.head, found: await trail.findEntries(['key-39', 'key-2']) }));
		expect(head.seq).toBe(40);
		expect(found.get('key-39')?.seq).toBe(39);
		expect(found.get('key-2')?.seq).toBe(2);
		await writeEntries(100);
		expect(JSON.parse(readFileSync(`${path}.head`, 'utf8')).seq).toBeGreaterThan(40 + 100 - 64);
	});

	it('indexes lines a writer appended before it died, before the head file caught up', async () => {
		await writeEntries(5);
		const headFile = readFileSync(`${path}.head`, 'utf8');
		await writeEntries(5);
		writeFileSync(`${path}.head`, headFile); // the head as it was before the second write
		const found = await new FileSink(path).write(async (trail) => await trail.findEntries(['key-8']));
		expect(found.get('key-8')?.seq).toBe(8);
		await writeEntries(1);
		expect(verifyTrail(readTrailLines(path).lines, { keys: { v1: KEY } })).toMatchObject({ intact: true, entries: 11 });
	});

	it('keeps a torn line of a dead writer out and cuts it on the next write', async () => {
		await writeEntries(2);
		appendFileSync(path, '{"type":"entry","seq":3,"prevH');
		await writeEntries(1);
		expect(verifyTrail(readTrailLines(path).lines, { keys: { v1: KEY } })).toMatchObject({ intact: true, entries: 3 });
	});
});
