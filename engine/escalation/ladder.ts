import { TicketFieldError } from '../core';
import { parseDate } from './instants';
import { normalizeStatus } from './status-since';

/**
 * An escalation ladder: numbered levels, each triggered by how far an SLA metric has run (percent of
 * its target used, time before or after its due time, or time since the last escalation) or by the
 * ticket's own clocks (its age, its time in the current status), each naming what happens when it is
 * reached. A level is reached once per ticket, metric and SLA cycle; a ticket-age level once per
 * ticket; a time-in-status level once per stretch in a status (a status change starts a new one).
 */
export type SlaMetricName = 'firstResponse' | 'nextResponse' | 'resolution' | 'periodicUpdate';

export const SLA_METRICS: readonly SlaMetricName[] = ['firstResponse', 'nextResponse', 'resolution', 'periodicUpdate'];

/** The ticket's own clocks, measured on the wall clock whatever the SLA metrics do. */
export type TicketClockName = 'ticketAge' | 'timeInStatus';

/** What a ladder level climbs on: an SLA metric or a ticket clock. */
export type LadderTrack = SlaMetricName | TicketClockName;

export const METRIC_LABELS: Record<LadderTrack, string> = {
	firstResponse: 'First response',
	nextResponse: 'Next response',
	resolution: 'Resolution',
	periodicUpdate: 'Periodic update',
	ticketAge: 'Ticket age',
	timeInStatus: 'Time in status',
};

export type LevelTrigger =
	| { kind: 'percentUsed'; percent: number }
	/** Negative: before the due time; positive: after it. */
	| { kind: 'relativeToDue'; offsetMs: number }
	| { kind: 'sinceLastEscalation'; afterMs: number }
	/** Wall-clock time since the ticket was created. */
	| { kind: 'ticketAge'; afterMs: number }
	/** Wall-clock time in the current status; only while it is one of `statuses` (normalised) when given. */
	| { kind: 'timeInStatus'; afterMs: number; statuses?: string[] };

export type LevelAction =
	| { type: 'notifyChannel' }
	| { type: 'mention'; targets: string[] }
	| { type: 'notifyUsers'; users: string[] }
	| { type: 'nudgeLeadership' }
	| { type: 'raisePriority'; to?: string }
	| { type: 'reassign'; to: string; kind: 'group' | 'lead' };

export interface LadderLevel {
	level: number;
	name: string;
	trigger: LevelTrigger;
	/** SLA metrics this level watches; all when absent. Never set on a level of a ticket clock. */
	metrics?: SlaMetricName[];
	actions: LevelAction[];
}

export interface Ladder {
	levels: LadderLevel[];
}

/** ServiceNow's pattern: a heads-up at 50 %, a warning at 75 %, a breach at 100 %. */
export const DEFAULT_LADDER: Ladder = {
	levels: [
		{ level: 1, name: 'Heads-up', trigger: { kind: 'percentUsed', percent: 50 }, actions: [{ type: 'notifyChannel' }] },
		{
			level: 2,
			name: 'Warning',
			trigger: { kind: 'percentUsed', percent: 75 },
			actions: [{ type: 'notifyChannel' }, { type: 'mention', targets: ['here'] }],
		},
		{
			level: 3,
			name: 'Breach',
			trigger: { kind: 'percentUsed', percent: 100 },
			actions: [
				{ type: 'notifyChannel' },
				{ type: 'mention', targets: ['here'] },
				{ type: 'raisePriority' },
				{ type: 'nudgeLeadership' },
			],
		},
	],
};

/** One metric of the `sla` object the SLA Clock writes, or one ticket clock, as the ladder needs it. */
export interface MetricSnapshot {
	metric: LadderTrack;
	/** The clock state; for a ticket clock, the ticket's status as shown. */
	state: string;
	cycle: number;
	/** Which occurrence of a recurring metric (next response, periodic update) within the cycle; 1 otherwise. */
	instance: number;
	/** Fulfilled (late or not): nothing left to escalate. */
	fulfilled: boolean;
	dueAt: number | null;
	elapsedMs: number | null;
	remainingMs: number | null;
	percentUsed: number | null;
	/** Ticket clocks only: when the clock started (the creation, or the start of the current status). */
	since?: number;
	/** Ticket clocks only: the current status, normalised (null when unknown). */
	status?: string | null;
}

