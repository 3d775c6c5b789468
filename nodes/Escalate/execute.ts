/**
 * Escalate, run over all input items at once: plan each ticket with the engine, claim every delivery
 * key in n8n's deduplication store in one call, send to Slack, and release the claim of every delivery
 * Slack did not accept, so a failed post goes out on the next run and nothing unsent counts as sent.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { buildEscalationMessage, deliveryKey, type DueLevel, type EscalationPlan, historyOf, type LadderLevel, mentionToken, METRIC_LABELS, metricSnapshots, planEscalation, raisedPriority, type SentRecord, type SlackMessage, ticketIdOf } from '../../engine/escalation';
import type { Ticket } from '../../engine/core';
import { asItemError, errorItem } from '../shared/items';
import { readNow } from '../shared/parameters';
import { claimKeys, releaseKeys } from './claims';
import { ESCALATED, NO_ACTION, SUPPRESSED } from './description';
import { readSettings, type EscalateSettings } from './settings';
import { customerContext, messageTicket } from './ticket-view';
import { slackTransport, type PostedMessage, type SlackTransport } from './transport';

type Destination = 'thread' | 'leadership' | 'record' | `user:${string}`;

interface Delivery {
	key: string;
	destination: Destination;
	due: DueLevel;
}

interface Planned {
	index: number;
	json: IDataObject;
	ticketId: string;
	settings: EscalateSettings;
	now: number;
	plan: EscalationPlan;
	deliveries: Delivery[];
	traceId: string;
}

interface SentDelivery {
	metric: string;
	level: number;
	name: string;
	destination: Destination;
	channel?: string;
	ts?: string;
	threaded?: boolean;
	broadcast?: boolean;
}

const iso = (at: number | null | undefined): string | null => (typeof at === 'number' ? new Date(at).toISOString() : null);

function actionsOf(level: LadderLevel) {
	const mentions = level.actions.flatMap((action) => (action.type === 'mention' ? action.targets : []));
	const users = level.actions.flatMap((action) => (action.type === 'notifyUsers' ? action.users : []));
	return {
		notifyChannel: level.actions.some((action) => action.type === 'notifyChannel') || mentions.length > 0,
		mentions,
		users,
		leadership: level.actions.some((action) => action.type === 'nudgeLeadership'),
	};
}

/** The Slack deliveries of each due level; a level that only changes the ticket gets a `record` delivery. */
function deliveriesOf(plan: EscalationPlan, settings: EscalateSettings): Delivery[] {
	if (plan.outcome !== 'escalate') return [];
	const deliveries: Delivery[] = [];
	for (const due of plan.due) {
		const key = (destination: Destination) => deliveryKey(due.key, destination);
		const actions = actionsOf(due.level);
		const own: Delivery[] = [];
		if (actions.notifyChannel) own.push({ key: key('thread'), destination: 'thread', due });
		if (actions.leadership && settings.leadershipChannel) own.push({ key: key('leadership'), destination: 'leadership', due });
		if (plan.paging.page) for (const user of actions.users) own.push({ key: key(`user:${user}`), destination: `user:${user}`, due });
		if (own.length === 0) own.push({ key: key('record'), destination: 'record', due });
		deliveries.push(...own);
	}
	return deliveries;
}

function previousRecord(json: IDataObject): IDataObject {
	const record = json.escalation;
	return record && typeof record === 'object' && !Array.isArray(record) ? (record as IDataObject) : {};
}

function threadOf(record: IDataObject): PostedMessage | null {
	const slack = record.slack as IDataObject | undefined;
	return slack && typeof slack.channel === 'string' && typeof slack.ts === 'string' ? { channel: slack.channel, ts: slack.ts } : null;
}

/** The highest level in the ticket's record for the metrics' current cycles. */
function currentLevel(json: IDataObject, levels: SentRecord[], settings: EscalateSettings): number {
	let snapshots: ReturnType<typeof metricSnapshots> = [];
	try {
		snapshots = metricSnapshots(json.sla, settings.escalation.metrics);
	} catch {
		return 0;
	}
	return levels
		.filter((entry) => snapshots.some((metric) => historyOf(metric, [{ ...entry, sentAt: 0 }]).length > 0))
		.reduce((top, entry) => Math.max(top, entry.level), 0);
}

