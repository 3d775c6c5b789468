/**
 * Escalate in real n8n against the local Slack Web API server: a webhook workflow that escalates the
 * posted ticket (exactly once per level, retries on 429, a persistent 500 reaching the error workflow
 * with nothing recorded as sent), and a sweep (tickets from a Code node → SLA Clock → Escalate) run
 * headless. The error workflow and the sweep are test fixtures in test/e2e/workflows/: the templates'
 * own sweep and error handler (workflows/sla-sweep.json, sla-error-handler.json) work on the SLA store.
 */
import { executeWorkflow, importCredentials, importWorkflow, loadWorkflow, startN8n, type ExecutionResult, type N8nServer } from './n8n';
import { startSlackServer, type SlackServer } from '../support/slack-server';

const CREDENTIAL = { id: 'slaSlackE2eCred1', name: 'SLA Slack (e2e)' };
const ERROR_WORKFLOW = 'test/e2e/workflows/escalation-errors.json';
const SWEEP_WORKFLOW = 'test/e2e/workflows/escalation-sweep.json';
const MIN = 60_000;
const TARGET = 120 * MIN;
const T0 = Date.parse('2026-03-10T09:00:00Z');

/** A ticket whose first-response clock (2 h target) has used `percent` at `now`, as the SLA Clock writes it. */
function ticket(id: string, percent: number, extra: Record<string, unknown> = {}) {
	const now = T0 + (percent / 100) * TARGET;
	const elapsed = (percent / 100) * TARGET;
	const state = percent >= 100 ? 'breached' : percent >= 75 ? 'at_risk' : 'running';
	return {
		id,
		subject: 'Checkout fails for all EU customers',
		priority: 'high',
		customer: { id: 'C-7', name: 'Acme GmbH', tier: 'enterprise', crm: { arr: '€120k' } },
		intent: { type: 'billing' },
		now: new Date(now).toISOString(),
		sla: {
			state,
			cycle: 1,
			nextCheckAt: null,
			firstResponse: {
				target: 120,
				startedAt: new Date(T0).toISOString(),
				dueAt: new Date(T0 + TARGET).toISOString(),
				elapsedMs: elapsed,
				remainingMs: TARGET - elapsed,
				percentUsed: percent,
				state,
				breachedAt: percent >= 100 ? new Date(T0 + TARGET).toISOString() : null,
				fulfilledAt: null,
				cycle: 1,
				instance: 1,
			},
		},
		...extra,
	};
}

function escalateWebhookWorkflow() {
	const mark = (n: number, name: string, branch: string, y: number) => ({
		parameters: { assignments: { assignments: [{ id: `branch-${branch}`, name: 'branch', value: branch, type: 'string' }] }, includeOtherFields: true, options: {} },
		id: `e5ca1a7e-0e2e-4c1e-9a10-00000000000${n}`,
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [700, y],
	});
	return {
		id: 'slaEscalateE2eWh',
		name: 'Escalate e2e webhook',
		nodes: [
			{
				parameters: { httpMethod: 'POST', path: 'escalate-e2e', responseMode: 'responseNode', options: {} },
				id: 'e5ca1a7e-0e2e-4c1e-9a10-000000000001',
				name: 'Ticket Event',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 300],
				webhookId: 'e5ca1a7e-0e2e-4c1e-9a10-0000000000aa',
			},
			{
				parameters: { mode: 'raw', jsonOutput: '={{ $json.body }}', options: {} },
				id: 'e5ca1a7e-0e2e-4c1e-9a10-000000000002',
				name: 'Ticket',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 300],
			},
			{
				parameters: {
					mode: 'send',
					channel: '#support-escalations',
					ladderSource: 'default',
					leadershipChannel: '',
					options: { now: "={{ $json.now ?? '' }}", ticketUrl: '=https://helpdesk.example.com/tickets/{{ $json.id }}' },
				},
				id: 'e5ca1a7e-0e2e-4c1e-9a10-000000000003',
				name: 'Escalate',
				type: 'n8n-nodes-sla-orchestrator.escalate',
				typeVersion: 1,
				position: [440, 300],
				credentials: { slaSlackApi: CREDENTIAL },
			},
			mark(4, 'Mark Escalated', 'escalated', 160),
			mark(5, 'Mark No Action', 'no_action', 300),
			mark(6, 'Mark Suppressed', 'suppressed', 440),
			{
				parameters: { respondWith: 'firstIncomingItem', options: {} },
				id: 'e5ca1a7e-0e2e-4c1e-9a10-000000000007',
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [940, 300],
			},
		],
		connections: {
			'Ticket Event': { main: [[{ node: 'Ticket', type: 'main', index: 0 }]] },
			Ticket: { main: [[{ node: 'Escalate', type: 'main', index: 0 }]] },
			Escalate: {
				main: [
					[{ node: 'Mark Escalated', type: 'main', index: 0 }],
					[{ node: 'Mark No Action', type: 'main', index: 0 }],
					[{ node: 'Mark Suppressed', type: 'main', index: 0 }],
				],
			},
			'Mark Escalated': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
			'Mark No Action': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
			'Mark Suppressed': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', errorWorkflow: 'slaEscalateErrors' },
		active: false,
		pinData: {},
	};
}

