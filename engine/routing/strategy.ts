import { skillScore } from './matrix';
import type { Requirement } from './matrix';
import type { Agent } from './roster';
import type { ShiftBoard } from './shift-board';

/**
 * Selection strategies: how the router picks among agents who can all take the ticket. Each is a
 * total order, so the choice is deterministic; ties end on the agent id.
 * - bestSkillMatch: highest skill score (levels on the required and preferred skills), then most spare
 *   capacity, then longest idle.
 * - mostSpareCapacity: most free slots (capacity − load), then longest idle.
 * - roundRobin: longest since the last assignment (never assigned first), then most spare capacity.
 */
export const STRATEGIES = ['bestSkillMatch', 'mostSpareCapacity', 'roundRobin'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** A snapshot of what the order looks at; scores and slots only get worse as a batch assigns. */
export interface CandidateKey {
	agent: Agent;
	score: number;
	spare: number;
	lastAssignedAt: number;
	sequence: number;
}

export function candidateKey(agent: Agent, board: ShiftBoard, requirement: Requirement, strategy: Strategy): CandidateKey {
	return {
		agent,
		score: strategy === 'bestSkillMatch' ? skillScore(agent, requirement) : 0,
		spare: board.spare(agent),
		lastAssignedAt: board.lastAssignedAt[agent.index],
		sequence: board.sequence[agent.index],
	};
}

/** Negative when `a` should be chosen before `b`. */
export function comparator(strategy: Strategy): (a: CandidateKey, b: CandidateKey) => number {
	const idle = (a: CandidateKey, b: CandidateKey) => a.lastAssignedAt - b.lastAssignedAt || a.sequence - b.sequence;
	const byId = (a: CandidateKey, b: CandidateKey) => a.agent.idRank - b.agent.idRank;
	switch (strategy) {
		case 'bestSkillMatch':
			return (a, b) => b.score - a.score || b.spare - a.spare || idle(a, b) || byId(a, b);
		case 'mostSpareCapacity':
			return (a, b) => b.spare - a.spare || idle(a, b) || byId(a, b);
		case 'roundRobin':
			return (a, b) => idle(a, b) || b.spare - a.spare || byId(a, b);
	}
}

export function describeStrategy(strategy: Strategy): string {
	return { bestSkillMatch: 'best skill match', mostSpareCapacity: 'most spare capacity', roundRobin: 'round robin (longest idle)' }[strategy];
}