/** A level already sent for a metric and cycle (from the ticket's own escalation record). */
export interface SentLevel {
	metric: string;
	cycle: number;
	instance?: number;
	level: number;
	sentAt: number;
}

/** Clock states in which a metric can still escalate; met, paused and not-started clocks cannot. */
const ESCALATING_STATES = new Set(['running', 'at_risk', 'breached', 'on_track']);

export type MetricVerdict =
	| { status: 'due'; metric: MetricSnapshot; level: LadderLevel; skipped: number[]; reached: number }
	| { status: 'alreadySent'; metric: MetricSnapshot; level: LadderLevel; sentAt: number }
	| { status: 'nothingDue'; metric: MetricSnapshot };

function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function positiveNumber(value: unknown, field: string): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (!isNumber(number) || number < 0) throw new TicketFieldError(field, `must be a number of zero or more, got ${JSON.stringify(value)}`);
	return number;
}

function parseTrigger(raw: unknown, field: string): LevelTrigger {
	if (raw === null || typeof raw !== 'object') throw new TicketFieldError(field, 'is missing');
	const trigger = raw as Record<string, unknown>;
	switch (trigger.kind) {
		case 'percentUsed': {
			const percent = positiveNumber(trigger.percent, `${field}.percent`);
			if (percent === 0) throw new TicketFieldError(`${field}.percent`, 'must be more than 0');
			return { kind: 'percentUsed', percent };
		}
		case 'beforeDue':
			return { kind: 'relativeToDue', offsetMs: -positiveNumber(trigger.minutes, `${field}.minutes`) * 60_000 };
		case 'afterDue':
			return { kind: 'relativeToDue', offsetMs: positiveNumber(trigger.minutes, `${field}.minutes`) * 60_000 };
		case 'relativeToDue': {
			const offset = Number(trigger.offsetMs);
			if (!isNumber(offset)) throw new TicketFieldError(`${field}.offsetMs`, 'must be a number');
			return { kind: 'relativeToDue', offsetMs: offset };
		}
		case 'sinceLastEscalation': {
			const minutes = positiveNumber(trigger.minutes, `${field}.minutes`);
			if (minutes === 0) throw new TicketFieldError(`${field}.minutes`, 'must be more than 0');
			return { kind: 'sinceLastEscalation', afterMs: minutes * 60_000 };
		}
		case 'ticketAge':
			return { kind: 'ticketAge', afterMs: positiveNumber(trigger.minutes, `${field}.minutes`) * 60_000 };
		case 'timeInStatus': {
			const afterMs = positiveNumber(trigger.minutes, `${field}.minutes`) * 60_000;
			const statuses = stringList(trigger.statuses, `${field}.statuses`).map(normalizeStatus);
			return statuses.length > 0 ? { kind: 'timeInStatus', afterMs, statuses } : { kind: 'timeInStatus', afterMs };
		}
		default:
			throw new TicketFieldError(
				`${field}.kind`,
				`must be one of percentUsed, beforeDue, afterDue, sinceLastEscalation, ticketAge, timeInStatus; got ${JSON.stringify(trigger.kind)}`,
			);
	}
}

function stringList(value: unknown, field: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
	if (entries === null) throw new TicketFieldError(field, 'must be a list or a comma-separated text');
	return entries.map((entry) => String(entry).trim()).filter((entry) => entry.length > 0);
}

function parseAction(raw: unknown, field: string): LevelAction {
	if (raw === null || typeof raw !== 'object') throw new TicketFieldError(field, 'must be an object with a "type"');
	const action = raw as Record<string, unknown>;
	switch (action.type) {
		case 'notifyChannel':
		case 'nudgeLeadership':
			return { type: action.type };
		case 'mention': {
			const targets = stringList(action.targets, `${field}.targets`);
			if (targets.length === 0) throw new TicketFieldError(`${field}.targets`, 'names no one to mention');
			return { type: 'mention', targets };
		}
		case 'notifyUsers': {
			const users = stringList(action.users, `${field}.users`);
			if (users.length === 0) throw new TicketFieldError(`${field}.users`, 'names no user');
			return { type: 'notifyUsers', users };
		}
		case 'raisePriority':
			return action.to ? { type: 'raisePriority', to: String(action.to) } : { type: 'raisePriority' };
		case 'reassign': {
			const to = typeof action.to === 'string' ? action.to.trim() : '';
			if (to === '') throw new TicketFieldError(`${field}.to`, 'names no group or lead to reassign to');
			return { type: 'reassign', to, kind: action.kind === 'lead' ? 'lead' : 'group' };
		}
		default:
			throw new TicketFieldError(
				`${field}.type`,
				`must be one of notifyChannel, mention, notifyUsers, nudgeLeadership, raisePriority, reassign; got ${JSON.stringify(action.type)}`,
			);
	}
}

