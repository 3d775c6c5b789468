import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { verifyTrail } from '../../../../engine/audit/verifier';
import { AuditLog } from '../../../../nodes/AuditLog/AuditLog.node';
import { readTrailLines } from '../../../../nodes/AuditLog/file-sink';
import { auditContext, ticket } from '../audit-context';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'audit-node-'));
	// a trail outside n8n's folder is refused unless its folder is listed
	process.env.SLA_AUDIT_TRAIL_DIRS = dir;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const context = (parameters: Record<string, unknown>, items?: Array<Record<string, unknown>>, ruleParams?: unknown) => auditContext(join(dir, 'trail.jsonl'), parameters, items, ruleParams);
const node = new AuditLog();

/** The Trace ID parameter's default expression, as n8n evaluates it for the item. */
const traceIdDefault = (_i: number, item: { json: IDataObject }) => item.json.traceId || (item.json.headers && (item.json.headers as IDataObject).traceparent) || '';
const untraced = { id: 'T-2', source: 'zendesk', events: [{ type: 'status', status: 'open', at: '2026-03-02T09:00:00Z' }] };

describe('Audit Log node: Record', () => {
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

	it('without a trail file only outputs entries, and tells a repeat by n8n’s dedup store', async () => {
		const ctx = context({ trailFile: '' });
		const [recorded] = await node.execute.call(ctx);
		expect(recorded[0].json.audit).toMatchObject({ seq: null, prevHash: null, duplicate: false, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
		const [again, duplicates] = await node.execute.call(ctx);
		expect(again).toHaveLength(0);
		expect(duplicates[0].json.audit).toMatchObject({ duplicate: true });
	});
});

describe('Audit Log node: the trace id on the ticket', () => {
	it("writes the trace id of a traceparent header to the ticket's traceId as well as audit.traceId", async () => {
		const [recorded] = await node.execute.call(context({}));
		expect(recorded[0].json.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
		expect(recorded[0].json.audit).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
	});

	it('a trace id set by the first Audit Log follows the ticket into the next', async () => {
		const [first] = await node.execute.call(context({ traceId: traceIdDefault }, [untraced]));
		const traceId = first[0].json.traceId as string;
		expect(traceId).toMatch(/^[0-9a-f]{32}$/);
		expect(first[0].json.audit).toMatchObject({ traceId });
		const [next] = await node.execute.call(context({ action: 'assignment_changed', traceId: traceIdDefault }, [first[0].json]));
		expect(next[0].json).toMatchObject({ traceId, audit: { traceId, duplicate: false } });
		const entries = readTrailLines(join(dir, 'trail.jsonl')).lines.map((line) => JSON.parse(line)).filter((line) => line.type === 'entry' && line.entry.action !== 'logic_changed');
		expect(entries.map((line) => [line.entry.action, line.entry.traceId])).toEqual([['status_changed', traceId], ['assignment_changed', traceId]]);
	});

	it('reads the ticket’s traceId when the Trace ID parameter is empty, before making a new one', async () => {
		const [recorded] = await node.execute.call(context({ traceId: '' }, [{ ...untraced, traceId: 'c'.repeat(32) }]));
		expect(recorded[0].json).toMatchObject({ traceId: 'c'.repeat(32), audit: { traceId: 'c'.repeat(32) } });
	});

	it('gives a repeat the trace id its entry was recorded with', async () => {
		const [first] = await node.execute.call(context({ traceId: '' }, [untraced]));
		const [, duplicates] = await node.execute.call(context({ traceId: '' }, [untraced]));
		expect(duplicates[0].json.traceId).toBe(first[0].json.traceId);
	});
});