function output(work: Planned, status: string, extra: IDataObject, levels?: SentRecord[]): IDataObject {
	const record = previousRecord(work.json);
	const history = levels ?? ((record.levels as SentRecord[] | undefined) ?? []);
	const plan = work.plan;
	return {
		...work.json,
		escalation: {
			...record,
			status,
			why: 'why' in plan ? plan.why : undefined,
			level: currentLevel(work.json, history, work.settings),
			levels: history,
			nextCheckAt: iso(plan.nextCheckAt),
			checkedAt: iso(work.now),
			traceId: work.traceId,
			...extra,
		},
	};
}

function messageFor(work: Planned, due: DueLevel, mentions: string[], kind: 'alert' | 'status' = 'alert'): SlackMessage {
	const plan = work.plan;
	const paging = plan.outcome === 'escalate' ? plan.paging : null;
	const quiet = paging && !paging.page;
	const until = quiet && paging.quietUntil ? ` until ${iso(paging.quietUntil)}` : '';
	return buildEscalationMessage({
		ticket: messageTicket(work.json, work.ticketId),
		metric: {
			label: METRIC_LABELS[due.metric.metric],
			state: due.metric.state,
			dueAt: due.metric.dueAt,
			percentUsed: due.metric.percentUsed,
		},
		level: { level: due.level.level, name: due.level.name, of: work.settings.escalation.ladder.levels.length },
		context: customerContext(work.json, work.settings.contextFields),
		runbookUrl: work.settings.runbookUrl || (typeof work.json.runbookUrl === 'string' ? work.json.runbookUrl : undefined),
		ticketUrl: work.settings.ticketUrl || (typeof work.json.url === 'string' ? work.json.url : undefined),
		traceId: work.traceId,
		mentions: quiet || kind === 'status' ? [] : mentions,
		quietNote: quiet && kind === 'alert' ? `Outside paging hours${until}: posted without paging anyone.` : undefined,
		skippedLevels: due.skipped,
		kind,
	});
}

function ticketActions(work: Planned, fired: DueLevel[]): IDataObject {
	const actions: IDataObject = {};
	let priority = work.json.priority;
	for (const due of fired) {
		for (const action of due.level.actions) {
			if (action.type === 'raisePriority') {
				const to = raisedPriority(priority, work.settings.priorityScale, action.to);
				if (to !== null && to !== priority) {
					actions.raisePriority = { from: (actions.raisePriority as IDataObject | undefined)?.from ?? priority ?? null, to, level: due.level.level };
					priority = to;
				}
			}
			if (action.type === 'reassign') actions.reassign = { to: action.to, kind: action.kind, level: due.level.level };
		}
	}
	return actions;
}

