import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IExecuteFunctions } from 'n8n-workflow';

import { verifyTrail } from '../../../engine/audit/chain';
import { AuditLog } from '../../../nodes/AuditLog/AuditLog.node';
import { readTrailLines } from '../../../nodes/AuditLog/file-sink';
import { executeContext } from '../../support/execute-context';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-node-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ticket = {
	id: 'T-1',
	source: 'zendesk',
	body: 'Please call +34 600 123 456',
	customer: { email: 'ana@example.com', tier: 'gold' },
	events: [{ type: 'status', status: 'open', at: '2026-03-02T09:00:00Z' }],
	intent: { pii: [{ type: 'phone', start: 12, end: 27 }] },
	headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
};

function context(parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [ticket], ruleParams: unknown = { policy: 'gold 1h' }) {
	const ctx = executeContext({
		items,
		parameters: { operation: 'record', trailFile: join(dir, 'trail.jsonl'), action: 'status_changed', actorType: 'workflow', actorId: 'wf-1', ticketId: (i: number, item: { json: { id: string } }) => item.json.id, ruleId: 'gold-frt', ruleVersion: '2', piiFields: 'customer.email', piiMode: 'pseudonymise', ruleNodes: 'SLA Clock', traceId: ticket.headers.traceparent, before: { status: 'open' }, after: (_i: number, item: { json: unknown }) => item.json, options: {}, ...parameters },
		node: { name: 'Audit Log' },
	});
	ctx.getCredentials.mockResolvedValue({ secret: 'node-test-key-0123456789', version: 'v3', previousSecrets: '' });
	ctx.getWorkflow.mockReturnValue({ id: 'wf-1', name: 'Ticket flow', active: true });
	ctx.getExecutionId.mockReturnValue('exec-1');
	ctx.getMode.mockReturnValue('webhook');
	ctx.getWorkflowDataProxy.mockReturnValue({ $: (name: string) => (name === 'SLA Clock' ? { params: ruleParams } : undefined) } as unknown as ReturnType<IExecuteFunctions['getWorkflowDataProxy']>);
	const processed = new Set<string>();
	ctx.helpers.checkProcessedAndRecord = jest.fn(async (keys: unknown[]) => {
		const seen = keys.filter((key) => processed.has(String(key)));
		keys.forEach((key) => processed.add(String(key)));
		return { new: keys.filter((key) => !seen.includes(key)), processed: seen };
	}) as unknown as IExecuteFunctions['helpers']['checkProcessedAndRecord'];
	return ctx;
}

const node = new AuditLog();

describe('Audit Log node', () => {
	it('records an entry with n8n context, trace id and diff, chained in the trail file after the logic version', async () => {
		const [recorded, duplicates] = await node.execute.call(context({}));
		expect(duplicates).toHaveLength(0);
		const audit = recorded[0].json.audit as Record<string, any>;
		expect(audit).toMatchObject({ seq: 2, duplicate: false, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
		expect(audit.entry.context).toEqual({ workflowId: 'wf-1', workflowName: 'Ticket flow', workflowVersion: null, executionId: 'exec-1', nodeName: 'Audit Log', retryOf: null, mode: 'webhook' });
		expect(audit.entry.occurredAt).toBe('2026-03-02T09:00:00.000Z');
		expect(recorded[0].pairedItem).toEqual({ item: 0 });
		const { lines } = readTrailLines(join(dir, 'trail.jsonl'));
		expect(JSON.parse(lines[0]).entry.action).toBe('logic_changed');
		expect(verifyTrail(lines, { keys: { v3: 'node-test-key-0123456789' } })).toMatchObject({ intact: true, entries: 2, checkpoints: 1 });
	});

	it('yields one entry when a retried execution records the same event again', async () => {
		await node.execute.call(context({}));
		const [recorded, duplicates] = await node.execute.call(context({}));
		expect(recorded).toHaveLength(0);
		expect(duplicates[0].json.audit).toMatchObject({ duplicate: true, seq: 2 });
		expect(verifyTrail(readTrailLines(join(dir, 'trail.jsonl')).lines)).toMatchObject({ intact: true, entries: 2 });
	});

	it('never writes raw PII listed or found by Normalize Intent to the trail', async () => {
		await node.execute.call(context({}));
		const text = readFileSync(join(dir, 'trail.jsonl'), 'utf8');
		expect(text).not.toContain('ana@example.com');
		expect(text).not.toContain('+34 600 123 456');
		expect(text).toContain('phone:v3:');
	});

	it('records a logic change with the parameter diff when a rule node changes', async () => {
		await node.execute.call(context({}));
		await node.execute.call(context({ action: 'rule_run' }, [ticket], { policy: 'gold 30m' }));
		const entries = readTrailLines(join(dir, 'trail.jsonl')).lines.map((line) => JSON.parse(line)).filter((line) => line.type === 'entry');
		expect(entries.map((line) => line.entry.action)).toEqual(['logic_changed', 'status_changed', 'logic_changed', 'rule_run']);
		expect(entries[2].entry.changes).toEqual([{ path: '["SLA Clock"].parameters.policy', kind: 'changed', old: 'gold 1h', new: 'gold 30m' }]);
	});

	it('refuses a self-approved policy version under segregation of duties, as an error item when continuing on fail', async () => {
		const ctx = context({ options: { policyDocuments: '[{"name":"gold","version":"4","author":"ana","approvedBy":"ana"}]', segregationOfDuties: true } });
		await expect(node.execute.call(ctx)).rejects.toThrow('segregation of duties');
		ctx.continueOnFail.mockReturnValue(true);
		const [recorded] = await node.execute.call(ctx);
		expect(String(recorded[0].json.error)).toContain('segregation of duties');
	});

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

	it('reports counts by action, rule and actor', async () => {
		await node.execute.call(context({}));
		const [out] = await node.execute.call(context({ operation: 'report', from: '', to: '' }));
		expect((out[0].json.audit as Record<string, any>).report).toMatchObject({ entries: 2, byAction: { logic_changed: 1, status_changed: 1 }, byRule: { 'gold-frt@2': 1 } });
	});

	it('tests the credential locally', async () => {
		const test = node.methods.credentialTest.slaAuditKeyTest;
		await expect(test.call({} as never, { id: '1', name: 'k', type: 'slaAuditKeyApi', data: { secret: 'short', version: 'v1' } })).resolves.toMatchObject({ status: 'Error' });
		await expect(test.call({} as never, { id: '1', name: 'k', type: 'slaAuditKeyApi', data: { secret: 'long-enough-secret-123', version: 'v1' } })).resolves.toMatchObject({ status: 'OK' });
	});
});
