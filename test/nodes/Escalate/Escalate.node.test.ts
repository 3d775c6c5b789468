/**
 * The Escalate node with a mocked n8n context (parameters, dedup store, credential) against the local
 * Slack Web API server: real `@slack/web-api` calls, retries and failures.
 */
import { NodeApiError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { Escalate } from '../../../nodes/Escalate/Escalate.node';
import { executeContext } from '../../support/execute-context';
import { useSlackServer } from '../../support/slack-server';
import { dedupStore, type DedupStore } from '../../support/dedup-store';

const T0 = Date.parse('2026-03-10T09:00:00Z');
const MIN = 60_000;
const TARGET = 120 * MIN;

/** A ticket whose first-response clock (2 h target) has used `percent` at T0. */
function ticket(percent: number, extra: Record<string, unknown> = {}) {
	const elapsed = (percent / 100) * TARGET;
	return {
		id: 'T-42',
		subject: 'Checkout fails',
		priority: 'normal',
		customer: { id: 'C-1', name: 'Acme GmbH', tier: 'pro', crm: { arr: 120000, accountOwner: 'Sam' } },
		intent: { type: 'billing' },
		sla: {
			state: percent >= 100 ? 'breached' : 'running',
			cycle: 1,
			firstResponse: {
				target: 120,
				dueAt: new Date(T0 + TARGET - elapsed).toISOString(),
				elapsedMs: elapsed,
				remainingMs: TARGET - elapsed,
				percentUsed: percent,
				state: percent >= 100 ? 'breached' : 'running',
				cycle: 1,
			},
		},
		...extra,
	};
}

type Store = DedupStore;

const slack = useSlackServer();

function run(
	items: Array<Record<string, unknown>>,
	store: Store,
	parameters: Record<string, unknown> = {},
	options: { continueOnFail?: boolean; now?: number | ((i: number) => number) } = {},
): Promise<INodeExecutionData[][]> {
	const now = options.now ?? T0;
	const ctx = executeContext({
		items,
		continueOnFail: options.continueOnFail,
		parameters: {
			mode: 'send',
			channel: '#support-escalations',
			ladderSource: 'default',
			leadershipChannel: '#support-leads',
			...parameters,
			options: { now: (i: number) => new Date(typeof now === 'function' ? now(i) : now).toISOString(), ...(parameters.options as object) },
			'options.now': (i: number) => new Date(typeof now === 'function' ? now(i) : now).toISOString(),
		},
	});
	(ctx as unknown as { helpers: unknown }).helpers = store;
	ctx.getCredentials.mockResolvedValue({ accessToken: 'xoxb-test', slackApiUrl: slack().url });
	ctx.getExecutionId.mockReturnValue('exec-1');
	return new Escalate().execute.call(ctx as unknown as IExecuteFunctions);
}

const posts = () => slack().calls.filter((call) => call.method === 'chat.postMessage' && call.response?.ok);
const [ESCALATED, NO_ACTION, SUPPRESSED] = [0, 1, 2];

describe('Escalate node', () => {
	it('posts the level that is due to the channel and records it on the ticket', async () => {
		const store = dedupStore();
		const out = await run([ticket(55)], store);
		expect(out[ESCALATED]).toHaveLength(1);
		const escalation = out[ESCALATED][0].json.escalation as Record<string, any>;
		expect(escalation).toMatchObject({ status: 'escalated', level: 1, slack: { channel: 'C00000001' } });
		expect(escalation.levels).toEqual([
			expect.objectContaining({ metric: 'firstResponse', cycle: 1, level: 1, name: 'Heads-up', key: 'sla-escalation:v1:T-42:firstResponse:cycle-1:level-1', ts: escalation.slack.ts, paged: true }),
		]);
		expect(out[ESCALATED][0].pairedItem).toEqual({ item: 0 });
		expect(out[ESCALATED][0].json.subject).toBe('Checkout fails');

		const [post] = posts();
		expect(post.body.channel).toBe('#support-escalations');
		expect(post.body.text).toContain('Escalation L1 Heads-up: ticket T-42 (normal, billing)');
		expect(post.body.blocks[0].text.text).toBe('🚨 L1 [NORMAL] · Ticket T-42 · billing');
		expect(post.headers.authorization).toBe('Bearer xoxb-test');
		expect(JSON.stringify(post.body.blocks)).toContain('*Account owner*\\nSam');
		expect([...store.keys]).toEqual(['sla-escalation:v1:T-42:firstResponse:cycle-1:level-1:thread']);
	});

	it('sends a level once when the same ticket arrives ten times', async () => {
		const store = dedupStore();
		const outcomes: number[] = [];
		for (let i = 0; i < 10; i++) {
			const out = await run([ticket(80)], store);
			outcomes.push(out.findIndex((items) => items.length > 0));
		}
		expect(posts()).toHaveLength(1);
		expect(outcomes).toEqual([ESCALATED, ...Array(9).fill(SUPPRESSED)]);
		const again = await run([ticket(80)], store);
		expect(again[SUPPRESSED][0].json.escalation).toMatchObject({ status: 'suppressed', reason: 'alreadySent' });
		expect((again[SUPPRESSED][0].json.escalation as { why: string }).why).toContain('L2 Warning on firstResponse (cycle 1)');
	});

	it('sends a ticket listed twice in one run once', async () => {
		const out = await run([ticket(80), ticket(80)], dedupStore());
		expect(posts()).toHaveLength(1);
		expect(out[ESCALATED]).toHaveLength(1);
		expect(out[SUPPRESSED][0].json.escalation).toMatchObject({ reason: 'duplicateInRun' });
		expect(out[SUPPRESSED][0].pairedItem).toEqual({ item: 1 });
	});

	it('threads later levels under the first message, broadcasts the level change and updates the parent', async () => {
		const store = dedupStore();
		const first = await run([ticket(55)], store);
		const record = first[ESCALATED][0].json.escalation as Record<string, any>;
		const second = await run([ticket(80, { escalation: record })], store);
		const escalation = second[ESCALATED][0].json.escalation as Record<string, any>;

		const [parent, reply] = posts();
		expect(reply.body.thread_ts).toBe(parent.response.ts);
		expect(reply.body.channel).toBe(parent.response.channel);
		expect(reply.body.reply_broadcast).toBe('true');
		expect(reply.body.text).toContain('<!here>');
		const update = slack().calls.find((call) => call.method === 'chat.update');
		expect(update?.body).toMatchObject({ channel: parent.response.channel, ts: parent.response.ts });
		expect(update?.body.blocks[0].text.text).toBe('Escalation L2: [NORMAL] · Ticket T-42 · billing');
		expect(escalation.levels.map((entry: { level: number }) => entry.level)).toEqual([1, 2]);
		expect(escalation.slack).toEqual(record.slack);
		expect(escalation.parentUpdate).toEqual({ ok: true, level: 2 });
	});

	it('tells leadership and raises the priority at the breach level', async () => {
		const out = await run([ticket(105)], dedupStore());
		const escalation = out[ESCALATED][0].json.escalation as Record<string, any>;
		expect(posts().map((call) => call.body.channel)).toEqual(['#support-escalations', '#support-leads']);
		expect(escalation.actions).toEqual({ raisePriority: { from: 'normal', to: 'high', level: 3 } });
		expect(out[ESCALATED][0].json.priority).toBe('normal');
		expect(escalation.sent.map((sent: { destination: string }) => sent.destination)).toEqual(['thread', 'leadership']);
	});

	it('retries a rate-limited post after Retry-After and sends it once', async () => {
		slack().failNext('chat.postMessage', [{ status: 429, retryAfter: 1 }]);
		const started = Date.now();
		const out = await run([ticket(55)], dedupStore());
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(out[ESCALATED]).toHaveLength(1);
		expect(slack().calls.filter((call) => call.method === 'chat.postMessage').map((call) => call.status)).toEqual([429, 200]);
	});

	it('fails with a NodeApiError after Slack keeps answering 500, and records nothing as sent', async () => {
		const store = dedupStore();
		slack().failNext('chat.postMessage', Array(10).fill({ status: 500 }));
		const error = await run([ticket(55)], store).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Slack answered chat.postMessage with HTTP 500 after retrying');
		expect(error.httpCode).toBe('500');
		expect(error.context.itemIndex).toBe(0);
		expect(store.keys.size).toBe(0);
		expect(posts()).toHaveLength(0);

		slack().reset();
		const retried = await run([ticket(55)], store);
		expect(retried[ESCALATED]).toHaveLength(1);
		expect(posts()).toHaveLength(1);
	});

	it('explains a Slack refusal the builder can fix', async () => {
		slack().failNext('chat.postMessage', [{ status: 200, body: { ok: false, error: 'not_in_channel' } }]);
		const error = await run([ticket(55)], dedupStore()).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Slack refused chat.postMessage: not_in_channel');
		expect(error.description).toMatch(/Invite the bot/);
	});

	it('keeps going under continue-on-fail: the failed ticket becomes an error item and is not recorded', async () => {
		const store = dedupStore();
		slack().failNext('chat.postMessage', Array(4).fill({ status: 500 }));
		const out = await run([ticket(55), ticket(55, { id: 'T-43' })], store, {}, { continueOnFail: true });
		expect(out[0]).toHaveLength(2);
		expect(out[0][0].json.error).toMatch(/HTTP 500/);
		expect(out[0][0].pairedItem).toEqual({ item: 0 });
		expect(out[0][1].json.escalation).toMatchObject({ status: 'escalated' });
		expect([...store.keys]).toEqual(['sla-escalation:v1:T-43:firstResponse:cycle-1:level-1:thread']);
	});

	it('keeps a level as sent when only rewriting the parent message fails', async () => {
		const store = dedupStore();
		const first = await run([ticket(55)], store);
		slack().failNext('chat.update', Array(4).fill({ status: 500 }));
		const second = await run([ticket(80, { escalation: first[ESCALATED][0].json.escalation })], store);
		const escalation = second[ESCALATED][0].json.escalation as Record<string, any>;
		expect(escalation.parentUpdate).toEqual({ ok: false, error: 'Slack answered chat.update with HTTP 500 after retrying' });
		expect(escalation.levels.map((entry: { level: number }) => entry.level)).toEqual([1, 2]);
		expect(store.keys.has('sla-escalation:v1:T-42:firstResponse:cycle-1:level-2:thread')).toBe(true);
	});

	it('builds a ladder from the editor: percent, time after due, and its actions', async () => {
		const parameters = {
			ladderSource: 'editor',
			levels: {
				level: [
					{ name: 'Early', trigger: 'percentUsed', percent: 30, notifyChannel: true, mention: 'S0TEAM01' },
					{ name: 'Late', trigger: 'afterDue', minutes: 10, notifyChannel: true, raisePriority: true, reassignTo: 'dana', reassignKind: 'lead' },
				],
			},
		};
		const early = await run([ticket(40)], dedupStore(), parameters);
		expect((early[ESCALATED][0].json.escalation as Record<string, any>).levels[0]).toMatchObject({ level: 1, name: 'Early' });
		expect(posts()[0].body.text.startsWith('<!subteam^S0TEAM01>')).toBe(true);
		const late = await run([ticket(100)], dedupStore(), parameters, { now: T0 + 10 * MIN });
		expect((late[ESCALATED][0].json.escalation as Record<string, any>).actions).toEqual({
			raisePriority: { from: 'normal', to: 'high', level: 2 },
			reassign: { to: 'dana', kind: 'lead', level: 2 },
		});
	});

	it('claims again when the first claim fails because another execution created the store row', async () => {
		const store = dedupStore();
		const record = store.checkProcessedAndRecord.getMockImplementation()!;
		store.checkProcessedAndRecord.mockImplementationOnce(async () => {
			throw new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context');
		});
		store.checkProcessedAndRecord.mockImplementationOnce(record);
		const out = await run([ticket(55)], store);
		expect(out[ESCALATED]).toHaveLength(1);
		expect(store.checkProcessedAndRecord).toHaveBeenCalledTimes(2);
	});

	it('takes no action before the first level and says when to check again', async () => {
		const out = await run([ticket(20)], dedupStore());
		expect(out[NO_ACTION][0].json.escalation).toMatchObject({
			status: 'noAction',
			why: 'No escalation level is due yet.',
			nextCheckAt: new Date(T0 + 0.3 * TARGET).toISOString(),
		});
		expect(slack().calls).toHaveLength(0);
	});

	it('suppresses an acknowledged ticket until the ladder re-arms', async () => {
		const events = [{ type: 'acknowledged', at: new Date(T0 - 5 * MIN).toISOString() }];
		const out = await run([ticket(80, { events })], dedupStore(), { options: { rearmMinutes: 30 } });
		expect(out[SUPPRESSED][0].json.escalation).toMatchObject({ reason: 'acknowledged', nextCheckAt: new Date(T0 + 25 * MIN).toISOString() });
		expect(slack().calls).toHaveLength(0);
	});

	it('notifies without paging outside paging hours, and still pages for an always-page tier', async () => {
		const pagingHours = { timezone: 'UTC', weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] } };
		const parameters = {
			ladderSource: 'json',
			ladderJson: { levels: [{ name: 'Warn', trigger: { kind: 'percentUsed', percent: 50 }, actions: [{ type: 'notifyChannel' }, { type: 'mention', targets: ['here'] }, { type: 'notifyUsers', users: ['U0LEAD01'] }] }] },
			options: { pagingHours: JSON.stringify(pagingHours), alwaysPageTiers: 'vip' },
		};
		const quiet = await run([ticket(80)], dedupStore(), parameters);
		const [post] = posts();
		expect(JSON.stringify(post.body)).not.toMatch(/<!here>/);
		expect(post.body.blocks[1].text.text).toContain('Outside paging hours until 2026-03-16T09:00:00.000Z');
		expect(posts()).toHaveLength(1);
		expect(quiet[ESCALATED][0].json.escalation).toMatchObject({ paging: { page: false, reason: 'quietHours' } });

		slack().reset();
		await run([ticket(80, { id: 'T-VIP', customer: { tier: 'vip' } })], dedupStore(), parameters);
		expect(posts().map((call) => call.body.channel)).toEqual(['#support-escalations', 'U0LEAD01']);
		expect(posts()[0].body.text.startsWith('<!here>')).toBe(true);
	});

	it('posts to the channel and person chosen in the resource locators, as to the plain names of older workflows', async () => {
		const chosen = {
			channel: { __rl: true, mode: 'list', value: 'C0000ESC1', cachedResultName: '#support-escalations' },
			leadershipChannel: { __rl: true, mode: 'id', value: ' U0LEAD01 ' },
		};
		await run([ticket(105)], dedupStore(), chosen);
		expect(posts().map((call) => call.body.channel)).toEqual(['C0000ESC1', 'U0LEAD01']);
		slack().reset();
		await run([ticket(105)], dedupStore(), { channel: { __rl: true, mode: 'name', value: '' } }).catch((error) => expect(error.message).toMatch(/Channel: is empty/));
		expect(posts()).toHaveLength(0);
	});

	it('builds the messages without sending or recording anything in a dry run', async () => {
		const store = dedupStore();
		const out = await run([ticket(80)], store, { mode: 'dryRun' });
		const escalation = out[ESCALATED][0].json.escalation as Record<string, any>;
		expect(escalation.dryRun).toBe(true);
		expect(escalation.messages).toHaveLength(1);
		expect(escalation.messages[0]).toMatchObject({ destination: 'thread', channel: '#support-escalations', level: 2 });
		expect(escalation.messages[0].blocks[0].text.text).toBe('🚨 L2 [NORMAL] · Ticket T-42 · billing');
		expect(escalation.levels).toEqual([]);
		expect(slack().calls).toHaveLength(0);
		expect(store.checkProcessedAndRecord).not.toHaveBeenCalled();
	});

	it('names the field when the ticket has no SLA', async () => {
		const error = await run([{ id: 'T-1' }], dedupStore()).catch((e) => e);
		expect(error.message).toBe('Item 0: sla: is missing: run the SLA Clock node before Escalate');
	});
});
