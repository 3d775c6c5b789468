/** The local Slack stand-in used by the Escalate and Breach SOP tests answers as Slack does. */
import { WebClient } from '@slack/web-api';
import { startSlackServer, type SlackServer } from './slack-server';

let slack: SlackServer;
beforeAll(async () => {
	slack = await startSlackServer();
});
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const client = (token = 'xoxb-test') => new WebClient(token, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });

describe('the local Slack Web API server', () => {
	it('answers auth.test for a bot token and refuses a bad one', async () => {
		expect(await client().auth.test()).toMatchObject({ ok: true, team_id: 'T00000001', user_id: 'U00000BOT' });
		await expect(client('not-a-token').auth.test()).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
	});

	it('posts messages with unique, increasing ts and decodes form-encoded blocks', async () => {
		const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }];
		const first = await client().chat.postMessage({ channel: '#alerts', text: 'one', blocks });
		const second = await client().chat.postMessage({ channel: '#alerts', text: 'two' });
		expect(first.channel).toBe(second.channel);
		expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
		expect(slack.calls[0]).toMatchObject({ method: 'chat.postMessage', status: 200, body: { channel: '#alerts', text: 'one', blocks } });
		expect(slack.calls[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
	});

	it('accepts JSON bodies like the real API', async () => {
		const response = await fetch(`${slack.url}chat.postMessage`, {
			method: 'POST',
			headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
			body: JSON.stringify({ channel: 'C12345678', text: 'json' }),
		});
		expect(await response.json()).toMatchObject({ ok: true, channel: 'C12345678', message: { text: 'json' } });
	});

	it('threads replies and updates a message, refusing unknown ones', async () => {
		const parent = await client().chat.postMessage({ channel: '#alerts', text: 'parent' });
		await client().chat.postMessage({ channel: parent.channel!, text: 'reply', thread_ts: parent.ts!, reply_broadcast: true });
		await client().chat.update({ channel: parent.channel!, ts: parent.ts!, text: 'edited' });
		expect(slack.messages.get(`${parent.channel}/${parent.ts}`)).toMatchObject({ text: 'edited', edits: [{ text: 'parent' }] });
		await expect(client().chat.update({ channel: parent.channel!, ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
		await expect(client().chat.postMessage({ channel: parent.channel!, text: 'x', thread_ts: '1.000001' })).rejects.toMatchObject({ data: { error: 'thread_not_found' } });
	});

	it('answers the next calls of a method with the failures it was told, then normally', async () => {
		slack.failNext('chat.postMessage', [{ status: 429, retryAfter: 7 }, { status: 500 }]);
		const post = () => fetch(`${slack.url}chat.postMessage`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-1' }, body: '{"channel":"#a","text":"t"}' });
		const limited = await post();
		expect([limited.status, limited.headers.get('retry-after'), await limited.json()]).toEqual([429, '7', { ok: false, error: 'ratelimited' }]);
		expect((await post()).status).toBe(500);
		expect((await post()).status).toBe(200);
		expect(slack.calls.map((call) => call.status)).toEqual([429, 500, 200]);
	});

	it('lists channels and users page by page with next_cursor, as Slack does', async () => {
		slack.directory.channels.push({ id: 'C00000001', name: 'a' }, { id: 'G00000002', name: 'b', is_private: true }, { id: 'C00000003', name: 'c', is_archived: true }, { id: 'C00000004', name: 'd' });
		const first = await client().conversations.list({ limit: 2, exclude_archived: true, types: 'public_channel,private_channel' });
		expect(first.channels?.map((channel) => channel.id)).toEqual(['C00000001', 'G00000002']);
		expect(first.response_metadata?.next_cursor).not.toBe('');
		const last = await client().conversations.list({ limit: 2, exclude_archived: true, types: 'public_channel,private_channel', cursor: first.response_metadata?.next_cursor });
		expect([last.channels?.map((channel) => channel.id), last.response_metadata?.next_cursor]).toEqual([['C00000004'], '']);
		// Slack lists public channels only unless asked for private ones.
		expect((await client().conversations.list({})).channels?.map((channel) => channel.id)).toEqual(['C00000001', 'C00000003', 'C00000004']);
		await expect(client().conversations.list({ cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ data: { error: 'invalid_cursor' } });

		slack.directory.users.push({ id: 'U00000001', name: 'ana', real_name: 'Ana' }, { id: 'U00000002', name: 'bo' });
		const users = await client().users.list({});
		expect([users.members?.map((user) => [user.id, user.profile?.real_name]), users.response_metadata?.next_cursor]).toEqual([[['U00000001', 'Ana'], ['U00000002', '']], '']);
		const byGet = await fetch(`${slack.url}users.list?limit=1`, { headers: { authorization: 'Bearer xoxb-get' } });
		expect(await byGet.json()).toMatchObject({ ok: true, members: [{ id: 'U00000001' }], response_metadata: { next_cursor: expect.stringMatching(/.+/) } });
	});

	it('lists user groups, disabled ones only when asked, with members and counts when asked', async () => {
		slack.directory.userGroups.push(
			{ id: 'S00000001', name: 'Support Leads', handle: 'support-leads', users: ['U00000001', 'U00000002'] },
			{ id: 'S00000002', name: 'Old Team', handle: 'old-team', disabled: true },
		);
		const listed = await client().usergroups.list({});
		expect(listed.usergroups?.map((group) => [group.id, group.handle, group.date_delete])).toEqual([['S00000001', 'support-leads', 0]]);
		expect(listed.usergroups?.[0]).not.toHaveProperty('users');
		const all = await client().usergroups.list({ include_disabled: true, include_users: true, include_count: true });
		expect(all.usergroups?.map((group) => [group.id, group.users, group.user_count])).toEqual([
			['S00000001', ['U00000001', 'U00000002'], 2],
			['S00000002', [], 0],
		]);
		expect(all.usergroups?.[1].date_delete).toBeGreaterThan(0);
		// A token without usergroups:read is refused as Slack refuses it.
		slack.failNext('usergroups.list', [{ status: 200, body: { ok: false, error: 'missing_scope', needed: 'usergroups:read' } }]);
		await expect(client().usergroups.list({})).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'usergroups:read' } });
		slack.reset();
		expect((await client().usergroups.list({})).usergroups).toEqual([]);
	});

	it('takes incoming-webhook posts', async () => {
		const response = await fetch(slack.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'alert' }) });
		expect([response.status, await response.text()]).toEqual([200, 'ok']);
		expect(slack.calls).toEqual([expect.objectContaining({ method: 'webhook', body: { text: 'alert' } })]);
	});
});
