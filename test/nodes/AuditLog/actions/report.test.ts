import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AuditLog } from '../../../../nodes/AuditLog/AuditLog.node';
import { auditContext } from '../audit-context';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'audit-node-'));
	// a trail outside n8n's folder is refused unless its folder is listed
	process.env.SLA_AUDIT_TRAIL_DIRS = dir;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const context = (parameters: Record<string, unknown>) => auditContext(join(dir, 'trail.jsonl'), parameters);
const node = new AuditLog();

describe('Audit Log node: Report', () => {
	it('reports counts by action, rule and actor', async () => {
		await node.execute.call(context({}));
		const [out] = await node.execute.call(context({ operation: 'report', from: '', to: '' }));
		expect((out[0].json.audit as Record<string, any>).report).toMatchObject({ entries: 2, byAction: { logic_changed: 1, status_changed: 1 }, byRule: { 'gold-frt@2': 1 } });
	});

	it('counts only the period asked for, and names a bound it cannot read', async () => {
		await node.execute.call(context({}));
		const [out] = await node.execute.call(context({ operation: 'report', from: '2026-03-03T00:00:00Z', to: '2099-01-01T00:00:00Z' }));
		expect((out[0].json.audit as Record<string, any>).report).toMatchObject({ entries: 1, byAction: { logic_changed: 1 } });
		await expect(node.execute.call(context({ operation: 'report', from: 'yesterday' }))).rejects.toThrow('From: "yesterday" is not an ISO-8601 timestamp');
	});
});
