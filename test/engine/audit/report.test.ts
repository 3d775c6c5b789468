import type { AuditEntry } from '../../../engine/audit/entry';
import { auditReport } from '../../../engine/audit/report';
import { chainEntry, EMPTY_HEAD, type ChainHead, type TrailLine } from '../../../engine/audit/chain';

function trail(entries: Array<Partial<AuditEntry>>): TrailLine[] {
	let head: ChainHead = EMPTY_HEAD;
	return entries.map((entry, i) => {
		const line = chainEntry(head, { id: `E${i}`, actor: { type: 'workflow', id: 'wf' }, action: 'rule_run', ticket: { id: 'T' }, rule: { id: null, version: null }, logicVersion: null, ...entry });
		head = { seq: line.seq, hash: line.hash };
		return line;
	});
}

describe('audit report', () => {
	const lines = trail([
		{ occurredAt: '2026-01-01T09:00:00.000Z', action: 'rule_run', rule: { id: 'gold', version: '2' }, logicVersion: 'lv-1' },
		{ occurredAt: '2026-01-02T09:00:00.000Z', action: 'manual_override', actor: { type: 'user', id: 'ana' }, ticket: { id: 'T-9' }, rule: { id: 'gold', version: '2' }, logicVersion: 'lv-1' },
		{ occurredAt: '2026-01-03T09:00:00.000Z', action: 'rule_run', rule: { id: 'gold', version: '3' }, logicVersion: 'lv-2', policyVersions: { gold: '3' } },
		{ occurredAt: '2026-02-01T09:00:00.000Z', action: 'escalated', logicVersion: 'lv-2' },
	]);

	it('counts by action, rule and actor within the period', () => {
		const report = auditReport(lines, Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1));
		expect(report.entries).toBe(3);
		expect(report.byAction).toEqual({ rule_run: 2, manual_override: 1 });
		expect(report.byRule).toEqual({ 'gold@2': 2, 'gold@3': 1 });
		expect(report.byActor).toEqual({ 'workflow:wf': 2, 'user:ana': 1 });
	});

	it('lists manual overrides and the logic versions in force', () => {
		const report = auditReport(lines, null, null);
		expect(report.manualOverrides).toEqual([{ id: 'E1', occurredAt: '2026-01-02T09:00:00.000Z', actor: 'user:ana', ticketId: 'T-9', rule: 'gold' }]);
		expect(report.logicVersions.map((v) => [v.version, v.entries])).toEqual([['lv-1', 2], ['lv-2', 2]]);
		expect(report.policyVersions).toEqual({ gold: ['3'] });
	});
});
