import { compileMatrix } from '../../../engine/routing/matrix';
import { compileRoster } from '../../../engine/routing/roster';
import { routeBatch, urgencyOrder } from '../../../engine/routing/router';
import { routingTicketOf } from '../../../engine/routing/routing-ticket';
import { int, lcg, pick } from '../../support/random';
import { MINUTE } from '../../support/time';
import { MATRIX, SETTINGS, TUESDAY_10Z, agent, roster, route, ticket } from './router-fixtures';

const ids = (records: { assignee: { id: string } | null }[]) => records.map((record) => record.assignee?.id ?? null);

describe('Skill Router: who is eligible', () => {
	it('assigns only agents who are on shift, online, under capacity and hold the required skill level and language', () => {
		const agents = [
			agent('away', { status: 'away', capacity: 9 }),
			agent('full', { capacity: 2, load: 2 }),
			agent('junior', { skills: { billing: 1 }, capacity: 9 }),
			agent('german-only', { languages: ['de'], capacity: 9 }),
			agent('off-shift', { region: 'emea', calendar: { timezone: 'Europe/Berlin', weeklyHours: { tue: [{ start: '18:00', end: '22:00' }] } }, capacity: 9 }),
			agent('able', { capacity: 1 }),
		];
		const [record] = route([ticket()], agents, TUESDAY_10Z);
		expect(record.outcome).toBe('assigned');
		expect(record.assignee?.id).toBe('able');
		expect(record.rule).toBe('Billing');
		expect(record.required).toEqual({ billing: 2 });
		expect(record.language).toBe('en');
		expect(record.reason).toMatch(/assigned to able \(able\) in emea by most spare capacity under rule "Billing"/i);
	});

	it('follows the first matching rule of the matrix, and a rule without conditions catches the rest', () => {
		const agents = [agent('biller', { skills: { billing: 3, vip: 1 } }), agent('tech', { skills: { tech: 3 } })];
		const [vip, tech, other] = route([ticket({ tier: 'vip' }), ticket({ type: 'technical_issue' }), ticket({ type: 'shipping' })], agents, TUESDAY_10Z);
		expect([vip.rule, tech.rule, other.rule]).toEqual(['VIP billing', 'Technical', 'General']);
		expect(vip.assignee?.id).toBe('biller');
		expect(tech.assignee?.id).toBe('tech');
		expect(other.outcome).toBe('assigned');
	});

	it('sends a ticket no rule matches to Needs Triage and says what it looked at', () => {
		const [record] = route([ticket({ type: 'shipping' })], [agent('a')], TUESDAY_10Z, {}, { rules: MATRIX.rules.slice(0, 3) });
		expect(record.outcome).toBe('triage');
		expect(record.queue).toBe('Triage');
		expect(record.reason).toMatch(/no routing rule matches \(issueType shipping, tier standard, channel email, language en, priority normal\)/i);
	});

	it('ignores the language when the rule does not require it or the language is unknown', () => {
		const matrix = { rules: [{ name: 'Any language', requiredSkills: { billing: 1 }, requireLanguage: false }] };
		const [record] = route([ticket({ language: 'ja' })], [agent('en-only')], TUESDAY_10Z, {}, matrix);
		expect(record.assignee?.id).toBe('en-only');
		const [undetermined] = route([ticket({ language: 'und' })], [agent('en-only')], TUESDAY_10Z);
		expect(undetermined.assignee?.id).toBe('en-only');
	});
});

