/**
 * Audit Log in real n8n: the audit-trail template's ticket flow records its steps into a trail file
 * (a repeated delivery of the same event adds no entry), and its Verify path reports the trail intact.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { importCredentials, loadWorkflow, startN8n, type N8nServer } from './n8n';

const TEMPLATE = 'workflows/audit-trail.json';
let server: N8nServer;
let trailFile: string;

beforeAll(async () => {
	trailFile = join(mkdtempSync(join(tmpdir(), 'audit-e2e-')), 'trail.jsonl');
	await importCredentials([{ id: 'slaAuditKeyDemo1', name: 'SLA Audit Key', type: 'slaAuditKeyApi', data: { secret: 'e2e-audit-secret-0123456789', version: 'v1', previousSecrets: '' } }]);
	const workflow = loadWorkflow(TEMPLATE) as { id: string; nodes: Array<{ type: string; parameters: Record<string, unknown> }> };
	for (const node of workflow.nodes) if (node.type.endsWith('.auditLog')) node.parameters.trailFile = trailFile;
	server = await startN8n({ publish: [workflow] });
});

afterAll(async () => await server?.stop());

test('the template ticket flow records its steps and Verify reports the trail intact', async () => {
	const ticket = { id: 'T-100', source: 'zendesk', status: 'open', customer: { email: 'ana@example.com', tier: 'gold' }, createdAt: '2026-03-02T09:00:00Z' };
	const headers = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
	const first = await server.webhook('sla-audit-ticket', ticket, { headers });
	expect(first.status).toBe(200);
	// the repeat only leaves on the Duplicate outputs, so the last node returns no item to respond with
	await server.webhook('sla-audit-ticket', ticket, { headers });
	const entries = readFileSync(trailFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((line) => line.type === 'entry');
	expect(entries.map((line) => line.entry.action)).toEqual(['logic_changed', 'ticket_received', 'assignment_changed']);
	expect(entries[1].entry.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
	expect(readFileSync(trailFile, 'utf8')).not.toContain('ana@example.com');
	const verify = await server.webhook('sla-audit-verify', undefined, { method: 'GET' });
	expect(verify.status).toBe(200);
	const body = Array.isArray(verify.body) ? verify.body[0] : verify.body;
	expect(body.audit.verify).toMatchObject({ intact: true, entries: 3 });
	expect(body.audit.report.byAction).toMatchObject({ ticket_received: 1, assignment_changed: 1 });
});