/** The items a node put on one output over all its runs (it runs once per SLA Clock branch feeding it). */
function allRuns(execution: ExecutionResult, nodeName: string, output: number): Array<Record<string, any>> {
	return (execution.runData[nodeName] ?? []).flatMap((run) => (run.data?.main?.[output] ?? []).map((item) => item.json));
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

describe('Escalate in real n8n with a local Slack', () => {
	let slack: SlackServer;
	let n8n: N8nServer;

	const accepted = (ticketId: string) =>
		slack.calls.filter((call) => call.method === 'chat.postMessage' && call.response?.ok && String(call.body.text).includes(`ticket ${ticketId} `));

	beforeAll(async () => {
		slack = await startSlackServer();
		await importCredentials([{ ...CREDENTIAL, type: 'slaSlackApi', data: { accessToken: 'xoxb-e2e-token', slackApiUrl: slack.url } }]);
		const errorWorkflow = loadWorkflow(ERROR_WORKFLOW) as { id: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
		errorWorkflow.nodes.find((node) => node.name === 'Alert Operators in Slack')!.parameters.url = slack.webhookUrl;
		// n8n 2 runs an error workflow only when it is published.
		n8n = await startN8n({ publish: [errorWorkflow, escalateWebhookWorkflow()] });
		// Published workflows finish activating shortly after n8n answers; a ticket with nothing due sends nothing.
		let last: unknown;
		await waitFor(async () => {
			const response = await n8n.webhook('escalate-e2e', ticket('E2E-WARMUP', 10));
			last = [response.status, response.body];
			return response.status === 200 || undefined;
		}, 120_000).catch((error: Error) => {
			throw new Error(`${error.message}: the webhook answered ${JSON.stringify(last)}; n8n said:\n${n8n.logs().slice(-3000)}`);
		});
	});

	afterAll(async () => {
		await n8n?.stop();
		await slack?.stop();
	});

	it('tests the SLA Slack API credential by calling auth.test with the bot token', async () => {
		slack.reset();
		const test = (accessToken: string) =>
			n8n.rest('POST', '/credentials/test', { credentials: { ...CREDENTIAL, type: 'slaSlackApi', data: { accessToken, slackApiUrl: slack.url } } });
		expect(await test('xoxb-e2e-token')).toMatchObject({ status: 'OK' });
		expect(slack.calls.map((call) => [call.method, call.headers.authorization])).toEqual([['auth.test', 'Bearer xoxb-e2e-token']]);
		expect(await test('revoked-token')).toMatchObject({ status: 'Error', message: 'Slack did not accept the bot token' });
	});

	it("lists Slack's channels and people for the editor's Channel and Leadership Channel (From List)", async () => {
		slack.reset();
		slack.directory.channels.push({ id: 'C0000ESC1', name: 'support-escalations' }, { id: 'G0000LEAD', name: 'support-leads', is_private: true }, { id: 'C0000OLD1', name: 'old', is_archived: true });
		slack.directory.users.push({ id: 'U00000ANA', name: 'ana', real_name: 'Ana Lima' });
		const search = (path: string, methodName: string, filter?: string) =>
			n8n.rest('POST', '/dynamic-node-parameters/resource-locator-results', {
				nodeTypeAndVersion: { name: 'n8n-nodes-sla-orchestrator.escalate', version: 1 },
				path,
				methodName,
				currentNodeParameters: { mode: 'send', channel: { __rl: true, mode: 'list', value: '' }, leadershipChannel: { __rl: true, mode: 'list', value: '' } },
				credentials: { slaSlackApi: CREDENTIAL },
				...(filter === undefined ? {} : { filter }),
			});
		expect(await search('channel', 'getChannels')).toEqual({
			results: [
				{ name: '#support-escalations', value: 'C0000ESC1' },
				{ name: '#support-leads (private)', value: 'G0000LEAD' },
			],
		});
		expect((await search('leadershipChannel', 'getChannelsAndUsers', 'ana')).results).toEqual([{ name: 'Ana Lima (@ana)', value: 'U00000ANA' }]);
		expect(slack.calls.map((call) => [call.method, call.headers.authorization])).toEqual([
			['conversations.list', 'Bearer xoxb-e2e-token'],
			['conversations.list', 'Bearer xoxb-e2e-token'],
			['users.list', 'Bearer xoxb-e2e-token'],
		]);
	});

	it('posts one message when the same ticket arrives ten times', async () => {
		const branches: string[] = [];
		for (let i = 0; i < 10; i++) {
			const response = await n8n.webhook('escalate-e2e', ticket('E2E-SAME', 80));
			expect(response.status).toBe(200);
			branches.push(response.body.branch);
		}
		expect(branches).toEqual(['escalated', ...Array(9).fill('suppressed')]);
		expect(accepted('E2E-SAME')).toHaveLength(1);
	});

	it('posts one message when ten copies of a ticket arrive at once', async () => {
		const responses = await Promise.all(Array.from({ length: 10 }, () => n8n.webhook('escalate-e2e', ticket('E2E-BURST', 80))));
		const branches = responses.map((response) => response.body.branch).sort();
		expect(accepted('E2E-BURST')).toHaveLength(1);
		expect(branches).toEqual(['escalated', ...Array(9).fill('suppressed')]);
	});

	it('sends one message per level as the clock runs, threading later levels under the first', async () => {
		let record: unknown;
		const levels: number[] = [];
		for (const percent of [40, 52, 60, 70, 76, 85, 95, 101, 110, 120]) {
			const response = await n8n.webhook('escalate-e2e', ticket('E2E-LADDER', percent, record ? { escalation: record } : {}));
			expect(response.status).toBe(200);
			record = response.body.escalation;
			levels.push(response.body.escalation.level);
		}
		expect(levels).toEqual([0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
		const posts = accepted('E2E-LADDER');
		expect(posts).toHaveLength(3);
		const [parent, warning, breach] = posts;
		expect(parent.body.thread_ts).toBeUndefined();
		expect([warning.body.thread_ts, breach.body.thread_ts]).toEqual([parent.response.ts, parent.response.ts]);
		expect([warning.body.reply_broadcast, breach.body.reply_broadcast]).toEqual(['true', 'true']);
		const updates = slack.calls.filter((call) => call.method === 'chat.update' && call.body.ts === parent.response.ts);
		expect(updates).toHaveLength(2);
		expect(slack.messages.get(`${parent.response.channel}/${parent.response.ts}`)?.text).toMatch(/^Escalation status L3 Breach: ticket E2E-LADDER/);
		expect((record as { levels: Array<{ level: number }> }).levels.map((entry) => entry.level)).toEqual([1, 2, 3]);
	});

	it('retries a post that Slack rate-limits with Retry-After', async () => {
		slack.failNext('chat.postMessage', [{ status: 429, retryAfter: 1 }]);
		const response = await n8n.webhook('escalate-e2e', ticket('E2E-429', 55));
		expect(response.body.branch).toBe('escalated');
		const attempts = slack.calls.filter((call) => call.method === 'chat.postMessage' && String(call.body.text).includes('ticket E2E-429 '));
		expect(attempts.map((call) => call.status)).toEqual([429, 200]);
		expect(accepted('E2E-429')).toHaveLength(1);
	});

	it('sends a persistent Slack 500 to the error workflow and records nothing as sent', async () => {
		slack.failNext('chat.postMessage', Array(20).fill({ status: 500 }));
		const failed = await n8n.webhook('escalate-e2e', ticket('E2E-500', 55));
		// n8n ends a failed "respond with node" webhook without a body: no branch was taken.
		expect(failed.body?.branch).toBeUndefined();
		expect(accepted('E2E-500')).toHaveLength(0);
		const alert = await waitFor(() => slack.calls.find((call) => call.method === 'webhook')).catch((error: Error) => {
			throw new Error(`${error.message} for the error workflow's alert; n8n said:\n${n8n.logs().slice(-3000)}`);
		});
		expect(alert.body.text).toMatch(/failed in node Escalate: Slack answered chat.postMessage with HTTP 500/);

		slack.reset();
		const retried = await n8n.webhook('escalate-e2e', ticket('E2E-500', 55));
		expect(retried.body.branch).toBe('escalated');
		expect(retried.body.escalation.levels).toHaveLength(1);
		expect(accepted('E2E-500')).toHaveLength(1);
	});

	it('runs a sweep headless: the SLA Clock feeds Escalate, which alerts the ticket that is due', async () => {
		const template = loadWorkflow(SWEEP_WORKFLOW) as { id: string; nodes: Array<{ name: string; credentials?: unknown }> };
		template.nodes.find((node) => node.name === 'Escalate')!.credentials = { slaSlackApi: CREDENTIAL };
		const id = await importWorkflow(template);
		slack.reset();
		const execution = await executeWorkflow(id);
		expect(execution.error).toBeUndefined();
		const escalated = allRuns(execution, 'Escalate', 0);
		expect(escalated.map((item) => [item.id, item.escalation.level])).toEqual([['T-1001', 2]]);
		expect(allRuns(execution, 'Escalate', 1).map((item) => item.id)).toEqual(['T-1002']);
		const [post] = accepted('T-1001');
		expect(post.body.channel).toBe('#support-escalations');
		expect(post.body.text.startsWith('<!here>')).toBe(true);
	});

	it('posts to the channel of a resource locator as the templates save it: By Name, the value an expression', async () => {
		const template = loadWorkflow(SWEEP_WORKFLOW) as { id: string; nodes: Array<{ name: string; credentials?: unknown; parameters: Record<string, unknown> }> };
		const escalate = template.nodes.find((node) => node.name === 'Escalate')!;
		escalate.credentials = { slaSlackApi: CREDENTIAL };
		escalate.parameters.channel = { __rl: true, mode: 'name', value: "={{ $json.priority === 'urgent' ? '#support-urgent' : '#support-escalations' }}" };
		escalate.parameters.leadershipChannel = { __rl: true, mode: 'id', value: 'U0LEAD001' };
		const id = await importWorkflow({ ...template, id: 'escalationSweepRl01', name: 'Escalation sweep (resource locators)' });
		slack.reset();
		const execution = await executeWorkflow(id);
		expect(execution.error).toBeUndefined();
		expect(allRuns(execution, 'Escalate', 0).map((item) => [item.id, item.escalation.slack?.channel])).toEqual([['T-1001', expect.stringMatching(/^C/)]]);
		expect(accepted('T-1001').map((call) => call.body.channel)).toEqual(['#support-urgent']);
	});
});