/**
 * Validates a ladder given as JSON (`{ levels: [{ name, trigger: { kind, percent | minutes, statuses? },
 * metrics?, actions: [{ type, ... }] }] }`); levels are numbered 1, 2, 3 in the order given.
 */
export function parseLadder(raw: unknown, field = 'ladder'): Ladder {
	const source = Array.isArray(raw) ? { levels: raw } : raw;
	if (source === null || typeof source !== 'object' || !Array.isArray((source as { levels?: unknown }).levels)) {
		throw new TicketFieldError(`${field}.levels`, 'must be a list of levels');
	}
	const rawLevels = (source as { levels: unknown[] }).levels;
	if (rawLevels.length === 0) throw new TicketFieldError(`${field}.levels`, 'needs at least one level');
	const levels = rawLevels.map((rawLevel, index): LadderLevel => {
		const levelField = `${field}.levels[${index}]`;
		if (rawLevel === null || typeof rawLevel !== 'object') throw new TicketFieldError(levelField, 'must be an object');
		const level = rawLevel as Record<string, unknown>;
		const metrics = stringList(level.metrics, `${levelField}.metrics`);
		for (const metric of metrics) {
			if (!SLA_METRICS.includes(metric as SlaMetricName)) {
				throw new TicketFieldError(`${levelField}.metrics`, `"${metric}" is not one of ${SLA_METRICS.join(', ')}`);
			}
		}
		const rawActions = level.actions ?? [{ type: 'notifyChannel' }];
		if (!Array.isArray(rawActions)) throw new TicketFieldError(`${levelField}.actions`, 'must be a list');
		return {
			level: index + 1,
			name: typeof level.name === 'string' && level.name.trim() !== '' ? level.name.trim() : `Level ${index + 1}`,
			trigger: parseTrigger(level.trigger, `${levelField}.trigger`),
			...(metrics.length > 0 ? { metrics: metrics as SlaMetricName[] } : {}),
			actions: rawActions.map((action, actionIndex) => parseAction(action, `${levelField}.actions[${actionIndex}]`)),
		};
	});
	const ladder = { levels };
	levels.forEach((level, index) => {
		const clock = trackOf(ladder, level);
		if (level.metrics === undefined || clock === 'sla') return;
		const whose = level.trigger.kind === clock ? `a ${clock} level watches` : `this level follows a ${clock} level, which watches`;
		throw new TicketFieldError(`${field}.levels[${index}].metrics`, `${whose} the ticket itself, not an SLA metric: leave metrics out`);
	});
	return ladder;
}

/** The ticket clock a trigger watches; null for the SLA triggers. */
function clockOf(trigger: LevelTrigger): TicketClockName | null {
	return trigger.kind === 'ticketAge' || trigger.kind === 'timeInStatus' ? trigger.kind : null;
}

export function isTicketClock(track: LadderTrack): track is TicketClockName {
	return track === 'ticketAge' || track === 'timeInStatus';
}

/** The track of one level, worked out from the levels at or below it (trackOf reads it from ladderFacts). */
function levelTrack(ladder: Ladder, level: LadderLevel): TicketClockName | 'sla' {
	const below = ladder.levels.filter((candidate) => candidate.level <= level.level).sort((a, b) => b.level - a.level);
	const decides = below.find((candidate) => candidate.trigger.kind !== 'sinceLastEscalation');
	return (decides && clockOf(decides.trigger)) ?? 'sla';
}

