import { type Calendar, CalendarError, compileCalendar } from '../calendar';
import { parseInstant } from '../core';

/**
 * The roster: who can take tickets, what they know, where and when they work. A builder writes it as
 * JSON (or loads it from a data table / workforce tool through an expression):
 * `{ calendars?: CalendarSpec[], groups?: GroupSpec[], agents: AgentSpec[] }`, or just the agents array.
 * A calendar is given inline (a CalendarSpec, as in the SLA Clock) or by the name of an entry of
 * `calendars`. An agent without a calendar inherits its group's; with neither, status alone decides.
 */
export type AgentStatus = 'online' | 'away' | 'offline';
export const AGENT_STATUSES: readonly AgentStatus[] = ['online', 'away', 'offline'];

export interface Agent {
	/** Position in the roster; the index of per-batch state arrays. */
	readonly index: number;
	readonly id: string;
	/** Position of the id in the roster's ids sorted by code unit: the last tie-break, as a number. */
	readonly idRank: number;
	readonly name: string;
	/** Skill name (lower case) → level (≥ 1). */
	readonly skills: ReadonlyMap<string, number>;
	/** ISO 639-1 codes, lower case. */
	readonly languages: ReadonlySet<string>;
	/** Lower case; '' when none. */
	readonly region: string;
	readonly group: string | null;
	/** Null: no coverage calendar, on shift whenever online. */
	readonly calendar: Calendar | null;
	readonly status: AgentStatus;
	readonly capacity: number;
	readonly load: number;
	/** Epoch ms of the last assignment; -Infinity if never. */
	readonly lastAssignedAt: number;
}

/** A group or queue: coverage and a region, so tickets can wait there for the next shift. */
export interface Group {
	readonly name: string;
	readonly region: string;
	readonly calendar: Calendar | null;
}

export interface Roster {
	readonly agents: readonly Agent[];
	readonly agentsById: ReadonlyMap<string, Agent>;
	readonly groups: readonly Group[];
	/** Regions in order of first appearance (agents, then groups). */
	readonly regions: readonly string[];
}

/** A roster entry that cannot be used; `field` names the entry (`agents[3] "a7".capacity`). */
export class RosterError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'RosterError';
	}
}

type Json = Record<string, unknown>;

const AGENT_FIELDS = [
	'calendar', 'capacity', 'email', 'group', 'id', 'languages', 'lastAssignedAt', 'load', 'name', 'region', 'skills', 'status', 'team', 'timezone',
];

/** Validates and compiles a roster. `compileSpec` lets callers share compiled calendars between runs. */
export function compileRoster(spec: unknown, compileSpec: (spec: unknown, field: string) => Calendar = compileCalendar): Roster {
	const document = parseDocument(spec);
	const namedCalendars = compileNamedCalendars(document.calendars, compileSpec);
	const calendarOf = (value: unknown, field: string): Calendar | null => {
		if (value === undefined || value === null || value === '') return null;
		if (typeof value === 'string' && !value.trim().startsWith('{')) {
			const calendar = namedCalendars.get(value.trim().toLowerCase());
			if (!calendar) {
				const known = [...namedCalendars.values()].map((c) => c.name);
				throw new RosterError(field, `unknown calendar "${value}"${known.length ? ` (known: ${known.join(', ')})` : ' (the roster has no "calendars" list)'}`);
			}
			return calendar;
		}
		return compileSpec(value, field);
	};

	const groups = listOf(document.groups, 'groups').map((entry, index) => {
		const field = `groups[${index}]`;
		if (!isRecord(entry)) throw new RosterError(field, 'must be an object with "name"');
		const name = text(entry.name ?? entry.id ?? entry.queue);
		if (!name) throw new RosterError(`${field}.name`, 'is required');
		const where = `${field} "${name}"`;
		return { name, region: text(entry.region).toLowerCase(), calendar: calendarOf(entry.calendar, `${where}.calendar`) };
	});
	const groupsByName = new Map<string, Group>();
	groups.forEach((group, index) => {
		const key = group.name.toLowerCase();
		if (groupsByName.has(key)) throw new RosterError(`groups[${index}] "${group.name}"`, 'duplicate group name');
		groupsByName.set(key, group);
	});

	const agents: Agent[] = [];
	const agentsById = new Map<string, Agent>();
	listOf(document.agents, 'agents').forEach((entry, index) => {
		const agent = compileAgent(entry, index, groupsByName, calendarOf);
		const first = agentsById.get(agent.id);
		if (first) throw new RosterError(`agents[${index}] "${agent.id}".id`, `duplicate agent id (first used by agents[${first.index}])`);
		agentsById.set(agent.id, agent);
		agents.push(agent);
	});

	[...agents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).forEach((agent, rank) => {
		(agent as { idRank: number }).idRank = rank;
	});
	const regions: string[] = [];
	for (const region of [...agents.map((a) => a.region), ...groups.map((g) => g.region)]) {
		if (region && !regions.includes(region)) regions.push(region);
	}
	return { agents, agentsById, groups, regions };
}

