import { chainBatch, type BatchInput } from '../../../engine/audit/batch';
import { chainEntry, EMPTY_HEAD, type EntryLine, type TrailLine } from '../../../engine/audit/chain';
import { verifyTrail } from '../../../engine/audit/verifier';
import type { AuditEntry } from '../../../engine/audit/entry';
import { logicSnapshot } from '../../../engine/audit/logic-version';

const KEY = 'batch-test-key-0123456789';
const logic = logicSnapshot([{ name: 'SLA Clock', parameters: { policy: 'gold 1h' } }]);

function entry(key: string): AuditEntry {
	return { id: `E-${key}`, occurredAt: '2026-03-02T09:00:00.000Z', recordedAt: '2026-03-02T10:00:00.000Z', actor: { type: 'workflow', id: 'wf' }, action: 'rule_run', ticket: { id: 'T-1' }, rule: { id: null, version: null }, logicVersion: logic.version, changes: [], context: { workflowId: 'wf', workflowVersion: null, executionId: '1', nodeName: 'Audit Log', retryOf: null, mode: 'manual' }, traceId: 'a'.repeat(32), idempotencyKey: key, pii: { mode: 'pseudonymise', keyVersion: 'v1', redacted: 0 } };
}

function input(overrides: Partial<BatchInput> = {}): BatchInput {
	return {
		head: EMPTY_HEAD,
		entriesSinceCheckpoint: 0,
		entries: [entry('a'), entry('b')],
		existing: new Map(),
		logic: { previous: logic, current: logic, changeId: 'L1', workflowId: 'wf' },
		checkpoint: { every: 100, at: 1000, key: KEY, keyVersion: 'v1' },
		...overrides,
	};
}

const kinds = (lines: TrailLine[]) => lines.map((line) => (line.type === 'entry' ? (line.entry as { action: string }).action : 'checkpoint'));

describe('a batch of entries', () => {
	it('chains each entry after the trail head and ends with a signed checkpoint', () => {
		const earlier = chainEntry(EMPTY_HEAD, { id: 'E0' });
		const { lines, results } = chainBatch(input({ head: { seq: 1, hash: earlier.hash }, entriesSinceCheckpoint: 1 }));
		expect(kinds(lines)).toEqual(['rule_run', 'rule_run', 'checkpoint']);
		expect(results.map(({ line, duplicate }) => [line.seq, duplicate])).toEqual([[2, false], [3, false]]);
		expect(verifyTrail([earlier, ...lines], { keys: { v1: KEY } })).toMatchObject({ intact: true, entries: 3, lastCheckpointSeq: 3 });
	});

	it('starts with a logic_changed entry when the logic version moved since the trail last recorded it', () => {
		const { lines, results } = chainBatch(input({ logic: { previous: null, current: logic, changeId: 'L1', workflowId: 'wf' } }));
		expect(kinds(lines)).toEqual(['logic_changed', 'rule_run', 'rule_run', 'checkpoint']);
		expect(results[0].line.seq).toBe(2);
	});

	it('writes nothing for entries already in the trail or earlier in the batch, and answers with the line they have', () => {
		const there = chainEntry(EMPTY_HEAD, entry('a') as unknown as Record<string, unknown>) as EntryLine;
		const { lines, results } = chainBatch(input({ head: { seq: 1, hash: there.hash }, entriesSinceCheckpoint: 1, entries: [entry('a'), entry('b'), entry('b')], existing: new Map([['a', there]]) }));
		expect(kinds(lines)).toEqual(['rule_run', 'checkpoint']);
		expect(results.map(({ line, duplicate }) => [line.seq, duplicate])).toEqual([[1, true], [2, false], [2, true]]);
	});

	it('appends nothing, not even a checkpoint, when every entry is a duplicate', () => {
		const there = chainEntry(EMPTY_HEAD, entry('a') as unknown as Record<string, unknown>) as EntryLine;
		expect(chainBatch(input({ head: { seq: 1, hash: there.hash }, entriesSinceCheckpoint: 1, entries: [entry('a')], existing: new Map([['a', there]]) })).lines).toEqual([]);
		expect(chainBatch(input({ entries: [], logic: { previous: null, current: logic, changeId: 'L1', workflowId: 'wf' } })).lines).toEqual([]);
	});

	it('signs a checkpoint after every so many entries, counting those the trail had since its last one', () => {
		const { lines } = chainBatch(input({ entries: ['a', 'b', 'c', 'd', 'e'].map(entry), entriesSinceCheckpoint: 1, checkpoint: { every: 2, at: 1000, key: KEY, keyVersion: 'v1' } }));
		expect(kinds(lines)).toEqual(['rule_run', 'checkpoint', 'rule_run', 'rule_run', 'checkpoint', 'rule_run', 'rule_run', 'checkpoint']);
	});
});
