/**
 * The straightforward finder for bench/router.bench.ts (and the equivalence test): every question
 * walks the whole roster and checks each agent (region, coverage, status, capacity, skills,
 * language), keeping the best under the strategy's order. Same answers as the indexed finder; cost
 * per ticket grows with the roster.
 */
import type { CandidateFinder } from '../engine/routing/agent-index';
import { isOpenAt, nextClosing, nextOpening } from '../engine/calendar/calendar';
import { meetsRequirement } from '../engine/routing/matrix';
import type { Requirement } from '../engine/routing/matrix';
import type { Agent, Roster } from '../engine/routing/roster';
import type { FinderFactory } from '../engine/routing/router';
import type { ShiftBoard } from '../engine/routing/shift-board';
import { candidateKey, comparator } from '../engine/routing/strategy';
import type { CandidateKey, Strategy } from '../engine/routing/strategy';

export class ScanFinder implements CandidateFinder {
	private readonly order: (a: CandidateKey, b: CandidateKey) => number;

	constructor(
		private readonly roster: Roster,
		private readonly board: ShiftBoard,
		private readonly strategy: Strategy,
	) {
		this.order = comparator(strategy);
	}

	private onShift(agent: Agent): boolean {
		return agent.status === 'online' && (agent.calendar === null || isOpenAt(agent.calendar, this.board.now));
	}

	best(region: string | null, requirement: Requirement, excluded: ReadonlySet<string>): { agent: Agent | null; passedOver: Agent[] } {
		let best: CandidateKey | null = null;
		const passed: CandidateKey[] = [];
		for (const agent of this.roster.agents) {
			if (region !== null && agent.region !== region) continue;
			if (this.board.spare(agent) < 1 || !this.onShift(agent) || !meetsRequirement(agent, requirement)) continue;
			const key = candidateKey(agent, this.board, requirement, this.strategy);
			if (excluded.has(agent.id)) passed.push(key);
			else if (best === null || this.order(key, best) < 0) best = key;
		}
		const passedOver = passed.filter((key) => best === null || this.order(key, best) < 0).sort(this.order);
		return { agent: best?.agent ?? null, passedOver: passedOver.map((key) => key.agent) };
	}

	nextShift(region: string | null, requirement: Requirement): { at: number; agent: Agent } | null {
		let earliest: { at: number; agent: Agent } | null = null;
		for (const agent of this.roster.agents) {
			if ((region !== null && agent.region !== region) || agent.calendar === null || !meetsRequirement(agent, requirement)) continue;
			const now = this.board.now;
			const closing = isOpenAt(agent.calendar, now) ? nextClosing(agent.calendar, now) : now;
			const at = closing === null ? null : nextOpening(agent.calendar, closing);
			if (at !== null && (earliest === null || at < earliest.at || (at === earliest.at && agent.id < earliest.agent.id))) earliest = { at, agent };
		}
		return earliest;
	}
}

export const scanFinder: FinderFactory = (roster, board, strategy) => new ScanFinder(roster, board, strategy);
