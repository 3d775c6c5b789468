import type { Delivery, DeliverySettings, Destination } from './delivery';
import { deliveryMessage, statusMessage } from './delivery-message';
import type { DueLevel } from './escalation';
import { highestRecordedLevel, previousRecord, recordedLevels, type SentRecord, type SlackThread, threadOf } from './escalation-record';
import type { SlackMessage } from './slack-message';
import type { TicketEscalation } from './ticket-escalation';

/**
 * One ticket's dispatch to Slack, delivery by delivery: where each is posted, and what is recorded as
 * sent. The first message in the channel becomes the ticket's thread; later levels reply in it, a reply
 * that raises the level is broadcast to the channel, and the thread's first message is rewritten to the
 * current level. The node posts; these functions decide and keep the books.
 */

/** The ticket's thread as far as this run knows it, and the highest level posted so far. */
export interface ThreadState {
	thread: SlackThread | null;
	highestPosted: number;
}

/** One delivery made, as listed under `escalation.sent`. */
export interface SentDelivery {
	metric: string;
	level: number;
	name: string;
	destination: Destination;
	channel?: string;
	ts?: string;
	threaded?: boolean;
	broadcast?: boolean;
}

/** How rewriting the thread's first message went; a failure there does not undo the level. */
export type ParentUpdate = { ok: true; level: number } | { ok: false; error: string };

export interface Dispatch extends ThreadState {
	/** The record's levels, then each level sent now. */
	levels: SentRecord[];
	sent: SentDelivery[];
	fired: DueLevel[];
	parentUpdate?: ParentUpdate;
}

export interface SlackPost extends SlackMessage {
	channel: string;
	threadTs?: string;
	broadcast?: boolean;
}

/** A dry run's message: what would be posted where. */
export interface DryRunMessage extends SlackMessage {
	destination: Destination;
	channel: string;
	threadTs: string | null;
	level: number;
	metric: string;
}

/** The dispatch of a ticket before anything is posted; `earlier` is what this run already posted for the same ticket. */
export function startDispatch(escalation: TicketEscalation, earlier?: ThreadState): Dispatch {
	const record = previousRecord(escalation.ticket);
	const levels = [...recordedLevels(record)];
	return {
		thread: earlier?.thread ?? threadOf(record),
		highestPosted: Math.max(earlier?.highestPosted ?? 0, highestRecordedLevel(levels)),
		levels,
		sent: [],
		fired: [],
	};
}

const broadcasts = (state: ThreadState, delivery: Delivery, settings: DeliverySettings): boolean =>
	state.thread !== null && settings.broadcastLevelChanges && delivery.due.level.level > state.highestPosted;

/** Where a delivery goes; null for a `record` delivery, which posts nothing. */
function postTarget(state: ThreadState, delivery: Delivery, settings: DeliverySettings): Omit<SlackPost, keyof SlackMessage> | null {
	const { destination } = delivery;
	if (destination === 'thread') {
		const { thread } = state;
		return thread ? { channel: thread.channel, threadTs: thread.ts, broadcast: broadcasts(state, delivery, settings) } : { channel: settings.channel };
	}
	if (destination === 'leadership') return { channel: settings.leadershipChannel };
	if (destination.startsWith('user:')) return { channel: destination.slice('user:'.length) };
	return null;
}

/** The Slack post of a delivery, or null when it posts nothing. */
export function postOf(dispatch: Dispatch, delivery: Delivery, escalation: TicketEscalation): SlackPost | null {
	const target = postTarget(dispatch, delivery, escalation.delivery);
	return target && { ...target, ...deliveryMessage(escalation, delivery) };
}

/** The thread's first message to rewrite after this delivery, when it replies in an existing thread. */
export function parentOf(dispatch: Dispatch, delivery: Delivery, escalation: TicketEscalation): { target: SlackThread; message: SlackMessage } | null {
	if (delivery.destination !== 'thread' || dispatch.thread === null || !escalation.delivery.updateParent) return null;
	return { target: dispatch.thread, message: statusMessage(escalation, delivery.due) };
}

function sentRecordOf(escalation: TicketEscalation, due: DueLevel, message?: SlackThread): SentRecord {
	return {
		metric: due.metric.metric,
		cycle: due.metric.cycle,
		...(due.metric.instance > 1 ? { instance: due.metric.instance } : {}),
		level: due.level.level,
		name: due.level.name,
		sentAt: new Date(escalation.now).toISOString(),
		key: due.key,
		...(message ? { channel: message.channel, ts: message.ts } : {}),
		paged: escalation.plan.outcome === 'escalate' && escalation.plan.paging.page,
	};
}

/** The dispatch after a delivery went out (`posted`: the message Slack accepted, null when nothing was posted). */
export function delivered(dispatch: Dispatch, delivery: Delivery, escalation: TicketEscalation, posted: SlackThread | null, parentUpdate?: ParentUpdate): Dispatch {
	const { due } = delivery;
	const inThread = delivery.destination === 'thread';
	const entry: SentDelivery = { metric: due.metric.metric, level: due.level.level, name: due.level.name, destination: delivery.destination };
	if (posted) Object.assign(entry, { channel: posted.channel, ts: posted.ts });
	if (inThread) Object.assign(entry, { threaded: dispatch.thread !== null, broadcast: broadcasts(dispatch, delivery, escalation.delivery) });

	const sameLevel = dispatch.fired[dispatch.fired.length - 1] === due;
	const threadMessage = inThread && posted ? posted : undefined;
	const levels = sameLevel && !threadMessage ? dispatch.levels : [...(sameLevel ? dispatch.levels.slice(0, -1) : dispatch.levels), sentRecordOf(escalation, due, threadMessage)];
	return {
		thread: dispatch.thread ?? (threadMessage ?? null),
		highestPosted: inThread ? Math.max(dispatch.highestPosted, due.level.level) : dispatch.highestPosted,
		levels,
		sent: [...dispatch.sent, entry],
		fired: sameLevel ? dispatch.fired : [...dispatch.fired, due],
		parentUpdate: parentUpdate ?? dispatch.parentUpdate,
	};
}

/** What a dry run shows: every delivery's message and where it would go (a `record` delivery under its own name). */
export function dryRunMessages(escalation: TicketEscalation): DryRunMessage[] {
	const state = startDispatch(escalation);
	const messages: DryRunMessage[] = [];
	for (const delivery of escalation.deliveries) {
		const target = postTarget(state, delivery, escalation.delivery);
		const message = deliveryMessage(escalation, delivery);
		messages.push({
			destination: delivery.destination,
			channel: target?.channel ?? delivery.destination,
			threadTs: target?.threadTs ?? null,
			level: delivery.due.level.level,
			metric: delivery.due.metric.metric,
			text: message.text,
			blocks: message.blocks,
		});
	}
	return messages;
}