/** What the ladder says about itself, the same for every ticket: worked out once per ladder. */
interface LadderFacts {
	/** The list of levels and its length the facts were worked out for (a changed ladder is worked out anew). */
	levels: readonly LadderLevel[];
	count: number;
	tracks: Map<LadderLevel, TicketClockName | 'sla'>;
	/** The levels that climb on each metric or clock, in ladder order (filled as metrics are met). */
	applying: Map<string, LadderLevel[]>;
	/** The ticket clocks the ladder has levels for. */
	clocks: ReadonlySet<TicketClockName>;
}

const FACTS = new WeakMap<Ladder, LadderFacts>();

function ladderFacts(ladder: Ladder): LadderFacts {
	const known = FACTS.get(ladder);
	if (known !== undefined && known.levels === ladder.levels && known.count === ladder.levels.length) return known;
	const tracks = new Map<LadderLevel, TicketClockName | 'sla'>();
	const clocks = new Set<TicketClockName>();
	for (const level of ladder.levels) {
		const track = levelTrack(ladder, level);
		tracks.set(level, track);
		if (track !== 'sla') clocks.add(track);
	}
	const facts: LadderFacts = { levels: ladder.levels, count: ladder.levels.length, tracks, applying: new Map(), clocks };
	FACTS.set(ladder, facts);
	return facts;
}

/**
 * What a level climbs on: the SLA metrics, or the ticket clock of its trigger. A time-since-last-
 * escalation level follows the level below it, so it climbs on that level's track.
 */
export function trackOf(ladder: Ladder, level: LadderLevel): TicketClockName | 'sla' {
	return ladderFacts(ladder).tracks.get(level) ?? levelTrack(ladder, level);
}

/** The ticket clocks the ladder has levels for (only those are read from the ticket). */
export function ladderClocks(ladder: Ladder): ReadonlySet<TicketClockName> {
	return ladderFacts(ladder).clocks;
}

/** The levels that climb on this metric or clock, in ladder order. */
function levelsOn(ladder: Ladder, metric: LadderTrack): readonly LadderLevel[] {
	const facts = ladderFacts(ladder);
	let levels = facts.applying.get(metric);
	if (levels === undefined) {
		levels = ladder.levels.filter((level) => appliesTo(facts.tracks.get(level) ?? levelTrack(ladder, level), level, metric));
		facts.applying.set(metric, levels);
	}
	return levels;
}

function instantOf(value: unknown): number | null {
	if (isNumber(value)) return value;
	if (typeof value !== 'string' || value.trim() === '') return null;
	const parsed = parseDate(value);
	return Number.isNaN(parsed) ? null : parsed;
}

function numberOrNull(value: unknown): number | null {
	return isNumber(value) ? value : null;
}

/** The metrics of an `sla` object (as the SLA Clock writes it) that are present, in ladder order. */
export function metricSnapshots(sla: unknown, watched: readonly SlaMetricName[] = SLA_METRICS): MetricSnapshot[] {
	if (sla === null || typeof sla !== 'object') throw new TicketFieldError('sla', 'is missing: run the SLA Clock node before Escalate');
	const record = sla as Record<string, unknown>;
	const ticketCycle = isNumber(record.cycle) ? record.cycle : 1;
	const snapshots: MetricSnapshot[] = [];
	for (const metric of watched) {
		const raw = record[metric];
		if (raw === null || raw === undefined || typeof raw !== 'object') continue;
		const value = raw as Record<string, unknown>;
		const dueAt = instantOf(value.dueAt);
		if (value.dueAt !== undefined && value.dueAt !== null && dueAt === null) {
			throw new TicketFieldError(`sla.${metric}.dueAt`, `"${String(value.dueAt)}" is not an ISO-8601 timestamp`);
		}
		snapshots.push({
			metric,
			state: typeof value.state === 'string' ? value.state : 'running',
			cycle: isNumber(value.cycle) ? value.cycle : ticketCycle,
			instance: isNumber(value.instance) ? value.instance : 1,
			fulfilled: typeof value.fulfilledAt === 'string' && value.fulfilledAt !== '',
			dueAt,
			elapsedMs: numberOrNull(value.elapsedMs),
			remainingMs: numberOrNull(value.remainingMs),
			percentUsed: numberOrNull(value.percentUsed),
		});
	}
	return snapshots;
}

