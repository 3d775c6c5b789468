/**
 * The channel and user lists of Escalate's Slack parameters (From List), with a mocked load-options
 * context against the local Slack Web API server: real conversations.list and users.list calls, with
 * Slack's cursor pagination, a filter Slack cannot apply itself, and refusals.
 */
import { NodeApiError, type ILoadOptionsFunctions, type INodeListSearchResult, type INodeProperties } from 'n8n-workflow';
import { Escalate } from '../../../nodes/Escalate/Escalate.node';
import { ENOUGH_MATCHES, PAGES_PER_SEARCH, SLACK_PAGE_SIZE } from '../../../nodes/Escalate/list-search';
import { slackLoadOptionsContext } from '../../support/load-options-context';
import { useSlackServer, type SlackChannel } from '../../support/slack-server';

const slack = useSlackServer();
const node = new Escalate();

const loadOptionsContext = (token?: string): ILoadOptionsFunctions => slackLoadOptionsContext(slack().url, token);

type Method = 'getChannels' | 'getChannelsAndUsers';
const call = (method: Method, filter?: string, paginationToken?: string, ctx = loadOptionsContext()): Promise<INodeListSearchResult> =>
	node.methods.listSearch[method].call(ctx, filter, paginationToken);

/** Every page of a list, as n8n asks for them while the list is scrolled. */
async function scrollAll(method: Method, filter?: string): Promise<INodeListSearchResult[]> {
	const pages: INodeListSearchResult[] = [];
	let token: string | undefined;
	do {
		const page = await call(method, filter, token);
		pages.push(page);
		token = page.paginationToken as string | undefined;
	} while (token !== undefined && pages.length < 50);
	return pages;
}

const channels = (count: number, name = (i: number) => `team-${String(i).padStart(4, '0')}`): SlackChannel[] =>
	Array.from({ length: count }, (_, i) => ({ id: `C${String(i + 1).padStart(8, '0')}`, name: name(i) }));

const slackCalls = (method: string) => slack().calls.filter((entry) => entry.method === method);

describe('Escalate list search: channels', () => {
	it('lists public and private channels, sorted by name, without archived ones', async () => {
		slack().directory.channels.push(
			{ id: 'C0000000B', name: 'support-ops' },
			{ id: 'G0000000A', name: 'Leads', is_private: true },
			{ id: 'C0000000C', name: 'old-escalations', is_archived: true },
			{ id: 'C0000000D', name: 'general' },
		);
		const result = await call('getChannels');
		expect(result).toEqual({
			results: [
				{ name: '#general', value: 'C0000000D' },
				{ name: '#Leads (private)', value: 'G0000000A' },
				{ name: '#support-ops', value: 'C0000000B' },
			],
		});
		expect(slackCalls('conversations.list')[0].body).toMatchObject({ types: 'public_channel,private_channel', exclude_archived: 'true', limit: String(SLACK_PAGE_SIZE) });
		expect(slackCalls('conversations.list')[0].headers.authorization).toBe('Bearer xoxb-test');
	});

	it("follows Slack's next_cursor page by page as the list is scrolled, each channel once", async () => {
		slack().directory.channels.push(...channels(2 * SLACK_PAGE_SIZE + 50));
		const pages = await scrollAll('getChannels');
		expect(pages.map((page) => page.results.length)).toEqual([SLACK_PAGE_SIZE, SLACK_PAGE_SIZE, 50]);
		const values = pages.flatMap((page) => page.results.map((entry) => entry.value));
		expect(new Set(values).size).toBe(2 * SLACK_PAGE_SIZE + 50);
		expect(pages[2].paginationToken).toBeUndefined();
		// The token handed to n8n carries Slack's cursor as Slack sent it.
		const cursors = slackCalls('conversations.list').map((entry) => entry.body.cursor);
		expect(cursors[0]).toBeUndefined();
		expect(cursors.slice(1)).toEqual(slackCalls('conversations.list').slice(0, 2).map((entry) => entry.response.response_metadata.next_cursor));
	});

	it('filters by a part of the name (case-insensitive, # ignored) or the exact ID, reading on until a match', async () => {
		const names = (i: number) => (i === 2 * SLACK_PAGE_SIZE + 10 ? 'Support-Ops' : `team-${i}`);
		slack().directory.channels.push(...channels(3 * SLACK_PAGE_SIZE, names));
		const byName = await call('getChannels', '#support-o');
		expect(byName.results).toEqual([{ name: '#Support-Ops', value: `C${String(2 * SLACK_PAGE_SIZE + 11).padStart(8, '0')}` }]);
		expect(slackCalls('conversations.list')).toHaveLength(3);
		expect(byName.paginationToken).toBeUndefined();

		const byId = await call('getChannels', 'c00000007');
		expect(byId.results).toEqual([{ name: '#team-6', value: 'C00000007' }]);
	});

	it('stops after a few pages when little matches, and hands n8n the cursor to read on', async () => {
		slack().directory.channels.push(...channels((PAGES_PER_SEARCH + 2) * SLACK_PAGE_SIZE, (i) => (i === (PAGES_PER_SEARCH + 1) * SLACK_PAGE_SIZE ? 'vip-escalations' : `team-${i}`)));
		const first = await call('getChannels', 'vip');
		expect(first.results).toEqual([]);
		expect(slackCalls('conversations.list')).toHaveLength(PAGES_PER_SEARCH);
		expect(first.paginationToken).toEqual(expect.stringMatching(/^channels:.+/));
		const next = await call('getChannels', 'vip', first.paginationToken as string);
		expect(next.results.map((entry) => entry.name)).toEqual(['#vip-escalations']);
		expect(next.paginationToken).toBeUndefined();
	});

	it('ends a search once enough channels match, keeping the rest for the next page', async () => {
		slack().directory.channels.push(...channels(3 * SLACK_PAGE_SIZE));
		const first = await call('getChannels', 'team');
		expect(first.results.length).toBeGreaterThanOrEqual(ENOUGH_MATCHES);
		expect(slackCalls('conversations.list')).toHaveLength(1);
		expect(first.paginationToken).toBeDefined();
	});

	it('names the Slack error of a refused call, with what to do about it', async () => {
		const refused = await call('getChannels', undefined, undefined, loadOptionsContext('not-a-token')).catch((error) => error);
		expect(refused).toBeInstanceOf(NodeApiError);
		expect(refused.message).toBe('Slack refused conversations.list: invalid_auth');
		expect(refused.description).toMatch(/bot token/);

		slack().failNext('conversations.list', [{ status: 200, body: { ok: false, error: 'missing_scope', needed: 'channels:read' } }]);
		const scope = await call('getChannels').catch((error) => error);
		expect(scope.description).toMatch(/channels:read/);
	});
});

