/**
 * The default drill scenario against the configuration the SLA Setup template seeds: its events
 * replayed as the intake handles them (stored, classified, clocked and, when new, routed with the
 * agents' load from the tickets assigned so far) and the due ones clocked at the check time as the
 * drill's sweep does. Every expectation of the scenario must hold, for any seed, or the drill
 * template would report failures on a fresh store. (The same run in real n8n is the drill template.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkDrill, DEFAULT_DRILL_SCENARIO, drillEvents, drillExpectations, type DrillOutcome } from '../../../engine/drill';
import { applyEvent, readIntakeEvent, type StoredTicket } from '../../../engine/intake';
import { intentEngine, normalizeIntent, supportTrainingExamples } from '../../../engine/intent';
import { compileMatrix, compileRoster, DEFAULT_TIER_ORDER, routeBatch, routingTicketOf, type RouterSettings } from '../../../engine/routing';
import { compilePolicySet, computeSla } from '../../../engine/sla';

const START = Date.parse('2026-04-06T12:50:00Z');

interface SeedDocuments {
	policySet: unknown;
	roster: { agents: Array<{ id: string; load?: number }> };
	routing: unknown;
}

function seededDocuments(): SeedDocuments {
	const setup = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'workflows', 'sla-setup.json'), 'utf8')) as { nodes: Array<{ parameters: Record<string, unknown> }> };
	return JSON.parse(String(setup.nodes.find((node) => node.parameters.operation === 'setUp')!.parameters.seed)) as SeedDocuments;
}

/** The Skill Router node's defaults, as the intake template runs it. */
const ROUTER: RouterSettings = {
	strategy: 'bestSkillMatch',
	regionOrder: ['apac', 'emea', 'amer'],
	followTheSun: true,
	defaultRegion: '',
	maxHops: 3,
	handoffTimeoutMs: 15 * 60_000,
	relaxation: { dropPreferredAfterMs: 10 * 60_000, lowerLevelAfterMs: 30 * 60_000, lowerLevelBy: 1 },
	tierOrder: [...DEFAULT_TIER_ORDER],
	triageQueue: 'Triage',
	defaultQueue: 'Unassigned',
	maxConsidered: 5,
};

/** The store after the drill: each ticket as the intake and the drill's sweep leave it. */
function runDrill(seed: number): { outcomes: DrillOutcome[]; expectations: ReturnType<typeof drillExpectations> } {
	const seeded = seededDocuments();
	const policies = compilePolicySet(seeded.policySet);
	const matrix = compileMatrix(seeded.routing);
	const classifier = intentEngine({ examples: supportTrainingExamples(), threshold: 0.5 });
	const events = drillEvents(DEFAULT_DRILL_SCENARIO, START, seed);
	const expectations = drillExpectations(events);
	const store = new Map<string, StoredTicket & Record<string, unknown>>();
	for (const body of events) {
		const event = readIntakeEvent(body, { allowNow: true });
		const now = event.now!;
		const applied = applyEvent(store.get(event.key) ?? null, event);
		let ticket = applied.ticket as StoredTicket & Record<string, unknown>;
		ticket = { ...ticket, intent: normalizeIntent(classifier, { id: ticket.id, subject: ticket.subject ?? '', body: ticket.body ?? '', at: now }) };
		ticket = { ...ticket, sla: computeSla(ticket, policies, now) };
		if (applied.change === 'created') {
			const load = new Map<string, number>();
			for (const other of store.values()) {
				const assignee = (other.routing as { assignee?: { id: string } } | undefined)?.assignee?.id;
				if (assignee) load.set(assignee, (load.get(assignee) ?? 0) + 1);
			}
			const roster = compileRoster({ ...seeded.roster, agents: seeded.roster.agents.map((agent) => ({ ...agent, load: load.get(agent.id) ?? 0 })) });
			const [routing] = routeBatch([routingTicketOf(ticket)], roster, matrix, ROUTER, now);
			ticket = { ...ticket, routing };
		}
		store.set(event.key, ticket);
	}
	// The drill's sweep at the check time: the due tickets are clocked again (and escalated, in a dry run).
	const checkAt = Date.parse(expectations.map((expectation) => expectation.checkAt).sort().pop()!);
	const outcomes = [...store.values()].map((ticket) => {
		const nextCheckAt = Date.parse(String((ticket.sla as { nextCheckAt?: string }).nextCheckAt ?? ''));
		if (!(nextCheckAt <= checkAt)) return ticket as unknown as DrillOutcome;
		const sla = computeSla(ticket, policies, checkAt);
		// What Check Drill counts of Escalate's dry run: a breached ticket would get the breach level.
		return { ...ticket, sla, escalation: sla.state === 'breached' ? { level: 3 } : ticket.escalation } as unknown as DrillOutcome;
	});
	return { outcomes, expectations };
}

describe('the default drill scenario on the seeded configuration', () => {
	it.each([42, 43, 7, 2026])('holds every expectation (seed %i)', (seed) => {
		const { outcomes, expectations } = runDrill(seed);
		const verdict = checkDrill(expectations, outcomes);
		expect(verdict.failed.map((failure) => `${failure.ticketKey}: ${failure.mismatches.join(', ')} (${JSON.stringify(failure.actual)})`)).toEqual([]);
		expect(verdict.passed).toBe(19);
	});

	it('sends the handoff wave to AMER as it opens, keeps the VIP surge out of the closed EMEA region, and breaches the urgent tickets', () => {
		const { outcomes } = runDrill(42);
		const wave = (name: string) => outcomes.filter((outcome) => outcome.key.startsWith(`drill:${name}-`)) as Array<DrillOutcome & { routing: { outcome: string; region: string | null; queue: string | null }; sla: { state: string } }>;
		expect(wave('shift-handoff').map((ticket) => [ticket.routing.outcome, ticket.routing.region])).toEqual(Array(3).fill(['overflowed', 'amer']));
		expect(new Set(wave('vip-surge').map((ticket) => ticket.routing.region))).not.toContain('emea');
		expect(new Set(wave('holiday-emea').map((ticket) => ticket.sla.state))).toEqual(new Set(['running']));
		expect(new Set(wave('will-breach').map((ticket) => ticket.sla.state))).toEqual(new Set(['breached']));
	});
});
