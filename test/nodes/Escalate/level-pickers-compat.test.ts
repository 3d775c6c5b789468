/**
 * Notify Users and Mention of a ladder level are multi-selects now (arrays of IDs); workflows saved
 * while they were text fields hold a comma-separated string, and either may be an expression. Every
 * form reaches Slack the same way: the mentions in the channel message and a direct message each.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { Escalate } from '../../../nodes/Escalate/Escalate.node';
import { list } from '../../../nodes/Escalate/settings';
import { dedupStore } from '../../support/dedup-store';
import { executeContext } from '../../support/execute-context';
import { useSlackServer } from '../../support/slack-server';

const T0 = Date.parse('2026-03-10T09:00:00Z');
const TARGET = 120 * 60_000;

const slack = useSlackServer();

/** A ticket whose first-response clock (2 h target) has used 40% at T0. */
const ticket = () => ({
	id: 'T-7',
	subject: 'Refund stuck',
	priority: 'normal',
	customer: { id: 'C-1', name: 'Acme GmbH', tier: 'pro' },
	sla: {
		state: 'running',
		cycle: 1,
		firstResponse: { target: 120, dueAt: new Date(T0 + 0.6 * TARGET).toISOString(), elapsedMs: 0.4 * TARGET, remainingMs: 0.6 * TARGET, percentUsed: 40, state: 'running', cycle: 1 },
	},
});

/**
 * Runs a one-level ladder. `resolved` stands for expressions in the level: `level` is what the node
 * holds (the expression text), `resolved` what n8n's getNodeParameter answers for the level.
 */
function run(level: Record<string, unknown>, resolved?: Record<string, unknown>): Promise<INodeExecutionData[][]> {
	const row = (fields: Record<string, unknown>) => ({ name: 'Early', trigger: 'percentUsed', percent: 30, notifyChannel: true, ...fields });
	const ctx = executeContext({
		items: [ticket()],
		parameters: {
			mode: 'send',
			channel: '#support-escalations',
			ladderSource: 'editor',
			levels: { level: [row(level)] },
			...(resolved ? { 'levels.level': () => [row(resolved)] } : {}),
			leadershipChannel: '#support-leads',
			options: { now: new Date(T0).toISOString() },
			'options.now': new Date(T0).toISOString(),
		},
	});
	(ctx as unknown as { helpers: unknown }).helpers = dedupStore();
	ctx.getCredentials.mockResolvedValue({ accessToken: 'xoxb-test', slackApiUrl: slack().url });
	ctx.getExecutionId.mockReturnValue('exec-1');
	return new Escalate().execute.call(ctx as unknown as IExecuteFunctions);
}

const posts = () => slack().calls.filter((call) => call.method === 'chat.postMessage' && call.response?.ok);

describe('Escalate levels: Notify Users and Mention in every saved form', () => {
	const expressions = { mention: '={{ $json.mention }}', notifyUsers: '={{ $json.oncall }}' };
	it.each([
		['picked from the lists (arrays of IDs)', ['here', 'S0TEAM01', 'U0LEAD01'], ['U0123ABCD', 'U0456EFGH'], false],
		['typed before they were pickers (comma-separated text)', 'here, S0TEAM01,U0LEAD01', 'U0123ABCD, U0456EFGH', false],
		['an expression giving text', 'here, S0TEAM01, U0LEAD01', 'U0123ABCD,U0456EFGH', true],
		['an expression giving an array', ['here', 'S0TEAM01', 'U0LEAD01'], ['U0123ABCD', ' U0456EFGH '], true],
	])('%s', async (_form, mention, notifyUsers, expression) => {
		const out = expression ? await run(expressions, { mention, notifyUsers }) : await run({ mention, notifyUsers });
		expect(out[0]).toHaveLength(1);
		const [channelPost, ...direct] = posts();
		expect(channelPost.body.channel).toBe('#support-escalations');
		expect(channelPost.body.text.startsWith('<!here> <!subteam^S0TEAM01> <@U0LEAD01> ')).toBe(true);
		expect(direct.map((post) => post.body.channel).sort()).toEqual(['U0123ABCD', 'U0456EFGH']);
	});

	it('sends no mention or direct message when both are empty, saved as [] or as the old empty text', async () => {
		for (const empty of [[], '']) {
			slack().reset();
			await run({ mention: empty, notifyUsers: empty });
			expect(posts()).toHaveLength(1);
			expect(posts()[0].body.text.startsWith('<')).toBe(false);
		}
	});
});

describe('settings list(): the entries of a list parameter', () => {
	it('takes an array or a comma-separated string, trimmed, empty entries left out', () => {
		expect(list(['U0123ABCD', 'U0456EFGH'])).toEqual(['U0123ABCD', 'U0456EFGH']);
		expect(list('U0123ABCD, U0456EFGH')).toEqual(['U0123ABCD', 'U0456EFGH']);
		expect(list(' U0123ABCD ,, U0456EFGH, ')).toEqual(['U0123ABCD', 'U0456EFGH']);
		expect(list(['U0123ABCD, U0456EFGH', ' S0TEAM01 ', ''])).toEqual(['U0123ABCD', 'U0456EFGH', 'S0TEAM01']);
	});

	it('reads nothing from empty values', () => {
		for (const empty of [undefined, null, '', [], [''], ' , ']) expect(list(empty)).toEqual([]);
	});
});
