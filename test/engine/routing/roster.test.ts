import { compileMatrix, matchRule } from '../../../engine/routing/matrix';
import { compileRoster } from '../../../engine/routing/roster';
import { CALENDARS, GROUPS, agent, roster } from './router-fixtures';

const compile = (agents: unknown[], extra: Record<string, unknown> = {}) => () => compileRoster({ calendars: CALENDARS, groups: GROUPS, agents, ...extra });

describe('Skill Router roster', () => {
	it('rejects a duplicate agent id, naming both entries', () => {
		expect(compile([agent('a1'), agent('a2'), agent('a1')])).toThrow('agents[2] "a1".id: duplicate agent id (first used by agents[0])');
	});

	it('rejects a calendar name the roster does not define, listing the ones it does', () => {
		expect(compile([agent('a1', { calendar: 'LATAM Day' })])).toThrow('agents[0] "a1".calendar: unknown calendar "LATAM Day" (known: EMEA Day, AMER Day, APAC Late)');
		expect(() => compileRoster({ agents: [agent('a1', { calendar: 'Nights', group: undefined })] })).toThrow('(the roster has no "calendars" list)');
	});

	it('rejects a negative capacity or load, naming the agent', () => {
		expect(compile([agent('a1'), agent('bo', { capacity: -1 })])).toThrow('agents[1] "bo".capacity: must not be negative, got -1');
		expect(compile([agent('bo', { load: -2 })])).toThrow('agents[0] "bo".load: must not be negative, got -2');
	});

	it('rejects an unknown status, group, field or a broken inline calendar, naming the entry', () => {
		expect(compile([agent('a1', { status: 'busy' })])).toThrow('agents[0] "a1".status: must be one of online, away, offline, got "busy"');
		expect(compile([agent('a1', { group: 'Nights' })])).toThrow('agents[0] "a1".group: unknown group "Nights"');
		expect(compile([{ ...agent('a1'), skill: 'billing' }])).toThrow('agents[0] "a1".skill: unknown field');
		expect(compile([agent('a1', { calendar: { timezone: 'Mars/Olympus' } })])).toThrow(/agents\[0\] "a1"\.calendar\.timezone/);
		expect(compile([agent('a1', { skills: { billing: -1 } as never })])).toThrow('agents[0] "a1".skills.billing: level of "billing" must be a number ≥ 0, got "-1"');
		expect(compile([{ name: 'no id' }])).toThrow('agents[0].id: is required');
	});

	it('rejects duplicate calendar and group names', () => {
		expect(compile([], { calendars: [CALENDARS[0], CALENDARS[0]] })).toThrow('calendars[1] "EMEA Day": duplicate calendar name');
		expect(compile([], { groups: [GROUPS[0], GROUPS[0]] })).toThrow('groups[1] "EMEA Support": duplicate group name');
	});

	it('reads agents as a data table gives them: comma-separated skills and languages, calendars by name, inherited from the group', () => {
		const compiled = compileRoster({
			calendars: CALENDARS,
			groups: GROUPS,
			agents: [{ id: 7, name: 'Ana', skills: 'Billing:4, SEPA', languages: 'EN, de', group: 'AMER Support', capacity: '4', load: '1', lastAssignedAt: '2026-03-10T09:00:00Z' }],
		});
		const ana = compiled.agentsById.get('7')!;
		expect([...ana.skills]).toEqual([['billing', 4], ['sepa', 1]]);
		expect([...ana.languages]).toEqual(['en', 'de']);
		expect(ana.region).toBe('amer');
		expect(ana.calendar?.name).toBe('AMER Day');
		expect([ana.capacity, ana.load, ana.lastAssignedAt]).toEqual([4, 1, Date.parse('2026-03-10T09:00:00Z')]);
		expect(compiled.regions).toEqual(['amer', 'emea', 'apac']);
	});

	it('accepts a bare list of agents and shares one compiled calendar between agents naming it', () => {
		const compiled = compileRoster(roster([agent('a'), agent('b', { calendar: 'EMEA Day' })]));
		expect(compiled.agents[0].calendar).toBe(compiled.agents[1].calendar);
		expect(compileRoster([{ id: 'solo' }]).agents[0]).toMatchObject({ id: 'solo', status: 'online', capacity: 1, load: 0, calendar: null, region: '' });
	});
});

describe('Skill Router matrix', () => {
	it('rejects unknown fields and conditions, naming the rule', () => {
		expect(() => compileMatrix({ rules: [{ name: 'VIP', queues: 'x' }] })).toThrow('rules[0] "VIP".queues: unknown field');
		expect(() => compileMatrix([{ name: 'VIP', match: { country: ['de'] } }])).toThrow('rules[0] "VIP".match.country: unknown condition');
		expect(() => compileMatrix({ rules: [{ name: 'A' }, { name: 'a' }] })).toThrow('rules[1] "a".name: duplicate rule name');
		expect(() => compileMatrix({ rules: [{ name: 'A', minLevel: -1 }] })).toThrow('rules[0] "A".minLevel: must be a number ≥ 0');
		expect(() => compileMatrix('{')).toThrow(/^matrix: is not valid JSON/);
		expect(() => compileMatrix({})).toThrow('matrix.rules: must be a list of rules');
	});

	it('matches issue type, intent, tier, channel, language and priority case-insensitively, all conditions together', () => {
		const matrix = compileMatrix([
			{ name: 'Spanish chat refunds', match: { issueType: 'Refund', channel: 'chat', language: 'ES' }, requiredSkills: 'refunds:2', minLevel: 2 },
			{ name: 'Urgent', match: { priority: ['urgent'], intent: ['outage'] }, requiredSkills: ['tech'] },
		]);
		const facts = { issueType: 'refund', intent: '', tier: '', channel: 'chat', language: 'es', priority: '' };
		expect(matchRule(matrix, facts)?.name).toBe('Spanish chat refunds');
		expect(matchRule(matrix, { ...facts, channel: 'email' })).toBeNull();
		expect(matchRule(matrix, { ...facts, priority: 'urgent', intent: 'outage', channel: 'email' })?.name).toBe('Urgent');
		expect([...matrix.rules[1].required]).toEqual([['tech', 1]]);
	});
});
