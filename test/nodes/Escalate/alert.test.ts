/**
 * Escalate in mode Post Alert, with a mocked n8n context (parameters as expressions of the item, the
 * dedup store, the credential) against the local Slack Web API server: real `@slack/web-api` calls,
 * retries and refusals.
 */
import { NodeApiError, NodeHelpers, NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';
import { Escalate } from '../../../nodes/Escalate/Escalate.node';
import { executeContext } from '../../support/execute-context';
import { useSlackServer } from '../../support/slack-server';
import { dedupStore, type DedupStore } from '../../support/dedup-store';

/** n8n's dedup store as the node sees it: check-and-record and remove. */
type Store = DedupStore;

const slack = useSlackServer();

/** The defaults as n8n resolves them: Alert Text `{{ $json.text }}`, Idempotency Key `{{ $json.alertKey ?? '' }}`. */
function run(
	items: Array<Record<string, unknown>>,
	store: Store,
	parameters: Record<string, unknown> = {},
	options: { continueOnFail?: boolean } = {},
): Promise<INodeExecutionData[][]> {
	const ctx = executeContext({
		items,
		continueOnFail: options.continueOnFail,
		parameters: {
			mode: 'alert',
			channel: '#support-ops',
			alertText: (_: number, item: INodeExecutionData) => item.json.text,
			idempotencyKey: (_: number, item: INodeExecutionData) => item.json.alertKey ?? '',
			linkLabel: 'Open Link',
			...parameters,
		},
	});
	(ctx as unknown as { helpers: unknown }).helpers = store;
	ctx.getCredentials.mockResolvedValue({ accessToken: 'xoxb-test', slackApiUrl: slack().url });
	ctx.getExecutionId.mockReturnValue('exec-1');
	return new Escalate().execute.call(ctx as unknown as IExecuteFunctions);
}

const posts = () => slack().calls.filter((call) => call.method === 'chat.postMessage' && call.response?.ok);
const [ESCALATED, NO_ACTION, SUPPRESSED] = [0, 1, 2];
const deadLetter = (extra: Record<string, unknown> = {}) => ({ text: ':warning: Dead letter stored for intake-route', alertKey: 'dead-letter:dl-1', deadLetterId: 'dl-1', ...extra });

describe('Escalate: Post Alert', () => {
	it('posts the alert to the channel and leaves with alert on the Escalated output', async () => {
		const store = dedupStore();
		const out = await run([deadLetter()], store);
		expect(out[ESCALATED]).toHaveLength(1);
		expect(out[NO_ACTION]).toHaveLength(0);
		expect(out[SUPPRESSED]).toHaveLength(0);
		const [post] = posts();
		expect(out[ESCALATED][0].json).toEqual({
			...deadLetter(),
			alert: { channel: 'C00000001', ts: post.response.ts, posted: true, duplicate: false, key: 'dead-letter:dl-1' },
		});
		expect(out[ESCALATED][0].pairedItem).toEqual({ item: 0 });
		expect(post.body.channel).toBe('#support-ops');
		expect(post.body.text).toBe(':warning: Dead letter stored for intake-route');
		expect(post.headers.authorization).toBe('Bearer xoxb-test');
		expect([...store.keys]).toEqual(['sla-alert:v1:dead-letter%3Adl-1']);
	});

	it('posts once for a key across two runs: the second leaves on No Action as a duplicate', async () => {
		const store = dedupStore();
		await run([deadLetter()], store);
		const again = await run([deadLetter()], store);
		expect(posts()).toHaveLength(1);
		expect(again[ESCALATED]).toHaveLength(0);
		expect(again[NO_ACTION][0].json.alert).toEqual({ channel: '#support-ops', ts: null, posted: false, duplicate: true, key: 'dead-letter:dl-1' });
		expect(again[NO_ACTION][0].pairedItem).toEqual({ item: 0 });

		const other = await run([deadLetter({ alertKey: 'dead-letter:dl-2' })], store);
		expect(other[ESCALATED]).toHaveLength(1);
		expect(posts()).toHaveLength(2);
	});

	it('posts a key listed twice in one run once', async () => {
		const store = dedupStore();
		const out = await run([deadLetter(), deadLetter(), deadLetter({ alertKey: 'dead-letter:dl-2' })], store);
		expect(posts()).toHaveLength(2);
		expect(out[ESCALATED].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(out[NO_ACTION][0]).toMatchObject({ pairedItem: { item: 1 }, json: { alert: { duplicate: true, posted: false } } });
		expect(store.checkProcessedAndRecord).toHaveBeenCalledTimes(1);
		expect(store.checkProcessedAndRecord.mock.calls[0][0]).toEqual(['sla-alert:v1:dead-letter%3Adl-1', 'sla-alert:v1:dead-letter%3Adl-2']);
	});

	it('always posts without a key, and claims nothing', async () => {
		const store = dedupStore();
		const first = await run([{ text: 'Daily SLA report' }], store);
		const second = await run([{ text: 'Daily SLA report' }], store, { idempotencyKey: '  ' });
		expect(posts()).toHaveLength(2);
		expect(first[ESCALATED][0].json.alert).toMatchObject({ posted: true, duplicate: false, key: null });
		expect(second[ESCALATED][0].json.alert).toMatchObject({ posted: true, key: null });
		expect(store.checkProcessedAndRecord).not.toHaveBeenCalled();
	});

	it('releases the claim when Slack refuses the post, so a re-run posts it', async () => {
		const store = dedupStore();
		slack().failNext('chat.postMessage', [{ status: 200, body: { ok: false, error: 'not_in_channel' } }]);
		const error = await run([deadLetter()], store).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Slack refused chat.postMessage: not_in_channel');
		expect(error.description).toMatch(/Invite the bot/);
		expect(error.context.itemIndex).toBe(0);
		expect(store.removeProcessed).toHaveBeenCalledWith(['sla-alert:v1:dead-letter%3Adl-1'], 'node', expect.anything());
		expect(store.keys.size).toBe(0);
		expect(posts()).toHaveLength(0);

		const retried = await run([deadLetter()], store);
		expect(retried[ESCALATED][0].json.alert).toMatchObject({ posted: true, duplicate: false });
		expect(posts()).toHaveLength(1);
		expect(store.keys.has('sla-alert:v1:dead-letter%3Adl-1')).toBe(true);
	});

	it('retries a rate-limited post after Retry-After and posts exactly one message', async () => {
		const store = dedupStore();
		slack().failNext('chat.postMessage', [{ status: 429, retryAfter: 1 }]);
		const started = Date.now();
		const out = await run([deadLetter()], store);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(slack().calls.filter((call) => call.method === 'chat.postMessage').map((call) => call.status)).toEqual([429, 200]);
		expect(slack().messages.size).toBe(1);
		expect(out[ESCALATED][0].json.alert).toMatchObject({ posted: true, key: 'dead-letter:dl-1' });
		expect(store.keys.has('sla-alert:v1:dead-letter%3Adl-1')).toBe(true);
	});

	it('under continue-on-fail, a failed post becomes an error item with its pairing, and only its claim is given back', async () => {
		const store = dedupStore();
		slack().failNext('chat.postMessage', Array(4).fill({ status: 500 }));
		const out = await run([deadLetter(), deadLetter({ alertKey: 'dead-letter:dl-2' })], store, {}, { continueOnFail: true });
		expect(out[ESCALATED]).toHaveLength(2);
		expect(out[ESCALATED][0].json.error).toBe('Slack answered chat.postMessage with HTTP 500 after retrying');
		expect(out[ESCALATED][0].json.alert).toBeUndefined();
		expect(out[ESCALATED][0].pairedItem).toEqual({ item: 0 });
		expect(out[ESCALATED][1].json.alert).toMatchObject({ posted: true, key: 'dead-letter:dl-2' });
		expect([...store.keys]).toEqual(['sla-alert:v1:dead-letter%3Adl-2']);
	});

	it("escapes Slack's control characters, so the alert pings no one", async () => {
		await run([{ text: 'Ticket <!channel> & <@U0BOSS> is > 4 h quiet' }], dedupStore(), {
			details: { detail: [{ label: 'Owner <!here>', value: 'A&B' }] },
		});
		const [post] = posts();
		expect(post.body.text).toBe('Ticket &lt;!channel&gt; &amp; &lt;@U0BOSS&gt; is &gt; 4 h quiet');
		expect(post.body.blocks[0].text.text).toBe('Ticket &lt;!channel&gt; &amp; &lt;@U0BOSS&gt; is &gt; 4 h quiet');
		expect(post.body.blocks[1].fields[0].text).toBe('*Owner &lt;!here&gt;*\nA&amp;B');
		expect(JSON.stringify(post.body)).not.toMatch(/<[!@]/);
	});

	it('renders details as section fields and the link as a button', async () => {
		const out = await run([deadLetter({ workflow: 'intake-route', attempts: 3, error: { message: 'timeout' } })], dedupStore(), {
			// n8n resolves the expressions inside the collection; the mock resolves the whole list per item.
			'details.detail': (_: number, item: INodeExecutionData) => [
				{ label: 'Workflow', value: item.json.workflow },
				{ label: 'Attempts', value: item.json.attempts },
				{ label: 'Error', value: item.json.error },
				{ label: 'Ticket', value: '' },
			],
			linkUrl: (_: number, item: INodeExecutionData) => `https://n8n.example.com/webhook/replay?id=${item.json.deadLetterId}`,
			linkLabel: 'Replay',
		});
		expect(out[ESCALATED]).toHaveLength(1);
		const [post] = posts();
		expect(post.body.blocks).toEqual([
			{ type: 'section', text: { type: 'mrkdwn', text: ':warning: Dead letter stored for intake-route' } },
			{
				type: 'section',
				fields: [
					{ type: 'mrkdwn', text: '*Workflow*\nintake-route' },
					{ type: 'mrkdwn', text: '*Attempts*\n3' },
					{ type: 'mrkdwn', text: '*Error*\n{"message":"timeout"}' },
				],
			},
			{
				type: 'actions',
				elements: [{ type: 'button', text: { type: 'plain_text', text: 'Replay', emoji: true }, url: 'https://n8n.example.com/webhook/replay?id=dl-1', action_id: 'sla_alert_link' }],
			},
		]);
	});

	it('keys in the workflow scope when the option says so', async () => {
		const store = dedupStore();
		await run([deadLetter()], store, { alertOptions: { deduplicationScope: 'workflow', historySize: 500 } });
		expect(store.checkProcessedAndRecord).toHaveBeenCalledWith(['sla-alert:v1:dead-letter%3Adl-1'], 'workflow', { mode: 'entries', maxEntries: 500 });
	});

	it('names the parameter and the item for an empty alert text, a bad link or an empty channel', async () => {
		const empty = await run([{ alertKey: 'k' }], dedupStore()).catch((e) => e);
		expect(empty).toBeInstanceOf(NodeOperationError);
		expect(empty.message).toBe('Item 0: Alert Text: is empty');
		expect(empty.description).toMatch(/\$json\.text/);

		const link = await run([{ text: 'ok' }, { text: 'ok' }], dedupStore(), { linkUrl: (i: number) => (i === 1 ? 'wiki/runbook' : '') }).catch((e) => e);
		expect(link.message).toBe('Item 1: Link URL: "wiki/runbook" is not an http(s) link');
		expect(link.context.itemIndex).toBe(1);
		expect(posts()).toHaveLength(0);

		const channel = await run([{ text: 'ok' }], dedupStore(), { channel: ' ' }).catch((e) => e);
		expect(channel.message).toBe('Item 0: Channel: is empty');
	});

	it('under continue-on-fail, an item with a parameter error becomes an error item and the others post', async () => {
		const store = dedupStore();
		const out = await run([{ alertKey: 'a' }, { text: 'ok', alertKey: 'b' }], store, {}, { continueOnFail: true });
		expect(out[ESCALATED].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[ESCALATED][0].json.error).toBe('Item 0: Alert Text: is empty');
		expect(out[ESCALATED][1].json.alert).toMatchObject({ posted: true, key: 'b' });
		expect([...store.keys]).toEqual(['sla-alert:v1:b']);
	});
});

describe('Escalate: Post Alert in the editor', () => {
	const { description } = new Escalate();
	const node = { typeVersion: 1 };
	const shown = (values: INodeParameters) => NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) as INodeParameters;

	it('shows its own parameters with their defaults, and none of the ladder', () => {
		expect(shown({ mode: 'alert' })).toEqual({
			mode: 'alert',
			channel: { __rl: true, mode: 'name', value: '#support-ops' },
			alertText: '={{ $json.text }}',
			details: {},
			linkUrl: '',
			linkLabel: 'Open Link',
			idempotencyKey: "={{ $json.alertKey ?? '' }}",
			alertOptions: {},
			claimStore: 'n8n',
		});
	});

	it('keeps the ladder parameters, and the ladder Channel, in Send and Dry Run', () => {
		for (const mode of ['send', 'dryRun']) {
			const values = shown({ mode });
			expect(values).toMatchObject({
				channel: { __rl: true, mode: 'list', value: '' },
				ladderSource: 'default',
				leadershipChannel: { __rl: true, mode: 'list', value: '' },
				options: {},
			});
			expect(Object.keys(values)).not.toEqual(expect.arrayContaining(['alertText']));
			expect(values.alertText).toBeUndefined();
			expect(values.idempotencyKey).toBeUndefined();
		}
		expect(shown({ mode: 'send', ladderSource: 'json' }).ladderJson).toBeDefined();
		expect(shown({ mode: 'alert', ladderSource: 'json' }).ladderJson).toBeUndefined();
	});

	it('asks for the SLA Slack API credential in Send and Post Alert', () => {
		const [credential] = description.credentials!;
		expect(NodeHelpers.displayParameter({ mode: 'alert' }, credential, node, description)).toBe(true);
		expect(NodeHelpers.displayParameter({ mode: 'send' }, credential, node, description)).toBe(true);
		expect(NodeHelpers.displayParameter({ mode: 'dryRun' }, credential, node, description)).toBe(false);
	});
});
