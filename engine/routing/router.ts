import { AgentIndex } from './agent-index';
import type { CandidateFinder } from './agent-index';
import { matchRule, relaxedRequirement } from './matrix';
import type { MatrixRule, RelaxationSettings, RelaxationStep, Requirement, RoutingMatrix } from './matrix';
import type { Agent, Roster } from './roster';
import type { RoutingTicket } from './routing-ticket';
import { ShiftBoard } from './shift-board';
import { describeStrategy } from './strategy';
import type { Strategy } from './strategy';

/**
 * The Skill Router: puts each ticket of a batch with an agent who is on shift, online, under
 * capacity and holds the skills and language the routing matrix requires, or in a queue with the
 * next time someone eligible will be on shift, or in triage. Tickets are routed most urgent first
 * and capacity is consumed as the batch is assigned.
 *
 * Guardrails: at most `maxHops` reassignments, then triage; no routing back to an agent who declined
 * or held the ticket unless no one else can take it; a reopened ticket goes back to its previous
 * assignee if that agent is on shift; an assignment not accepted within the handoff timeout is routed
 * again and counts as a hop.
 */
export interface RouterSettings {
	strategy: Strategy;
	/** Regions in follow-the-sun order, lower case; overflow goes to the regions after the home region, wrapping around. */
	regionOrder: string[];
	followTheSun: boolean;
	/** Home region of tickets without one; '' routes them in any region. */
	defaultRegion: string;
	maxHops: number;
	/** Null: assignments wait for acceptance forever. */
	handoffTimeoutMs: number | null;
	relaxation: RelaxationSettings;
	/** Tiers most important first, lower case; unknown tiers come after. */
	tierOrder: string[];
	triageQueue: string;
	defaultQueue: string;
	/** Most agents listed in `routing.considered`. */
	maxConsidered: number;
}

/** The usual customer tiers, most important first: the tie-break when a builder names none. */
export const DEFAULT_TIER_ORDER: readonly string[] = ['vip', 'enterprise', 'premium', 'pro', 'standard', 'free'];

export type RoutingOutcome = 'assigned' | 'overflowed' | 'queued' | 'triage';

export interface RoutingRecord {
	outcome: RoutingOutcome;
	assignee: { id: string; name: string; region: string; group: string | null } | null;
	queue: string | null;
	reason: string;
	rule: string | null;
	strategy: Strategy;
	hops: number;
	maxHops: number;
	homeRegion: string | null;
	region: string | null;
	assignedAt: string | null;
	accepted: boolean;
	handoffDueAt: string | null;
	/** Queued: the next time an agent meeting the requirement starts a shift, and who. */
	nextEligibleAt: string | null;
	nextEligibleAgent: string | null;
	/** When the next relaxation step will widen the search, if one is left. */
	nextRelaxationAt: string | null;
	required: Record<string, number>;
	language: string | null;
	relaxation: Array<Omit<RelaxationStep, 'at'> & { at: string }>;
	overflow: OverflowStep[];
	considered: ConsideredAgent[];
	/** Every agent the ticket was assigned to, oldest first. */
	tried: string[];
	declined: string[];
	waitingSince: string;
	/** Least SLA time remaining when routed; null without a running clock. */
	urgencyMs: number | null;
	/** Position in the batch's most-urgent-first order (1 = routed first). */
	batchRank: number;
	cycle: number | null;
	reopenHandled: boolean;
	routedAt: string;
}

export interface OverflowStep {
	region: string;
	open: boolean;
	reason: string;
}

export interface ConsideredAgent {
	id: string;
	name: string;
	region: string;
	result: 'chosen' | 'passed over: declined' | 'passed over: held the ticket before';
}

export type FinderFactory = (roster: Roster, board: ShiftBoard, strategy: Strategy) => CandidateFinder;

export const indexedFinder: FinderFactory = (roster, board, strategy) => new AgentIndex(roster, board, strategy);

/** The routing of every ticket, in input order. */
export function routeBatch(
	tickets: readonly RoutingTicket[],
	roster: Roster,
	matrix: RoutingMatrix,
	settings: RouterSettings,
	now: number,
	finderFactory: FinderFactory = indexedFinder,
): RoutingRecord[] {
	const board = new ShiftBoard(roster, now);
	const router = new BatchRouter(roster, matrix, settings, board, finderFactory(roster, board, settings.strategy));
	const records: RoutingRecord[] = new Array(tickets.length);
	urgencyOrder(tickets, settings.tierOrder).forEach((index, rank) => {
		records[index] = router.route(tickets[index], rank + 1);
	});
	return records;
}