describe('Escalate list search: channels and people (Leadership Channel)', () => {
	beforeEach(() => {
		slack().directory.channels.push({ id: 'C0000LEAD', name: 'support-leads' });
		slack().directory.users.push(
			{ id: 'U00000ANA', name: 'ana', real_name: 'Ana Lima' },
			{ id: 'U0000BOT2', name: 'deploy-bot', real_name: 'Deploy Bot', is_bot: true },
			{ id: 'U000GONE1', name: 'gone', real_name: 'Former Lead', deleted: true },
			{ id: 'U00000JON', name: 'jonas', display_name: 'Jonas' },
		);
	});

	it('lists the channels first, then the active people (no bots, no deactivated users)', async () => {
		const pages = await scrollAll('getChannelsAndUsers');
		expect(pages.flatMap((page) => page.results)).toEqual([
			{ name: '#support-leads', value: 'C0000LEAD' },
			{ name: 'Ana Lima (@ana)', value: 'U00000ANA' },
			{ name: 'Jonas (@jonas)', value: 'U00000JON' },
		]);
		expect(slackCalls('users.list')[0].body).toMatchObject({ limit: String(SLACK_PAGE_SIZE) });
	});

	it('finds a person by user name, real name, display name or ID', async () => {
		for (const filter of ['@ana', 'lima', 'U00000ANA']) {
			expect((await call('getChannelsAndUsers', filter)).results).toEqual([{ name: 'Ana Lima (@ana)', value: 'U00000ANA' }]);
		}
		expect((await call('getChannelsAndUsers', 'former')).results).toEqual([]);
	});

	it('pages through users.list after the channels, with its own cursor', async () => {
		slack().directory.users.push(...Array.from({ length: SLACK_PAGE_SIZE + 5 }, (_, i) => ({ id: `U1${String(i).padStart(7, '0')}`, name: `agent${i}` })));
		const pages = await scrollAll('getChannelsAndUsers');
		const values = pages.flatMap((page) => page.results.map((entry) => entry.value));
		expect(values[0]).toBe('C0000LEAD');
		expect(new Set(values).size).toBe(1 + 2 + SLACK_PAGE_SIZE + 5);
		expect(slackCalls('users.list').map((entry) => entry.body.cursor)).toEqual([undefined, slackCalls('users.list')[0].response.response_metadata.next_cursor]);
	});
});

describe('Escalate: Slack parameters are chosen from a list', () => {
	const all = (properties: INodeProperties[]): INodeProperties[] =>
		properties.flatMap((property) => [property, ...all(((property.options ?? []) as Array<INodeProperties & { values?: INodeProperties[] }>).flatMap((option) => option.values ?? ('type' in option ? [option] : [])))]);
	const slackTargets = all(node.description.properties).filter((property) => ['channel', 'leadershipChannel'].includes(property.name));

	it('makes every channel parameter a resource locator: From List, By ID and By Name', () => {
		expect(slackTargets).toHaveLength(3);
		for (const property of slackTargets) {
			expect(property.type).toBe('resourceLocator');
			expect(property.modes?.map((mode) => mode.name)).toEqual(expect.arrayContaining(['list', 'id', 'name']));
		}
	});

	it('names only search methods the node has', () => {
		const methods = slackTargets.flatMap((property) => property.modes ?? []).map((mode) => mode.typeOptions?.searchListMethod).filter(Boolean);
		expect(methods.length).toBe(3);
		for (const method of methods) expect(Object.keys(node.methods.listSearch)).toContain(method);
	});
});
