import { chainEntry, EMPTY_HEAD, signCheckpoint, type TrailLine } from '../../../engine/audit/chain';
import { verifyTrail } from '../../../engine/audit/verifier';
import { unsignedTailOf, verifiedLines } from '../../../engine/audit/verified-trail';

const KEY = 'verified-trail-key-0123456789';

function trail(): string[] {
	const first = chainEntry(EMPTY_HEAD, { id: 'E1' });
	const second = chainEntry({ seq: 1, hash: first.hash }, { id: 'E2' });
	const third = chainEntry({ seq: 2, hash: second.hash }, { id: 'E3' });
	const lines: TrailLine[] = [first, signCheckpoint({ seq: 1, hash: first.hash }, 1000, KEY, 'v1'), second, third];
	return lines.map((line) => JSON.stringify(line));
}

describe('a verified trail', () => {
	it('tells how many entries follow the last signed checkpoint', () => {
		expect(unsignedTailOf(verifyTrail(trail(), { keys: { v1: KEY } }))).toBe(2);
	});

	it('gives a report every line of an intact trail, and of a broken one only those before the break', () => {
		const lines = trail();
		expect(verifiedLines(lines, verifyTrail(lines))).toHaveLength(4);
		const tampered = [...lines.slice(0, 3), lines[3].replace('"E3"', '"E9"')];
		const result = verifyTrail(tampered);
		expect(unsignedTailOf(result)).toBeNull();
		expect(verifiedLines(tampered, result).map((line) => line.seq)).toEqual([1, 1, 2]);
	});
});
