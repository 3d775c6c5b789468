import { buildEntry } from '../../../engine/audit/entry';
import { chainEntry, EMPTY_HEAD, signCheckpoint, type ChainHead, type EntryLine, type TrailLine } from '../../../engine/audit/chain';
import { verifyTrail } from '../../../engine/audit/verifier';
import { timeOrderedId } from '../../../engine/core/ids';
import { mulberry32 } from '../../support/random';

/**
 * 10,000 entries, 1,000 single-entry tampers (change, delete, reorder, insert) chosen by a seeded PRNG.
 * The trail is built once; each tamper mutates a copy, and Verify resumes at the first mutated line
 * from the head known there (the prefix is byte-identical to the verified original). A sample is also
 * verified from the first line, to show resuming changes nothing.
 */

const KEY = { key: 'tamper-test-key-0123456789', version: 'v1' };
const ENTRIES = 10_000;
const TAMPERS = 1_000;

function buildTrail(random: () => number): { lines: string[]; headBefore: ChainHead[]; entryLines: number[] } {
	const lines: string[] = [];
	const headBefore: ChainHead[] = [];
	const entryLines: number[] = [];
	let head: ChainHead = EMPTY_HEAD;
	const t0 = Date.UTC(2026, 2, 1);
	for (let i = 0; i < ENTRIES; i++) {
		const at = t0 + i * 60_000;
		const entry = buildEntry(
			{
				id: timeOrderedId(at, Uint8Array.from({ length: 10 }, () => Math.floor(random() * 256))),
				occurredAt: at,
				recordedAt: at + 5,
				actor: { type: i % 7 === 0 ? 'user' : 'workflow', id: `actor-${i % 13}` },
				action: ['rule_run', 'status_changed', 'assignment_changed', 'manual_override'][i % 4],
				ticket: { id: `T-${i % 500}`, source: 'zendesk' },
				rule: { id: `rule-${i % 9}`, version: '3' },
				logicVersion: 'lv-0123456789abcdef',
				before: { status: 'open', assignee: `agent-${i % 11}` },
				after: { status: i % 2 ? 'pending' : 'open', assignee: `agent-${(i + 1) % 11}` },
				context: { workflowId: 'wf', workflowVersion: null, executionId: String(i), nodeName: 'Audit Log', retryOf: null, mode: 'webhook' },
				traceId: 'a'.repeat(32),
			},
			{ fields: [], findings: [], mode: 'pseudonymise', key: KEY },
		);
		const line = chainEntry(head, entry);
		headBefore.push(head);
		entryLines.push(lines.length);
		lines.push(JSON.stringify(line));
		head = { seq: line.seq, hash: line.hash };
		if ((i + 1) % 100 === 0) {
			headBefore.push(head);
			lines.push(JSON.stringify(signCheckpoint(head, at, KEY.key, KEY.version)));
		}
	}
	return { lines, headBefore, entryLines };
}

type Kind = 'change' | 'delete' | 'reorder' | 'insert';

describe('tamper evidence over a 10,000-entry trail', () => {
	const random = mulberry32(20260301);
	const { lines, headBefore, entryLines } = buildTrail(random);
	const keys = { [KEY.version]: KEY.key };

	it('verifies the untouched trail as intact', () => {
		expect(verifyTrail(lines, { keys })).toMatchObject({ intact: true, entries: ENTRIES, checkpoints: ENTRIES / 100 });
	});

	it('catches every one of 1,000 random changes, deletions, reorderings and insertions and names the entry', () => {
		const pick = () => entryLines[Math.floor(random() * entryLines.length)];
		const caught: Record<Kind, number> = { change: 0, delete: 0, reorder: 0, insert: 0 };
		for (let round = 0; round < TAMPERS; round++) {
			const kind = (['change', 'delete', 'reorder', 'insert'] as const)[Math.floor(random() * 4)];
			const copy = lines.slice();
			const at = pick();
			const original = JSON.parse(lines[at]) as EntryLine;
			let expectedLines: number[];
			if (kind === 'change') {
				const entry = original.entry as Record<string, unknown>;
				const field = ['action', 'actor', 'ticket', 'changes', 'occurredAt'][Math.floor(random() * 5)];
				copy[at] = JSON.stringify({ ...original, entry: { ...entry, [field]: field === 'actor' ? { type: 'user', id: 'mallory' } : 'forged' } });
				expectedLines = [at];
			} else if (kind === 'delete') {
				copy.splice(at, 1);
				expectedLines = [at];
			} else if (kind === 'reorder') {
				let other = pick();
				while (other === at) other = pick();
				[copy[at], copy[other]] = [copy[other], copy[at]];
				expectedLines = [Math.min(at, other)];
			} else {
				// half replay an existing entry, half forge one that links correctly to its predecessor
				const forged = random() < 0.5 ? lines[pick()] : JSON.stringify(chainEntry(headBefore[at], { ...original.entry, action: 'manual_override' } as Record<string, unknown>));
				copy.splice(at, 0, forged);
				expectedLines = [at, at + 1];
			}
			const start = Math.min(...expectedLines);
			const full = round % 100 === 0;
			const result = verifyTrail(copy, full ? { keys } : { keys, resumeFrom: { line: start, head: headBefore[start] } });
			if (result.intact) throw new Error(`round ${round}: ${kind} at line ${at} was not caught`);
			expect(expectedLines).toContain(result.line);
			const named = JSON.parse(copy[result.line]) as TrailLine;
			expect(result.seq).toBe(named.seq);
			if (named.type === 'entry') expect(result.id).toBe((named.entry as { id: string }).id);
			caught[kind]++;
		}
		expect(Object.values(caught).reduce((a, b) => a + b, 0)).toBe(TAMPERS);
		expect(Math.min(...Object.values(caught))).toBeGreaterThan(150);
	});
});
