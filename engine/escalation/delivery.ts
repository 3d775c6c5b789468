import { deliveryKey } from './escalation-key';
import type { DueLevel, EscalationPlan } from './escalation';
import type { LadderLevel } from './ladder';

/**
 * The Slack deliveries a plan produces: each due level goes to the ticket's thread in the channel, to
 * the leadership channel, and to users by direct message, as its actions say. A level that only changes
 * the ticket (raise priority, reassign) gets one `record` delivery, so it too is sent exactly once.
 * Every delivery has its own idempotency key.
 */
export type Destination = 'thread' | 'leadership' | 'record' | `user:${string}`;

export interface Delivery {
	key: string;
	destination: Destination;
	due: DueLevel;
}

/** Where and how a ticket's escalation is delivered and recorded, as the builder set it up. */
export interface DeliverySettings {
	/** The channel of the ticket's thread. */
	channel: string;
	/** Empty: levels that nudge leadership skip that step. */
	leadershipChannel: string;
	/** A thread reply that raises the level is also shown in the channel. */
	broadcastLevelChanges: boolean;
	/** The thread's first message is rewritten to the current level when a later level is sent. */
	updateParent: boolean;
	/** Priorities from lowest to highest, for Raise Priority. */
	priorityScale: readonly string[];
	/** Ticket paths shown as customer context; empty: the CRM and customer fields. */
	contextFields: readonly string[];
	/** Empty: the ticket's own `runbookUrl` and `url`. */
	runbookUrl: string;
	ticketUrl: string;
}

/** What a level does in Slack. Mentioning someone implies posting in the channel. */
export interface LevelActions {
	notifyChannel: boolean;
	mentions: readonly string[];
	users: readonly string[];
	leadership: boolean;
}

/** Read once per level (the same for every ticket); kept with the list of actions it was read from. */
const ACTIONS = new WeakMap<LadderLevel, { from: LadderLevel['actions']; actions: LevelActions }>();

/** The level's actions in Slack; the same object for every call on the level, not to be changed. */
export function levelActions(level: LadderLevel): LevelActions {
	const known = ACTIONS.get(level);
	if (known !== undefined && known.from === level.actions) return known.actions;
	const mentions = level.actions.flatMap((action) => (action.type === 'mention' ? action.targets : []));
	const users = level.actions.flatMap((action) => (action.type === 'notifyUsers' ? action.users : []));
	const actions: LevelActions = {
		notifyChannel: level.actions.some((action) => action.type === 'notifyChannel') || mentions.length > 0,
		mentions,
		users,
		leadership: level.actions.some((action) => action.type === 'nudgeLeadership'),
	};
	ACTIONS.set(level, { from: level.actions, actions });
	return actions;
}

const deliveryTo = (due: DueLevel, destination: Destination): Delivery => ({ key: deliveryKey(due.key, destination), destination, due });

/** The deliveries of every due level, level by level; direct messages only when the plan may page. */
export function planDeliveries(plan: EscalationPlan, settings: Pick<DeliverySettings, 'leadershipChannel'>): Delivery[] {
	if (plan.outcome !== 'escalate') return [];
	const deliveries: Delivery[] = [];
	for (const due of plan.due) {
		const actions = levelActions(due.level);
		const before = deliveries.length;
		if (actions.notifyChannel) deliveries.push(deliveryTo(due, 'thread'));
		if (actions.leadership && settings.leadershipChannel) deliveries.push(deliveryTo(due, 'leadership'));
		if (plan.paging.page) for (const user of actions.users) deliveries.push(deliveryTo(due, `user:${user}`));
		if (deliveries.length === before) deliveries.push(deliveryTo(due, 'record'));
	}
	return deliveries;
}

/**
 * The deliveries of one run, each sent once: a delivery already listed for an earlier ticket of the
 * run is dropped, and a ticket left with none of its deliveries is `repeated` (listed twice in the run).
 */
export function firstInRun(lists: ReadonlyArray<readonly Delivery[]>): Array<{ deliveries: Delivery[]; repeated: boolean }> {
	const seen = new Set<string>();
	return lists.map((deliveries) => {
		const fresh = deliveries.filter((delivery) => !seen.has(delivery.key));
		fresh.forEach((delivery) => seen.add(delivery.key));
		return { deliveries: fresh, repeated: deliveries.length > 0 && fresh.length === 0 };
	});
}
