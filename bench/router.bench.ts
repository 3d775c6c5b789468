/**
 * Skill Router: routes a batch of 10,000 tickets against rosters of 100, 1,000 and 10,000 agents
 * (three regions, shared shift calendars with holidays, eight skills with levels, six languages, a
 * routing matrix of eight rules, follow-the-sun overflow, relaxation, decliners) with the indexed
 * finder (engine/routing/agent-index.ts), and in the same run with a straightforward finder that scans every
 * agent for every question (bench/router-baseline.ts). Both must give the same assignments.
 * Prints tickets per second, the ratio, and how the cost per ticket grows with the roster. Asserts
 * nothing about time.
 *
 * Run: npx tsx bench/router.bench.ts
 */
import { compileMatrix } from '../engine/routing/matrix';
import { compileRoster } from '../engine/routing/roster';
import { routeBatch } from '../engine/routing/router';
import type { RouterSettings, RoutingRecord } from '../engine/routing/router';
import { routingTicketOf } from '../engine/routing/routing-ticket';
import type { RoutingTicket } from '../engine/routing/routing-ticket';
import { int, mulberry32, pick, type Random } from '../test/support/random';
import { HOUR, MINUTE, weekdayHours } from '../test/support/time';
import { scanFinder } from './router-baseline';

const TICKETS = 10_000;
const ROSTERS = [100, 1_000, 10_000];
const NOW = Date.parse('2026-03-10T14:30:00Z'); // a Tuesday: Berlin 15:30, New York 10:30, Sydney 01:30

const REGIONS = [
	{ region: 'emea', timezone: 'Europe/Berlin', holidays: { country: 'DE' } },
	{ region: 'amer', timezone: 'America/New_York', holidays: { country: 'US' } },
	{ region: 'apac', timezone: 'Australia/Sydney', holidays: { country: 'AU' } },
];
const SHIFTS = [['06:00', '14:00'], ['08:00', '16:00'], ['09:00', '17:00'], ['14:00', '22:00'], ['22:00', '06:00']];
const SKILLS = ['billing', 'refunds', 'technical', 'account', 'shipping', 'vip', 'api', 'security'];
const LANGUAGES = ['en', 'de', 'es', 'fr', 'ja', 'pt'];

const CALENDARS = REGIONS.flatMap(({ region, timezone, holidays }) =>
	SHIFTS.map(([start, end]) => ({ name: `${region} ${start}-${end}`, timezone, weeklyHours: weekdayHours(start, end), holidays })),
);

function rosterOf(size: number, random: Random) {
	const agents = Array.from({ length: size }, (_, i) => {
		const { region } = pick(random, REGIONS);
		const skills: Record<string, number> = {};
		const count = 1 + int(random, 3);
		for (let s = 0; s < count; s++) skills[pick(random, SKILLS)] = 1 + int(random, 5);
		const languages = ['en', ...(random() < 0.5 ? [pick(random, LANGUAGES)] : [])];
		return {
			id: `agent-${String(i).padStart(5, '0')}`,
			region,
			calendar: `${region} ${pick(random, SHIFTS).join('-')}`,
			skills,
			languages: [...new Set(languages)],
			status: random() < 0.8 ? 'online' : pick(random, ['away', 'offline']),
			capacity: 2 + int(random, 4),
			load: int(random, 2),
			...(random() < 0.7 ? { lastAssignedAt: new Date(NOW - int(random, 240) * MINUTE).toISOString() } : {}),
		};
	});
	return { calendars: CALENDARS, groups: REGIONS.map(({ region }) => ({ name: `${region} queue`, region, calendar: `${region} 09:00-17:00` })), agents };
}

const MATRIX = {
	rules: [
		{ name: 'VIP billing', match: { issueType: ['billing', 'refund'], tier: ['vip'] }, requiredSkills: { billing: 3 }, preferredSkills: { vip: 2 } },
		{ name: 'Billing', match: { issueType: ['billing'] }, requiredSkills: { billing: 2 } },
		{ name: 'Refunds', match: { issueType: ['refund'] }, requiredSkills: { refunds: 2 }, preferredSkills: { billing: 1 } },
		{ name: 'API', match: { issueType: ['technical_issue'], channel: ['api'] }, requiredSkills: { technical: 3, api: 2 } },
		{ name: 'Technical', match: { issueType: ['technical_issue'] }, requiredSkills: { technical: 2 } },
		{ name: 'Security', match: { issueType: ['account_access'], tier: ['vip', 'enterprise'] }, requiredSkills: { security: 3, account: 1 } },
		{ name: 'Account', match: { issueType: ['account_access'] }, requiredSkills: { account: 2 } },
		{ name: 'General', requiredSkills: {} },
	],
};

