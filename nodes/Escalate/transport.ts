/**
 * Every Slack call of the Escalate node, through the official `@slack/web-api` client. Rate limits
 * (429 + Retry-After) and server errors are retried briefly by the client; what still fails becomes a
 * NodeApiError, so n8n's Retry On Fail and the error workflow take over.
 */
import type { ChatPostMessageArguments, ChatUpdateArguments } from '@slack/web-api';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { IExecuteFunctions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { Block } from '../../engine/escalation';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** A short retry budget: a few seconds, then n8n's own retries decide. Retry-After is always honoured. */
export const SLACK_RETRY = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2000, randomize: false };

export interface SlackPost {
	channel: string;
	text: string;
	blocks: Block[];
	threadTs?: string;
	broadcast?: boolean;
}

export interface PostedMessage {
	channel: string;
	ts: string;
}

export interface SlackTransport {
	post(message: SlackPost, itemIndex: number): Promise<PostedMessage>;
	update(target: PostedMessage, message: { text: string; blocks: Block[] }, itemIndex: number): Promise<void>;
}

/** What the builder can do about a Slack error code. */
const HINTS: Record<string, string> = {
	channel_not_found: 'Check the channel name or ID, and that the bot can see it (private channels need the bot invited).',
	not_in_channel: 'Invite the bot to the channel (/invite @your-bot), or give it the chat:write.public scope.',
	invalid_auth: 'The bot token in the SLA Slack API credential is not valid; create a new one in your Slack app.',
	not_authed: 'The SLA Slack API credential has no bot token.',
	account_inactive: 'The token belongs to a deactivated user or a removed app.',
	missing_scope: 'The Slack app needs the chat:write scope to post, and channels:read, groups:read and users:read for the channel and user lists of the editor.',
	invalid_blocks: 'Slack rejected the message layout; please report this with the trace id.',
	msg_too_long: 'The message is too long for Slack.',
	ratelimited: 'Slack kept rate-limiting the bot; n8n will retry the node if Retry On Fail is on.',
	thread_not_found: 'The thread saved on the ticket (escalation.slack.ts) no longer exists; clear it to start a new thread.',
	message_not_found: 'The message saved on the ticket (escalation.slack.ts) no longer exists.',
};

export function slackError(ctx: Pick<IExecuteFunctions, 'getNode'>, error: unknown, method: string, itemIndex?: number): NodeApiError {
	const err = error as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; original?: Error; message?: string };
	let httpCode: string | undefined;
	let slackCode: string | undefined;
	let message: string;
	switch (err.code) {
		case ErrorCode.PlatformError:
			slackCode = err.data?.error;
			httpCode = '200';
			message = `Slack refused ${method}: ${slackCode ?? 'unknown error'}`;
			break;
		case ErrorCode.HTTPError:
			httpCode = String(err.statusCode);
			message = `Slack answered ${method} with HTTP ${err.statusCode} after retrying`;
			break;
		case ErrorCode.RateLimitedError:
			httpCode = '429';
			slackCode = 'ratelimited';
			message = `Slack rate-limited ${method} (retry after ${err.retryAfter} s)`;
			break;
		case ErrorCode.RequestError:
			message = `Could not reach Slack for ${method}: ${err.original?.message ?? err.message}`;
			break;
		default:
			message = `Slack ${method} failed: ${err.message ?? String(error)}`;
	}
	const description =
		(slackCode && HINTS[slackCode]) ??
		'Nothing was recorded as sent, so the escalation goes out when the node runs again (Retry On Fail, the next sweep, or the error workflow).';
	return new NodeApiError(
		ctx.getNode(),
		{ message, code: err.code ?? null, slackError: slackCode ?? null, httpCode: httpCode ?? null } as JsonObject,
		{ message, description, httpCode, itemIndex },
	);
}

/** The Slack Web API client of the SLA Slack API credential (sending, and the editor's channel and user lists). */
export async function slackClient(ctx: IExecuteFunctions | ILoadOptionsFunctions): Promise<WebClient> {
	const credentials = await ctx.getCredentials<{ accessToken: string; slackApiUrl?: string }>('slaSlackApi');
	const base = (credentials.slackApiUrl || DEFAULT_SLACK_API_URL).trim();
	return new WebClient(credentials.accessToken, {
		slackApiUrl: base.endsWith('/') ? base : `${base}/`,
		retryConfig: SLACK_RETRY,
		rejectRateLimitedCalls: false,
		logLevel: LogLevel.ERROR,
		timeout: 30_000,
	});
}

/** The node's Slack client, built from the SLA Slack API credential. */
export async function slackTransport(ctx: IExecuteFunctions): Promise<SlackTransport> {
	const client = await slackClient(ctx);
	return {
		async post(message, itemIndex) {
			const args = {
				channel: message.channel,
				text: message.text,
				blocks: message.blocks,
				unfurl_links: false,
				unfurl_media: false,
				...(message.threadTs ? { thread_ts: message.threadTs, reply_broadcast: message.broadcast === true } : {}),
			} as ChatPostMessageArguments;
			try {
				const result = await client.chat.postMessage(args);
				if (!result.ts || !result.channel) throw new Error('Slack accepted the message but returned no ts/channel');
				return { channel: result.channel, ts: result.ts };
			} catch (error) {
				throw slackError(ctx, error, 'chat.postMessage', itemIndex);
			}
		},
		async update(target, message, itemIndex) {
			const args = { channel: target.channel, ts: target.ts, text: message.text, blocks: message.blocks } as ChatUpdateArguments;
			try {
				await client.chat.update(args);
			} catch (error) {
				throw slackError(ctx, error, 'chat.update', itemIndex);
			}
		},
	};
}