describe('Skill Router: selection strategies', () => {
	const agents = [
		agent('b-expert', { skills: { billing: 5 }, capacity: 4, load: 3, lastAssignedAt: '2026-03-10T09:00:00Z' }),
		agent('c-roomy', { skills: { billing: 3 }, capacity: 6, load: 1, lastAssignedAt: '2026-03-10T09:59:00Z' }),
		agent('a-idle', { skills: { billing: 2 }, capacity: 3, load: 1, lastAssignedAt: '2026-03-10T07:00:00Z' }),
	];

	it('most spare capacity picks the agent with the most free slots', () => {
		expect(ids(route([ticket()], agents, TUESDAY_10Z, { strategy: 'mostSpareCapacity' }))).toEqual(['c-roomy']);
	});

	it('round robin picks the agent idle the longest, and someone never assigned before anyone', () => {
		expect(ids(route([ticket()], agents, TUESDAY_10Z, { strategy: 'roundRobin' }))).toEqual(['a-idle']);
		expect(ids(route([ticket()], [...agents, agent('z-new', { capacity: 1 })], TUESDAY_10Z, { strategy: 'roundRobin' }))).toEqual(['z-new']);
	});

	it('best skill match picks the highest level on the skills the rule asks for', () => {
		expect(ids(route([ticket()], agents, TUESDAY_10Z, { strategy: 'bestSkillMatch' }))).toEqual(['b-expert']);
	});

	it('breaks exact ties by agent id, whatever the roster order', () => {
		const twins = [agent('twin-b'), agent('twin-a')];
		for (const strategy of ['mostSpareCapacity', 'roundRobin', 'bestSkillMatch'] as const) {
			expect(ids(route([ticket()], twins, TUESDAY_10Z, { strategy }))).toEqual(['twin-a']);
			expect(ids(route([ticket()], [...twins].reverse(), TUESDAY_10Z, { strategy }))).toEqual(['twin-a']);
		}
	});

	it('round robin rotates through the team within one batch', () => {
		const team = [agent('r1', { capacity: 5 }), agent('r2', { capacity: 5 }), agent('r3', { capacity: 5 })];
		const records = route(Array.from({ length: 6 }, () => ticket()), team, TUESDAY_10Z, { strategy: 'roundRobin' });
		expect(ids(records)).toEqual(['r1', 'r2', 'r3', 'r1', 'r2', 'r3']);
	});
});

