/**
 * A local stand-in for Slack's Web API and incoming webhooks, for tests: it speaks `auth.test`,
 * `chat.postMessage`, `chat.update`, `conversations.list`, `users.list` and `usergroups.list` as Slack
 * does (form-encoded, JSON or query-string parameters, token in the Authorization header or the body,
 * `{ ok: false, error }` answers with HTTP 200, cursor pagination with `response_metadata.next_cursor`),
 * and can be told to answer the next calls of a method with 429 + Retry-After, 5xx or a refusal.
 *
 *   const slack = await startSlackServer();
 *   new WebClient('xoxb-test', { slackApiUrl: slack.url });
 *   slack.failNext('chat.postMessage', [{ status: 429, retryAfter: 1 }]);
 *   slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200);
 *   slack.directory.channels.push({ id: 'C0000OPS1', name: 'support-ops' });
 *   slack.directory.userGroups.push({ id: 'S0000LEAD', name: 'Support Leads', handle: 'support-leads' });
 *
 * Incoming webhooks (`webhookUrl`) are recorded with method `webhook`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { parse as parseQuery } from 'querystring';

export interface SlackCall {
	/** The Web API method (`chat.postMessage`), or `webhook` for a post to the incoming webhook. */
	method: string;
	/** The parsed body: JSON, or form fields with `blocks`/`attachments`/`metadata` decoded from JSON. */
	body: any;
	/** Request headers, names in lower case. */
	headers: Record<string, string>;
	/** The HTTP status this server answered with (200 = accepted unless `response.ok` is false). */
	status: number;
	/** The JSON (or text) this server answered with. */
	response: any;
}

export interface SlackFailure {
	status: number;
	/** Seconds, sent as the Retry-After header. */
	retryAfter?: number;
	/** Answer body; defaults to Slack's `{ ok: false, error }` for the status. */
	body?: any;
}

export interface SlackMessage {
	channel: string;
	ts: string;
	text?: string;
	blocks?: unknown[];
	thread_ts?: string;
	reply_broadcast?: boolean;
	/** Earlier versions of the message, replaced by chat.update (oldest first). */
	edits: Array<{ text?: string; blocks?: unknown[] }>;
}

/** A channel as conversations.list lists it (the fields not given are filled in as Slack does). */
export interface SlackChannel {
	id: string;
	name: string;
	is_private?: boolean;
	is_archived?: boolean;
	is_member?: boolean;
}

/** A workspace member as users.list lists it. */
export interface SlackUser {
	id: string;
	name: string;
	real_name?: string;
	display_name?: string;
	deleted?: boolean;
	is_bot?: boolean;
}

/** A user group as usergroups.list lists it (Slack lists disabled ones only when asked to). */
export interface SlackUserGroup {
	id: string;
	name: string;
	handle: string;
	description?: string;
	disabled?: boolean;
	/** Member user IDs (users and user_count are answered when asked for, as Slack does). */
	users?: string[];
}

export interface SlackServer {
	/** Base Web API URL, ending in `/api/` (the WebClient's `slackApiUrl`). */
	url: string;
	/** An incoming-webhook URL on the same server (POST JSON; answers `ok`). */
	webhookUrl: string;
	/** Every request received, in order, including the ones answered with a failure. */
	calls: SlackCall[];
	/** Messages as they stand now (posted and updated), keyed by `channel/ts`. */
	messages: Map<string, SlackMessage>;
	/** The workspace conversations.list, users.list and usergroups.list read; tests fill it in (reset empties it). */
	directory: { channels: SlackChannel[]; users: SlackUser[]; userGroups: SlackUserGroup[] };
	/** Answers the next calls of `method` with these responses, one per call, in order. */
	failNext(method: string, responses: SlackFailure[]): void;
	/** Answers every call of `method` whose body passes `test` with `failure`, until the returned function is called. */
	failMatching(method: string, test: (body: any) => boolean, failure: SlackFailure): () => void;
	/** Forgets calls, messages, pending failures and the directory. */
	reset(): void;
	stop(): Promise<void>;
}

