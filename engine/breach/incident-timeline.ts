import { METRIC_NAMES } from './identification';
import type { IncidentSoFar } from './incident-so-far';
import type { SopStep } from './sop-step';
import { formatInstant, parseInstant, type TicketEvent } from '../core';
import { SLA_METRICS } from '../sla';

/**
 * What happened to a breached ticket, in order, from every source the procedure can see: the ticket's
 * own events, its SLA clocks (started, due, breached, fulfilled), the steps of the breach procedure
 * and the audit trail. The review's timeline is this list; the checklist asks it questions ("was the
 * client told, and when?", "which follow-up actions are done?").
 */
export type TimelineSource = 'ticket' | 'sla' | 'sop' | 'audit';

export interface TimelineEntry {
	at: number;
	what: string;
	who: string | null;
	source: TimelineSource;
	/** The event type, SLA milestone, SOP step or audit action, for questions about the timeline. */
	kind: string;
	/** For completion records: the action id they complete. */
	actionId?: string;
}

/** Event types and audit actions that mean "the client was told about the breach". */
export const NOTICE_KINDS = ['client_notified', 'notice_sent', 'breach_notice_sent', 'customer_notified'];
/** Event types and audit actions that mean "a follow-up action was done" (with `actionId`). */
export const ACTION_DONE_KINDS = ['action_done', 'action_completed', 'corrective_action_done'];

const STEP_WORDS: Record<SopStep, string> = {
	identify: 'Breach identified',
	assess: 'Severity assessed',
	communicate: 'Client notice drafted',
	correct: 'Corrective action plan made',
	review: 'Post-incident review written',
	checklist: 'SOP checklist evaluated',
};

function record(value: unknown): Record<string, unknown> | null {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function actorName(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	const actor = record(value);
	if (!actor) return null;
	const name = actor.name ?? actor.id ?? actor.email;
	return typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
}

function words(kind: string): string {
	const spaced = kind.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function describeEvent(event: Record<string, unknown>, type: string): string {
	if (type === 'status' && typeof event.status === 'string') return `Status changed to ${event.status}`;
	const note = [event.note, event.text, event.summary, event.message].find((value) => typeof value === 'string' && value.trim() !== '') as string | undefined;
	return note ? `${words(type)}: ${note.trim()}` : words(type);
}

function actionIdOf(value: Record<string, unknown>): string | undefined {
	const details = record(value.details);
	const id = value.actionId ?? value.ref ?? details?.actionId;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Ticket events (`{ type, at, status?, actor? }`); entries without a readable time are left out. */
function ticketEntries(createdAt: unknown, events: unknown): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	const created = parseInstant(createdAt);
	if (created !== null) entries.push({ at: created, what: 'Ticket created', who: null, source: 'ticket', kind: 'created' });
	for (const raw of Array.isArray(events) ? (events as TicketEvent[]) : []) {
		const event = record(raw);
		if (!event) continue;
		const at = parseInstant(event.at);
		if (at === null) continue;
		const type = typeof event.type === 'string' ? event.type : 'event';
		const actionId = actionIdOf(event);
		const what = actionId && ACTION_DONE_KINDS.includes(type.toLowerCase()) ? `Action ${actionId} done` : describeEvent(event, type);
		entries.push({ at, what, who: actorName(event.actor), source: 'ticket', kind: type, actionId });
	}
	return entries;
}

function slaEntries(sla: unknown): TimelineEntry[] {
	const clocks = record(sla);
	if (!clocks) return [];
	const entries: TimelineEntry[] = [];
	for (const metric of SLA_METRICS) {
		const clock = record(clocks[metric]);
		if (!clock) continue;
		const name = METRIC_NAMES[metric];
		const target = typeof clock.target === 'number' ? ` (target ${clock.target} min)` : '';
		const breachedAt = parseInstant(clock.breachedAt);
		const fulfilledAt = parseInstant(clock.fulfilledAt);
		const dueAt = parseInstant(clock.dueAt);
		if (dueAt !== null && breachedAt === null && fulfilledAt === null) entries.push({ at: dueAt, what: `${words(name)} due${target}`, who: null, source: 'sla', kind: `${metric}_due` });
		if (breachedAt !== null) entries.push({ at: breachedAt, what: `${words(name)} SLA breached${target}`, who: null, source: 'sla', kind: `${metric}_breached` });
		if (fulfilledAt !== null) entries.push({ at: fulfilledAt, what: `${words(name)} fulfilled${breachedAt !== null ? ' (late)' : ''}`, who: null, source: 'sla', kind: `${metric}_fulfilled` });
	}
	return entries;
}

function sopEntries(incident: IncidentSoFar): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	for (const step of incident.steps ?? []) {
		const at = parseInstant(step.at);
		if (at !== null) entries.push({ at, what: `${STEP_WORDS[step.step] ?? words(step.step)}: ${step.summary}`, who: 'Breach SOP', source: 'sop', kind: step.step });
	}
	const sentAt = parseInstant(incident.notice?.sentAt);
	if (sentAt !== null) entries.push({ at: sentAt, what: `Client notice sent${incident.notice?.to ? ` to ${incident.notice.to}` : ''}`, who: null, source: 'sop', kind: 'notice_sent' });
	for (const action of incident.plan?.actions ?? []) {
		const doneAt = parseInstant(action.doneAt);
		if (doneAt !== null) entries.push({ at: doneAt, what: `Action ${action.id} done: ${action.action}`, who: action.owner, source: 'sop', kind: 'action_done', actionId: action.id });
	}
	return entries;
}

/** Audit entries, loosely: `{ at|occurredAt|timestamp, actor, action, rule, details? }`. */
function auditEntries(audit: unknown): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	for (const raw of Array.isArray(audit) ? audit : audit ? [audit] : []) {
		const entry = record(raw);
		if (!entry) continue;
		const at = parseInstant(entry.at ?? entry.occurredAt ?? entry.timestamp ?? entry.recordedAt);
		if (at === null) continue;
		const action = typeof entry.action === 'string' && entry.action !== '' ? entry.action : 'audit entry';
		const rule = record(entry.rule)?.id ?? entry.rule;
		const summary = [entry.summary, entry.note, entry.message].find((value) => typeof value === 'string' && value !== '');
		const what = `${words(action)}${typeof rule === 'string' && rule !== '' ? ` (rule ${rule})` : ''}${summary ? `: ${String(summary)}` : ''}`;
		entries.push({ at, what, who: actorName(entry.actor), source: 'audit', kind: action, actionId: actionIdOf(entry) });
	}
	return entries;
}