/**
 * Whether the level (on `track`) climbs on this metric or clock. A ticket-clock level has one track per
 * ticket (not one per SLA metric), so it is evaluated, and sent, once per ticket whatever the metrics watched.
 */
function appliesTo(track: TicketClockName | 'sla', level: LadderLevel, metric: LadderTrack): boolean {
	if (track !== 'sla') return metric === track;
	return !isTicketClock(metric) && (level.metrics === undefined || level.metrics.includes(metric));
}

/** Whether a time-in-status level watches the status the ticket is in. */
function watchesStatus(trigger: Extract<LevelTrigger, { kind: 'timeInStatus' }>, status: string | null | undefined): boolean {
	return trigger.statuses === undefined || (typeof status === 'string' && trigger.statuses.includes(status));
}

function lastSentAt(history: readonly SentLevel[]): number | null {
	return history.reduce<number | null>((latest, sent) => (latest === null || sent.sentAt > latest ? sent.sentAt : latest), null);
}

/** A time-since-last-escalation level follows the level below it: it cannot be reached before that one. */
function isTriggered(level: LadderLevel, metric: MetricSnapshot, reached: number, lastEscalationAt: number | null, now: number): boolean {
	const trigger = level.trigger;
	switch (trigger.kind) {
		case 'percentUsed':
			return metric.percentUsed !== null && metric.percentUsed >= trigger.percent;
		case 'relativeToDue':
			return metric.dueAt !== null && now >= metric.dueAt + trigger.offsetMs;
		case 'sinceLastEscalation':
			return lastEscalationAt !== null && reached >= level.level - 1 && now >= lastEscalationAt + trigger.afterMs;
		case 'ticketAge':
			return metric.since !== undefined && now >= metric.since + trigger.afterMs;
		case 'timeInStatus':
			return metric.since !== undefined && watchesStatus(trigger, metric.status) && now >= metric.since + trigger.afterMs;
	}
}

/**
 * The earliest instant the level could be reached. For a percent trigger this is a lower bound: SLA
 * time runs on business hours, never faster than the wall clock, so checking again then is safe. So it
 * is for time in status: a status change restarts the clock later, never earlier, and a ticket in a
 * status the level does not watch cannot reach it before `minutes` from now. Only Escalate's own next
 * check wakes a ticket for these clocks (a paused SLA clock schedules none), hence that bound.
 */
function earliestTriggerAt(
	level: LadderLevel,
	metric: MetricSnapshot,
	reached: number,
	lastEscalationAt: number | null,
	now: number,
): number | null {
	const trigger = level.trigger;
	switch (trigger.kind) {
		case 'percentUsed': {
			if (metric.elapsedMs === null || metric.remainingMs === null) return trigger.percent === 100 ? metric.dueAt : null;
			const targetMs = metric.elapsedMs + metric.remainingMs;
			let earliest = now + Math.max(0, (trigger.percent / 100) * targetMs - metric.elapsedMs);
			if (trigger.percent >= 100 && metric.dueAt !== null) {
				earliest = Math.max(earliest, metric.dueAt + ((trigger.percent - 100) / 100) * targetMs);
			}
			return earliest;
		}
		case 'relativeToDue':
			return metric.dueAt === null ? null : metric.dueAt + trigger.offsetMs;
		case 'sinceLastEscalation':
			return lastEscalationAt === null || reached < level.level - 1 ? null : lastEscalationAt + trigger.afterMs;
		case 'ticketAge':
			return metric.since === undefined ? null : metric.since + trigger.afterMs;
		case 'timeInStatus':
			if (metric.since === undefined) return null;
			return watchesStatus(trigger, metric.status) ? metric.since + trigger.afterMs : now + trigger.afterMs;
	}
}

/**
 * Whether a clock in this state can escalate (met, fulfilled, paused and not-started clocks cannot). A
 * ticket clock always runs: which statuses count is the level's to say.
 */
export function canEscalate(metric: MetricSnapshot): boolean {
	return isTicketClock(metric.metric) || (ESCALATING_STATES.has(metric.state) && !metric.fulfilled);
}

