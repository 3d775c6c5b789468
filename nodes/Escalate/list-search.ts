/**
 * The channel and user lists of Escalate's Slack parameters (From List), read through the SLA Slack API
 * credential: conversations.list for channels (public and private, archived left out) and users.list
 * for people (deactivated users and bots left out). Slack cannot filter by name, so a search reads pages
 * until it has enough matches, and hands Slack's cursor back to n8n, which asks for the next page when
 * the list is scrolled to its end.
 */
import type { WebClient } from '@slack/web-api';
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { slackClient, slackError } from './transport';

/** Entries asked of Slack per call (Slack suggests at most 200 for these methods). */
export const SLACK_PAGE_SIZE = 200;
/** Slack pages read for one search at most, so a search matching nothing stays a few calls. */
export const PAGES_PER_SEARCH = 5;
/** Matches that end a search early (the rest comes on scroll). */
export const ENOUGH_MATCHES = 50;

interface SlackChannel {
	id: string;
	name?: string;
	is_private?: boolean;
	is_archived?: boolean;
}

interface SlackUser {
	id: string;
	name?: string;
	real_name?: string;
	deleted?: boolean;
	is_bot?: boolean;
	profile?: { real_name?: string; display_name?: string };
}

export interface Page {
	results: INodeListSearchItems[];
	/** Slack's next_cursor; empty at the end of the list. */
	cursor: string;
}

type Lister = (client: WebClient, cursor: string, matches: (texts: string[], id: string) => boolean) => Promise<Page>;

/** By name, case-insensitive (load-options.ts sorts its lists the same way). */
export const byName = (a: INodeListSearchItems, b: INodeListSearchItems) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** Case-insensitive: a name containing the filter (a leading # or @ ignored), or the exact ID. */
function matcher(filter: string | undefined): (texts: string[], id: string) => boolean {
	const wanted = (filter ?? '').trim().replace(/^[#@]/, '').toLowerCase();
	if (wanted === '') return () => true;
	return (texts, id) => id.toLowerCase() === wanted || texts.some((text) => text.toLowerCase().includes(wanted));
}

const listChannels: Lister = async (client, cursor, matches) => {
	const page = await client.conversations.list({
		types: 'public_channel,private_channel',
		exclude_archived: true,
		limit: SLACK_PAGE_SIZE,
		...(cursor ? { cursor } : {}),
	});
	const channels = (page.channels ?? []) as SlackChannel[];
	const results = channels
		.filter((channel) => channel.id && channel.is_archived !== true && matches([channel.name ?? ''], channel.id))
		.map((channel) => ({ name: `#${channel.name ?? channel.id}${channel.is_private ? ' (private)' : ''}`, value: channel.id }));
	return { results, cursor: page.response_metadata?.next_cursor ?? '' };
};

/** One users.list page, people only (load-options.ts reads the Notify Users and Mention pickers with it). */
export const listUsers: Lister = async (client, cursor, matches) => {
	const page = await client.users.list({ limit: SLACK_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
	const members = (page.members ?? []) as SlackUser[];
	const results = members
		.filter((user) => user.id && user.deleted !== true && user.is_bot !== true)
		.filter((user) => matches([user.name ?? '', user.real_name ?? '', user.profile?.real_name ?? '', user.profile?.display_name ?? ''], user.id))
		.map((user) => {
			const shown = user.real_name || user.profile?.real_name || user.profile?.display_name;
			return { name: shown ? `${shown} (@${user.name ?? user.id})` : `@${user.name ?? user.id}`, value: user.id };
		});
	return { results, cursor: page.response_metadata?.next_cursor ?? '' };
};

const LISTS = { channels: listChannels, users: listUsers } as const;
type ListName = keyof typeof LISTS;

/**
 * Reads `lists` one after the other from the position `token` names (`<list>:<cursor>`, as handed back
 * to n8n) until enough entries match, the page budget is spent, or every list is read.
 */
async function search(ctx: ILoadOptionsFunctions, lists: ListName[], filter: string | undefined, token: string | undefined): Promise<INodeListSearchResult> {
	const client = await slackClient(ctx);
	const matches = matcher(filter);
	const at = /^([a-z]+):(.*)$/.exec(token ?? '');
	let position = at && lists.includes(at[1] as ListName) ? lists.indexOf(at[1] as ListName) : 0;
	let cursor = at ? at[2] : '';
	const results: INodeListSearchItems[] = [];
	for (let pages = 0; pages < PAGES_PER_SEARCH && position < lists.length && results.length < ENOUGH_MATCHES; pages++) {
		const list = lists[position];
		let page: Page;
		try {
			page = await LISTS[list](client, cursor, matches);
		} catch (error) {
			throw slackError(ctx, error, list === 'channels' ? 'conversations.list' : 'users.list');
		}
		results.push(...page.results.sort(byName));
		cursor = page.cursor;
		if (cursor === '') position += 1;
	}
	return position < lists.length ? { results, paginationToken: `${lists[position]}:${cursor}` } : { results };
}

export const listSearch = {
	/** Public and private channels the bot can see. */
	async getChannels(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, ['channels'], filter, paginationToken);
	},
	/** Channels first, then the active people of the workspace (a direct message from the bot). */
	async getChannelsAndUsers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, ['channels', 'users'], filter, paginationToken);
	},
};