export interface TimelineSources {
	createdAt?: unknown;
	events?: unknown;
	sla?: unknown;
	incident: IncidentSoFar;
	audit?: unknown;
	/** Leave out what lies after this instant (a due time still ahead has not happened). */
	until?: number;
}

/** Everything known, oldest first; entries at the same instant keep the order ticket, sla, sop, audit. */
export function buildTimeline(sources: TimelineSources): TimelineEntry[] {
	const until = sources.until ?? Infinity;
	const entries = [...ticketEntries(sources.createdAt, sources.events), ...slaEntries(sources.sla), ...sopEntries(sources.incident), ...auditEntries(sources.audit)];
	return entries
		.filter((entry) => entry.at <= until).map((entry, order) => ({ entry, order })).sort((a, b) => a.entry.at - b.entry.at || a.order - b.order).map(({ entry }) => entry);
}

/** When the client was told about the breach: the notice's `sentAt`, or the first notice event or audit entry. */
export function clientNotifiedAt(timeline: TimelineEntry[]): number | null {
	const notice = timeline.find((entry) => NOTICE_KINDS.includes(entry.kind.toLowerCase()));
	return notice ? notice.at : null;
}

/** When each plan action was done, by action id (the earliest record wins). */
export function actionsDone(timeline: TimelineEntry[]): Map<string, number> {
	const done = new Map<string, number>();
	for (const entry of timeline) {
		if (entry.actionId && ACTION_DONE_KINDS.includes(entry.kind.toLowerCase()) && !done.has(entry.actionId)) done.set(entry.actionId, entry.at);
	}
	return done;
}

export function formatTimelineTime(at: number, zone: string): string {
	return formatInstant(at, zone).replace('T', ' ').replace(/:\d{2}\.\d{3}/, '');
}
