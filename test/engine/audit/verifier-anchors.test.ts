import { chainEntry, type ChainHead, type CheckpointLine, EMPTY_HEAD, signCheckpoint, type TrailLine } from '../../../engine/audit/chain';
import { type AnchoredCheckpoint, verifyTrail, verifyTrailStream } from '../../../engine/audit/verifier';

const KEY = 'anchor-key-0123456789';
const keys = { v1: KEY };

function trailOf(count: number, checkpointEvery: number, content = (i: number) => ({ id: `E${i + 1}`, n: i })): TrailLine[] {
	const lines: TrailLine[] = [];
	let head: ChainHead = EMPTY_HEAD;
	for (let i = 0; i < count; i++) {
		const line = chainEntry(head, content(i));
		lines.push(line);
		head = { seq: line.seq, hash: line.hash };
		if ((i + 1) % checkpointEvery === 0) lines.push(signCheckpoint(head, 1_000 + i, KEY, 'v1'));
	}
	return lines;
}

const anchorsOf = (lines: TrailLine[]): AnchoredCheckpoint[] =>
	lines.filter((line): line is CheckpointLine => line.type === 'checkpoint').map(({ type: _type, ...checkpoint }) => checkpoint);

/** What someone without the key can do: change entry `index`, recompute every hash after it, and drop the checkpoints they cannot sign. */
function rewriteAndRehash(lines: TrailLine[], seq: number): TrailLine[] {
	const out: TrailLine[] = [];
	let head: ChainHead = EMPTY_HEAD;
	for (const line of lines) {
		if (line.type === 'checkpoint') {
			if (line.seq < seq) out.push(line);
			continue;
		}
		const entry = line.seq === seq ? { ...line.entry, n: -1 } : line.entry;
		const rewritten = line.seq < seq ? line : chainEntry(head, entry);
		out.push(rewritten);
		head = { seq: rewritten.seq, hash: rewritten.hash };
	}
	return out;
}

async function* each<T>(values: T[]): AsyncIterable<T> {
	yield* values;
}

describe('verifying a trail against its anchored checkpoints', () => {
	const trail = trailOf(100, 10);
	const anchors = anchorsOf(trail);

	it('is intact when the trail holds every anchored checkpoint, and counts the anchors compared', () => {
		expect(verifyTrail(trail, { keys, anchors })).toMatchObject({ intact: true, entries: 100, anchors: 10 });
	});

	it('catches a rewrite whose hashes were all recomputed and whose checkpoints were dropped, naming the range', () => {
		const forged = rewriteAndRehash(trail, 35);
		expect(verifyTrail(forged, { keys })).toMatchObject({ intact: true });
		expect(verifyTrail(forged, { keys, anchors })).toMatchObject({ intact: false, problem: 'anchor_mismatch', seq: 40, message: expect.stringContaining('entries 31–40') });
	});

	it('catches a trail cut after its last entry and before the anchored checkpoint that followed it', () => {
		expect(verifyTrail(trail.slice(0, -1), { keys, anchors })).toMatchObject({ intact: false, problem: 'checkpoint_missing' });
	});

	it('catches a trail cut short of its newest anchor', () => {
		const cut = trail.slice(0, 50);
		expect(verifyTrail(cut, { keys })).toMatchObject({ intact: true });
		expect(verifyTrail(cut, { keys, anchors })).toMatchObject({ intact: false, problem: 'truncated', message: expect.stringContaining('ends at entry 46, but entry 50 was anchored') });
	});

	it('catches an anchored checkpoint removed from the middle of the trail', () => {
		const index = trail.findIndex((line) => line.type === 'checkpoint' && line.seq === 30);
		const without = [...trail.slice(0, index), ...trail.slice(index + 1)];
		expect(verifyTrail(without, { keys, anchors })).toMatchObject({ intact: false, problem: 'checkpoint_missing', line: index });
	});

	it('refuses an anchor that is not signed with the audit key', () => {
		const forged = anchors.map((anchor) => (anchor.seq === 20 ? { ...anchor, mac: 'f'.repeat(64) } : anchor));
		expect(verifyTrail(trail, { keys, anchors: forged })).toMatchObject({ intact: false, problem: 'anchor_signature', seq: 20 });
	});

	it('gives the same verdicts read as streams as read from memory', async () => {
		const raw = (lines: TrailLine[]) => lines.map((line) => JSON.stringify(line));
		for (const lines of [trail, rewriteAndRehash(trail, 35), trail.slice(0, 50), trail.slice(0, -1)]) {
			const counted: number[] = [];
			const streamed = await verifyTrailStream(each(raw(lines)), each(anchors), { keys }, (line) => counted.push(line.seq));
			const inMemory = verifyTrail(raw(lines), { keys, anchors });
			expect(streamed).toEqual(inMemory);
			expect(counted.length).toBe(streamed.intact ? lines.length : streamed.line);
		}
	});
});
