import { describeFieldTest, parseFieldTests, type FieldTest } from './field-test';
import { isRecord, parseNames, PolicyError, rejectUnknownFields } from './policy-fields';

/**
 * The conditions of one metric, as Jira Service Management writes a metric's start, pause and stop
 * conditions and Zendesk its pause states:
 * - a **pause** condition holds over stretches of time: the ticket is in one of `statuses`, carries
 *   one of `tags`, or one of the `fields` tests passes. No time counts while it holds.
 * - a **trigger** (start or stop) fires at an instant: the ticket is `created` (the cycle starts; start
 *   only), is `resolved` (enters a resolved status), an `agentReply` or `customerReply` happens (the
 *   SLA Clock's reply event types), an event of one of the `events` types happens,
 *   it enters one of the `statuses`, one of the `tags` is added, or a `fields` test becomes true.
 */
export interface PauseCondition {
	/** Normalised statuses; null: the policy set's `pauseStatuses`. */
	readonly statuses: ReadonlySet<string> | null;
	readonly tags: ReadonlySet<string>;
	readonly fields: readonly FieldTest[];
}

export interface Trigger {
	readonly created: boolean;
	/** An agent reply (the SLA Clock's agent reply event types). */
	readonly agentReply: boolean;
	/** A customer reply (the SLA Clock's customer reply event types). */
	readonly customerReply: boolean;
	readonly resolved: boolean;
	readonly events: ReadonlySet<string>;
	readonly statuses: ReadonlySet<string>;
	readonly tags: ReadonlySet<string>;
	readonly fields: readonly FieldTest[];
}

const PAUSE_FIELDS = ['fields', 'statuses', 'tags'];
const START_FIELDS = ['agentReply', 'created', 'customerReply', 'events', 'fields', 'resolved', 'statuses', 'tags'];
const STOP_FIELDS = ['agentReply', 'customerReply', 'events', 'fields', 'resolved', 'statuses', 'tags'];

export function parsePause(value: unknown, path: string): PauseCondition {
	if (!isRecord(value)) throw new PolicyError(path, 'must be an object with any of statuses, tags, fields (each pauses the metric while it holds)');
	rejectUnknownFields(value, PAUSE_FIELDS, path);
	return {
		statuses: value.statuses === undefined || value.statuses === null ? null : new Set(parseNames(value.statuses, `${path}.statuses`)),
		tags: new Set(value.tags === undefined || value.tags === null ? [] : parseNames(value.tags, `${path}.tags`)),
		fields: value.fields === undefined || value.fields === null ? [] : parseFieldTests(value.fields, `${path}.fields`),
	};
}

export function parseTrigger(value: unknown, path: string, role: 'start' | 'stop'): Trigger {
	const allowed = role === 'start' ? START_FIELDS : STOP_FIELDS;
	if (!isRecord(value)) throw new PolicyError(path, `must be an object with any of ${allowed.join(', ')}`);
	rejectUnknownFields(value, allowed, path);
	const flag = (key: string): boolean => {
		const raw = value[key];
		if (raw === undefined || raw === null || raw === false) return false;
		if (raw === true) return true;
		throw new PolicyError(`${path}.${key}`, `must be true or false, got ${JSON.stringify(raw)}`);
	};
	const names = (key: string) => new Set(value[key] === undefined || value[key] === null ? [] : parseNames(value[key], `${path}.${key}`));
	const trigger: Trigger = {
		created: flag('created'),
		agentReply: flag('agentReply'),
		customerReply: flag('customerReply'),
		resolved: flag('resolved'),
		events: names('events'),
		statuses: names('statuses'),
		tags: names('tags'),
		fields: value.fields === undefined || value.fields === null ? [] : parseFieldTests(value.fields, `${path}.fields`),
	};
	const empty = !trigger.created && !trigger.resolved && !trigger.agentReply && !trigger.customerReply && trigger.events.size + trigger.statuses.size + trigger.tags.size + trigger.fields.length === 0;
	if (empty) throw new PolicyError(path, `names nothing that ${role}s the metric (give any of ${allowed.join(', ')})`);
	return trigger;
}

/** A trigger in words, for explanations: "status pending", "tag waiting_on_vendor". */
export function describeTrigger(trigger: Trigger): string {
	const parts: string[] = [];
	if (trigger.created) parts.push('created');
	if (trigger.resolved) parts.push('resolved');
	if (trigger.agentReply) parts.push('agent reply');
	if (trigger.customerReply) parts.push('customer reply');
	for (const type of trigger.events) parts.push(`event ${type}`);
	for (const status of trigger.statuses) parts.push(`status ${status}`);
	for (const tag of trigger.tags) parts.push(`tag ${tag}`);
	for (const test of trigger.fields) parts.push(`field ${describeFieldTest(test)}`);
	return parts.join(', ');
}

/** A trigger from its parts (the built-in metrics' defaults). */
export function trigger(parts: Partial<Omit<Trigger, 'events' | 'statuses' | 'tags' | 'fields'>>): Trigger {
	return { created: false, agentReply: false, customerReply: false, resolved: false, events: new Set(), statuses: new Set(), tags: new Set(), fields: [], ...parts };
}
