/**
 * The mocked execute context of the Audit Log node tests: a Record of the ticket below into a trail
 * file by default, the audit key credential, workflow metadata, a rule node "SLA Clock" whose
 * parameters make up the logic version, and an in-memory dedup store.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { executeContext } from '../../support/execute-context';

export const ticket = {
	id: 'T-1',
	source: 'zendesk',
	body: 'Please call +34 600 123 456',
	customer: { email: 'ana@example.com', tier: 'gold' },
	events: [{ type: 'status', status: 'open', at: '2026-03-02T09:00:00Z' }],
	intent: { pii: [{ type: 'phone', start: 12, end: 27 }] },
	headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
};

export function auditContext(trailFile: string, parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [ticket], ruleParams: unknown = { policy: 'gold 1h' }) {
	const ctx = executeContext({
		items,
		parameters: { operation: 'record', trailFile, action: 'status_changed', actorType: 'workflow', actorId: 'wf-1', ticketId: (i: number, item: { json: { id: string } }) => item.json.id, ruleId: 'gold-frt', ruleVersion: '2', piiFields: 'customer.email', piiMode: 'pseudonymise', ruleNodes: 'SLA Clock', traceId: ticket.headers.traceparent, before: { status: 'open' }, after: (_i: number, item: { json: unknown }) => item.json, options: {}, ...parameters },
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