const JSON_FIELDS = ['blocks', 'attachments', 'metadata'];
const TEAM_ID = 'T00000001';

/** Slack's cursors are opaque base64 strings; these name the offset of the next entry. */
const cursorFor = (offset: number): string => Buffer.from(`next:${offset}`).toString('base64');
function offsetOf(cursor: unknown): number | null {
	if (cursor === undefined || cursor === '') return 0;
	const match = /^next:(\d+)$/.exec(Buffer.from(String(cursor), 'base64').toString('utf8'));
	return match ? Number(match[1]) : null;
}

/**
 * One page of `entries` as Slack pages lists: `limit` (Slack's default for the method when absent or 0,
 * at most 1000) from the cursor's offset, and `response_metadata.next_cursor` empty on the last page.
 */
function page<T>(entries: T[], body: any, defaultLimit: number): { entries: T[]; next_cursor: string } | { error: string } {
	const offset = offsetOf(body.cursor);
	if (offset === null) return { error: 'invalid_cursor' };
	const asked = Number(body.limit ?? 0);
	const limit = Number.isFinite(asked) && asked > 0 ? Math.min(asked, 1000) : defaultLimit;
	const end = Math.min(offset + limit, entries.length);
	return { entries: entries.slice(offset, end), next_cursor: end < entries.length ? cursorFor(end) : '' };
}

