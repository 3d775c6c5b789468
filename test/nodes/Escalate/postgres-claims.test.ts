/**
 * Escalate with Claim Store → PostgreSQL, against this project's PostgreSQL (scripts/postgres.sh) and
 * the local Slack Web API server: runs of one ticket at the same moment, as queue-mode workers make
 * them, post each level once; a post Slack refused is given back and goes out on the next run.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { Pool, type PoolConfig } from 'pg';

import { closeAllSharedPools } from '../../../nodes/AuditLog/postgres-connection';
import { Escalate } from '../../../nodes/Escalate/Escalate.node';
import { dropDatabase, freshDatabase } from '../../support/audit-postgres';
import { dedupStore } from '../../support/dedup-store';
import { executeContext } from '../../support/execute-context';
import { useSlackServer } from '../../support/slack-server';

const DATABASE = 'sla_escalate_claims_test';
const T0 = Date.parse('2026-03-10T09:00:00Z');
const TARGET = 120 * 60_000;
let config: PoolConfig;
let pool: Pool;

beforeAll(() => {
	config = freshDatabase(DATABASE);
	pool = new Pool(config);
}, 120_000);

afterAll(async () => {
	await pool?.end();
	await closeAllSharedPools();
	dropDatabase(DATABASE);
});

const slack = useSlackServer();

/** A ticket whose first-response clock (2 h target) has used `percent` at T0. */
function ticket(id: string, percent: number) {
	const elapsed = (percent / 100) * TARGET;
	return {
		id,
		subject: 'Checkout fails',
		priority: 'normal',
		customer: { id: 'C-1', tier: 'pro' },
		sla: {
			state: percent >= 100 ? 'breached' : 'running',
			cycle: 1,
			firstResponse: { target: 120, dueAt: new Date(T0 + TARGET - elapsed).toISOString(), elapsedMs: elapsed, remainingMs: TARGET - elapsed, percentUsed: percent, state: percent >= 100 ? 'breached' : 'running', cycle: 1 },
		},
	};
}

/** One execution of the node, as one worker would run it: claims in PostgreSQL (or n8n's store when given). */
function run(items: Array<Record<string, unknown>>, options: { workflowId?: string; helpers?: unknown; parameters?: Record<string, unknown> } = {}): Promise<INodeExecutionData[][]> {
	const now = new Date(T0).toISOString();
	const ctx = executeContext({
		items,
		parameters: { mode: 'send', channel: '#support-escalations', ladderSource: 'default', claimStore: 'postgres', claimsTable: 'sla_claims', options: { now }, 'options.now': now, ...options.parameters },
	});
	ctx.getCredentials.mockImplementation((async (name: string) => {
		if (name === 'slaAuditPostgresApi') return { ...config, ssl: false };
		return { accessToken: 'xoxb-test', slackApiUrl: slack().url };
	}) as unknown as IExecuteFunctions['getCredentials']);
	ctx.getWorkflow.mockReturnValue({ id: options.workflowId ?? 'wf-claims', name: 'Sweep', active: true });
	ctx.getExecutionId.mockReturnValue('exec-1');
	(ctx as unknown as { helpers: unknown }).helpers = options.helpers ?? {
		checkProcessedAndRecord: jest.fn(async () => {
			throw new Error("n8n's deduplication store must not be used with Claim Store PostgreSQL");
		}),
	};
	return new Escalate().execute.call(ctx as unknown as IExecuteFunctions);
}

const posts = (id: string) => slack().calls.filter((call) => call.method === 'chat.postMessage' && call.response?.ok && JSON.stringify(call.body).includes(id));

describe('Escalate: Claim Store PostgreSQL', () => {
	it('eight runs of one breached ticket at the same moment post each level once, and one run escalates', async () => {
		const outs = await Promise.all(Array.from({ length: 8 }, async () => await run([ticket('T-RACE', 110)])));
		const escalated = outs.filter((out) => out[0].length === 1);
		expect(escalated).toHaveLength(1);
		const sent = posts('T-RACE');
		expect(sent.length).toBeGreaterThan(0);
		const texts = sent.map((call) => JSON.stringify([call.body.text, call.body.thread_ts !== undefined]));
		expect(new Set(texts).size).toBe(texts.length);
		const claims = await pool.query("SELECT claim_key FROM sla_claims WHERE scope = 'node:wf-claims:node-under-test' AND claim_key LIKE '%T-RACE%'");
		expect(claims.rows.length).toBe(sent.length);
		// every later run finds the levels sent
		const again = await run([ticket('T-RACE', 110)]);
		expect(again[0]).toHaveLength(0);
		expect(posts('T-RACE')).toHaveLength(sent.length);
	}, 30_000);

	it('a post Slack refused is given back, so the next run posts it once', async () => {
		slack().failNext('chat.postMessage', Array(4).fill({ status: 500 }));
		await expect(run([ticket('T-RETRY', 55)])).rejects.toThrow('Slack answered chat.postMessage with HTTP 500');
		const held = await pool.query("SELECT count(*)::int AS n FROM sla_claims WHERE claim_key LIKE '%T-RETRY%'");
		expect(held.rows[0].n).toBe(0);
		const out = await run([ticket('T-RETRY', 55)]);
		expect(out[0]).toHaveLength(1);
		expect(posts('T-RETRY')).toHaveLength(1);
	}, 30_000);

	it('Post Alert posts a key once across runs at the same moment', async () => {
		const alert = { mode: 'alert', channel: '#support-ops', alertText: 'Dead letter stored', idempotencyKey: 'dead-letter-7', alertOptions: {} };
		const outs = await Promise.all(Array.from({ length: 6 }, async () => await run([{}], { parameters: alert })));
		expect(outs.filter((out) => out[0].length === 1)).toHaveLength(1);
		expect(slack().calls.filter((call) => call.method === 'chat.postMessage' && call.response?.ok && call.body.text?.includes('Dead letter stored'))).toHaveLength(1);
	});

	it('by default the claims stay in n8n\'s deduplication store, none in PostgreSQL', async () => {
		const store = dedupStore();
		const out = await run([ticket('T-DEFAULT', 55)], { helpers: store, parameters: { claimStore: 'n8n' } });
		expect(out[0]).toHaveLength(1);
		expect(store.checkProcessedAndRecord).toHaveBeenCalledTimes(1);
		const rows = await pool.query("SELECT count(*)::int AS n FROM sla_claims WHERE claim_key LIKE '%T-DEFAULT%'");
		expect(rows.rows[0].n).toBe(0);
	});
});
