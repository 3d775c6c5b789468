import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

describe('Audit Log node: Verify', () => {
	it('verifies an intact trail and names the first broken entry after tampering', async () => {
		await node.execute.call(context({}));
		const [intact] = await node.execute.call(context({ operation: 'verify' }));
		expect(intact[0].json.audit).toMatchObject({ verify: { intact: true, entries: 2 } });
		const path = join(dir, 'trail.jsonl');
		const text = readFileSync(path, 'utf8').replace('"status_changed"', '"manual_override"');
		require('node:fs').writeFileSync(path, text);
		const [, broken] = await node.execute.call(context({ operation: 'verify' }));
		expect(broken[0].json.audit).toMatchObject({ verify: { intact: false, seq: 2, problem: 'entry_hash' } });
	});

	it('names the Trail File when there is no trail to read', async () => {
		// n8n words an ENOENT in its own way ("The file or directory does not exist")
		await expect(node.execute.call(context({ operation: 'verify' }))).rejects.toThrow(/Trail File: cannot be read \(ENOENT\)|does not exist/);
		await expect(node.execute.call(context({ operation: 'verify', trailFile: '' }))).rejects.toThrow('Trail File: is required to verify or report on a trail');
	});

	it('reports the signed state and a torn tail left out of the check', async () => {
		await node.execute.call(context({}));
		require('node:fs').appendFileSync(join(dir, 'trail.jsonl'), '{"type":"entry","seq":3,');
		const [intact] = await node.execute.call(context({ operation: 'verify' }));
		expect(intact[0].json.audit).toMatchObject({ verify: { trail: join(dir, 'trail.jsonl'), intact: true, entries: 2, tornTail: true, unsignedTail: 0 } });
	});
});