/** Indexes of the tickets, most urgent first: least SLA time remaining, then tier, then oldest, then input order. */
export function urgencyOrder(tickets: readonly RoutingTicket[], tierOrder: readonly string[]): number[] {
	const tierRank = (tier: string) => {
		const rank = tierOrder.indexOf(tier);
		return rank < 0 ? tierOrder.length : rank;
	};
	const keys = tickets.map((ticket, index) => ({
		index,
		urgency: ticket.urgencyMs,
		tier: tierRank(ticket.facts.tier),
		created: ticket.createdAt ?? Infinity,
	}));
	keys.sort((a, b) => compareNumbers(a.urgency, b.urgency) || a.tier - b.tier || compareNumbers(a.created, b.created) || a.index - b.index);
	return keys.map((key) => key.index);
}

function compareNumbers(a: number, b: number): number {
	return a === b ? 0 : a < b ? -1 : 1;
}

interface Search {
	rule: MatrixRule;
	requirement: Requirement;
	steps: RelaxationStep[];
	excluded: Set<string>;
	/** Why the ticket is being routed (again), in words, or ''. */
	because: string;
}

class BatchRouter {
	constructor(
		private readonly roster: Roster,
		private readonly matrix: RoutingMatrix,
		private readonly settings: RouterSettings,
		private readonly board: ShiftBoard,
		private readonly finder: CandidateFinder,
	) {}

	route(ticket: RoutingTicket, batchRank: number): RoutingRecord {
		const { previous } = ticket;
		const now = this.board.now;
		const home = ticket.region || this.settings.defaultRegion;
		const waitingSince = previous.waitingSince ?? ticket.createdAt ?? now;
		const record = this.baseRecord(ticket, home, waitingSince, batchRank);
		const excluded = new Set([...previous.tried, ...previous.declined]);
		let because = '';

		if (record.hops > this.settings.maxHops) return this.triage(record, `hop limit reached (${record.hops} reassignments, at most ${this.settings.maxHops})`);

		if (previous.assignee !== null) {
			const holder = this.roster.agentsById.get(previous.assignee);
			const who = holder ? `${holder.name} (${holder.id})` : previous.assignee;
			if (ticket.reopened) {
				record.reopenHandled = true;
				if (holder && this.board.available(holder)) {
					return this.assign(record, holder, home, `reopened: back to the previous assignee ${who}, who is on shift`);
				}
				because = `reopened; the previous assignee ${who} is ${holder ? this.absence(holder) : 'not in the roster'}`;
			} else if (previous.declined.includes(previous.assignee)) {
				because = `${who} declined`;
			} else if (previous.accepted) {
				return this.keep(ticket, record, `accepted by ${who}`);
			} else if (this.settings.handoffTimeoutMs !== null && previous.assignedAt !== null && now >= previous.assignedAt + this.settings.handoffTimeoutMs) {
				because = `${who} did not accept within ${this.settings.handoffTimeoutMs / 60_000} min`;
			} else {
				const due = previous.assignedAt !== null && this.settings.handoffTimeoutMs !== null ? previous.assignedAt + this.settings.handoffTimeoutMs : null;
				return this.keep(ticket, record, `waiting for ${who} to accept${due !== null ? ` until ${iso(due)}` : ''}`);
			}
			record.hops += 1;
			if (!record.tried.includes(previous.assignee)) record.tried.push(previous.assignee);
			excluded.add(previous.assignee);
			if (record.hops > this.settings.maxHops) {
				return this.triage(record, `${because}; hop limit reached (${record.hops} reassignments, at most ${this.settings.maxHops})`);
			}
		}

		const rule = matchRule(this.matrix, ticket.facts);
		if (rule === null) return this.triage(record, joinReasons(because, `no routing rule matches ${describeFacts(ticket)}`));
		const { requirement, steps } = relaxedRequirement(rule, ticket.facts.language, waitingSince, Math.max(0, now - waitingSince), this.settings.relaxation);
		record.rule = rule.name;
		record.required = Object.fromEntries(requirement.skills);
		record.language = requirement.language;
		record.relaxation = steps.map((step) => ({ ...step, at: iso(step.at) }));
		record.nextRelaxationAt = this.nextRelaxation(rule, waitingSince, steps);
		return this.search(record, ticket, home, { rule, requirement, steps, excluded, because });
	}

