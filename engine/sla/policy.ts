import { type Calendar, type CalendarSpec, compileCalendar } from '../calendar';
import type { Ticket } from '../core';
import { compilePolicyMetrics, parseMetricConditions, parsePercent, type MetricConditions, type MetricSpec, type PolicyMetric, type SlaTargets, type TargetSpec } from './metric-spec';
import { isRecord, parseNames, PolicyError, rejectUnknownFields } from './policy-fields';
import { factsWith, MATCH_FIELDS, matchesTicket, matchSubjectOf, parseMatch, type PolicyFacts, type PolicyMatch, type TicketMatch } from './ticket-match';

export { PolicyError, normalizeName } from './policy-fields';
export { SLA_METRICS } from './metric-spec';
export type { MetricSpec, PolicyMetric, SlaMetric, SlaTargets, TargetSpec } from './metric-spec';
export { MATCH_FIELDS, policyFactsOf } from './ticket-match';
export type { MatchField, PolicyFacts, PolicyMatch } from './ticket-match';

/**
 * SLA policies: which tickets a policy applies to, on which calendar it counts, and its targets.
 * A policy set is a JSON document a builder writes once (or loads from a data table); it is
 * validated and compiled here, in one place, with errors naming the field path to fix
 * (`policies[1].targets.resolution`).
 *
 * Selection works like Zendesk's and Jira Service Management's SLA policies: policies are tried in
 * order and the first whose conditions all fit the ticket applies; the one policy without `match`
 * is the fallback for tickets no other policy fits, wherever it stands in the list.
 */

export type ReopenMode = 'continue' | 'new_cycle';

/** A policy as written in the policy-set document. */
export interface SlaPolicySpec {
	name: string;
	version?: string | number;
	/** Name of one of the set's calendars. */
	calendar: string;
	match?: PolicyMatch;
	/** Minutes, or goals by ticket, per metric (the built-in ones and the set's or the policy's own). */
	targets: SlaTargets | Record<string, TargetSpec | undefined>;
	/** This policy's metric conditions, laid over the set's `metrics` field by field. */
	metrics?: Record<string, MetricSpec>;
	/** Share of a target (percent) after which a running metric is at risk; default 75. */
	atRiskPercent?: number;
}

/** The policy-set document. Lists may also be given as comma-separated strings. */
export interface PolicySetSpec {
	/** Each with a unique `name`. */
	calendars: CalendarSpec[];
	policies: SlaPolicySpec[];
	/** Metric conditions for every policy, by metric name; custom metrics are defined here or in a policy's `metrics`. */
	metrics?: Record<string, MetricSpec>;
	/** Statuses in which every clock stops counting; default pending, waiting_on_customer, on_hold. */
	pauseStatuses?: string[];
	/** Statuses that fulfil the resolution clock; default solved, resolved, closed. */
	resolvedStatuses?: string[];
	reopen?: {
		/** `continue` (default): the clocks go on where they stopped; `new_cycle`: fresh clocks from the reopen. */
		mode?: ReopenMode;
		/** A reopen more than this many calendar days after the resolution starts a follow-up ticket; 0 or absent: never. */
		followUpAfterDays?: number;
	};
}

export interface SlaPolicy {
	readonly name: string;
	readonly version: string | null;
	readonly calendar: Calendar;
	/** Null for the default policy. */
	readonly match: TicketMatch | null;
	/** The targets given as plain minutes, for built-in metrics. */
	readonly targets: Readonly<SlaTargets>;
	readonly atRiskPercent: number;
	/** Every measured metric with its goals and conditions, built-in ones first in reporting order. */
	readonly metrics: readonly PolicyMetric[];
}

export interface ReopenRule {
	readonly mode: ReopenMode;
	/** Null: a reopen never starts a follow-up ticket. */
	readonly followUpAfterDays: number | null;
}

/** A validated, compiled policy set: compile once, evaluate many tickets. */
export interface PolicySet {
	readonly policies: readonly SlaPolicy[];
	readonly defaultPolicy: SlaPolicy | null;
	readonly calendars: ReadonlyMap<string, Calendar>;
	/** Normalised status names (see `normalizeName`). */
	readonly pauseStatuses: ReadonlySet<string>;
	readonly resolvedStatuses: ReadonlySet<string>;
	readonly reopen: ReopenRule;
}

export const DEFAULT_PAUSE_STATUSES: readonly string[] = ['pending', 'waiting_on_customer', 'on_hold'];
export const DEFAULT_RESOLVED_STATUSES: readonly string[] = ['solved', 'resolved', 'closed'];
export const DEFAULT_AT_RISK_PERCENT = 75;

