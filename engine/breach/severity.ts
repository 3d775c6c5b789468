import type { BreachIdentification } from './identification';
import { METRIC_NAMES, isSlaMetric } from './identification';
import { SEVERITY_RANK, isSeverity, type Severity } from './severity-level';
import { formatInstant, parseInstant } from '../core';
import type { SlaMetric } from '../sla';

/**
 * Step 2 of the breach SOP, Assess: minor, major or critical, from criteria the builder edits. A
 * rule names a severity and conditions that must all hold (customer tier, contract, priority, issue
 * type, metric, overrun as a share of the target, how often the same customer or issue type breached
 * within the window); the highest severity of the rules that hold wins, and the reason says why.
 */
export interface SeverityRule {
	name?: string;
	severity: Severity;
	tiers?: string[];
	contracts?: string[];
	priorities?: string[];
	issueTypes?: string[];
	metrics?: SlaMetric[];
	/** The worst overrun, as a percentage of its target, is at least this. */
	overrunPercentAtLeast?: number;
	/** Breaches of the same customer within the window, this one included, are at least this. */
	customerBreachesAtLeast?: number;
	/** Breaches of the same issue type within the window, this one included, are at least this. */
	issueTypeBreachesAtLeast?: number;
}

export interface SeverityCriteria {
	windowDays: number;
	/** The severity when no rule holds. */
	otherwise: Severity;
	rules: SeverityRule[];
}

/** What is known about the ticket for the criteria; every field may be missing. */
export interface SeverityFacts {
	ticketId?: string;
	customerId?: string;
	tier?: string;
	contract?: string;
	priority?: string;
	issueType?: string;
}

/** An earlier breach, as read from a list of recent incidents given by expression. */
export interface RecentBreach {
	ticketId: string | null;
	customerId: string | null;
	issueType: string | null;
	at: number;
}

export interface RuleMatch {
	rule: string;
	severity: Severity;
	because: string[];
}

export interface SeverityAssessment {
	level: Severity;
	reason: string;
	matched: RuleMatch[];
	facts: SeverityFacts;
	overrunPercent: number;
	customerBreaches: number;
	issueTypeBreaches: number;
	windowDays: number;
	assessedAt: string;
}

export class SeverityCriteriaError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}

export const DEFAULT_SEVERITY_CRITERIA: SeverityCriteria = {
	windowDays: 30,
	otherwise: 'minor',
	rules: [
		{ name: 'Enterprise customer, far over target', severity: 'critical', tiers: ['enterprise', 'vip'], overrunPercentAtLeast: 50 },
		{ name: 'Urgent ticket, double the target', severity: 'critical', priorities: ['urgent'], overrunPercentAtLeast: 100 },
		{ name: 'Repeated breaches for this customer', severity: 'critical', customerBreachesAtLeast: 3 },
		{ name: 'Enterprise customer', severity: 'major', tiers: ['enterprise', 'vip'] },
		{ name: 'Contract with service credits', severity: 'major', contracts: ['premium', 'service credits'] },
		{ name: 'Urgent or high priority', severity: 'major', priorities: ['urgent', 'high'] },
		{ name: 'Far over target', severity: 'major', overrunPercentAtLeast: 50 },
		{ name: 'Second breach for this customer', severity: 'major', customerBreachesAtLeast: 2 },
		{ name: 'Recurring issue type', severity: 'major', issueTypeBreachesAtLeast: 5 },
	],
};

const DAY_MS = 86_400_000;
const LIST_FIELDS = ['tiers', 'contracts', 'priorities', 'issueTypes', 'metrics'] as const;
const NUMBER_FIELDS = ['overrunPercentAtLeast', 'customerBreachesAtLeast', 'issueTypeBreachesAtLeast'] as const;
const RULE_FIELDS = new Set<string>(['name', 'severity', ...LIST_FIELDS, ...NUMBER_FIELDS]);

function normalise(value: string | undefined | null): string {
	return (value ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function compileRule(raw: unknown, field: string): SeverityRule {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new SeverityCriteriaError(field, 'must be an object with a "severity"');
	const value = raw as Record<string, unknown>;
	for (const key of Object.keys(value)) {
		if (!RULE_FIELDS.has(key)) throw new SeverityCriteriaError(`${field}.${key}`, `is not a criterion; use ${[...RULE_FIELDS].join(', ')}`);
	}
	if (!isSeverity(value.severity)) throw new SeverityCriteriaError(`${field}.severity`, 'must be minor, major or critical');
	const rule: SeverityRule = { severity: value.severity };
	if (value.name !== undefined) rule.name = String(value.name);
	for (const key of LIST_FIELDS) {
		if (value[key] === undefined) continue;
		const list = typeof value[key] === 'string' ? String(value[key]).split(',') : value[key];
		if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) {
			throw new SeverityCriteriaError(`${field}.${key}`, 'must be a list of names');
		}
		const names = list.map((entry) => entry.trim()).filter((entry) => entry !== '');
		if (key === 'metrics') {
			const unknown = names.find((name) => !isSlaMetric(name));
			if (unknown !== undefined) throw new SeverityCriteriaError(`${field}.metrics`, `"${unknown}" is not firstResponse, nextResponse, resolution or periodicUpdate`);
			rule.metrics = names as SlaMetric[];
		} else {
			rule[key] = names;
		}
	}
	for (const key of NUMBER_FIELDS) {
		if (value[key] === undefined) continue;
		const number = value[key];
		if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) throw new SeverityCriteriaError(`${field}.${key}`, 'must be a number of 0 or more');
		rule[key] = number;
	}
	return rule;
}

