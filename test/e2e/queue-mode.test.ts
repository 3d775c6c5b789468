/**
 * The SLA operation in n8n's queue mode, started by scripts/queue-mode.sh: PostgreSQL, Redis, a main
 * process, a webhook processor and two workers. Duplicate deliveries that different workers run at
 * the same moment still act once, and the Audit Log's PostgreSQL trail stays one chain while both
 * workers write to it.
 *
 *   npx jest --selectProjects e2e test/e2e/queue-mode.test.ts --runInBand
 */
import { Pool } from 'pg';

import { execFileSync } from 'child_process';
import { join } from 'path';

import { ROOT } from './n8n';
import { QUEUE_DATABASE, type QueueStack, startQueueStack, WORKERS } from './queue-stack';
import { genericEvent, INTAKE_TOKEN, type SlaOperation, startSlaOperation } from './sla-operation';

const HOUR = 3_600_000;
let op: SlaOperation;
let stack: QueueStack;
let pool: Pool;

/** A webhook that hands the posted ticket to Escalate (Send to Slack, claims in PostgreSQL) and answers with the record. */
const ESCALATE_ONCE = {
	name: 'Queue E2E: Escalate Once',
	nodes: [
		{ parameters: { httpMethod: 'POST', path: 'queue-escalate', responseMode: 'responseNode', options: {} }, id: 'qe-webhook', name: 'Ticket', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: 'b7d6f0c2-5a41-4e43-9d7e-7a3f2c1e0a11' },
		{ parameters: { mode: 'raw', jsonOutput: '={{ $json.body }}', options: {} }, id: 'qe-body', name: 'Body', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0] },
		{
			parameters: { mode: 'send', channel: '#queue-e2e', claimStore: 'postgres' },
			id: 'qe-escalate',
			name: 'Escalate',
			type: 'n8n-nodes-sla-orchestrator.escalate',
			typeVersion: 1,
			position: [400, 0],
			credentials: { slaSlackApi: { id: 'slaSlackCred0001', name: 'SLA Slack' }, slaAuditPostgresApi: { id: 'slaAuditPgQueue1', name: 'SLA Queue PostgreSQL' } },
		},
		{ parameters: { respondWith: 'json', responseBody: '={{ { status: $json.escalation.status } }}', options: {} }, id: 'qe-answer', name: 'Answer', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [600, 0] },
	],
	connections: {
		Ticket: { main: [[{ node: 'Body', type: 'main', index: 0 }]] },
		Body: { main: [[{ node: 'Escalate', type: 'main', index: 0 }]] },
		Escalate: { main: [0, 1, 2].map(() => [{ node: 'Answer', type: 'main', index: 0 }]) },
	},
	settings: { executionOrder: 'v1' },
};

beforeAll(async () => {
	op = await startSlaOperation('queue-mode', {
		external: async (peers) => {
			stack = await startQueueStack(peers);
			return { n8n: stack.n8n, userFolder: stack.userFolder, webhookBaseUrl: stack.webhookBaseUrl };
		},
	});
	const url = execFileSync('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'url', QUEUE_DATABASE], { encoding: 'utf8' }).trim();
	pool = new Pool({ connectionString: url, max: 2 });
	process.stdout.write(`queue-mode stack started by scripts/queue-mode.sh in ${Math.round(stack.startMs / 1000)} s\n`);
}, 900_000);

afterAll(async () => {
	await pool?.end();
	await op?.stop();
}, 300_000);

/** Runs `burst` and returns the executions each worker started meanwhile. */
async function perWorker<T>(burst: () => Promise<T>): Promise<{ result: T; started: Record<string, string[]> }> {
	const before = stack.startedByWorker();
	const result = await burst();
	// a worker logs the start before it runs the job: give the log a moment after the last answer
	await new Promise((resolve) => setTimeout(resolve, 500));
	const after = stack.startedByWorker();
	const started = Object.fromEntries(Object.entries(after).map(([worker, ids]) => [worker, ids.filter((id) => !before[worker].includes(id))]));
	return { result, started };
}

const ladderPosts = (channel: string, ticket: string) =>
	op.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.status === 200 && call.body?.channel === channel && JSON.stringify(call.body).includes(ticket));

function breachedEvent(id: string) {
	const createdAt = new Date(Date.now() - 3 * HOUR).toISOString();
	return genericEvent(id, { at: createdAt, eventId: `generic-${id}-created` }, { priority: 'urgent', createdAt, subject: `Refund for order ${id} never arrived`, body: 'The refund promised two weeks ago is still missing.' });
}