	private search(record: RoutingRecord, ticket: RoutingTicket, home: string, search: Search): RoutingRecord {
		const regions = this.regionsFor(home);
		for (const allowExcluded of search.excluded.size > 0 ? [false, true] : [false]) {
			for (const region of regions) {
				const overflow = region !== null && region !== home;
				const open = region === null || this.board.regionOpen(region);
				if (overflow && !open) {
					if (!allowExcluded) record.overflow.push({ region, open, reason: 'coverage closed now' });
					continue;
				}
				const { agent, passedOver } = this.finder.best(region, search.requirement, allowExcluded ? new Set() : search.excluded);
				for (const skipped of passedOver) this.consider(record, skipped, ticket.previous.declined.includes(skipped.id) ? 'passed over: declined' : 'passed over: held the ticket before');
				if (agent !== null) {
					const where = region === null ? '' : ` in ${region}`;
					const fallback = allowExcluded ? ' (no one else can take it, so back to an agent who had it before)' : '';
					const how = `${describeStrategy(this.settings.strategy)} under rule "${search.rule.name}"${fallback}`;
					const trail = record.overflow.length > 0 ? `no eligible agent in ${record.overflow.map((step) => `${step.region} (${step.reason})`).join(', ')}; ` : '';
					return this.assign(record, agent, home, joinReasons(search.because, `${trail}assigned to ${agent.name} (${agent.id})${where} by ${how}`));
				}
				if (!allowExcluded) {
					record.overflow.push({ region: region ?? 'any', open, reason: open ? 'no agent on shift with the skills, language and capacity' : 'coverage closed now' });
				}
			}
		}
		return this.queue(record, regions, search);
	}

	private assign(record: RoutingRecord, agent: Agent, home: string, reason: string): RoutingRecord {
		this.board.assign(agent);
		this.consider(record, agent, 'chosen');
		const overflowed = home !== '' && agent.region !== home;
		const now = this.board.now;
		if (!record.tried.includes(agent.id)) record.tried.push(agent.id);
		return {
			...record,
			outcome: overflowed ? 'overflowed' : 'assigned',
			assignee: { id: agent.id, name: agent.name, region: agent.region, group: agent.group },
			queue: agent.group,
			reason: capitalise(reason),
			region: agent.region || null,
			assignedAt: iso(now),
			accepted: false,
			handoffDueAt: this.settings.handoffTimeoutMs === null ? null : iso(now + this.settings.handoffTimeoutMs),
			nextRelaxationAt: null,
		};
	}

	private queue(record: RoutingRecord, regions: (string | null)[], search: Search): RoutingRecord {
		let next: { at: number; agent: Agent } | null = null;
		for (const region of regions) {
			const shift = this.finder.nextShift(region, search.requirement);
			if (shift !== null && (next === null || shift.at < next.at)) next = shift;
		}
		const homeGroup = this.roster.groups.find((group) => group.region === (record.homeRegion ?? ''));
		const queue = search.rule.queue ?? homeGroup?.name ?? this.settings.defaultQueue;
		const searched = record.overflow.map((step) => `${step.region} (${step.reason})`).join(', ');
		const when = next === null ? 'no agent meeting the requirement has a coverage shift ahead' : `next eligible agent on shift at ${iso(next.at)} (${next.agent.name}, ${next.agent.region || 'no region'})`;
		return {
			...record,
			outcome: 'queued',
			queue,
			reason: capitalise(joinReasons(search.because, `no eligible agent now in ${searched}; queued in ${queue} under rule "${search.rule.name}"; ${when}`)),
			nextEligibleAt: next === null ? null : iso(next.at),
			nextEligibleAgent: next === null ? null : next.agent.id,
		};
	}

	private triage(record: RoutingRecord, reason: string): RoutingRecord {
		return { ...record, outcome: 'triage', queue: this.settings.triageQueue, reason: capitalise(`${reason}: sent to ${this.settings.triageQueue}`) };
	}