function compileAgent(
	entry: unknown,
	index: number,
	groupsByName: ReadonlyMap<string, Group>,
	calendarOf: (value: unknown, field: string) => Calendar | null,
): Agent {
	if (!isRecord(entry)) throw new RosterError(`agents[${index}]`, 'must be an object with "id"');
	const id = text(entry.id);
	if (!id) throw new RosterError(`agents[${index}].id`, 'is required');
	const where = `agents[${index}] "${id}"`;
	for (const key of Object.keys(entry)) {
		if (!AGENT_FIELDS.includes(key)) throw new RosterError(`${where}.${key}`, `unknown field (known: ${AGENT_FIELDS.join(', ')})`);
	}
	const groupName = text(entry.group ?? entry.team);
	const group = groupName ? groupsByName.get(groupName.toLowerCase()) : undefined;
	if (groupName && !group && groupsByName.size > 0) {
		throw new RosterError(`${where}.group`, `unknown group "${groupName}" (known: ${[...groupsByName.values()].map((g) => g.name).join(', ')})`);
	}
	const status = (text(entry.status) || 'online').toLowerCase() as AgentStatus;
	if (!AGENT_STATUSES.includes(status)) throw new RosterError(`${where}.status`, `must be one of ${AGENT_STATUSES.join(', ')}, got "${String(entry.status)}"`);
	const capacity = count(entry.capacity, `${where}.capacity`, 1);
	const load = count(entry.load, `${where}.load`, 0);
	let lastAssignedAt = -Infinity;
	if (entry.lastAssignedAt !== undefined && entry.lastAssignedAt !== null && entry.lastAssignedAt !== '') {
		const at = parseInstant(entry.lastAssignedAt);
		if (at === null) throw new RosterError(`${where}.lastAssignedAt`, `"${String(entry.lastAssignedAt)}" is not an ISO-8601 timestamp`);
		lastAssignedAt = at;
	}
	const ownCalendar = calendarOf(entry.calendar, `${where}.calendar`);
	return {
		index,
		id,
		idRank: index,
		name: text(entry.name) || id,
		skills: skillLevels(entry.skills, `${where}.skills`),
		languages: new Set(words(entry.languages, `${where}.languages`)),
		region: (text(entry.region) || group?.region || '').toLowerCase(),
		group: group?.name ?? (groupName || null),
		calendar: ownCalendar ?? group?.calendar ?? null,
		status,
		capacity,
		load,
		lastAssignedAt,
	};
}

/**
 * Skills with levels: `{ billing: 3 }`, `["billing:3", "sepa"]`, `[{ name, level }]` or "billing:3, sepa".
 * A skill without a level has `defaultLevel`.
 */
export function skillLevels(value: unknown, field: string, defaultLevel = 1): Map<string, number> {
	const skills = new Map<string, number>();
	const add = (name: unknown, level: unknown, at: string) => {
		const skill = text(name).toLowerCase();
		if (!skill) throw new RosterError(at, 'a skill needs a name');
		const parsed = level === undefined || level === null || level === '' ? defaultLevel : Number(level);
		if (!Number.isFinite(parsed) || parsed < 0) throw new RosterError(at, `level of "${skill}" must be a number ≥ 0, got "${String(level)}"`);
		skills.set(skill, parsed);
	};
	if (value === undefined || value === null || value === '') return skills;
	if (typeof value === 'string') value = value.split(',').filter((part) => part.trim() !== '');
	if (Array.isArray(value)) {
		value.forEach((entry, index) => {
			const at = `${field}[${index}]`;
			if (isRecord(entry)) add(entry.name ?? entry.skill, entry.level, at);
			else {
				const [name, level] = String(entry).split(':');
				add(name, level?.trim(), at);
			}
		});
	} else if (isRecord(value)) {
		for (const [name, level] of Object.entries(value)) add(name, level, `${field}.${name}`);
	} else {
		throw new RosterError(field, 'must be an object { skill: level }, a list or a comma-separated text');
	}
	return skills;
}

/** Lower-case words from a list or a comma-separated text. */
export function words(value: unknown, field: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(list)) throw new RosterError(field, 'must be a list or a comma-separated text');
	return list.map((entry) => String(entry).trim().toLowerCase()).filter((entry) => entry.length > 0);
}

function compileNamedCalendars(value: unknown, compileSpec: (spec: unknown, field: string) => Calendar): Map<string, Calendar> {
	const calendars = new Map<string, Calendar>();
	listOf(value, 'calendars').forEach((spec, index) => {
		const field = `calendars[${index}]`;
		const name = isRecord(spec) ? text(spec.name) : '';
		if (!name) throw new RosterError(`${field}.name`, 'a calendar in the roster needs a name agents and groups refer to');
		const key = name.toLowerCase();
		if (calendars.has(key)) throw new RosterError(`${field} "${name}"`, 'duplicate calendar name');
		calendars.set(key, compileSpec(spec, `${field} "${name}"`));
	});
	return calendars;
}

function parseDocument(spec: unknown): Json {
	if (typeof spec === 'string') {
		let invalidJson: string | undefined;
		try {
			spec = JSON.parse(spec as string);
		} catch (error) {
			invalidJson = (error as Error).message;
		}
		if (invalidJson !== undefined) throw new RosterError('roster', `is not valid JSON (${invalidJson})`);
	}
	if (Array.isArray(spec)) return { agents: spec };
	if (!isRecord(spec)) throw new RosterError('roster', 'must be an object with "agents" or a list of agents');
	if (spec.agents === undefined) throw new RosterError('roster.agents', 'is required (a list of agents)');
	return spec;
}

function listOf(value: unknown, field: string): unknown[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new RosterError(field, 'must be a list');
	return value;
}

function count(value: unknown, field: string, fallback: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isFinite(parsed)) throw new RosterError(field, `must be a number, got "${String(value)}"`);
	if (parsed < 0) throw new RosterError(field, `must not be negative, got ${parsed}`);
	return parsed;
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

function isRecord(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { CalendarError };
