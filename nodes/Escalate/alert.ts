/**
 * Escalate in mode Post Alert: one operational alert per item (a dead letter stored, a clock paused too
 * long, a ticket without activity, a failed action, the daily SLA report), posted to Slack through the
 * SLA Slack API credential. An item with an idempotency key posts at most once: every key of the run is
 * claimed in n8n's deduplication store in one call, as in Send, and the claim of every alert Slack did
 * not accept is given back, so it goes out when the node runs again. Without a key, every item posts.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { type AlertDetail, alertClaimKey, buildAlertMessage, httpUrl, type SlackMessage } from '../../engine/escalation';
import { asItemError, errorItem } from '../shared/items';
import { ParameterError } from '../shared/parameters';
import { claimRun, type ClaimSettings } from './claims';
import { ESCALATED, NO_ACTION } from './description';
import { readClaimStore } from './settings';
import { readSlackTarget } from './slack-targets';
import { slackTransport, type SlackTransport } from './transport';

/** What an item leaves with under `alert`. */
export interface AlertOutcome {
	/** Slack's channel ID once posted; the configured channel for a duplicate. */
	channel: string;
	/** The posted message's ts; null for a duplicate. */
	ts: string | null;
	posted: boolean;
	duplicate: boolean;
	/** The idempotency key as given; null when empty. */
	key: string | null;
}

interface AlertRequest {
	index: number;
	channel: string;
	message: SlackMessage;
	key: string | null;
	claimKey: string | null;
	store: ClaimSettings;
}

/** A mapped value as text: objects as JSON, nothing as empty. */
function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

function readAlert(ctx: IExecuteFunctions, index: number): AlertRequest {
	const channel = readSlackTarget(ctx, 'channel', index, '#support-ops');
	if (channel === '') throw new ParameterError('Channel', 'is empty', 'Choose the Slack channel from the list, or give its name (#support-ops) or ID.');
	const text = asText(ctx.getNodeParameter('alertText', index, '')).trim();
	if (text === '') throw new ParameterError('Alert Text', 'is empty', 'Write the alert, or map it from the item, e.g. {{ $json.text }}.');

	const rows = (ctx.getNodeParameter('details.detail', index, []) as IDataObject[] | undefined) ?? [];
	const details: AlertDetail[] = rows.map((row) => ({ label: asText(row.label), value: asText(row.value) }));

	const url = asText(ctx.getNodeParameter('linkUrl', index, '')).trim();
	if (url !== '' && httpUrl(url) === null) {
		throw new ParameterError('Link URL', `"${url.slice(0, 100)}" is not an http(s) link`, 'Give a full link such as https://wiki.example.com/runbook, or leave it empty for no button.');
	}
	const label = asText(ctx.getNodeParameter('linkLabel', index, '')).trim();

	const key = asText(ctx.getNodeParameter('idempotencyKey', index, '')).trim() || null;
	const options = ctx.getNodeParameter('alertOptions', index, {}) as IDataObject;
	const historySize = Number(options.historySize ?? 10000);
	return {
		index,
		channel,
		message: buildAlertMessage({ text, details, link: url === '' ? undefined : { url, label } }),
		key,
		claimKey: alertClaimKey(key),
		store: {
			scope: options.deduplicationScope === 'workflow' ? 'workflow' : 'node',
			historySize: Number.isFinite(historySize) && historySize >= 100 ? Math.floor(historySize) : 10000,
			...readClaimStore(ctx, index),
		},
	};
}

/** Runs the Escalate node in mode Post Alert over its input items. */
export async function executeAlert(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outputs: Array<INodeExecutionData & { output: number }> = new Array(items.length);
	const fail = (error: unknown, index: number) => {
		const itemError = asItemError(ctx, error, index);
		if (!ctx.continueOnFail()) throw itemError;
		outputs[index] = { ...errorItem(itemError, index, items[index]), output: 0 };
	};
	const leave = (index: number, output: number, alert: AlertOutcome) => {
		outputs[index] = { json: { ...items[index].json, alert: alert as unknown as IDataObject }, pairedItem: { item: index }, output };
	};

	const requests: AlertRequest[] = [];
	for (let index = 0; index < items.length; index++) {
		try {
			requests.push(readAlert(ctx, index));
		} catch (error) {
			fail(error, index);
		}
	}

	const keyed = requests.filter((request) => request.claimKey !== null);
	const keys = [...new Set(keyed.map((request) => request.claimKey as string))];
	const claims = await claimRun(ctx, keys, keyed[0]?.store);
	const postedInRun = new Set<string>();
	let transport: SlackTransport | undefined;
	try {
		for (const { index, channel, message, key, claimKey } of requests) {
			try {
				if (claimKey !== null && (claims.processed.has(claimKey) || postedInRun.has(claimKey))) {
					leave(index, NO_ACTION, { channel, ts: null, posted: false, duplicate: true, key });
					continue;
				}
				transport ??= await slackTransport(ctx);
				const posted = await transport.post({ channel, text: message.text, blocks: message.blocks }, index);
				if (claimKey !== null) {
					claims.keep(claimKey);
					postedInRun.add(claimKey);
				}
				leave(index, ESCALATED, { channel: posted.channel, ts: posted.ts, posted: true, duplicate: false, key });
			} catch (error) {
				fail(error, index);
			}
		}
	} finally {
		await claims.releaseUnsent();
	}

	const result: INodeExecutionData[][] = [[], [], []];
	for (const entry of outputs) {
		if (entry === undefined) continue;
		const { output, ...item } = entry;
		result[output].push(item);
	}
	return result;
}
