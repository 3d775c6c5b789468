/**
 * The Notify Users and Mention pickers of a ladder level (multi-selects whose options n8n loads), with
 * a mocked load-options context against the local Slack Web API server: real users.list and
 * usergroups.list calls, Slack's cursor pagination up to the cap, and refusals.
 */
import { NodeApiError, type ILoadOptionsFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';
import { Escalate } from '../../../nodes/Escalate/Escalate.node';
import { SLACK_PAGE_SIZE } from '../../../nodes/Escalate/list-search';
import { MAX_USER_PAGES } from '../../../nodes/Escalate/load-options';
import { slackLoadOptionsContext } from '../../support/load-options-context';
import { useSlackServer, type SlackUser } from '../../support/slack-server';

const slack = useSlackServer();
const node = new Escalate();

const loadOptionsContext = (token?: string): ILoadOptionsFunctions => slackLoadOptionsContext(slack().url, token);

type Method = 'getUsers' | 'getMentionTargets';
const call = (method: Method, ctx = loadOptionsContext()): Promise<INodePropertyOptions[]> => node.methods.loadOptions[method].call(ctx);

const slackCalls = (method: string) => slack().calls.filter((entry) => entry.method === method);

const agents = (count: number): SlackUser[] => Array.from({ length: count }, (_, i) => ({ id: `U1${String(i).padStart(7, '0')}`, name: `agent${String(i).padStart(5, '0')}` }));

const PEOPLE: SlackUser[] = [
	{ id: 'U00000JON', name: 'jonas', display_name: 'Jonas' },
	{ id: 'U0000BOT2', name: 'deploy-bot', real_name: 'Deploy Bot', is_bot: true },
	{ id: 'U00000ANA', name: 'ana', real_name: 'Ana Lima' },
	{ id: 'U000GONE1', name: 'gone', real_name: 'Former Lead', deleted: true },
	{ id: 'U00000BEA', name: 'bea', real_name: 'beatriz Souza' },
];

describe('Escalate level pickers: Notify Users', () => {
	it('lists the active people by name, as "Real Name (@handle)" with the user ID as value (no bots, no deactivated users)', async () => {
		slack().directory.users.push(...PEOPLE);
		expect(await call('getUsers')).toEqual([
			{ name: 'Ana Lima (@ana)', value: 'U00000ANA' },
			{ name: 'beatriz Souza (@bea)', value: 'U00000BEA' },
			{ name: 'Jonas (@jonas)', value: 'U00000JON' },
		]);
		expect(slackCalls('users.list')).toHaveLength(1);
		expect(slackCalls('users.list')[0].body).toMatchObject({ limit: String(SLACK_PAGE_SIZE) });
		expect(slackCalls('users.list')[0].headers.authorization).toBe('Bearer xoxb-test');
		expect(slackCalls('usergroups.list')).toHaveLength(0);
	});

	it("reads every page through Slack's next_cursor, each person once, sorted across pages", async () => {
		slack().directory.users.push(...agents(2 * SLACK_PAGE_SIZE + 7).reverse());
		const options = await call('getUsers');
		expect(options).toHaveLength(2 * SLACK_PAGE_SIZE + 7);
		expect(new Set(options.map((option) => option.value)).size).toBe(options.length);
		expect(options[0]).toEqual({ name: '@agent00000', value: 'U10000000' });
		expect(options.map((option) => option.name)).toEqual([...options.map((option) => option.name)].sort());
		const cursors = slackCalls('users.list').map((entry) => entry.body.cursor);
		expect(cursors).toEqual([undefined, ...slackCalls('users.list').slice(0, 2).map((entry) => entry.response.response_metadata.next_cursor)]);
	});

	it('stops at the page cap in a very large workspace', async () => {
		slack().directory.users.push(...agents((MAX_USER_PAGES + 1) * SLACK_PAGE_SIZE));
		const options = await call('getUsers');
		expect(slackCalls('users.list')).toHaveLength(MAX_USER_PAGES);
		expect(options).toHaveLength(MAX_USER_PAGES * SLACK_PAGE_SIZE);
	});

	it('names the Slack error of a refused call, with what to do about it', async () => {
		const refused = await call('getUsers', loadOptionsContext('not-a-token')).catch((error) => error);
		expect(refused).toBeInstanceOf(NodeApiError);
		expect(refused.message).toBe('Slack refused users.list: invalid_auth');
		expect(refused.description).toMatch(/bot token/);

		slack().failNext('users.list', [{ status: 200, body: { ok: false, error: 'missing_scope', needed: 'users:read' } }]);
		const scope = await call('getUsers').catch((error) => error);
		expect(scope.message).toBe('Slack refused users.list: missing_scope');
		expect(scope.description).toMatch(/users:read/);
	});
});

describe('Escalate level pickers: Mention', () => {
	beforeEach(() => {
		slack().directory.users.push(...PEOPLE);
		slack().directory.userGroups.push(
			{ id: 'S0000TIER', name: 'tier-2', handle: 'tier-2' },
			{ id: 'S0000LEAD', name: 'Support Leads', handle: 'support-leads' },
			{ id: 'S0000GONE', name: 'Old Team', handle: 'old-team', disabled: true },
		);
	});

	it('lists @here and @channel first, then the enabled user groups, then the people, each sorted by name', async () => {
		expect(await call('getMentionTargets')).toEqual([
			{ name: '@here', value: 'here', description: expect.any(String) },
			{ name: '@channel', value: 'channel', description: expect.any(String) },
			{ name: 'Support Leads (@support-leads)', value: 'S0000LEAD', description: 'User group' },
			{ name: 'tier-2 (@tier-2)', value: 'S0000TIER', description: 'User group' },
			{ name: 'Ana Lima (@ana)', value: 'U00000ANA' },
			{ name: 'beatriz Souza (@bea)', value: 'U00000BEA' },
			{ name: 'Jonas (@jonas)', value: 'U00000JON' },
		]);
		expect(slackCalls('usergroups.list')).toHaveLength(1);
		expect(slackCalls('users.list')).toHaveLength(1);
	});

	it('leaves the user groups out, silently, when the token lacks usergroups:read (or the plan has none)', async () => {
		for (const error of ['missing_scope', 'paid_teams_only']) {
			slack().failNext('usergroups.list', [{ status: 200, body: { ok: false, error, needed: 'usergroups:read' } }]);
			const values = (await call('getMentionTargets')).map((option) => option.value);
			expect(values).toEqual(['here', 'channel', 'U00000ANA', 'U00000BEA', 'U00000JON']);
		}
	});

	it('fails on any other refusal, naming the method', async () => {
		const refused = await call('getMentionTargets', loadOptionsContext('not-a-token')).catch((error) => error);
		expect(refused).toBeInstanceOf(NodeApiError);
		expect(refused.message).toMatch(/^Slack refused (usergroups|users)\.list: invalid_auth$/);

		slack().failNext('users.list', [{ status: 200, body: { ok: false, error: 'missing_scope', needed: 'users:read' } }]);
		const scope = await call('getMentionTargets').catch((error) => error);
		expect(scope.message).toBe('Slack refused users.list: missing_scope');
	});
});

describe('Escalate: the level pickers are multi-selects the node can load', () => {
	const levelFields = (): INodeProperties[] => {
		const levels = node.description.properties.find((property) => property.name === 'levels')!;
		return (levels.options as Array<{ name: string; values: INodeProperties[] }>).find((option) => option.name === 'level')!.values;
	};

	it.each([
		['notifyUsers', 'getUsers'],
		['mention', 'getMentionTargets'],
	])('%s loads its options with %s, defaults to none, and takes IDs from an expression', (name, method) => {
		const field = levelFields().find((property) => property.name === name)!;
		expect(field).toMatchObject({ type: 'multiOptions', default: [], typeOptions: { loadOptionsMethod: method } });
		expect(field.displayName).toMatch(/Names or IDs$/);
		expect(field.description).toMatch(/Choose from the list, or specify IDs using an <a href="https:\/\/docs\.n8n\.io\/code\/expressions\/">expression<\/a>\.$/);
		expect(Object.keys(node.methods.loadOptions)).toContain(method);
	});
});