function headersOf(request: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

function parseBody(raw: string, contentType: string): any {
	if (raw === '') return {};
	if (contentType.includes('application/json')) return JSON.parse(raw);
	const form = parseQuery(raw) as Record<string, unknown>;
	for (const field of JSON_FIELDS) {
		if (typeof form[field] === 'string') {
			try {
				form[field] = JSON.parse(form[field] as string);
			} catch {
				// kept as sent: Slack would answer invalid_blocks, the tests see the raw string
			}
		}
	}
	return form;
}

function defaultFailureBody(status: number): any {
	if (status === 429) return { ok: false, error: 'ratelimited' };
	return { ok: false, error: status >= 500 ? 'internal_error' : `http_${status}` };
}

function truthy(value: unknown): boolean {
	return value === true || value === 'true' || value === '1' || value === 1;
}

/** Starts the server on 127.0.0.1, on `port` (0 = any free port). */
export async function startSlackServer(port = 0): Promise<SlackServer> {
	const calls: SlackCall[] = [];
	const messages = new Map<string, SlackMessage>();
	const failures = new Map<string, SlackFailure[]>();
	const persistent: Array<{ method: string; test: (body: any) => boolean; failure: SlackFailure }> = [];
	const channelIds = new Map<string, string>();
	const directory: SlackServer['directory'] = { channels: [], users: [], userGroups: [] };
	let sequence = 0;
	const epochSeconds = 1_700_000_000;

	const channelId = (channel: string): string => {
		if (/^[CGD][A-Z0-9]{6,}$/.test(channel)) return channel;
		let id = channelIds.get(channel);
		if (id === undefined) {
			const prefix = /^[UW][A-Z0-9]{6,}$/.test(channel) ? 'D' : 'C';
			id = `${prefix}${String(channelIds.size + 1).padStart(8, '0')}`;
			channelIds.set(channel, id);
		}
		return id;
	};

	const nextTs = (): string => {
		sequence += 1;
		return `${epochSeconds + sequence}.${String(sequence).padStart(6, '0')}`;
	};

	const tokenOf = (headers: Record<string, string>, body: any): string | undefined => {
		const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
		if (bearer) return bearer[1].trim();
		return typeof body?.token === 'string' ? body.token : undefined;
	};

	const answer = (method: string, body: any, headers: Record<string, string>): any => {
		const token = tokenOf(headers, body);
		if (!token) return { ok: false, error: 'not_authed' };
		if (!token.startsWith('xox')) return { ok: false, error: 'invalid_auth' };
		switch (method) {
			case 'auth.test':
				return {
					ok: true,
					url: 'https://sla-test.slack.com/',
					team: 'SLA Test',
					user: 'sla-bot',
					team_id: TEAM_ID,
					user_id: 'U00000BOT',
					bot_id: 'B00000BOT',
				};
			case 'chat.postMessage': {
				if (!body.channel) return { ok: false, error: 'channel_not_found' };
				if (!body.text && !body.blocks && !body.attachments) return { ok: false, error: 'no_text' };
				const channel = channelId(String(body.channel));
				if (body.thread_ts !== undefined && !messages.has(`${channel}/${body.thread_ts}`)) {
					return { ok: false, error: 'thread_not_found' };
				}
				const ts = nextTs();
				const message: SlackMessage = {
					channel,
					ts,
					text: body.text,
					blocks: body.blocks,
					thread_ts: body.thread_ts,
					reply_broadcast: body.reply_broadcast === undefined ? undefined : truthy(body.reply_broadcast),
					edits: [],
				};
				messages.set(`${channel}/${ts}`, message);
				return {
					ok: true,
					channel,
					ts,
					message: { type: 'message', user: 'U00000BOT', bot_id: 'B00000BOT', text: body.text ?? '', blocks: body.blocks, ts, thread_ts: body.thread_ts },
				};
			}
			case 'chat.update': {
				if (!body.channel) return { ok: false, error: 'channel_not_found' };
				const channel = channelId(String(body.channel));
				const message = messages.get(`${channel}/${body.ts}`);
				if (!message) return { ok: false, error: 'message_not_found' };
				message.edits.push({ text: message.text, blocks: message.blocks });
				if (body.text !== undefined) message.text = body.text;
				if (body.blocks !== undefined) message.blocks = body.blocks;
				return { ok: true, channel, ts: message.ts, text: message.text ?? '', message: { text: message.text ?? '', blocks: message.blocks } };
			}
			case 'conversations.list': {
				const types = String(body.types || 'public_channel').split(',').map((type) => type.trim());
				const listed = directory.channels.filter(
					(channel) => types.includes(channel.is_private ? 'private_channel' : 'public_channel') && !(truthy(body.exclude_archived) && channel.is_archived),
				);
				const result = page(listed, body, 100);
				if ('error' in result) return { ok: false, error: result.error };
				const channels = result.entries.map((channel) => ({
					id: channel.id,
					name: channel.name,
					is_channel: true,
					is_group: false,
					is_im: false,
					is_mpim: false,
					is_private: channel.is_private === true,
					is_archived: channel.is_archived === true,
					is_general: channel.name === 'general',
					is_member: channel.is_member ?? true,
					name_normalized: channel.name,
					context_team_id: TEAM_ID,
					created: epochSeconds,
					creator: 'U00000BOT',
					num_members: 3,
				}));
				return { ok: true, channels, response_metadata: { next_cursor: result.next_cursor } };
			}
			case 'users.list': {
				// Slack's users.list answers every member when no limit is given (0).
				const result = page(directory.users, body, Math.max(directory.users.length, 1));
				if ('error' in result) return { ok: false, error: result.error };
				const members = result.entries.map((user) => ({
					id: user.id,
					team_id: TEAM_ID,
					name: user.name,
					deleted: user.deleted === true,
					real_name: user.real_name ?? '',
					is_bot: user.is_bot === true,
					is_app_user: false,
					updated: epochSeconds,
					profile: { real_name: user.real_name ?? '', display_name: user.display_name ?? '', team: TEAM_ID },
				}));
				return { ok: true, members, cache_ts: epochSeconds, response_metadata: { next_cursor: result.next_cursor } };
			}
			case 'usergroups.list': {
				// Not paginated: every group of the team at once. Needs usergroups:read (tests refuse it with failNext).
				const groups = directory.userGroups
					.filter((group) => truthy(body.include_disabled) || group.disabled !== true)
					.map((group) => ({
						id: group.id,
						team_id: TEAM_ID,
						is_usergroup: true,
						is_subteam: true,
						name: group.name,
						description: group.description ?? '',
						handle: group.handle,
						is_external: false,
						date_create: epochSeconds,
						date_update: epochSeconds,
						date_delete: group.disabled === true ? epochSeconds + 60 : 0,
						auto_type: null,
						created_by: 'U00000BOT',
						updated_by: 'U00000BOT',
						deleted_by: group.disabled === true ? 'U00000BOT' : null,
						prefs: { channels: [], groups: [] },
						...(truthy(body.include_users) ? { users: group.users ?? [] } : {}),
						...(truthy(body.include_count) ? { user_count: (group.users ?? []).length } : {}),
					}));
				return { ok: true, usergroups: groups };
			}
			default:
				return { ok: false, error: 'unknown_method' };
		}
	};

	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const headers = headersOf(request);
			const [path, query = ''] = (request.url ?? '').split('?');
			const isWebhook = path.startsWith('/webhook/');
			const apiMatch = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
			const method = isWebhook ? 'webhook' : (apiMatch?.[1] ?? path);
			let body: any;
			try {
				body = parseBody(Buffer.concat(chunks).toString('utf8'), headers['content-type'] ?? '');
			} catch {
				body = Buffer.concat(chunks).toString('utf8');
			}
			const send = (status: number, payload: any, extraHeaders: Record<string, string> = {}) => {
				calls.push({ method, body, headers, status, response: payload });
				const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
				const type = typeof payload === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
				response.writeHead(status, { 'content-type': type, ...extraHeaders });
				response.end(text);
			};

			const failure = failures.get(method)?.shift() ?? persistent.find((rule) => rule.method === method && rule.test(body))?.failure;
			if (failure) {
				const extra: Record<string, string> = failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
				send(failure.status, failure.body ?? defaultFailureBody(failure.status), extra);
				return;
			}
			if (request.method !== 'POST' && request.method !== 'GET') {
				send(405, { ok: false, error: 'method_not_allowed' });
				return;
			}
			if (isWebhook) {
				if (typeof body !== 'object' || (!body.text && !body.blocks)) send(400, 'no_text');
				else send(200, 'ok');
				return;
			}
			if (!apiMatch) {
				send(404, { ok: false, error: 'not_found' });
				return;
			}
			// GET calls carry their arguments in the query string, as Slack accepts them.
			const args = { ...(parseQuery(query) as Record<string, unknown>), ...(typeof body === 'object' ? body : {}) };
			send(200, answer(method, args, headers));
		});
	});

	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: `${base}/api/`,
		webhookUrl: `${base}/webhook/T00000001/B00000HOOK/sla-test-hook`,
		calls,
		messages,
		directory,
		failNext(method, responses) {
			failures.set(method, [...(failures.get(method) ?? []), ...responses]);
		},
		failMatching(method, test, failure) {
			const rule = { method, test, failure };
			persistent.push(rule);
			return () => {
				const at = persistent.indexOf(rule);
				if (at >= 0) persistent.splice(at, 1);
			};
		},
		reset() {
			calls.length = 0;
			persistent.length = 0;
			messages.clear();
			failures.clear();
			directory.channels.length = 0;
			directory.users.length = 0;
			directory.userGroups.length = 0;
		},
		stop() {
			return new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			});
		},
	};
}

/** For a jest file: one local Slack for all its tests, its calls forgotten before each test. */
export function useSlackServer(): () => SlackServer {
	let slack: SlackServer;
	beforeAll(async () => {
		slack = await startSlackServer();
	});
	afterAll(async () => {
		await slack.stop();
	});
	beforeEach(() => slack.reset());
	return () => slack;
}
