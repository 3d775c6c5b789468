import type { Calendar } from '../calendar';
import { parsePause, parseTrigger, trigger, type PauseCondition, type Trigger } from './metric-condition';
import { isRecord, PolicyError, rejectUnknownFields } from './policy-fields';
import { parseMatch, parseMatches, type PolicyMatch, type TicketMatch } from './ticket-match';

/**
 * The metrics of a policy. Four are built in (first response, next response, resolution, periodic
 * update, with the rules of ticket-cycle.ts); a team adds its own by name ("timeToTriage") with start
 * and stop triggers. Each metric may carry its own conditions — when it starts, pauses and stops, its
 * calendar, when it does not apply (`exclude`) — written once for the whole set (`metrics` beside
 * `policies`, like Jira Service Management's metric conditions) and changed per policy (a policy's own
 * `metrics`, like Zendesk's per-policy targets); a policy's entry replaces the set's field by field.
 *
 * Targets are a number of minutes, or goals tried in order (`[{ "when": { "priority": ["urgent"] },
 * "minutes": 240, "calendar": "24/7" }, { "minutes": 960 }]`): the first whose `when` fits the ticket
 * applies; when none does the metric is not measured for that ticket.
 */
export const SLA_METRICS = ['firstResponse', 'nextResponse', 'resolution', 'periodicUpdate'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Targets in business minutes (the simple form); a metric without a target is not measured. */
export type SlaTargets = Partial<Record<SlaMetric, number>>;

/** A target as written: minutes, or goals by ticket. */
export type TargetSpec = number | string | GoalSpec[];

export interface GoalSpec {
	when?: PolicyMatch;
	minutes: number | string;
	/** Name of one of the set's calendars; default the metric's, then the policy's. */
	calendar?: string;
}

/** A metric's conditions as written (in the set's `metrics` or a policy's). */
export interface MetricSpec {
	/** How the metric is named in messages; default its key. */
	label?: string;
	start?: Record<string, unknown>;
	stop?: Record<string, unknown>;
	pause?: Record<string, unknown>;
	calendar?: string;
	exclude?: PolicyMatch | PolicyMatch[];
	atRiskPercent?: number | string;
}

export interface Goal {
	/** Null: any ticket. */
	readonly when: TicketMatch | null;
	readonly minutes: number;
	/** Null: the metric's calendar. */
	readonly calendar: Calendar | null;
}

/** A metric's conditions, compiled; absent parts are null (the metric's defaults). */
export interface MetricConditions {
	readonly label: string | null;
	readonly start: Trigger | null;
	readonly stop: Trigger | null;
	readonly pause: PauseCondition | null;
	readonly calendar: Calendar | null;
	readonly exclude: readonly TicketMatch[] | null;
	readonly atRiskPercent: number | null;
}

/** One measured metric of a policy. */
export interface PolicyMetric {
	readonly key: string;
	readonly label: string;
	/** The built-in metric, or null for a custom one. */
	readonly builtin: SlaMetric | null;
	readonly goals: readonly Goal[];
	/** The metric's calendar (goals may name another). */
	readonly calendar: Calendar;
	readonly atRiskPercent: number;
	/** Null: the set's pause statuses. */
	readonly pause: PauseCondition | null;
	/** Both null: the built-in rules of ticket-cycle.ts; a custom metric has both. */
	readonly start: Trigger | null;
	readonly stop: Trigger | null;
	readonly exclude: readonly TicketMatch[];
}

export const METRIC_LABELS: Record<SlaMetric, string> = {
	firstResponse: 'first response',
	nextResponse: 'next response',
	resolution: 'resolution',
	periodicUpdate: 'periodic update',
};

/**
 * The built-in metrics' rules written as triggers, used when a policy replaces only one side.
 * Resolution's stop never fires: the ticket's resolution fulfils it while the ticket stays resolved,
 * and a reopen it continues through carries it on (write `"stop": { "resolved": true }` to end it at
 * the first resolution, as a JSM "Resolution: set" stop does).
 */
const DEFAULT_TRIGGERS: Record<SlaMetric, { start: Trigger; stop: Trigger }> = {
	firstResponse: { start: trigger({ created: true }), stop: trigger({ agentReply: true }) },
	nextResponse: { start: trigger({ customerReply: true }), stop: trigger({ agentReply: true }) },
	resolution: { start: trigger({ created: true }), stop: trigger({}) },
	periodicUpdate: { start: trigger({ agentReply: true }), stop: trigger({ agentReply: true }) },
};

const METRIC_FIELDS = ['atRiskPercent', 'calendar', 'exclude', 'label', 'pause', 'start', 'stop'];
const GOAL_FIELDS = ['calendar', 'minutes', 'when'];
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_MINUTES = 100 * 365 * 24 * 60;

export type CalendarLookup = (name: unknown, path: string) => Calendar;

export function isBuiltinMetric(key: string): key is SlaMetric {
	return (SLA_METRICS as readonly string[]).includes(key);
}

/** `{ key: MetricSpec }` compiled; PolicyError naming `path.key.field`. */
export function parseMetricConditions(value: unknown, path: string, calendarNamed: CalendarLookup): Map<string, MetricConditions> {
	const metrics = new Map<string, MetricConditions>();
	if (value === undefined || value === null) return metrics;
	if (!isRecord(value)) throw new PolicyError(path, 'must be an object of metrics by name ({ "resolution": { "pause": … }, "timeToTriage": { "start": …, "stop": … } })');
	for (const [key, spec] of Object.entries(value)) {
		const at = `${path}.${key}`;
		if (!KEY.test(key)) throw new PolicyError(at, 'is not a metric name: letters, digits and _, starting with a letter (like timeToTriage)');
		metrics.set(key, parseConditions(spec, at, calendarNamed));
	}
	return metrics;
}

function parseConditions(value: unknown, path: string, calendarNamed: CalendarLookup): MetricConditions {
	if (!isRecord(value)) throw new PolicyError(path, `must be an object with any of ${METRIC_FIELDS.join(', ')}`);
	rejectUnknownFields(value, METRIC_FIELDS, path);
	const given = (key: string) => value[key] !== undefined && value[key] !== null;
	if (given('label') && (typeof value.label !== 'string' || value.label.trim() === '')) throw new PolicyError(`${path}.label`, 'must be text');
	return {
		label: given('label') ? String(value.label).trim() : null,
		start: given('start') ? parseTrigger(value.start, `${path}.start`, 'start') : null,
		stop: given('stop') ? parseTrigger(value.stop, `${path}.stop`, 'stop') : null,
		pause: given('pause') ? parsePause(value.pause, `${path}.pause`) : null,
		calendar: given('calendar') ? calendarNamed(value.calendar, `${path}.calendar`) : null,
		exclude: given('exclude') ? parseMatches(value.exclude, `${path}.exclude`) : null,
		atRiskPercent: given('atRiskPercent') ? parsePercent(value.atRiskPercent, `${path}.atRiskPercent`) : null,
	};
}

/** The policy's conditions laid over the set's, field by field. */
function merged(set: MetricConditions | undefined, own: MetricConditions | undefined): MetricConditions | undefined {
	if (set === undefined || own === undefined) return own ?? set;
	const pick = <K extends keyof MetricConditions>(key: K) => (own[key] ?? set[key]) as MetricConditions[K];
	return {
		label: pick('label'),
		start: pick('start'),
		stop: pick('stop'),
		pause: pick('pause'),
		calendar: pick('calendar'),
		exclude: pick('exclude'),
		atRiskPercent: pick('atRiskPercent'),
	};
}

export interface PolicyMetricsInput {
	targets: unknown;
	targetsPath: string;
	ownConditions: Map<string, MetricConditions>;
	ownPath: string;
	setConditions: ReadonlyMap<string, MetricConditions>;
	calendar: Calendar;
	atRiskPercent: number;
	calendarNamed: CalendarLookup;
	resolvedStatuses: ReadonlySet<string>;
}

/** The measured metrics of one policy (built-in ones first, in reporting order), and its simple numeric targets. */
export function compilePolicyMetrics(input: PolicyMetricsInput): { metrics: PolicyMetric[]; targets: SlaTargets } {
	const { targets: value, targetsPath: path } = input;
	const custom = [...new Set([...input.setConditions.keys(), ...input.ownConditions.keys()])].filter((key) => !isBuiltinMetric(key));
	const known = [...SLA_METRICS, ...custom];
	if (!isRecord(value)) throw new PolicyError(path, `must be an object with business minutes for any of ${known.join(', ')}`);
	rejectUnknownFields(value, known, path);
	for (const key of input.ownConditions.keys()) {
		const raw = value[key];
		if (raw === undefined || raw === null || raw === '') {
			throw new PolicyError(`${input.ownPath}.${key}`, `has conditions but the policy gives it no target: add "${key}" to its targets`);
		}
	}
	const metrics: PolicyMetric[] = [];
	const simple: SlaTargets = {};
	for (const key of known) {
		const raw = value[key];
		if (raw === undefined || raw === null || raw === '') continue;
		const builtin = isBuiltinMetric(key) ? key : null;
		const conditions = merged(input.setConditions.get(key), input.ownConditions.get(key));
		const where = input.ownConditions.has(key) ? `${input.ownPath}.${key}` : `metrics.${key}`;
		const goals = parseGoals(raw, `${path}.${key}`, input.calendarNamed);
		if (builtin !== null && goals.length === 1 && goals[0].when === null && goals[0].calendar === null && typeof raw !== 'object') simple[builtin] = goals[0].minutes;
		let start = conditions?.start ?? null;
		let stop = conditions?.stop ?? null;
		if (builtin === null) {
			if (start === null) throw new PolicyError(`${where}.start`, `is required: "${key}" is a metric of its own, so say what starts it (for example { "created": true })`);
			if (stop === null) throw new PolicyError(`${where}.stop`, `is required: "${key}" is a metric of its own, so say what stops it (for example { "tags": ["triaged"] })`);
		} else if (start !== null || stop !== null) {
			start ??= DEFAULT_TRIGGERS[builtin].start;
			stop ??= DEFAULT_TRIGGERS[builtin].stop;
		}
		const pause = conditions?.pause ?? null;
		for (const status of pause?.statuses ?? []) {
			if (input.resolvedStatuses.has(status)) {
				throw new PolicyError(`${where}.pause.statuses`, `"${status}" is a resolved status; a status either pauses the clocks or resolves the ticket`);
			}
		}
		metrics.push({
			key,
			label: conditions?.label ?? (builtin !== null ? METRIC_LABELS[builtin] : key),
			builtin,
			goals,
			calendar: conditions?.calendar ?? input.calendar,
			atRiskPercent: conditions?.atRiskPercent ?? input.atRiskPercent,
			pause,
			start,
			stop,
			exclude: conditions?.exclude ?? [],
		});
	}
	if (metrics.length === 0) throw new PolicyError(path, `give at least one target in business minutes (${known.join(', ')})`);
	return { metrics, targets: simple };
}

function parseGoals(value: unknown, path: string, calendarNamed: CalendarLookup): Goal[] {
	if (!Array.isArray(value)) return [{ when: null, minutes: parseMinutes(value, path), calendar: null }];
	if (value.length === 0) throw new PolicyError(path, 'must be minutes, or a non-empty list of goals like { "when": { "priority": ["urgent"] }, "minutes": 240 }');
	return value.map((goal, index) => {
		const at = `${path}[${index}]`;
		if (!isRecord(goal)) throw new PolicyError(at, 'must be an object with "minutes" (and optionally "when" and "calendar")');
		rejectUnknownFields(goal, GOAL_FIELDS, at);
		return {
			when: goal.when === undefined || goal.when === null ? null : parseMatch(goal.when, `${at}.when`),
			minutes: parseMinutes(goal.minutes, `${at}.minutes`),
			calendar: goal.calendar === undefined || goal.calendar === null || goal.calendar === '' ? null : calendarNamed(goal.calendar, `${at}.calendar`),
		};
	});
}

export function parseMinutes(raw: unknown, path: string): number {
	const minutes = typeof raw === 'string' ? Number(raw.trim()) : raw;
	if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
		throw new PolicyError(path, `must be a positive number of business minutes, got ${JSON.stringify(raw)}`);
	}
	if (minutes > MAX_MINUTES) throw new PolicyError(path, `${minutes} minutes is more than a century`);
	return minutes;
}

export function parsePercent(value: unknown, path: string): number {
	const percent = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof percent !== 'number' || !(percent > 0 && percent <= 100)) {
		throw new PolicyError(path, `must be a percentage above 0 and at most 100, got ${JSON.stringify(value)}`);
	}
	return percent;
}