/** Validates criteria as edited by a builder; missing parts take the defaults. */
export function compileSeverityCriteria(raw: unknown, field = 'Severity Criteria'): SeverityCriteria {
	if (raw === undefined || raw === null || raw === '') return DEFAULT_SEVERITY_CRITERIA;
	if (typeof raw !== 'object' || Array.isArray(raw)) throw new SeverityCriteriaError(field, 'must be an object with "rules"');
	const value = raw as Record<string, unknown>;
	const windowDays = value.windowDays ?? DEFAULT_SEVERITY_CRITERIA.windowDays;
	if (typeof windowDays !== 'number' || !(windowDays > 0)) throw new SeverityCriteriaError(`${field}.windowDays`, 'must be a number of days above 0');
	const otherwise = value.otherwise ?? DEFAULT_SEVERITY_CRITERIA.otherwise;
	if (!isSeverity(otherwise)) throw new SeverityCriteriaError(`${field}.otherwise`, 'must be minor, major or critical');
	if (value.rules !== undefined && !Array.isArray(value.rules)) throw new SeverityCriteriaError(`${field}.rules`, 'must be a list of rules');
	const rules = value.rules === undefined ? DEFAULT_SEVERITY_CRITERIA.rules : (value.rules as unknown[]).map((rule, index) => compileRule(rule, `${field}.rules[${index}]`));
	return { windowDays, otherwise, rules };
}

function text(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	return null;
}

