/**
 * Dead letters: a failed execution kept with what a replay needs. For a webhook workflow that is the
 * request body, read back from the saved execution (the Error Trigger does not carry it), so a replay
 * posts the same event with the same event id and the store's dedup makes it act at most once.
 */
import type { IDataObject } from 'n8n-workflow';

import { insertFirst, lowestOfEachKey, removeRows } from '../one-row-per-key';
import type { Row } from '../transport';
import { eq, where } from '../transport';
import type { Routed, StoreContext } from './context';


interface ErrorTriggerItem {
	execution?: { id?: string; url?: string; lastNodeExecuted?: string; error?: { message?: string; node?: { name?: string } }; executionContext?: { triggerNode?: { name?: string; type?: string } } };
	workflow?: { id?: string; name?: string };
}

export interface Replay {
	kind: 'webhook' | 'rerun';
	path?: string;
	method?: string;
	body?: unknown;
}

type Run = { data?: { main?: Array<Array<{ json?: IDataObject }> | null> } };

/** What a replay sends: the trigger's own input, from the saved execution. */
async function replayOf(store: StoreContext, failed: ErrorTriggerItem): Promise<Replay> {
	const trigger = failed.execution?.executionContext?.triggerNode;
	if (!failed.execution?.id || !trigger?.name || !String(trigger.type ?? '').endsWith('.webhook')) return { kind: 'rerun' };
	const saved = await store.tables.api.execution(failed.execution.id);
	const runData = ((saved?.data as IDataObject | undefined)?.resultData as { runData?: Record<string, Run[]> } | undefined)?.runData ?? {};
	const input = runData[trigger.name]?.[0]?.data?.main?.[0]?.[0]?.json;
	const nodes = ((saved?.workflowData as { nodes?: Array<{ name: string; parameters?: IDataObject }> } | undefined)?.nodes ?? []);
	const webhook = nodes.find((node) => node.name === trigger.name);
	if (!input || !webhook) return { kind: 'rerun' };
	return { kind: 'webhook', path: String(webhook.parameters?.path ?? ''), method: String(webhook.parameters?.httpMethod ?? 'POST'), body: input.body };
}

function idempotencyKeyOf(replay: Replay, executionId: string): string {
	const body = replay.body as { eventId?: unknown } | undefined;
	return typeof body?.eventId === 'string' && body.eventId !== '' ? `event:${body.eventId}` : `execution:${executionId}`;
}

/**
 * The node that really failed. A template that answers its caller before failing ends in a Stop and
 * Error node whose message starts with the failed node's name ("Write Back to Helpdesk: …").
 */
function failedNodeOf(failed: ErrorTriggerItem): string | null {
	const error = failed.execution?.error;
	const node = error?.node as { name?: string; type?: string } | undefined;
	if (node?.type === 'n8n-nodes-base.stopAndError') {
		const named = /^([^:]{1,120}): /.exec(String(error?.message ?? ''));
		if (named) return named[1];
	}
	return node?.name ?? failed.execution?.lastNodeExecuted ?? null;
}

export function deadLetterOf(row: Row): IDataObject {
	const { record: _ignored, replay, ...columns } = row as Row & { record?: unknown };
	return { ...columns, replay: typeof replay === 'string' && replay !== '' ? (JSON.parse(replay) as IDataObject) : null };
}

export async function storeDeadLetter(store: StoreContext, itemIndex: number): Promise<Routed> {
	const failed = store.items[itemIndex].json as ErrorTriggerItem;
	const executionId = String(failed.execution?.id ?? '');
	if (!failed.workflow?.id) throw Object.assign(new Error('workflow.id: the item is not from an Error Trigger'), { hint: 'Connect Store Dead Letter to an Error Trigger node.' });
	const now = new Date(store.now(itemIndex)).toISOString();
	const replay = await replayOf(store, failed);
	const key = `${failed.workflow.id}|${idempotencyKeyOf(replay, executionId)}`;
	const table = await store.tables.id('deadLetters');
	const columns = {
		workflowId: failed.workflow.id,
		workflowName: failed.workflow.name ?? null,
		executionId,
		executionUrl: failed.execution?.url ?? null,
		node: failedNodeOf(failed),
		message: String(failed.execution?.error?.message ?? 'unknown error').slice(0, 2000),
		lastAttemptAt: now,
		drill: (replay.body as { drill?: unknown } | undefined)?.drill === true,
		replay: JSON.stringify(replay),
	};
	const rows = await rowsOfKey(store, table, key);
	const first = rows[0] ? null : await insertFirst(store.tables.api, table, 'key', { key, ...columns, status: 'open', attempts: 0 });
	if (first?.won) return { output: 0, json: { deadLetter: deadLetterOf(first.row), repeated: false } };
	const existing = rows[0] ?? first?.row;
	if (!existing) throw new Error(`Dead letter ${key}: its row was neither found nor stored`);
	await removeRows(store.tables.api, table, rows.slice(1));
	const [row] = await store.tables.api.update(table, where(eq('id', existing.id)), { ...columns, status: existing.status === 'resolved' ? 'open' : existing.status, attempts: Number(existing.attempts ?? 0) });
	return { output: 0, json: { deadLetter: deadLetterOf(row), repeated: true } };
}

/** The rows of one dead letter, lowest id (the dead letter) first; more than one only after an insert race. */
async function rowsOfKey(store: StoreContext, table: string, key: string): Promise<Row[]> {
	return await store.tables.api.rows(table, { filter: where(eq('key', key)), sortBy: ['id', 'asc'] });
}

export async function getDeadLetters(store: StoreContext, itemIndex: number): Promise<Routed[]> {
	const maxAttempts = Number(store.ctx.getNodeParameter('maxAttempts', itemIndex, 5));
	const table = await store.tables.id('deadLetters');
	const rows = await store.tables.api.rows(table, { filter: where(eq('status', 'open'), { columnName: 'attempts', condition: 'lt', value: maxAttempts }), sortBy: ['id', 'asc'], limit: 100 });
	return lowestOfEachKey(rows, 'key').map((row) => ({ output: 0, json: { deadLetter: deadLetterOf(row) } }));
}

export async function updateDeadLetter(store: StoreContext, itemIndex: number): Promise<Routed> {
	const key = String(store.ctx.getNodeParameter('deadLetterKey', itemIndex, '') ?? '');
	if (key === '') throw Object.assign(new Error('Dead Letter Key: is empty'), { hint: 'Map it from Get Dead Letters, e.g. {{ $json.deadLetter.key }}.' });
	const outcome = store.ctx.getNodeParameter('outcome', itemIndex, 'resolved') as 'resolved' | 'failed';
	const maxAttempts = Number(store.ctx.getNodeParameter('maxAttempts', itemIndex, 5));
	const table = await store.tables.id('deadLetters');
	const [existing, ...extra] = await rowsOfKey(store, table, key);
	if (!existing) throw Object.assign(new Error(`Dead Letter Key: no dead letter "${key}"`), { hint: 'Map the key from Get Dead Letters.' });
	const attempts = Number(existing.attempts ?? 0) + 1;
	const status = outcome === 'resolved' ? 'resolved' : attempts >= maxAttempts ? 'gave_up' : 'open';
	await removeRows(store.tables.api, table, extra);
	const [row] = await store.tables.api.update(table, where(eq('id', existing.id)), { attempts, status, lastAttemptAt: new Date(store.now(itemIndex)).toISOString() });
	return { output: 0, json: { ...store.items[itemIndex].json, deadLetter: deadLetterOf(row) } };
}