/** The levels sent for this occurrence of the metric (same metric, SLA cycle and instance). */
export function historyOf(metric: MetricSnapshot, sent: readonly SentLevel[]): SentLevel[] {
	return sent.filter((entry) => entry.metric === metric.metric && entry.cycle === metric.cycle && (entry.instance ?? 1) === metric.instance);
}

/** One occurrence of a metric on the ladder so far: the levels sent for it, the highest, the latest sending. */
export interface Occurrence {
	history: readonly SentLevel[];
	/** The highest level sent; 0 when none. */
	reached: number;
	lastEscalationAt: number | null;
}

const NOTHING_SENT: Occurrence = Object.freeze({ history: Object.freeze([]) as readonly SentLevel[], reached: 0, lastEscalationAt: null });

export function occurrenceOf(metric: MetricSnapshot, sent: readonly SentLevel[]): Occurrence {
	if (sent.length === 0) return NOTHING_SENT;
	const history = historyOf(metric, sent);
	const reached = history.reduce((highest, entry) => Math.max(highest, entry.level), 0);
	return { history, reached, lastEscalationAt: lastSentAt(history) };
}

/**
 * Where one metric stands on the ladder at `now`: the highest level whose trigger is met, and whether
 * it (or a higher one) was already sent in this cycle. Levels skipped on the way (a ticket first seen
 * at 80 % goes straight to the 75 % level) are reported, not sent.
 */
export function evaluateMetric(ladder: Ladder, metric: MetricSnapshot, sent: readonly SentLevel[], now: number): MetricVerdict {
	if (!canEscalate(metric)) return { status: 'nothingDue', metric };
	return verdictOf(ladder, metric, occurrenceOf(metric, sent), now);
}

/** evaluateMetric for a metric that can escalate, its occurrence read already. */
export function verdictOf(ladder: Ladder, metric: MetricSnapshot, { history, reached, lastEscalationAt }: Occurrence, now: number): MetricVerdict {
	const levels = levelsOn(ladder, metric.metric);
	let highest: LadderLevel | null = null;
	for (const level of levels) {
		if ((highest === null || level.level > highest.level) && isTriggered(level, metric, reached, lastEscalationAt, now)) highest = level;
	}
	if (highest === null) return { status: 'nothingDue', metric };
	if (highest.level <= reached) {
		const top = highest.level;
		const sentEntry = history.find((entry) => entry.level === top) ?? history.find((entry) => entry.level === reached);
		return { status: 'alreadySent', metric, level: highest, sentAt: sentEntry?.sentAt ?? lastEscalationAt ?? now };
	}
	const skipped: number[] = [];
	for (const level of levels) if (level.level > reached && level.level < highest.level) skipped.push(level.level);
	return { status: 'due', metric, level: highest, skipped, reached };
}

/**
 * When this metric should be looked at again: the earliest instant a level above `reachedLevel` could
 * be reached, or the clock's own next check, whichever is first (null when nothing can change).
 */
export function nextCheckFor(
	ladder: Ladder,
	metric: MetricSnapshot,
	sent: readonly SentLevel[],
	reachedLevel: number,
	now: number,
): number | null {
	if (!canEscalate(metric)) return null;
	return nextCheckAfter(ladder, metric, lastSentAt(historyOf(metric, sent)), reachedLevel, now);
}

/** nextCheckFor for a metric that can escalate, given when its occurrence was last escalated. */
export function nextCheckAfter(ladder: Ladder, metric: MetricSnapshot, lastEscalationAt: number | null, reachedLevel: number, now: number): number | null {
	let next: number | null = null;
	for (const level of levelsOn(ladder, metric.metric)) {
		if (level.level <= reachedLevel) continue;
		const at = earliestTriggerAt(level, metric, reachedLevel, lastEscalationAt, now);
		if (at !== null && at > now && (next === null || at < next)) next = at;
	}
	return next;
}

/** The earliest of several optional instants. */
export function earliest(...instants: Array<number | null | undefined>): number | null {
	return instants.reduce<number | null>((min, at) => (isNumber(at) && (min === null || at < min) ? at : min), null);
}

/** earliest(first, second), without the list. */
export function earlierOf(first: number | null | undefined, second: number | null | undefined): number | null {
	const min = isNumber(first) ? first : null;
	return isNumber(second) && (min === null || second < min) ? second : min;
}