/** Runs the Escalate node over its input items. */
export async function executeEscalate(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outputs: INodeExecutionData[][] = [[], [], []];
	const results: Array<{ output: number; json: IDataObject } | INodeExecutionData | undefined> = new Array(items.length);
	const fail = (error: unknown, index: number) => {
		const itemError = asItemError(ctx, error, index);
		if (!ctx.continueOnFail()) throw itemError;
		results[index] = errorItem(itemError, index, items[index]);
	};

	const planned: Planned[] = [];
	for (let index = 0; index < items.length; index++) {
		try {
			const json = items[index].json;
			const settings = readSettings(ctx, index);
			const now = readNow(ctx, index, 'options.now');
			const ticketId = ticketIdOf(json as Ticket);
			const plan = planEscalation(json as Ticket, settings.escalation, now);
			const traceId = settings.traceId || (typeof json.traceId === 'string' && json.traceId) || `${ctx.getExecutionId() ?? 'run'}-${index}`;
			planned.push({ index, json, ticketId, settings, now, plan, deliveries: deliveriesOf(plan, settings), traceId });
		} catch (error) {
			fail(error, index);
		}
	}

	// The same delivery twice in one run (a ticket listed twice) is sent once.
	const seen = new Set<string>();
	const duplicateInRun = new Set<number>();
	for (const work of planned) {
		const fresh = work.deliveries.filter((delivery) => !seen.has(delivery.key));
		if (work.deliveries.length > 0 && fresh.length === 0) duplicateInRun.add(work.index);
		fresh.forEach((delivery) => seen.add(delivery.key));
		work.deliveries = fresh;
	}

	const sending = planned.filter((work) => !work.settings.dryRun && work.deliveries.length > 0);
	const processed = new Set<string>();
	const claimed = new Set<string>();
	const first = sending[0]?.settings;
	if (first) {
		const keys = sending.flatMap((work) => work.deliveries.map((delivery) => delivery.key));
		const claim = await claimKeys(ctx, keys, first.scope, { mode: 'entries', maxEntries: first.historySize });
		claim.processed.forEach((key) => processed.add(String(key)));
		claim.new.forEach((key) => claimed.add(String(key)));
	}

	let transport: SlackTransport | undefined;
	const threads = new Map<string, PostedMessage>();
	const postedLevels = new Map<string, number>();
	try {
		for (const work of planned) {
			const plan = work.plan;
			try {
				if (plan.outcome === 'noAction') {
					results[work.index] = { output: NO_ACTION, json: output(work, 'noAction', {}) };
					continue;
				}
				if (plan.outcome === 'suppressed') {
					results[work.index] = { output: SUPPRESSED, json: output(work, 'suppressed', { reason: plan.reason }) };
					continue;
				}
				if (duplicateInRun.has(work.index)) {
					const why = 'The same ticket came earlier in this run; its escalation is sent once.';
					results[work.index] = { output: SUPPRESSED, json: output(work, 'suppressed', { reason: 'duplicateInRun', why }) };
					continue;
				}
				if (work.settings.dryRun) {
					results[work.index] = { output: ESCALATED, json: dryRun(work) };
					continue;
				}
				const pending = work.deliveries.filter((delivery) => !processed.has(delivery.key));
				if (pending.length === 0) {
					const why = `Already sent: ${plan.due.map((due) => `L${due.level.level} ${due.level.name} on ${due.metric.metric} (cycle ${due.metric.cycle})`).join('; ')} (n8n deduplication store).`;
					results[work.index] = { output: SUPPRESSED, json: output(work, 'suppressed', { reason: 'alreadySent', why }) };
					continue;
				}
				transport ??= await slackTransport(ctx);
				results[work.index] = { output: ESCALATED, json: await send(work, pending, transport, threads, postedLevels, claimed) };
			} catch (error) {
				fail(error, work.index);
			}
		}
	} finally {
		if (claimed.size > 0 && first) {
			await releaseKeys(ctx, [...claimed], first.scope, { mode: 'entries', maxEntries: first.historySize });
		}
	}

	results.forEach((result, index) => {
		if (result === undefined) return;
		if ('output' in result) outputs[result.output as number].push({ json: result.json as IDataObject, pairedItem: { item: index } });
		else outputs[0].push(result as INodeExecutionData);
	});
	return outputs;
}

function dryRun(work: Planned): IDataObject {
	const thread = threadOf(previousRecord(work.json));
	const messages = work.deliveries.map((delivery) => {
		const actions = actionsOf(delivery.due.level);
		const mentions = delivery.destination === 'thread' ? actions.mentions.map(mentionToken).filter((m): m is string => m !== null) : [];
		const message = messageFor(work, delivery.due, mentions);
		const channel =
			delivery.destination === 'thread' ? (thread?.channel ?? work.settings.channel) : delivery.destination === 'leadership' ? work.settings.leadershipChannel : delivery.destination.replace(/^user:/, '');
		return { destination: delivery.destination, channel, threadTs: delivery.destination === 'thread' ? (thread?.ts ?? null) : null, level: delivery.due.level.level, metric: delivery.due.metric.metric, ...message };
	});
	const fired = work.plan.outcome === 'escalate' ? work.plan.due : [];
	const why = `Dry run: would send ${fired.map((due) => `L${due.level.level} ${due.level.name} on ${due.metric.metric}`).join('; ')}.`;
	return output(work, 'escalated', { why, dryRun: true, messages, sent: [], actions: ticketActions(work, fired), paging: work.plan.outcome === 'escalate' ? { ...work.plan.paging, quietUntil: iso(work.plan.paging.quietUntil) } : undefined });
}