const SET_FIELDS = ['calendars', 'metrics', 'pauseStatuses', 'policies', 'reopen', 'resolvedStatuses'];
const POLICY_FIELDS = ['atRiskPercent', 'calendar', 'description', 'match', 'metrics', 'name', 'targets', 'version'];

/**
 * Validates a policy-set document (an object or JSON text) and compiles its calendars. Throws
 * PolicyError naming the bad field, or CalendarError for a bad calendar (its field starts with
 * `calendars[i]`).
 */
export function compilePolicySet(spec: unknown): PolicySet {
	if (typeof spec === 'string') spec = parseJson(spec);
	if (!isRecord(spec)) throw new PolicyError('policySet', 'must be an object with "calendars" and "policies"');
	rejectUnknownFields(spec, SET_FIELDS, '');

	const calendars = compileCalendars(spec.calendars);
	const pauseStatuses = new Set(spec.pauseStatuses === undefined ? DEFAULT_PAUSE_STATUSES : parseNames(spec.pauseStatuses, 'pauseStatuses'));
	const resolvedStatuses = new Set(
		spec.resolvedStatuses === undefined ? DEFAULT_RESOLVED_STATUSES : parseNames(spec.resolvedStatuses, 'resolvedStatuses'),
	);
	if (resolvedStatuses.size === 0) throw new PolicyError('resolvedStatuses', 'must name at least one status, or be left out for the defaults');
	for (const status of pauseStatuses) {
		if (resolvedStatuses.has(status)) {
			throw new PolicyError('pauseStatuses', `"${status}" is also a resolved status; a status either pauses the clocks or resolves the ticket`);
		}
	}
	const context: PolicyContext = { calendars, setMetrics: parseMetricConditions(spec.metrics, 'metrics', calendarLookup(calendars)), resolvedStatuses };
	if (!Array.isArray(spec.policies) || spec.policies.length === 0) {
		throw new PolicyError('policies', 'must be a non-empty list of policies');
	}
	const policies: SlaPolicy[] = [];
	let defaultPolicy: SlaPolicy | null = null;
	let defaultIndex = -1;
	const seenNames = new Map<string, number>();
	spec.policies.forEach((entry, index) => {
		const path = `policies[${index}]`;
		const policy = compilePolicy(entry, path, context);
		const key = policy.name.toLowerCase();
		if (seenNames.has(key)) {
			throw new PolicyError(`${path}.name`, `"${policy.name}" is already the name of policies[${seenNames.get(key)}]`);
		}
		seenNames.set(key, index);
		if (policy.match === null) {
			if (defaultPolicy !== null) {
				throw new PolicyError(
					`${path}.match`,
					`is missing, but policies[${defaultIndex}] ("${defaultPolicy.name}") is already the default policy; only one policy may have no "match"`,
				);
			}
			defaultPolicy = policy;
			defaultIndex = index;
		}
		policies.push(policy);
	});

	return { policies, defaultPolicy, calendars, pauseStatuses, resolvedStatuses, reopen: parseReopen(spec.reopen) };
}

/**
 * The policy for a ticket: the first policy with `match` whose every list contains the ticket's
 * value, else the default policy. `facts` replace the values read from the ticket (field mappings).
 * Throws PolicyError when nothing applies and there is no default.
 */
export function selectPolicy(set: PolicySet, ticket: Ticket, facts?: PolicyFacts): SlaPolicy {
	const values = factsWith(ticket, facts);
	const subject = matchSubjectOf(ticket, values);
	for (const policy of set.policies) {
		if (policy.match !== null && matchesTicket(policy.match, subject)) return policy;
	}
	if (set.defaultPolicy !== null) return set.defaultPolicy;
	const described = MATCH_FIELDS.map((field) => `${field} ${values[field] === undefined ? '(none)' : `"${values[field]}"`}`).join(', ');
	throw new PolicyError('policies', `no policy matches this ticket (${described}) and there is no default policy (one without "match")`);
}

/** The policy with this name (case-insensitive); PolicyError if there is none. */
export function policyNamed(set: PolicySet, name: string): SlaPolicy {
	const wanted = name.trim().toLowerCase();
	const policy = set.policies.find((candidate) => candidate.name.toLowerCase() === wanted);
	if (policy === undefined) {
		const known = set.policies.map((candidate) => `"${candidate.name}"`).join(', ');
		throw new PolicyError('policy', `there is no policy named "${name}" (known: ${known})`);
	}
	return policy;
}