	/** Leaves an assignment as it is (accepted, or still within its handoff time). */
	private keep(ticket: RoutingTicket, record: RoutingRecord, reason: string): RoutingRecord {
		const previous = ticket.previous;
		const outcome: RoutingOutcome = previous.outcome === 'overflowed' ? 'overflowed' : 'assigned';
		const holder = this.roster.agentsById.get(previous.assignee!);
		const assignedAt = previous.assignedAt === null ? null : iso(previous.assignedAt);
		const handoffDueAt = previous.assignedAt !== null && this.settings.handoffTimeoutMs !== null && !previous.accepted ? iso(previous.assignedAt + this.settings.handoffTimeoutMs) : null;
		return {
			...record,
			...(previous.record as Partial<RoutingRecord>),
			outcome,
			assignee: holder ? { id: holder.id, name: holder.name, region: holder.region, group: holder.group } : { id: previous.assignee!, name: previous.assignee!, region: previous.region ?? '', group: null },
			reason: capitalise(`${reason}; assignment kept`),
			hops: previous.hops,
			tried: record.tried,
			declined: record.declined,
			accepted: previous.accepted,
			assignedAt,
			handoffDueAt,
			batchRank: record.batchRank,
			urgencyMs: record.urgencyMs,
			routedAt: record.routedAt,
		};
	}

	private baseRecord(ticket: RoutingTicket, home: string, waitingSince: number, batchRank: number): RoutingRecord {
		const { previous } = ticket;
		return {
			outcome: 'queued',
			assignee: null,
			queue: null,
			reason: '',
			rule: null,
			strategy: this.settings.strategy,
			hops: previous.hops,
			maxHops: this.settings.maxHops,
			homeRegion: home || null,
			region: null,
			assignedAt: null,
			accepted: false,
			handoffDueAt: null,
			nextEligibleAt: null,
			nextEligibleAgent: null,
			nextRelaxationAt: null,
			required: {},
			language: null,
			relaxation: [],
			overflow: [],
			considered: [],
			tried: [...previous.tried],
			declined: [...previous.declined],
			waitingSince: iso(waitingSince),
			urgencyMs: Number.isFinite(ticket.urgencyMs) ? ticket.urgencyMs : null,
			batchRank,
			cycle: ticket.cycle,
			reopenHandled: ticket.reopenStatus && previous.reopenHandled,
			routedAt: iso(this.board.now),
		};
	}

	/** Home first, then (follow the sun) the regions after it in the configured order, wrapping around. */
	private regionsFor(home: string): (string | null)[] {
		if (home === '') return [null];
		if (!this.settings.followTheSun) return [home];
		const order = this.settings.regionOrder;
		const at = order.indexOf(home);
		const after = at < 0 ? order : [...order.slice(at + 1), ...order.slice(0, at)];
		return [home, ...after.filter((region) => region !== home)];
	}

	private nextRelaxation(rule: MatrixRule, waitingSince: number, steps: RelaxationStep[]): string | null {
		const { dropPreferredAfterMs, lowerLevelAfterMs } = this.settings.relaxation;
		const taken = new Set(steps.map((step) => step.step));
		const upcoming: number[] = [];
		if (dropPreferredAfterMs !== null && rule.preferred.size > 0 && !taken.has('drop_preferred')) upcoming.push(waitingSince + dropPreferredAfterMs);
		if (lowerLevelAfterMs !== null && !taken.has('lower_min_level') && [...rule.required.values(), ...rule.preferred.values()].some((level) => level > 1)) {
			upcoming.push(waitingSince + lowerLevelAfterMs);
		}
		return upcoming.length > 0 ? iso(Math.min(...upcoming)) : null;
	}

	private consider(record: RoutingRecord, agent: Agent, result: ConsideredAgent['result']): void {
		if (record.considered.length < this.settings.maxConsidered && !record.considered.some((entry) => entry.id === agent.id && entry.result === result)) {
			record.considered.push({ id: agent.id, name: agent.name, region: agent.region, result });
		}
	}

	private absence(agent: Agent): string {
		if (agent.status !== 'online') return agent.status;
		if (!this.board.isCovered(agent.calendar)) return 'not on shift';
		return 'at capacity';
	}
}

function describeFacts(ticket: RoutingTicket): string {
	const { facts } = ticket;
	const parts = (['issueType', 'tier', 'channel', 'language', 'priority'] as const).map((field) => `${field} ${facts[field] || '(none)'}`);
	return `(${parts.join(', ')})`;
}

function joinReasons(first: string, second: string): string {
	return first === '' ? second : `${first}; ${second}`;
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

// Many records of a batch share instants (now, handoff due, next shift starts): format each once.
const formatted = new Map<number, string>();
function iso(ms: number): string {
	let text = formatted.get(ms);
	if (text === undefined) {
		text = new Date(ms).toISOString();
		if (formatted.size >= 4096) formatted.clear();
		formatted.set(ms, text);
	}
	return text;
}
