/**
 * The pickers of a ladder level (Ladder: Define Below): Notify Users and Mention are multi-selects
 * whose options n8n loads when the level is opened, read through the SLA Slack API credential with the
 * client and the users.list reader of list-search.ts. Notify Users lists the people of the workspace
 * (deactivated users and bots left out); Mention lists @here and @channel first, then the user groups
 * (usergroups.list) and the people. A multi-select loads its whole list at once, so users.list is read
 * page by page through Slack's cursor up to a cap; anyone past it can still be given by ID in an
 * expression.
 */
import type { WebClient } from '@slack/web-api';
import { ErrorCode } from '@slack/web-api';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { byName, listUsers } from './list-search';
import { slackClient, slackError } from './transport';

/** users.list pages read for one picker at most (SLACK_PAGE_SIZE people each, so 5,000 people). */
export const MAX_USER_PAGES = 25;

/** Slack's answers for a token or workspace that cannot list user groups: Mention then lists none. */
const NO_USER_GROUPS = new Set(['missing_scope', 'paid_teams_only', 'not_allowed_token_type']);

/**
 * Mention's first entries; the values are what settings.ts (and a typed ladder) take for them. The
 * names are Slack's own spelling, which title case (what n8n's lint asks of option names) would change.
 */
export const CHANNEL_MENTIONS: readonly INodePropertyOptions[] = [
	// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- Slack's @here, as Slack writes it
	{ name: '@here', value: 'here', description: 'The members of the channel who are active' },
	// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- Slack's @channel, as Slack writes it
	{ name: '@channel', value: 'channel', description: 'Every member of the channel' },
];

interface SlackUserGroup {
	id: string;
	name?: string;
	handle?: string;
	date_delete?: number;
}

const everyone = () => true;

/** The active people of the workspace, by name: "Real Name (@handle)", value the user ID (U…). */
async function people(ctx: ILoadOptionsFunctions, client: WebClient): Promise<INodePropertyOptions[]> {
	const found: INodePropertyOptions[] = [];
	let cursor = '';
	for (let pages = 0; pages < MAX_USER_PAGES; pages++) {
		try {
			const page = await listUsers(client, cursor, everyone);
			found.push(...page.results);
			cursor = page.cursor;
		} catch (error) {
			throw slackError(ctx, error, 'users.list');
		}
		if (cursor === '') break;
	}
	return found.sort(byName);
}

/** The enabled user groups, by name: "Name (@handle)", value the group ID (S…); none without usergroups:read. */
async function userGroups(ctx: ILoadOptionsFunctions, client: WebClient): Promise<INodePropertyOptions[]> {
	let groups: SlackUserGroup[];
	try {
		groups = ((await client.usergroups.list({ include_disabled: false })).usergroups ?? []) as SlackUserGroup[];
	} catch (error) {
		const refused = error as { code?: string; data?: { error?: string } };
		if (refused.code === ErrorCode.PlatformError && NO_USER_GROUPS.has(refused.data?.error ?? '')) return [];
		throw slackError(ctx, error, 'usergroups.list');
	}
	return groups
		.filter((group) => group.id && !group.date_delete)
		.map((group) => {
			const shown = group.name || group.handle || group.id;
			return { name: group.handle ? `${shown} (@${group.handle})` : shown, value: group.id, description: 'User group' };
		})
		.sort(byName);
}

export const loadOptions = {
	/** Notify Users: the people of the workspace (a direct message from the bot). */
	async getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await people(this, await slackClient(this));
	},
	/** Mention: @here and @channel, then the user groups, then the people. */
	async getMentionTargets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const client = await slackClient(this);
		const [groups, users] = await Promise.all([userGroups(this, client), people(this, client)]);
		return [...CHANNEL_MENTIONS.map((entry) => ({ ...entry })), ...groups, ...users];
	},
};