describe('queue mode: exactly once across workers', () => {
	test('the stack runs a main process, a webhook processor and two workers on PostgreSQL', async () => {
		const started = stack.startedByWorker();
		expect(Object.keys(started)).toHaveLength(WORKERS);
		// n8n's own tables and the store's Data Tables are in the stack's PostgreSQL database
		const tables = await pool.query("SELECT table_name FROM information_schema.tables WHERE table_name IN ('workflow_entity', 'execution_entity', 'data_table')");
		expect(tables.rows.map((row) => row.table_name).sort()).toEqual(['data_table', 'execution_entity', 'workflow_entity']);
	});

	test('twelve deliveries of one event at once, run by both workers, store one ticket and one event, answer once as created and audit once', async () => {
		const event = genericEvent('Q-DUP-1');
		const { result: answers, started } = await perWorker(async () => await Promise.all(Array.from({ length: 12 }, async () => await op.post('sla-intake', event))));
		expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
		expect(Object.values(started).every((ids) => ids.length > 0)).toBe(true);
		expect(answers.filter((answer) => answer.body.change === 'created')).toHaveLength(1);
		expect(answers.filter((answer) => answer.body.change === 'duplicate')).toHaveLength(11);
		expect(await op.rows('tickets', { key: 'generic:Q-DUP-1' })).toHaveLength(1);
		expect(await op.rows('events', { eventId: 'evt-Q-DUP-1' })).toHaveLength(1);
		const audited = await pool.query("SELECT count(*)::int AS n FROM sla_audit_trail WHERE trail = 'sla-audit' AND idempotency_key = 'intake:evt-Q-DUP-1'");
		expect(audited.rows[0].n).toBe(1);
	});

	test('ten runs of one escalation at the same moment on both workers post each Slack message once', async () => {
		const intake = await op.post('sla-intake', breachedEvent('Q-ESC-1'));
		expect(intake.body.sla.state).toBe('breached');
		const workflow = await op.n8n.rest('POST', '/workflows', ESCALATE_ONCE);
		await op.n8n.publish(workflow.id);
		const ticket = { ...intake.body, id: 'Q-ESC-1', escalation: undefined };
		const { result: answers, started } = await perWorker(async () => await Promise.all(Array.from({ length: 10 }, async () => await op.post('queue-escalate', ticket, {}))));
		expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
		expect(Object.values(started).every((ids) => ids.length > 0)).toBe(true);
		expect(answers.filter((answer) => answer.body.status === 'escalated')).toHaveLength(1);
		const posts = ladderPosts('#queue-e2e', 'Q-ESC-1');
		expect(posts.length).toBeGreaterThan(0);
		const texts = posts.map((call) => JSON.stringify({ text: call.body.text, thread: call.body.thread_ts !== undefined }));
		expect(new Set(texts).size).toBe(texts.length);
		const claims = await pool.query("SELECT count(*)::int AS n FROM sla_claims WHERE scope LIKE $1 AND claim_key LIKE '%:Q-ESC-1:%'", [`node:${workflow.id}:%`]);
		expect(claims.rows[0].n).toBe(posts.length);
	});

	test('overlapping sweeps of the escalation template post each level of a breached ticket once', async () => {
		expect((await op.post('sla-intake', breachedEvent('Q-SWEEP-1'))).body.sla.state).toBe('breached');
		const runtime = (await op.rows('config', { name: 'runtime' })).reduce((best, row) => (Number(row.version) > Number(best.version) ? row : best));
		const channel = JSON.parse(String(runtime.document)).escalationChannel as string;
		const sweeps = await Promise.all(Array.from({ length: 4 }, async () => await op.post('sla-sweep', { leaseSeconds: 30 })));
		expect(sweeps.map((sweep) => sweep.status)).toEqual(Array(4).fill(200));
		const swept = sweeps.flatMap((sweep) => (sweep.body.swept ?? []).map((entry: { key: string }) => entry.key));
		expect(swept.filter((key: string) => key === 'generic:Q-SWEEP-1')).toHaveLength(1);
		const posts = ladderPosts(channel, 'Q-SWEEP-1');
		expect(posts.length).toBeGreaterThan(0);
		// once the ticket is free again, another sweep finds every level sent
		await op.update('tickets', { key: 'generic:Q-SWEEP-1' }, { nextCheckAt: new Date(Date.now() - 1000).toISOString(), leaseUntil: null });
		const again = await Promise.all(Array.from({ length: 2 }, async () => await op.post('sla-sweep', { leaseSeconds: 30 })));
		expect(again.map((sweep) => sweep.status)).toEqual([200, 200]);
		expect(ladderPosts(channel, 'Q-SWEEP-1')).toHaveLength(posts.length);
	});
});

describe('queue mode: the audit trail in PostgreSQL', () => {
	test('twenty events at once, recorded by both workers, make one unbroken chain with every entry once', async () => {
		const events = Array.from({ length: 20 }, (_, i) => genericEvent(`Q-AUDIT-${i}`));
		const { result: answers, started } = await perWorker(async () => await Promise.all(events.map(async (event) => await op.post('sla-intake', event))));
		expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
		expect(Object.values(started).every((ids) => ids.length > 0)).toBe(true);
		const keys = await pool.query("SELECT idempotency_key, count(*)::int AS n FROM sla_audit_trail WHERE trail = 'sla-audit' AND idempotency_key LIKE 'intake:evt-Q-AUDIT-%' GROUP BY idempotency_key");
		expect(keys.rows).toHaveLength(20);
		expect(keys.rows.every((row) => row.n === 1)).toBe(true);
		// one chain: entry sequence numbers 1..n without a gap or a repeat, each line chained to the one before
		const lines = await pool.query("SELECT kind, seq::int AS seq, hash, prev_hash FROM sla_audit_trail WHERE trail = 'sla-audit' ORDER BY line_no");
		const entries = lines.rows.filter((row) => row.kind === 'entry');
		expect(entries.map((row) => row.seq)).toEqual(entries.map((_, i) => i + 1));
		const forks = entries.filter((row, i) => i > 0 && row.prev_hash !== entries[i - 1].hash);
		expect(forks).toEqual([]);
		// and the Audit Trail template's Verify, run by a worker, says so with the audit key
		const verify = await op.n8n.webhook('sla-audit-verify', undefined, { method: 'GET', headers: { 'X-SLA-Token': INTAKE_TOKEN } });
		expect({ status: verify.status, intact: verify.body.intact }).toEqual({ status: 200, intact: true });
		expect(verify.body.verify.entries).toBe(entries.length);
	});
});