describe('Skill Router: a batch', () => {
	it('routes the least SLA time remaining first, then the higher tier, then the older ticket', () => {
		const tickets = [
			ticket({ id: 'relaxed', remainingMs: 5 * 3_600_000 }),
			ticket({ id: 'no-clock' }),
			ticket({ id: 'old-standard', remainingMs: 60_000, createdAt: '2026-03-10T08:00:00Z' }),
			ticket({ id: 'vip', remainingMs: 60_000, tier: 'vip', createdAt: '2026-03-10T09:00:00Z' }),
			ticket({ id: 'new-standard', remainingMs: 60_000, createdAt: '2026-03-10T09:30:00Z' }),
			ticket({ id: 'breached', remainingMs: -1 }),
		];
		const order = urgencyOrder(tickets.map((t) => routingTicketOf(t)), SETTINGS.tierOrder).map((index) => tickets[index].id);
		expect(order).toEqual(['breached', 'vip', 'old-standard', 'new-standard', 'relaxed', 'no-clock']);
		// With one slot, the most urgent ticket gets it and the rest queue.
		const records = route(tickets, [agent('solo', { capacity: 1, skills: { billing: 3, vip: 1 } })], TUESDAY_10Z);
		expect(records.map((r) => r.outcome)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued', 'assigned']);
		expect(records[5].batchRank).toBe(1);
		expect(records[3].batchRank).toBe(2);
	});

	it('consumes capacity as the batch is assigned, so ten tickets never all land on the least loaded agent', () => {
		const agents = [agent('light', { capacity: 5, load: 0 }), agent('medium', { capacity: 5, load: 2 }), agent('heavy', { capacity: 5, load: 4 })];
		const records = route(Array.from({ length: 10 }, () => ticket()), agents, TUESDAY_10Z);
		const counts: Record<string, number> = {};
		for (const id of ids(records)) counts[String(id)] = (counts[String(id)] ?? 0) + 1;
		// 15 slots, 6 used before: light takes 5, medium 3, heavy 1; the tenth finds no room.
		expect(counts).toEqual({ light: 5, medium: 3, heavy: 1, null: 1 });
		expect(records.filter((r) => r.outcome === 'queued')).toHaveLength(1);
	});
});

describe('Skill Router: follow the sun', () => {
	const agents = [
		agent('emea-1', { region: 'emea', capacity: 1, load: 1 }),
		agent('apac-1', { region: 'apac', languages: ['en', 'ja'] }),
		agent('amer-1', { region: 'amer' }),
	];

	it('overflows to the next region in the configured order whose coverage is open, and records why', () => {
		const [record] = route([ticket({ region: 'emea' })], agents, TUESDAY_10Z);
		// Order apac → emea → amer: after emea comes amer (closed at 06:00 New York), then apac (19:00 Tokyo, open).
		expect(record.outcome).toBe('overflowed');
		expect(record.assignee?.id).toBe('apac-1');
		expect(record.region).toBe('apac');
		expect(record.homeRegion).toBe('emea');
		expect(record.overflow).toEqual([
			{ region: 'emea', open: true, reason: 'no agent on shift with the skills, language and capacity' },
			{ region: 'amer', open: false, reason: 'coverage closed now' },
		]);
		expect(record.reason).toMatch(/no eligible agent in emea .*amer \(coverage closed now\); assigned to apac-1/i);
	});

	it('stays home when follow the sun is off, and queues with the next shift start', () => {
		const [record] = route([ticket({ region: 'emea' })], agents, TUESDAY_10Z, { followTheSun: false });
		expect(record.outcome).toBe('queued');
		expect(record.queue).toBe('EMEA Support');
		// emea-1 is on shift but full: the next EMEA shift starts Wednesday 09:00 Berlin.
		expect(record.nextEligibleAt).toBe('2026-03-11T08:00:00.000Z');
		expect(record.nextEligibleAgent).toBe('emea-1');
	});

	it('routes a ticket without a home region to the default region', () => {
		const [record] = route([ticket({ region: '' })], agents, TUESDAY_10Z, { defaultRegion: 'amer', followTheSun: false });
		expect(record.homeRegion).toBe('amer');
		expect(record.outcome).toBe('queued');
		expect(record.nextEligibleAt).toBe('2026-03-10T13:00:00.000Z');
	});
});

describe('Skill Router: skill relaxation', () => {
	const agents = [agent('generalist', { skills: { billing: 2 } })];
	const vipTicket = (createdAt: string) => ticket({ tier: 'vip', createdAt });

	it('requires the preferred skills at first and queues for the named queue with the time the search widens', () => {
		const [record] = route([vipTicket('2026-03-10T09:55:00Z')], agents, TUESDAY_10Z);
		expect(record.outcome).toBe('queued');
		expect(record.queue).toBe('VIP Billing');
		expect(record.required).toEqual({ billing: 3, vip: 1 });
		expect(record.relaxation).toEqual([]);
		expect(record.nextRelaxationAt).toBe('2026-03-10T10:05:00.000Z');
	});

	it('drops the preferred skills after the first wait, recording the step', () => {
		const [record] = route([vipTicket('2026-03-10T09:45:00Z')], [agent('senior', { skills: { billing: 3 } })], TUESDAY_10Z);
		expect(record.assignee?.id).toBe('senior');
		expect(record.required).toEqual({ billing: 3 });
		expect(record.relaxation).toEqual([
			{ step: 'drop_preferred', afterMinutes: 10, at: '2026-03-10T09:55:00.000Z', detail: 'preferred skills no longer required: vip' },
		]);
	});

	it('lowers the minimum level after the second wait, recording both steps', () => {
		const [waiting] = route([vipTicket('2026-03-10T09:45:00Z')], agents, TUESDAY_10Z);
		expect(waiting.outcome).toBe('queued');
		const [record] = route([vipTicket('2026-03-10T09:20:00Z')], agents, TUESDAY_10Z);
		expect(record.assignee?.id).toBe('generalist');
		expect(record.required).toEqual({ billing: 2 });
		expect(record.relaxation.map((step) => step.step)).toEqual(['drop_preferred', 'lower_min_level']);
		expect(record.relaxation[1].detail).toBe('minimum levels lowered: billing 3→2');
		expect(record.relaxation[1].at).toBe('2026-03-10T09:50:00.000Z');
	});

	it('counts the wait from when routing first saw the ticket waiting, if that is recorded', () => {
		const [record] = route([ticket({ tier: 'vip', createdAt: '2026-03-10T08:00:00Z', routing: { outcome: 'queued', waitingSince: '2026-03-10T09:58:00Z' } })], agents, TUESDAY_10Z);
		expect(record.relaxation).toEqual([]);
		expect(record.waitingSince).toBe('2026-03-10T09:58:00.000Z');
	});
});

describe('Skill Router: guardrails', () => {
	const team = [agent('ana', { capacity: 5 }), agent('ben', { capacity: 4 }), agent('cy', { capacity: 3 })];
	const assigned = (routing: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
		ticket({ routing: { outcome: 'assigned', hops: 0, tried: ['ana'], assignedAt: '2026-03-10T09:50:00Z', ...routing }, ...extra });

	it('re-routes an assignment not accepted within the handoff time, counting a hop and not going back to the agent', () => {
		const [record] = route([assigned({ assignee: { id: 'ana' }, assignedAt: '2026-03-10T09:40:00Z' })], team, TUESDAY_10Z);
		expect(record.outcome).toBe('assigned');
		expect(record.assignee?.id).toBe('ben');
		expect(record.hops).toBe(1);
		expect(record.tried).toEqual(['ana', 'ben']);
		expect(record.reason).toMatch(/^ana \(ana\) did not accept within 15 min; assigned to ben/i);
		expect(record.handoffDueAt).toBe('2026-03-10T10:15:00.000Z');
		expect(record.accepted).toBe(false);
	});

	it('keeps an assignment still within its handoff time, and one the agent accepted', () => {
		const [waiting] = route([assigned({ assignee: 'ana' })], team, TUESDAY_10Z);
		expect(waiting.assignee?.id).toBe('ana');
		expect(waiting.hops).toBe(0);
		expect(waiting.reason).toMatch(/waiting for ana \(ana\) to accept until 2026-03-10T10:05:00.000Z/i);
		const acknowledged = assigned({ assignee: 'ana', assignedAt: '2026-03-10T09:00:00Z' }, { events: [{ type: 'acknowledged', actor: 'ana', at: '2026-03-10T09:01:00Z' }] });
		const [accepted] = route([acknowledged], team, TUESDAY_10Z);
		expect(accepted.assignee?.id).toBe('ana');
		expect(accepted.accepted).toBe(true);
		expect(accepted.reason).toMatch(/accepted by ana/i);
	});

	it('does not route back to an agent who declined, nor to one who held the ticket before', () => {
		const [record] = route([assigned({ assignee: 'ana', tried: ['cy', 'ana'], declined: ['ana'] })], [team[0], team[1], { ...team[2], capacity: 5 }], TUESDAY_10Z);
		expect(record.assignee?.id).toBe('ben');
		expect(record.considered).toEqual([
			{ id: 'ana', name: 'ana', region: 'emea', result: 'passed over: declined' },
			{ id: 'cy', name: 'cy', region: 'emea', result: 'passed over: held the ticket before' },
			{ id: 'ben', name: 'ben', region: 'emea', result: 'chosen' },
		]);
	});

	it('routes back to an earlier holder when no one else can take it', () => {
		const [record] = route([assigned({ assignee: 'ben', tried: ['ana', 'ben'], declined: ['ben'] })], [team[0], team[1]], TUESDAY_10Z);
		expect(record.assignee?.id).toBe('ana');
		expect(record.reason).toMatch(/no one else can take it/);
	});

	it('sends the ticket to triage once the hop limit is passed', () => {
		const [record] = route([assigned({ assignee: 'ana', hops: 3, declined: ['ana'] })], team, TUESDAY_10Z);
		expect(record.outcome).toBe('triage');
		expect(record.queue).toBe('Triage');
		expect(record.hops).toBe(4);
		expect(record.reason).toMatch(/ana \(ana\) declined; hop limit reached \(4 reassignments, at most 3\)/i);
		const [again] = route([ticket({ routing: record })], team, TUESDAY_10Z);
		expect(again.outcome).toBe('triage');
	});

	it('sends a reopened ticket back to its previous assignee when that agent is on shift', () => {
		const reopened = assigned({ assignee: 'cy', tried: ['ana', 'cy'], accepted: true, hops: 1 }, { status: 'reopened' });
		const [record] = route([reopened], team, TUESDAY_10Z);
		expect(record.assignee?.id).toBe('cy');
		expect(record.hops).toBe(1);
		expect(record.reopenHandled).toBe(true);
		expect(record.reason).toMatch(/reopened: back to the previous assignee cy/i);
		// Seen again while the status still says reopened, it is an ordinary pending handoff.
		const [again] = route([{ ...reopened, routing: record }], team, '2026-03-10T10:01:00Z');
		expect(again.reason).toMatch(/waiting for cy/i);
	});

	it('routes a reopened ticket elsewhere when the previous assignee is not on shift, counting a hop', () => {
		const reopened = assigned({ assignee: 'cy', tried: ['cy'], accepted: true }, { status: 'reopened' });
		const [record] = route([reopened], [team[0], { ...team[2], status: 'offline' }], TUESDAY_10Z);
		expect(record.assignee?.id).toBe('ana');
		expect(record.hops).toBe(1);
		expect(record.reason).toMatch(/reopened; the previous assignee cy \(cy\) is offline/i);
	});

	it('notices a reopen from the SLA Clock starting a new cycle', () => {
		const reopened = assigned({ assignee: 'cy', tried: ['cy'], accepted: true, cycle: 1 }, { sla: { cycle: 2, cycleReason: 'reopened' } });
		const [record] = route([reopened], team, TUESDAY_10Z);
		expect(record.reason).toMatch(/reopened: back to the previous assignee cy/i);
		expect(record.cycle).toBe(2);
	});
});

describe('Skill Router: queue and next eligible time', () => {
	it('names the rule queue and the earliest shift start among all regions searched', () => {
		const agents = [agent('emea-vip', { skills: { billing: 3, vip: 1 }, capacity: 1, load: 1 }), agent('amer-vip', { region: 'amer', skills: { billing: 3, vip: 1 } })];
		const [record] = route([ticket({ tier: 'vip', createdAt: TUESDAY_10Z })], agents, TUESDAY_10Z);
		expect(record.outcome).toBe('queued');
		expect(record.queue).toBe('VIP Billing');
		// AMER opens 09:00 New York (13:00Z) today, before EMEA's next shift tomorrow.
		expect(record.nextEligibleAt).toBe('2026-03-10T13:00:00.000Z');
		expect(record.nextEligibleAgent).toBe('amer-vip');
		expect(record.reason).toMatch(/queued in VIP Billing under rule "VIP billing"; next eligible agent on shift at 2026-03-10T13:00:00.000Z \(amer-vip, amer\)/);
	});

	it('falls back to the default queue and says when no one will ever be eligible', () => {
		const document = { agents: [{ id: 'x', skills: 'tech:3', languages: 'en', region: 'emea', calendar: { timezone: 'UTC', alwaysOpen: true } }] };
		const [record] = route([ticket({ region: 'emea' })], document, TUESDAY_10Z);
		expect(record.queue).toBe('Unassigned');
		expect(record.nextEligibleAt).toBeNull();
		expect(record.reason).toMatch(/no agent meeting the requirement has a coverage shift ahead/);
	});
});

describe('Skill Router: the indexed search', () => {
	it('gives the same assignments as a scan of every agent over a random roster and batch', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { scanFinder } = require('../../../bench/router-baseline') as typeof import('../../../bench/router-baseline');
		const random = lcg(7);
		const regions = ['emea', 'amer', 'apac'];
		const agents = Array.from({ length: 300 }, (_, i) => agent(`a${String(i).padStart(3, '0')}`, {
			region: pick(random, regions),
			skills: { billing: 1 + int(random, 4), tech: int(random, 4), vip: pick(random, [0, 1]) },
			languages: pick(random, [['en'], ['en', 'de'], ['es'], ['en', 'ja']]),
			status: pick(random, ['online', 'online', 'online', 'away']),
			capacity: int(random, 4),
			load: int(random, 2),
			lastAssignedAt: random() < 0.5 ? undefined : new Date(Date.parse(TUESDAY_10Z) - int(random, 5) * MINUTE).toISOString(),
		}));
		const tickets = Array.from({ length: 400 }, (_, i) => ticket({
			type: pick(random, ['billing', 'technical_issue', 'refund', 'shipping']),
			tier: pick(random, ['vip', 'standard', 'pro']),
			region: pick(random, regions),
			language: pick(random, ['en', 'de', 'es', 'ja']),
			remainingMs: int(random, 1e6),
			createdAt: new Date(Date.parse(TUESDAY_10Z) - int(random, 60) * MINUTE).toISOString(),
			...(i % 7 === 0 ? { routing: { assignee: 'a001', tried: ['a001', 'a002'], declined: ['a001'], hops: 1 } } : {}),
		}));
		const compiled = compileRoster(roster(agents));
		const matrix = compileMatrix(MATRIX);
		const routingTickets = tickets.map((t) => routingTicketOf(t));
		for (const strategy of ['mostSpareCapacity', 'roundRobin', 'bestSkillMatch'] as const) {
			const settings = { ...SETTINGS, strategy };
			const indexed = routeBatch(routingTickets, compiled, matrix, settings, Date.parse(TUESDAY_10Z));
			const scanned = routeBatch(routingTickets, compiled, matrix, settings, Date.parse(TUESDAY_10Z), scanFinder);
			expect(indexed.map((r) => [r.outcome, r.assignee?.id, r.nextEligibleAt])).toEqual(scanned.map((r) => [r.outcome, r.assignee?.id, r.nextEligibleAt]));
			expect(indexed.map((r) => r.considered)).toEqual(scanned.map((r) => r.considered));
			expect(new Set(indexed.map((r) => r.outcome)).size).toBeGreaterThanOrEqual(3);
		}
	});
});

describe('Skill Router: reading what earlier routing left on the ticket', () => {
	it('counts agents of assigned events as earlier holders and declined events as declines', () => {
		const previous = routingTicketOf(ticket({
			routing: { assignee: 'ben', assignedAt: '2026-03-10T09:00:00Z', tried: ['ben'] },
			events: [
				{ type: 'assigned', actor: 'ana', at: '2026-03-10T08:00:00Z' },
				{ type: 'declined', actor: 'ben', at: '2026-03-10T09:05:00Z' },
			],
		})).previous;
		expect(previous.tried).toEqual(['ben', 'ana']);
		expect(previous.declined).toEqual(['ben']);
		expect(previous.accepted).toBe(false);
	});

	it('takes a reply by the assignee after the assignment as acceptance, but not one from before', () => {
		const at = (time: string) => routingTicketOf(ticket({ routing: { assignee: 'ben', assignedAt: '2026-03-10T09:00:00Z' }, events: [{ type: 'agent_reply', actor: 'ben', at: time }] })).previous.accepted;
		expect(at('2026-03-10T09:10:00Z')).toBe(true);
		expect(at('2026-03-10T08:10:00Z')).toBe(false);
	});
});