function ticketsOf(count: number, roster: ReturnType<typeof rosterOf>, random: Random): RoutingTicket[] {
	return Array.from({ length: count }, (_, i) => {
		const declined = random() < 0.05 ? roster.agents[int(random, roster.agents.length)].id : null;
		return routingTicketOf({
			id: `T-${i}`,
			channel: pick(random, ['email', 'chat', 'api', 'phone']),
			priority: pick(random, ['low', 'normal', 'high', 'urgent']),
			createdAt: new Date(NOW - int(random, 90) * MINUTE).toISOString(),
			customer: { tier: pick(random, ['vip', 'enterprise', 'pro', 'standard', 'standard']), region: pick(random, REGIONS).region },
			intent: { type: pick(random, ['billing', 'refund', 'technical_issue', 'account_access', 'shipping', 'general_question']), language: { code: random() < 0.7 ? 'en' : pick(random, LANGUAGES) } },
			sla: { firstResponse: { remainingMs: Math.floor((random() - 0.1) * 8 * HOUR), state: 'running' } },
			...(declined ? { routing: { assignee: declined, declined: [declined], tried: [declined], hops: 1 } } : {}),
		});
	});
}

const SETTINGS: RouterSettings = {
	strategy: 'bestSkillMatch',
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

function timed<T>(run: () => T): { result: T; ms: number } {
	const start = process.hrtime.bigint();
	const result = run();
	return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

const summary = (records: RoutingRecord[]) => records.map((r) => `${r.outcome}:${r.assignee?.id ?? r.queue}`);
const format = (n: number) => Math.round(n).toLocaleString('en-US');

const random = mulberry32(2026);
const matrix = compileMatrix(MATRIX);
const rows: string[] = [];
const perTicketUs: number[] = [];
console.log(`Skill Router: ${format(TICKETS)} tickets per batch, strategy best skill match, follow the sun on, Node ${process.version}\n`);

for (const size of ROSTERS) {
	const document = rosterOf(size, random);
	const { result: roster, ms: compileMs } = timed(() => compileRoster(document));
	const tickets = ticketsOf(TICKETS, document, random);
	// Warm up both code paths on a small batch.
	routeBatch(tickets.slice(0, 200), roster, matrix, SETTINGS, NOW);
	routeBatch(tickets.slice(0, 50), roster, matrix, SETTINGS, NOW, scanFinder);

	const first = timed(() => routeBatch(tickets, roster, matrix, SETTINGS, NOW));
	const scanned = timed(() => routeBatch(tickets, roster, matrix, SETTINGS, NOW, scanFinder));
	const second = timed(() => routeBatch(tickets, roster, matrix, SETTINGS, NOW));
	const full = first.ms <= second.ms ? first : second;
	if (JSON.stringify(summary(full.result)) !== JSON.stringify(summary(scanned.result))) {
		console.error(`MISMATCH at ${size} agents: the index and the scan routed differently`);
		process.exitCode = 1;
	}
	const outcomes: Record<string, number> = {};
	for (const r of full.result) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
	const indexRate = (TICKETS / full.ms) * 1000;
	const scanRate = (TICKETS / scanned.ms) * 1000;
	perTicketUs.push((full.ms * 1000) / TICKETS);
	rows.push(
		[
			`${format(size).padStart(6)} agents`,
			`compile ${compileMs.toFixed(0).padStart(4)} ms`,
			`index ${format(indexRate).padStart(7)} tickets/s (${((full.ms * 1000) / TICKETS).toFixed(1).padStart(5)} µs/ticket)`,
			`scan ${format(scanRate).padStart(7)} tickets/s (${((scanned.ms * 1000) / TICKETS).toFixed(1).padStart(6)} µs/ticket)`,
			`index/scan ${(indexRate / scanRate).toFixed(1).padStart(5)}×`,
			Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', '),
		].join(' | '),
	);
	console.log(rows[rows.length - 1]);
}

const growth = perTicketUs[perTicketUs.length - 1] / perTicketUs[0];
const rosterGrowth = ROSTERS[ROSTERS.length - 1] / ROSTERS[0];
console.log(
	`\nCost per ticket (index): ${perTicketUs.map((us) => `${us.toFixed(1)} µs`).join(' → ')} as the roster grows ${rosterGrowth}× ` +
		`(${ROSTERS.map(format).join(' → ')}): ${growth.toFixed(1)}× the cost for ${rosterGrowth}× the agents.`,
);
