import { type Calendar, type CalendarSpec, compileCalendar } from '../calendar';
import type { Ticket } from '../core';

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

/** The four measured metrics, in reporting order. */
export const SLA_METRICS = ['firstResponse', 'nextResponse', 'resolution', 'periodicUpdate'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Targets in business minutes; a metric without a target is not measured. */
export type SlaTargets = Partial<Record<SlaMetric, number>>;

/** The ticket facts a policy can match on. */
export const MATCH_FIELDS = ['priority', 'tier', 'channel', 'issueType'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

/** Each given list must contain the ticket's value (case-insensitive); an empty or absent list matches any value. */
export type PolicyMatch = Partial<Record<MatchField, string[]>>;

/** The values of a ticket that select its policy (`issueType` is Normalize Intent's `intent.type`). */
export type PolicyFacts = Partial<Record<MatchField, string>>;

export type ReopenMode = 'continue' | 'new_cycle';

/** A policy as written in the policy-set document. */
export interface SlaPolicySpec {
	name: string;
	version?: string | number;
	/** Name of one of the set's calendars. */
	calendar: string;
	match?: PolicyMatch;
	targets: SlaTargets;
	/** Share of a target (percent) after which a running metric is at risk; default 75. */
	atRiskPercent?: number;
}

/** The policy-set document. Lists may also be given as comma-separated strings. */
export interface PolicySetSpec {
	/** Each with a unique `name`. */
	calendars: CalendarSpec[];
	policies: SlaPolicySpec[];
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
	/** Lower-cased match lists; null for the default policy. */
	readonly match: Readonly<Partial<Record<MatchField, ReadonlySet<string>>>> | null;
	/** Targets in business minutes. */
	readonly targets: Readonly<SlaTargets>;
	readonly atRiskPercent: number;
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

/** A policy set (or a policy choice) that cannot be used, with the path of the field to fix. */
export class PolicyError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'PolicyError';
	}
}

export const DEFAULT_PAUSE_STATUSES: readonly string[] = ['pending', 'waiting_on_customer', 'on_hold'];
export const DEFAULT_RESOLVED_STATUSES: readonly string[] = ['solved', 'resolved', 'closed'];
export const DEFAULT_AT_RISK_PERCENT = 75;

const SET_FIELDS = ['calendars', 'pauseStatuses', 'policies', 'reopen', 'resolvedStatuses'];
const POLICY_FIELDS = ['atRiskPercent', 'calendar', 'description', 'match', 'name', 'targets', 'version'];

/**
 * Status and event-type names compare case-insensitively, with spaces and hyphens read as
 * underscores: "Waiting on Customer", "waiting-on-customer" and "waiting_on_customer" are one status.
 */
export function normalizeName(value: string): string {
	return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

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
	if (!Array.isArray(spec.policies) || spec.policies.length === 0) {
		throw new PolicyError('policies', 'must be a non-empty list of policies');
	}
	const policies: SlaPolicy[] = [];
	let defaultPolicy: SlaPolicy | null = null;
	let defaultIndex = -1;
	const seenNames = new Map<string, number>();
	spec.policies.forEach((entry, index) => {
		const path = `policies[${index}]`;
		const policy = compilePolicy(entry, path, calendars);
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
	return { policies, defaultPolicy, calendars, pauseStatuses, resolvedStatuses, reopen: parseReopen(spec.reopen) };
}

/** The facts a ticket's policy is chosen by, read from the canonical ticket fields. */
export function policyFactsOf(ticket: Ticket): PolicyFacts {
	const intent = ticket.intent as { type?: unknown } | undefined;
	return {
		priority: factText(ticket.priority),
		tier: factText(ticket.customer?.tier),
		channel: factText(ticket.channel),
		issueType: factText(isRecord(intent) ? intent.type : undefined),
	};
}

/**
 * The policy for a ticket: the first policy with `match` whose every list contains the ticket's
 * value, else the default policy. `facts` replace the values read from the ticket (field mappings).
 * Throws PolicyError when nothing applies and there is no default.
 */
export function selectPolicy(set: PolicySet, ticket: Ticket, facts?: PolicyFacts): SlaPolicy {
	const values = { ...policyFactsOf(ticket) };
	for (const field of MATCH_FIELDS) {
		if (facts && facts[field] !== undefined) values[field] = factText(facts[field]);
	}
	const normalized: PolicyFacts = {};
	for (const field of MATCH_FIELDS) {
		const value = values[field];
		if (value !== undefined) normalized[field] = value.toLowerCase();
	}
	for (const policy of set.policies) {
		if (policy.match !== null && matches(policy.match, normalized)) return policy;
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

function matches(match: NonNullable<SlaPolicy['match']>, facts: PolicyFacts): boolean {
	for (const field of MATCH_FIELDS) {
		const allowed = match[field];
		if (allowed === undefined) continue;
		const value = facts[field];
		if (value === undefined || !allowed.has(value)) return false;
	}
	return true;
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

function compilePolicy(value: unknown, path: string, calendars: Map<string, Calendar>): SlaPolicy {
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

	if (typeof value.calendar !== 'string' || value.calendar.trim() === '') {
		throw new PolicyError(`${path}.calendar`, 'is required: the name of one of the calendars');
	}
	const calendar = calendars.get(value.calendar.trim().toLowerCase());
	if (calendar === undefined) {
		const known = [...calendars.values()].map((candidate) => `"${candidate.name}"`).join(', ');
		throw new PolicyError(`${path}.calendar`, `there is no calendar named "${value.calendar}" (known: ${known})`);
	}

	return {
		name,
		version,
		calendar,
		match: value.match === undefined || value.match === null ? null : parseMatch(value.match, `${path}.match`),
		targets: parseTargets(value.targets, `${path}.targets`),
		atRiskPercent: parseAtRisk(value.atRiskPercent, `${path}.atRiskPercent`),
	};
}

function parseMatch(value: unknown, path: string): NonNullable<SlaPolicy['match']> {
	if (!isRecord(value)) throw new PolicyError(path, `must be an object with any of ${MATCH_FIELDS.join(', ')}`);
	rejectUnknownFields(value, [...MATCH_FIELDS], path);
	const match: Partial<Record<MatchField, ReadonlySet<string>>> = {};
	for (const field of MATCH_FIELDS) {
		if (value[field] === undefined || value[field] === null) continue;
		const values = parseList(value[field], `${path}.${field}`).map((entry) => entry.toLowerCase());
		if (values.length > 0) match[field] = new Set(values);
	}
	return match;
}

function parseTargets(value: unknown, path: string): SlaTargets {
	if (!isRecord(value)) throw new PolicyError(path, `must be an object with business minutes for any of ${SLA_METRICS.join(', ')}`);
	rejectUnknownFields(value, [...SLA_METRICS], path);
	const targets: SlaTargets = {};
	for (const metric of SLA_METRICS) {
		const raw = value[metric];
		if (raw === undefined || raw === null || raw === '') continue;
		const minutes = typeof raw === 'string' ? Number(raw.trim()) : raw;
		if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
			throw new PolicyError(`${path}.${metric}`, `must be a positive number of business minutes, got ${JSON.stringify(raw)}`);
		}
		if (minutes > 100 * 365 * 24 * 60) throw new PolicyError(`${path}.${metric}`, `${minutes} minutes is more than a century`);
		targets[metric] = minutes;
	}
	if (Object.keys(targets).length === 0) {
		throw new PolicyError(path, `give at least one target in business minutes (${SLA_METRICS.join(', ')})`);
	}
	return targets;
}

function parseAtRisk(value: unknown, path: string): number {
	if (value === undefined || value === null || value === '') return DEFAULT_AT_RISK_PERCENT;
	const percent = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof percent !== 'number' || !(percent > 0 && percent <= 100)) {
		throw new PolicyError(path, `must be a percentage above 0 and at most 100, got ${JSON.stringify(value)}`);
	}
	return percent;
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

function parseNames(value: unknown, path: string): string[] {
	return parseList(value, path).map(normalizeName);
}

/** A list of strings, given as an array or as comma-separated text; blank entries are dropped. */
function parseList(value: unknown, path: string): string[] {
	const entries = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(entries)) throw new PolicyError(path, 'must be a list of strings (or comma-separated text)');
	return entries
		.map((entry, index) => {
			if (typeof entry !== 'string' && typeof entry !== 'number') throw new PolicyError(`${path}[${index}]`, 'must be a string');
			return String(entry).trim();
		})
		.filter((entry) => entry.length > 0);
}

function factText(value: unknown): string | undefined {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return text === '' ? undefined : text;
}

function rejectUnknownFields(value: Record<string, unknown>, allowed: string[], path: string): void {
	for (const key of Object.keys(value)) {
		if (!allowed.includes(key)) {
			throw new PolicyError(path ? `${path}.${key}` : key, `is not a known field (known: ${allowed.join(', ')})`);
		}
	}
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

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
