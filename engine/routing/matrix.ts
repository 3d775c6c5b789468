import { RosterError, skillLevels, words } from './roster';

/**
 * The routing matrix: ordered rules, the first whose conditions all match a ticket applies (a rule
 * without conditions matches every ticket). A rule says which skills the ticket requires (with a
 * minimum level), which it prefers, whether the agent must speak the ticket's language, and the
 * queue the ticket waits in when no one can take it now.
 *
 * `{ rules: [{ name, match: { issueType, intent, tier, channel, language, priority }, requiredSkills,
 *    preferredSkills, minLevel, queue, requireLanguage }] }` (or just the rules array).
 */
export const MATCH_FIELDS = ['issueType', 'intent', 'tier', 'channel', 'language', 'priority'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

/** What the matrix looks at; lower case, '' when unknown. */
export type RoutingFacts = Record<MatchField, string>;

export interface MatrixRule {
	readonly name: string;
	readonly match: Partial<Record<MatchField, ReadonlySet<string>>>;
	readonly required: ReadonlyMap<string, number>;
	readonly preferred: ReadonlyMap<string, number>;
	readonly queue: string | null;
	readonly requireLanguage: boolean;
}

export interface RoutingMatrix {
	readonly rules: readonly MatrixRule[];
}

/** What an agent must have to take the ticket now; `key` identifies equal requirements. */
export interface Requirement {
	/** Skill → minimum level, sorted by skill. */
	readonly skills: ReadonlyArray<readonly [string, number]>;
	/** Skills that only raise the match score (preferred skills once dropped as requirements). */
	readonly bonus: readonly string[];
	/** The language the agent must speak, or null. */
	readonly language: string | null;
	readonly key: string;
}

export type RelaxationStepName = 'drop_preferred' | 'lower_min_level';

export interface RelaxationStep {
	step: RelaxationStepName;
	/** The configured wait after which the step applies, in minutes. */
	afterMinutes: number;
	/** Epoch ms at which the step took effect. */
	at: number;
	detail: string;
}

export interface RelaxationSettings {
	/** Wait after which preferred skills stop being required; null: never. */
	dropPreferredAfterMs: number | null;
	/** Wait after which the minimum levels are lowered; null: never. */
	lowerLevelAfterMs: number | null;
	/** How much each required level is lowered (never below 1). */
	lowerLevelBy: number;
}

const RULE_FIELDS = ['match', 'minLevel', 'name', 'preferredSkills', 'queue', 'requireLanguage', 'requiredSkills'];
const MATCH_ALIASES: Record<string, MatchField> = {
	issueType: 'issueType', issueTypes: 'issueType', type: 'issueType', tier: 'tier', tiers: 'tier', channel: 'channel',
	channels: 'channel', intent: 'intent', intents: 'intent', language: 'language', languages: 'language', priority: 'priority', priorities: 'priority',
};

/** Validates and compiles a matrix; throws RosterError naming the rule and field. */
export function compileMatrix(spec: unknown): RoutingMatrix {
	if (typeof spec === 'string') {
		let invalidJson: string | undefined;
		try {
			spec = JSON.parse(spec as string);
		} catch (error) {
			invalidJson = (error as Error).message;
		}
		if (invalidJson !== undefined) throw new RosterError('matrix', `is not valid JSON (${invalidJson})`);
	}
	const list = Array.isArray(spec) ? spec : isRecord(spec) ? spec.rules : undefined;
	if (!Array.isArray(list)) throw new RosterError('matrix.rules', 'must be a list of rules');
	const names = new Set<string>();
	const rules = list.map((entry, index) => {
		const rule = compileRule(entry, index);
		if (names.has(rule.name.toLowerCase())) throw new RosterError(`rules[${index}] "${rule.name}".name`, 'duplicate rule name');
		names.add(rule.name.toLowerCase());
		return rule;
	});
	return { rules };
}

function compileRule(entry: unknown, index: number): MatrixRule {
	if (!isRecord(entry)) throw new RosterError(`rules[${index}]`, 'must be an object');
	const name = entry.name === undefined || entry.name === null || String(entry.name).trim() === '' ? `Rule ${index + 1}` : String(entry.name).trim();
	const where = `rules[${index}] "${name}"`;
	for (const key of Object.keys(entry)) {
		if (!RULE_FIELDS.includes(key)) throw new RosterError(`${where}.${key}`, `unknown field (known: ${RULE_FIELDS.join(', ')})`);
	}
	const minLevel = entry.minLevel === undefined || entry.minLevel === '' ? 1 : Number(entry.minLevel);
	if (!Number.isFinite(minLevel) || minLevel < 0) throw new RosterError(`${where}.minLevel`, `must be a number ≥ 0, got "${String(entry.minLevel)}"`);
	const match: Partial<Record<MatchField, ReadonlySet<string>>> = {};
	if (entry.match !== undefined && entry.match !== null) {
		if (!isRecord(entry.match)) throw new RosterError(`${where}.match`, 'must be an object');
		for (const [key, value] of Object.entries(entry.match)) {
			const field = MATCH_ALIASES[key];
			if (!field) throw new RosterError(`${where}.match.${key}`, `unknown condition (known: ${MATCH_FIELDS.join(', ')})`);
			const values = words(value, `${where}.match.${key}`);
			if (values.length > 0) match[field] = new Set(values);
		}
	}
	const required = skillLevels(entry.requiredSkills, `${where}.requiredSkills`, minLevel);
	const preferred = skillLevels(entry.preferredSkills, `${where}.preferredSkills`, minLevel);
	const queue = entry.queue === undefined || entry.queue === null || String(entry.queue).trim() === '' ? null : String(entry.queue).trim();
	return { name, match, required, preferred, queue, requireLanguage: entry.requireLanguage !== false && entry.requireLanguage !== 'false' };
}

/** The first rule whose conditions all hold for the facts, or null. */
export function matchRule(matrix: RoutingMatrix, facts: RoutingFacts): MatrixRule | null {
	for (const rule of matrix.rules) {
		let matches = true;
		for (const field of MATCH_FIELDS) {
			const allowed = rule.match[field];
			if (allowed && !allowed.has(facts[field])) {
				matches = false;
				break;
			}
		}
		if (matches) return rule;
	}
	return null;
}

/**
 * The requirement after the ticket has waited `waitedMs` since `waitingSince`: preferred skills are
 * required at first, then dropped, then the minimum levels lowered, each after its configured wait
 * (as skill relaxation in Salesforce Omni-Channel and Genesys bullseye routing). Returns the steps taken.
 */
export function relaxedRequirement(
	rule: MatrixRule,
	language: string,
	waitingSince: number,
	waitedMs: number,
	settings: RelaxationSettings,
): { requirement: Requirement; steps: RelaxationStep[] } {
	const steps: RelaxationStep[] = [];
	const skills = new Map(rule.required);
	let bonus: string[] = [];
	const dropPreferred = settings.dropPreferredAfterMs !== null && waitedMs >= settings.dropPreferredAfterMs && rule.preferred.size > 0;
	if (dropPreferred) {
		bonus = [...rule.preferred.keys()].filter((skill) => !rule.required.has(skill));
		steps.push({
			step: 'drop_preferred',
			afterMinutes: settings.dropPreferredAfterMs! / 60_000,
			at: waitingSince + settings.dropPreferredAfterMs!,
			detail: `preferred skills no longer required: ${[...rule.preferred.keys()].join(', ')}`,
		});
	} else {
		for (const [skill, level] of rule.preferred) skills.set(skill, Math.max(level, skills.get(skill) ?? 0));
	}
	const lowerable = [...skills].filter(([, level]) => level > 1);
	if (settings.lowerLevelAfterMs !== null && waitedMs >= settings.lowerLevelAfterMs && settings.lowerLevelBy > 0 && lowerable.length > 0) {
		const changes = lowerable.map(([skill, level]) => {
			const lowered = Math.max(1, level - settings.lowerLevelBy);
			skills.set(skill, lowered);
			return `${skill} ${level}→${lowered}`;
		});
		steps.push({
			step: 'lower_min_level',
			afterMinutes: settings.lowerLevelAfterMs / 60_000,
			at: waitingSince + settings.lowerLevelAfterMs,
			detail: `minimum levels lowered: ${changes.join(', ')}`,
		});
	}
	const sorted = [...skills].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const speaks = rule.requireLanguage && language !== '' && language !== 'und' ? language : null;
	bonus.sort();
	const key = `${sorted.map(([skill, level]) => `${skill}:${level}`).join(',')}|${bonus.join(',')}|${speaks ?? '*'}`;
	return { requirement: { skills: sorted, bonus, language: speaks, key }, steps };
}

/** Whether the agent's skills and languages meet the requirement (availability aside). */
export function meetsRequirement(
	agent: { skills: ReadonlyMap<string, number>; languages: ReadonlySet<string> },
	requirement: Requirement,
): boolean {
	if (requirement.language !== null && !agent.languages.has(requirement.language)) return false;
	for (const [skill, level] of requirement.skills) {
		if ((agent.skills.get(skill) ?? -1) < level) return false;
	}
	return true;
}

/** The best-skill-match score: levels held on required skills plus levels held on bonus skills. */
export function skillScore(agent: { skills: ReadonlyMap<string, number> }, requirement: Requirement): number {
	let score = 0;
	for (const [skill] of requirement.skills) score += agent.skills.get(skill) ?? 0;
	for (const skill of requirement.bonus) score += agent.skills.get(skill) ?? 0;
	return score;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