async function send(
	work: Planned,
	pending: Delivery[],
	transport: SlackTransport,
	threads: Map<string, PostedMessage>,
	postedLevels: Map<string, number>,
	claimed: Set<string>,
): Promise<IDataObject> {
	const plan = work.plan as Extract<EscalationPlan, { outcome: 'escalate' }>;
	const record = previousRecord(work.json);
	const history = [...((record.levels as SentRecord[] | undefined) ?? [])];
	let thread = threads.get(work.ticketId) ?? threadOf(record);
	let highestPosted = Math.max(postedLevels.get(work.ticketId) ?? 0, ...history.map((entry) => Number(entry.level) || 0));
	const sent: SentDelivery[] = [];
	const fired: DueLevel[] = [];
	let parentUpdate: IDataObject | undefined;

	for (const due of plan.due) {
		const own = pending.filter((delivery) => delivery.due === due);
		if (own.length === 0) continue;
		const actions = actionsOf(due.level);
		const mentions = actions.mentions.map(mentionToken).filter((token): token is string => token !== null);
		let threadMessage: PostedMessage | undefined;
		for (const delivery of own) {
			const entry: SentDelivery = { metric: due.metric.metric, level: due.level.level, name: due.level.name, destination: delivery.destination };
			if (delivery.destination === 'thread') {
				const message = messageFor(work, due, mentions);
				const broadcast = thread !== null && work.settings.broadcastLevelChanges && due.level.level > highestPosted;
				const posted = await transport.post(
					thread ? { channel: thread.channel, ...message, threadTs: thread.ts, broadcast } : { channel: work.settings.channel, ...message },
					work.index,
				);
				Object.assign(entry, { channel: posted.channel, ts: posted.ts, threaded: thread !== null, broadcast });
				if (thread !== null && work.settings.updateParent) {
					try {
						await transport.update(thread, messageFor(work, due, [], 'status'), work.index);
						parentUpdate = { ok: true, level: due.level.level };
					} catch (error) {
						parentUpdate = { ok: false, error: (error as Error).message };
					}
				}
				if (thread === null) thread = posted;
				threadMessage = posted;
				highestPosted = Math.max(highestPosted, due.level.level);
			} else if (delivery.destination === 'leadership') {
				const posted = await transport.post({ channel: work.settings.leadershipChannel, ...messageFor(work, due, []) }, work.index);
				Object.assign(entry, { channel: posted.channel, ts: posted.ts });
			} else if (delivery.destination.startsWith('user:')) {
				const posted = await transport.post({ channel: delivery.destination.slice(5), ...messageFor(work, due, []) }, work.index);
				Object.assign(entry, { channel: posted.channel, ts: posted.ts });
			}
			claimed.delete(delivery.key);
			sent.push(entry);
		}
		fired.push(due);
		history.push({
			metric: due.metric.metric,
			cycle: due.metric.cycle,
			...(due.metric.instance > 1 ? { instance: due.metric.instance } : {}),
			level: due.level.level,
			name: due.level.name,
			sentAt: new Date(work.now).toISOString(),
			key: due.key,
			...(threadMessage ? { channel: threadMessage.channel, ts: threadMessage.ts } : {}),
			paged: plan.paging.page,
		});
	}
	if (thread) threads.set(work.ticketId, thread);
	postedLevels.set(work.ticketId, highestPosted);
	const why = `Sent ${fired.map((due) => `L${due.level.level} ${due.level.name} on ${due.metric.metric}`).join('; ')}${plan.paging.page ? '' : ' without paging (outside paging hours)'}.`;
	return output(
		work,
		'escalated',
		{
			why,
			sent,
			...(thread ? { slack: thread } : {}),
			...(parentUpdate ? { parentUpdate } : {}),
			actions: ticketActions(work, fired),
			paging: { ...plan.paging, quietUntil: iso(plan.paging.quietUntil) },
		},
		history,
	);
}
