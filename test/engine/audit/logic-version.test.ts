import { chainEntry, type ChainHead, EMPTY_HEAD, type TrailLine } from '../../../engine/audit/chain';
import type { AuditEntry } from '../../../engine/audit/entry';
import { lastLogicSnapshot, logicChangeEntry, logicChanges, logicSnapshot } from '../../../engine/audit/logic-version';

const nodes = [
	{ name: 'SLA Clock', type: 'slaClock', parameters: { policy: { gold: { firstResponse: '1h' } } } },
	{ name: 'Skill Router', type: 'skillRouter', parameters: { matrix: ['billing', 'tech'] } },
];

describe('logic versions', () => {
	it('are stable whatever the order of nodes and parameter keys', () => {
		const reordered = [{ ...nodes[1] }, { name: 'SLA Clock', type: 'slaClock', parameters: { policy: { gold: { firstResponse: '1h' } } } }];
		expect(logicSnapshot(nodes).version).toBe(logicSnapshot(reordered).version);
		expect(logicSnapshot(nodes).version).toMatch(/^lv-[0-9a-f]{16}$/);
	});

	it('change with any rule parameter, and the change lists the parameter diff', () => {
		const before = logicSnapshot(nodes);
		const after = logicSnapshot([{ ...nodes[0], parameters: { policy: { gold: { firstResponse: '30m' } } } }, nodes[1]]);
		expect(after.version).not.toBe(before.version);
		expect(logicChanges(before, after)).toEqual([{ path: '["SLA Clock"].parameters.policy.gold.firstResponse', kind: 'changed', old: '1h', new: '30m' }]);
		expect(logicChanges(null, before).map((change) => change.kind)).toEqual(['added', 'added']);
	});
});

describe('the logic recorded in a trail', () => {
	const first = { id: 'E1', action: 'status_changed', actor: { type: 'user', id: 'ana' }, ticket: { id: 'T-1', source: 'zendesk' }, rule: { id: 'gold-frt', version: '2' }, recordedAt: '2026-03-02T10:00:00.000Z', occurredAt: '2026-03-02T09:00:00.000Z', changes: [], pii: { mode: 'pseudonymise', keyVersion: 'v1', redacted: 3 }, traceId: 'a'.repeat(32), idempotencyKey: 'k1', logicVersion: 'lv-x' } as unknown as AuditEntry;

	function trailOf(entries: object[]): TrailLine[] {
		let head: ChainHead = EMPTY_HEAD;
		return entries.map((entry) => {
			const line = chainEntry(head, entry as Record<string, unknown>);
			head = { seq: line.seq, hash: line.hash };
			return line;
		});
	}

	it('is the snapshot of the newest logic_changed entry, whatever came after it', () => {
		const v1 = logicSnapshot(nodes);
		const v2 = logicSnapshot([nodes[0]]);
		const lines = trailOf([logicChangeEntry(first, null, v1, { id: 'L1', workflowId: 'wf' }), first, logicChangeEntry(first, v1, v2, { id: 'L2', workflowId: 'wf' }), first]);
		expect(lastLogicSnapshot(lines)).toEqual(v2);
		expect(lastLogicSnapshot(lines.slice(0, 2))).toEqual(v1);
		expect(lastLogicSnapshot(trailOf([first]))).toBeNull();
	});

	it('skips a logic_changed entry that carries no snapshot (one written by hand)', () => {
		const v1 = logicSnapshot(nodes);
		const lines = trailOf([logicChangeEntry(first, null, v1, { id: 'L1', workflowId: 'wf' }), { ...first, action: 'logic_changed', details: { note: 'by hand' } }]);
		expect(lastLogicSnapshot(lines)).toEqual(v1);
	});

	it('changes with an entry by the workflow, about no ticket, carrying the diff and both versions', () => {
		const v1 = logicSnapshot(nodes);
		const v2 = logicSnapshot([{ ...nodes[0], parameters: { policy: { gold: { firstResponse: '30m' } } } }, nodes[1]]);
		const entry = logicChangeEntry(first, v1, v2, { id: 'L2', workflowId: 'wf-9' });
		expect(entry).toMatchObject({ id: 'L2', action: 'logic_changed', actor: { type: 'workflow', id: 'wf-9' }, ticket: { id: null }, rule: { id: null, version: null }, occurredAt: first.recordedAt, traceId: first.traceId });
		expect(entry.changes).toEqual(logicChanges(v1, v2));
		expect(entry.idempotencyKey).toBe(`logic:${v2.version}:${v1.version}`);
		expect(entry.pii).toEqual({ mode: 'pseudonymise', keyVersion: 'v1', redacted: 0 });
		expect(entry.details).toEqual({ previousVersion: v1.version, logic: v2 });
		expect(logicChangeEntry(first, null, v1, { id: 'L1', workflowId: 'wf' }).idempotencyKey).toBe(`logic:${v1.version}:none`);
	});
});
