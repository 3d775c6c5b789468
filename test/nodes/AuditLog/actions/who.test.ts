import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AuditLog } from '../../../../nodes/AuditLog/AuditLog.node';
import { readTrailLines } from '../../../../nodes/AuditLog/file-sink';
import { auditContext, ticket } from '../audit-context';

/** "Who": entries of a run started in the editor name the n8n user; a logic change names them and the authors n8n's workflow history gives. */

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'audit-who-'));
	process.env.SLA_AUDIT_TRAIL_DIRS = dir;
	trailName = 'trail.jsonl';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const node = new AuditLog();
let trailName = 'trail.jsonl';
const trail = () => join(dir, trailName);
const entries = () => readTrailLines(trail()).lines.map((line) => JSON.parse(line)).filter((line) => line.type === 'entry').map((line) => line.entry);

function manualRun(parameters: Record<string, unknown>, userId: string | null) {
	const ctx = auditContext(trail(), parameters, [ticket]);
	ctx.getMode.mockReturnValue(userId ? 'manual' : 'webhook');
	(ctx as unknown as { additionalData: unknown }).additionalData = userId ? { userId } : {};
	return ctx;
}

describe('Audit Log node: who', () => {
	it('names the n8n user of a manual run: on every entry, as the actor of a manual override left unnamed, and of the logic change', async () => {
		await node.execute.call(manualRun({ action: 'manual_override', actorType: 'user', actorId: '' }, 'u-42'));
		const [change, override] = entries();
		expect(change).toMatchObject({ action: 'logic_changed', actor: { type: 'user', id: 'u-42' }, details: { changedBy: { n8nUserId: 'u-42' } } });
		expect(override).toMatchObject({ action: 'manual_override', actor: { type: 'user', id: 'u-42' }, context: { n8nUserId: 'u-42' } });
	});

	it('keeps a named actor, and the workflow as the actor of a webhook run', async () => {
		await node.execute.call(manualRun({ action: 'manual_override', actorType: 'user', actorId: 'agent-7' }, 'u-42'));
		expect(entries()[1].actor).toEqual({ type: 'user', id: 'agent-7' });
		// a second trail (a trail cut to nothing is refused, rightly)
		trailName = 'webhook-trail.jsonl';
		await node.execute.call(manualRun({ action: 'rule_run' }, null));
		const [change, entry] = entries();
		expect(change.actor).toEqual({ type: 'workflow', id: 'wf-1' });
		expect(entry.context.n8nUserId).toBeUndefined();
	});

	it("records the authors n8n's workflow history gives the published version that ran", async () => {
		const ctx = manualRun({ action: 'rule_run' }, null);
		ctx.getCredentials.mockImplementation((async (name: string) =>
			name === 'slaStoreApi' ? { baseUrl: 'http://n8n.local', apiKey: 'k' } : { secret: 'node-test-key-0123456789', version: 'v3', previousSecrets: '' }) as typeof ctx.getCredentials);
		const calls: string[] = [];
		ctx.helpers.httpRequestWithAuthentication = jest.fn(async (_credential: string, request: { url: string }) => {
			calls.push(request.url);
			return { id: 'wf-1', versionId: 'draft-2', activeVersionId: 'pub-1', activeVersion: { versionId: 'pub-1', authors: 'Ana Ops', createdAt: '2026-03-01T08:00:00.000Z' } };
		}) as unknown as typeof ctx.helpers.httpRequestWithAuthentication;
		await node.execute.call(ctx);
		expect(entries()[0].details.changedBy).toEqual({ n8nUserId: null, workflowVersionId: 'pub-1', authors: 'Ana Ops', savedAt: '2026-03-01T08:00:00.000Z' });
		expect(calls).toEqual(['http://n8n.local/api/v1/workflows/wf-1?excludePinnedData=true']);
		// no logic change, no call
		await node.execute.call(auditContext(trail(), { action: 'note' }, [ticket]));
		expect(calls).toHaveLength(1);
	});

	it('still records a logic change when n8n cannot say who made it', async () => {
		const ctx = manualRun({ action: 'rule_run' }, null);
		ctx.helpers.httpRequestWithAuthentication = jest.fn(async () => {
			throw new Error('401');
		}) as unknown as typeof ctx.helpers.httpRequestWithAuthentication;
		await node.execute.call(ctx);
		expect(entries()[0]).toMatchObject({ action: 'logic_changed', details: { changedBy: { authors: null } } });
	});
});
