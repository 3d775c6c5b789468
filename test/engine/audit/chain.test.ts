import { chainEntry, EMPTY_HEAD, entryHash, GENESIS_HASH, signCheckpoint, type ChainHead, type EntryLine, type TrailLine } from '../../../engine/audit/chain';
import { verifyTrail } from '../../../engine/audit/verifier';

const KEY = 'checkpoint-key-0123456789';
const keys = { v1: KEY };

function trailOf(count: number, checkpointEvery = 0): TrailLine[] {
	const lines: TrailLine[] = [];
	let head: ChainHead = EMPTY_HEAD;
	for (let i = 0; i < count; i++) {
		const line = chainEntry(head, { id: `E${i + 1}`, action: 'rule_run', n: i });
		lines.push(line);
		head = { seq: line.seq, hash: line.hash };
		if (checkpointEvery && (i + 1) % checkpointEvery === 0) lines.push(signCheckpoint(head, 1000 + i, KEY, 'v1'));
	}
	return lines;
}

describe('hash chain', () => {
	it('links each entry to the previous hash, starting from the genesis hash', () => {
		const [first, second] = trailOf(2) as EntryLine[];
		expect(first.seq).toBe(1);
		expect(first.prevHash).toBe(GENESIS_HASH);
		expect(second.prevHash).toBe(first.hash);
		expect(first.hash).toBe(entryHash(1, GENESIS_HASH, { n: 0, action: 'rule_run', id: 'E1' }));
	});

	it('verifies an untouched trail as intact, read from JSON lines', () => {
		const result = verifyTrail(trailOf(50, 10).map((line) => JSON.stringify(line)), { keys });
		expect(result).toEqual({ intact: true, entries: 50, checkpoints: 5, head: expect.objectContaining({ seq: 50 }), lastCheckpointSeq: 50, anchors: 0 });
	});

	it('names the entry whose content was changed', () => {
		const lines = trailOf(5);
		(lines[2] as EntryLine).entry.action = 'manual_override';
		expect(verifyTrail(lines)).toMatchObject({ intact: false, line: 2, seq: 3, id: 'E3', problem: 'entry_hash' });
	});

	it('names the entry after a gap when one was deleted', () => {
		const lines = trailOf(5);
		lines.splice(1, 1);
		expect(verifyTrail(lines)).toMatchObject({ intact: false, line: 1, seq: 3, id: 'E3', problem: 'sequence' });
	});

	it('reports an unreadable line', () => {
		const lines: Array<string | TrailLine> = trailOf(3);
		lines[1] = '{"type":"entry",';
		expect(verifyTrail(lines)).toMatchObject({ intact: false, line: 1, problem: 'unreadable' });
	});
});

describe('checkpoints', () => {
	it('catch a chain rewritten after a change, because the signed head no longer matches', () => {
		const lines = trailOf(20, 10);
		// the forger changes entry 3 and recomputes every hash after it, keeping the checkpoints
		let head: ChainHead = EMPTY_HEAD;
		const forged = lines.map((line) => {
			if (line.type !== 'entry') return line;
			const entry = line.seq === 3 ? { ...line.entry, action: 'manual_override' } : line.entry;
			const rewritten = chainEntry(head, entry);
			head = { seq: rewritten.seq, hash: rewritten.hash };
			return rewritten;
		});
		expect(verifyTrail(forged, { keys })).toMatchObject({ intact: false, line: 10, problem: 'checkpoint_head', seq: 10 });
	});

	it('catch a forged checkpoint signed without the key', () => {
		const lines = trailOf(10);
		const head = { seq: 10, hash: (lines[9] as EntryLine).hash };
		lines.push(signCheckpoint(head, 5, 'guessed-key-000000000', 'v1'));
		expect(verifyTrail(lines, { keys })).toMatchObject({ intact: false, line: 10, problem: 'checkpoint_signature' });
		expect(verifyTrail(lines, { keys: { v9: KEY } })).toMatchObject({ intact: false, problem: 'checkpoint_key_unknown' });
	});

	it('catch the deletion of the last entries before a checkpoint', () => {
		const lines = trailOf(10, 10);
		lines.splice(9, 1);
		expect(verifyTrail(lines, { keys })).toMatchObject({ intact: false, line: 9, problem: 'checkpoint_head', seq: 10 });
	});

	it('verify with older key versions after a rotation', () => {
		const lines = trailOf(4);
		lines.push(signCheckpoint({ seq: 4, hash: (lines[3] as EntryLine).hash }, 1, KEY, 'v1'));
		const more = chainEntry({ seq: 4, hash: (lines[3] as EntryLine).hash }, { id: 'E5' });
		lines.push(more, signCheckpoint({ seq: 5, hash: more.hash }, 2, 'rotated-key-abcdefghij', 'v2'));
		expect(verifyTrail(lines, { keys: { v1: KEY, v2: 'rotated-key-abcdefghij' } })).toMatchObject({ intact: true, checkpoints: 2 });
	});

	it('cannot be signed without a key', () => {
		expect(() => signCheckpoint(EMPTY_HEAD, 0, '', 'v1')).toThrow('key');
	});
});