function compileCalendars(value: unknown): Map<string, Calendar> {
	if (!Array.isArray(value) || value.length === 0) {
		throw new PolicyError('calendars', 'must be a non-empty list of calendars, each with a "name" the policies refer to');
	}
	const calendars = new Map<string, Calendar>();
	const indexOf = new Map<string, number>();
	value.forEach((spec, index) => {
		const path = `calendars[${index}]`;
		const name = isRecord(spec) ? spec.name : undefined;
		if (typeof name !== 'string' || name.trim() === '') {
			throw new PolicyError(`${path}.name`, 'is required: policies refer to their calendar by name');
		}
		const key = name.trim().toLowerCase();
		if (indexOf.has(key)) throw new PolicyError(`${path}.name`, `"${name}" is already the name of calendars[${indexOf.get(key)}]`);
		indexOf.set(key, index);
		calendars.set(key, compileCalendar(spec, path));
	});
	return calendars;
}

interface PolicyContext {
	calendars: Map<string, Calendar>;
	setMetrics: ReadonlyMap<string, MetricConditions>;
	resolvedStatuses: ReadonlySet<string>;
}

/** Finds a calendar by name (case-insensitive) for a field at `path`. */
function calendarLookup(calendars: Map<string, Calendar>) {
	return (name: unknown, path: string): Calendar => {
		if (typeof name !== 'string' || name.trim() === '') throw new PolicyError(path, 'is required: the name of one of the calendars');
		const calendar = calendars.get(name.trim().toLowerCase());
		if (calendar === undefined) {
			const known = [...calendars.values()].map((candidate) => `"${candidate.name}"`).join(', ');
			throw new PolicyError(path, `there is no calendar named "${name}" (known: ${known})`);
		}
		return calendar;
	};
}

function compilePolicy(value: unknown, path: string, context: PolicyContext): SlaPolicy {
	const { calendars } = context;
	if (!isRecord(value)) throw new PolicyError(path, 'must be an object with "name", "calendar" and "targets"');
	rejectUnknownFields(value, POLICY_FIELDS, path);
	if (typeof value.name !== 'string' || value.name.trim() === '') throw new PolicyError(`${path}.name`, 'is required');
	const name = value.name.trim();

	let version: string | null = null;
	if (value.version !== undefined && value.version !== null && value.version !== '') {
		if (typeof value.version !== 'string' && typeof value.version !== 'number') {
			throw new PolicyError(`${path}.version`, 'must be a string or a number');
		}
		version = String(value.version);
	}

	const calendarNamed = calendarLookup(calendars);
	const calendar = calendarNamed(value.calendar, `${path}.calendar`);
	const match = value.match === undefined || value.match === null ? null : parseMatch(value.match, `${path}.match`);
	const atRiskPercent = parseAtRisk(value.atRiskPercent, `${path}.atRiskPercent`);
	const { metrics, targets } = compilePolicyMetrics({
		targets: value.targets,
		targetsPath: `${path}.targets`,
		ownConditions: parseMetricConditions(value.metrics, `${path}.metrics`, calendarNamed),
		ownPath: `${path}.metrics`,
		setConditions: context.setMetrics,
		calendar,
		atRiskPercent,
		calendarNamed,
		resolvedStatuses: context.resolvedStatuses,
	});
	return { name, version, calendar, match, targets, atRiskPercent, metrics };
}

function parseAtRisk(value: unknown, path: string): number {
	if (value === undefined || value === null || value === '') return DEFAULT_AT_RISK_PERCENT;
	return parsePercent(value, path);
}

function parseReopen(value: unknown): ReopenRule {
	if (value === undefined || value === null) return { mode: 'continue', followUpAfterDays: null };
	if (!isRecord(value)) throw new PolicyError('reopen', 'must be an object like { "mode": "continue", "followUpAfterDays": 7 }');
	rejectUnknownFields(value, ['followUpAfterDays', 'mode'], 'reopen');
	const mode = value.mode === undefined ? 'continue' : value.mode;
	if (mode !== 'continue' && mode !== 'new_cycle') {
		throw new PolicyError('reopen.mode', `must be "continue" or "new_cycle", got ${JSON.stringify(value.mode)}`);
	}
	const days = value.followUpAfterDays;
	if (days === undefined || days === null || days === 0) return { mode, followUpAfterDays: null };
	if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
		throw new PolicyError('reopen.followUpAfterDays', `must be a number of days (0 for never), got ${JSON.stringify(days)}`);
	}
	return { mode, followUpAfterDays: days };
}

function parseJson(text: string): unknown {
	let problem: string;
	try {
		return JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new PolicyError('policySet', `is not valid JSON (${problem})`);
}
