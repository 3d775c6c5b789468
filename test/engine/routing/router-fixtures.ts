/** Calendars, rosters, matrices and tickets for the Skill Router tests. */
import { compileMatrix } from '../../../engine/routing/matrix';
import { compileRoster } from '../../../engine/routing/roster';
import { routeBatch, type RouterSettings, type RoutingRecord } from '../../../engine/routing/router';
import { routingTicketOf } from '../../../engine/routing/routing-ticket';
import type { Ticket } from '../../../engine/core/ticket';
import { MINUTE, weekdayHours } from '../../support/time';

/** EMEA 09–17 Berlin with German holidays; AMER 09–17 New York; APAC 14–22 Tokyo (a late shift). */
export const CALENDARS = [
	{ name: 'EMEA Day', timezone: 'Europe/Berlin', weeklyHours: weekdayHours('09:00', '17:00'), holidays: { country: 'DE' } },
	{ name: 'AMER Day', timezone: 'America/New_York', weeklyHours: weekdayHours('09:00', '17:00'), holidays: { country: 'US' } },
	{ name: 'APAC Late', timezone: 'Asia/Tokyo', weeklyHours: weekdayHours('14:00', '22:00') },
];

export const GROUPS = [
	{ name: 'EMEA Support', region: 'emea', calendar: 'EMEA Day' },
	{ name: 'AMER Support', region: 'amer', calendar: 'AMER Day' },
	{ name: 'APAC Support', region: 'apac', calendar: 'APAC Late' },
];

export interface AgentFixture {
	id: string;
	region?: string;
	skills?: Record<string, number>;
	languages?: string[];
	status?: string;
	capacity?: number;
	load?: number;
	lastAssignedAt?: string;
	calendar?: unknown;
	group?: string;
	name?: string;
}

export function agent(id: string, fields: Partial<AgentFixture> = {}): AgentFixture {
	const region = fields.region ?? 'emea';
	return {
		id,
		region,
		group: `${region.toUpperCase()} Support`,
		skills: { billing: 3 },
		languages: ['en'],
		status: 'online',
		capacity: 3,
		load: 0,
		...fields,
	};
}

export function roster(agents: AgentFixture[]) {
	return { calendars: CALENDARS, groups: GROUPS, agents };
}

export const MATRIX = {
	rules: [
		{ name: 'VIP billing', match: { issueType: ['billing'], tier: ['vip'] }, requiredSkills: { billing: 3 }, preferredSkills: { vip: 1 }, queue: 'VIP Billing' },
		{ name: 'Billing', match: { issueType: ['billing', 'refund'] }, requiredSkills: { billing: 2 } },
		{ name: 'Technical', match: { issueType: ['technical_issue'] }, requiredSkills: { tech: 2 } },
		{ name: 'General', requiredSkills: [], requireLanguage: true },
	],
};

export const SETTINGS: RouterSettings = {
	strategy: 'mostSpareCapacity',
	regionOrder: ['apac', 'emea', 'amer'],
	followTheSun: true,
	defaultRegion: '',
	maxHops: 3,
	handoffTimeoutMs: 15 * MINUTE,
	relaxation: { dropPreferredAfterMs: 10 * MINUTE, lowerLevelAfterMs: 30 * MINUTE, lowerLevelBy: 1 },
	tierOrder: ['vip', 'enterprise', 'pro', 'standard'],
	triageQueue: 'Triage',
	defaultQueue: 'Unassigned',
	maxConsidered: 5,
};

let serial = 0;
export function ticket(fields: Record<string, unknown> = {}): Ticket {
	const { type = 'billing', tier = 'standard', region = 'emea', language = 'en', remainingMs, ...rest } = fields as Record<string, any>;
	return {
		id: `T-${++serial}`,
		channel: 'email',
		priority: 'normal',
		createdAt: '2026-03-10T10:00:00Z',
		customer: { id: 'C-1', tier, region },
		intent: { type, intent: type, language: { code: language, confidence: 0.9 } },
		...(remainingMs !== undefined ? { sla: { state: 'running', firstResponse: { remainingMs, state: 'running' } } } : {}),
		...rest,
	};
}

/** Routes tickets at `now` (ISO) and returns the routing records in input order. */
export function route(
	tickets: Ticket[],
	agents: AgentFixture[] | Record<string, unknown>,
	now: string,
	settings: Partial<RouterSettings> = {},
	matrix: unknown = MATRIX,
): RoutingRecord[] {
	const compiled = compileRoster(Array.isArray(agents) ? roster(agents) : agents);
	return routeBatch(tickets.map((t) => routingTicketOf(t)), compiled, compileMatrix(matrix), { ...SETTINGS, ...settings }, Date.parse(now));
}

/** 2026-03-10 is a Tuesday: 10:00Z is 11:00 in Berlin (EMEA open), 06:00 in New York (AMER closed) and 19:00 in Tokyo (APAC late shift open). */
export const TUESDAY_10Z = '2026-03-10T10:00:00Z';