function nested(value: unknown, key: string): unknown {
	return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Earlier breaches from a loosely shaped list (incident records, audit entries, helpdesk rows):
 * `ticketId|id`, `customerId|customer.id|customer`, `issueType|intent.type|type`, and the time in
 * `breachedAt|at|occurredAt|identifiedAt|createdAt`. Entries without a readable time are skipped.
 */
export function readRecentBreaches(raw: unknown): RecentBreach[] {
	if (raw === undefined || raw === null || raw === '') return [];
	const list = Array.isArray(raw) ? raw : [raw];
	const breaches: RecentBreach[] = [];
	for (const entry of list) {
		if (entry === null || typeof entry !== 'object') continue;
		const value = entry as Record<string, unknown>;
		const identification = nested(value.incident, 'identification');
		const at = [value.breachedAt, value.at, value.occurredAt, value.identifiedAt, nested(identification, 'since'), value.createdAt]
			.map((candidate) => (candidate === undefined || candidate === null ? null : parseInstant(candidate)))
			.find((candidate) => candidate !== null);
		if (at === undefined || at === null) continue;
		breaches.push({
			ticketId: text(value.ticketId) ?? text(nested(value.ticket, 'id')) ?? text(value.id),
			customerId: text(value.customerId) ?? text(nested(value.customer, 'id')) ?? text(value.customer),
			issueType: text(value.issueType) ?? text(nested(value.intent, 'type')) ?? text(value.type),
			at,
		});
	}
	return breaches;
}

function countInWindow(recent: RecentBreach[], facts: SeverityFacts, key: 'customerId' | 'issueType', from: number, to: number): number {
	const own = normalise(facts[key]);
	if (own === '') return 1;
	const ticket = normalise(facts.ticketId);
	const others = new Set<string>();
	recent.forEach((breach, index) => {
		if (breach.at < from || breach.at > to || normalise(breach[key]) !== own) return;
		// An earlier breach of this same ticket is the same incident, not a repeat.
		if (ticket !== '' && normalise(breach.ticketId) === ticket) return;
		others.add(breach.ticketId !== null ? `t:${normalise(breach.ticketId)}` : `i:${index}`);
	});
	return others.size + 1;
}

function inList(list: string[] | undefined, value: string | undefined): boolean {
	const own = normalise(value);
	return list === undefined || (own !== '' && list.some((entry) => normalise(entry) === own));
}

interface Measures {
	facts: SeverityFacts;
	metrics: SlaMetric[];
	overrunPercent: number;
	worstMetric: SlaMetric | null;
	customerBreaches: number;
	issueTypeBreaches: number;
	windowDays: number;
}

/** The reasons a rule holds, or null when one of its conditions does not. */
function reasonsFor(rule: SeverityRule, measures: Measures): string[] | null {
	const { facts } = measures;
	const because: string[] = [];
	if (rule.tiers) {
		if (!inList(rule.tiers, facts.tier)) return null;
		because.push(`the customer is ${facts.tier} tier`);
	}
	if (rule.contracts) {
		const contract = normalise(facts.contract);
		if (contract === '' || !rule.contracts.some((entry) => contract.includes(normalise(entry)))) return null;
		because.push(`the contract is "${facts.contract}"`);
	}
	if (rule.priorities) {
		if (!inList(rule.priorities, facts.priority)) return null;
		because.push(`the ticket has ${facts.priority} priority`);
	}
	if (rule.issueTypes) {
		if (!inList(rule.issueTypes, facts.issueType)) return null;
		because.push(`the issue type is ${facts.issueType}`);
	}
	if (rule.metrics) {
		const hit = measures.metrics.filter((metric) => rule.metrics!.includes(metric));
		if (hit.length === 0) return null;
		because.push(`the ${hit.map((metric) => METRIC_NAMES[metric]).join(' and ')} target was missed`);
	}
	if (rule.overrunPercentAtLeast !== undefined) {
		if (measures.overrunPercent < rule.overrunPercentAtLeast) return null;
		const metric = measures.worstMetric ? `the ${METRIC_NAMES[measures.worstMetric]}` : 'the breach';
		because.push(`${metric} overran its target by ${measures.overrunPercent}% (threshold ${rule.overrunPercentAtLeast}%)`);
	}
	if (rule.customerBreachesAtLeast !== undefined) {
		if (measures.customerBreaches < rule.customerBreachesAtLeast) return null;
		because.push(`this is breach ${measures.customerBreaches} for customer ${facts.customerId ?? '(unknown)'} in ${measures.windowDays} days`);
	}
	if (rule.issueTypeBreachesAtLeast !== undefined) {
		if (measures.issueTypeBreaches < rule.issueTypeBreachesAtLeast) return null;
		because.push(`this is breach ${measures.issueTypeBreaches} of issue type ${facts.issueType ?? '(unknown)'} in ${measures.windowDays} days`);
	}
	return because.length > 0 ? because : ['the rule has no conditions'];
}

function capitalise(value: string): string {
	return value.charAt(0).toUpperCase() + value.slice(1);
}

/**
 * Assesses an identified breach. `recent` are earlier breaches (any customer, any type) for the
 * repeat criteria; this breach counts as one. Times are epoch ms; `zone` formats `assessedAt`.
 */
export function assessSeverity(
	identification: BreachIdentification,
	facts: SeverityFacts,
	criteria: SeverityCriteria,
	recent: RecentBreach[],
	nowMs: number,
	zone = 'UTC',
): SeverityAssessment {
	const worst = identification.breaches.reduce<BreachIdentification['breaches'][number] | null>(
		(top, breach) => (top === null || breach.overrunPercent > top.overrunPercent ? breach : top),
		null,
	);
	const from = nowMs - criteria.windowDays * DAY_MS;
	const measures: Measures = {
		facts,
		metrics: identification.breaches.map((breach) => breach.metric),
		overrunPercent: worst?.overrunPercent ?? 0,
		worstMetric: worst?.metric ?? null,
		customerBreaches: countInWindow(recent, facts, 'customerId', from, nowMs),
		issueTypeBreaches: countInWindow(recent, facts, 'issueType', from, nowMs),
		windowDays: criteria.windowDays,
	};
	const matched: RuleMatch[] = [];
	criteria.rules.forEach((rule, index) => {
		const because = reasonsFor(rule, measures);
		if (because) matched.push({ rule: rule.name ?? `Rule ${index + 1}`, severity: rule.severity, because });
	});
	const level = matched.reduce<Severity>((top, match) => (SEVERITY_RANK[match.severity] > SEVERITY_RANK[top] ? match.severity : top), criteria.otherwise);
	const deciding = matched.filter((match) => match.severity === level);
	const reason =
		deciding.length > 0
			? `${capitalise(level)}: ${deciding.map((match) => `${match.because.join(' and ')} (rule "${match.rule}")`).join('; ')}.`
			: `${capitalise(level)}: no severity rule applies, so the default severity is used.`;
	return {
		level,
		reason,
		matched,
		facts,
		overrunPercent: measures.overrunPercent,
		customerBreaches: measures.customerBreaches,
		issueTypeBreaches: measures.issueTypeBreaches,
		windowDays: criteria.windowDays,
		assessedAt: formatInstant(nowMs, zone),
	};
}
