import { meetsRequirement } from './matrix';
import type { Requirement } from './matrix';
import type { Agent, Roster } from './roster';
import type { ShiftBoard } from './shift-board';
import { candidateKey, comparator } from './strategy';
import type { CandidateKey, Strategy } from './strategy';

/** Finds agents for the router; `region` null means any region. */
export interface CandidateFinder {
	/**
	 * The best available agent meeting the requirement, passing over `excluded` ids (reported in
	 * `passedOver`, best first); agent null if there is none but the excluded.
	 */
	best(region: string | null, requirement: Requirement, excluded: ReadonlySet<string>): { agent: Agent | null; passedOver: Agent[] };
	/** The earliest start of a shift, after now, of an agent meeting the requirement (status and load aside). */
	nextShift(region: string | null, requirement: Requirement): { at: number; agent: Agent } | null;
}

const ANY_REGION = '\u0000any';

/**
 * The indexed finder: agents are bucketed by region + language and by region + skill; the first
 * time a batch asks for a requirement in a region it filters the smallest matching bucket into a
 * heap ordered by the strategy, and every later ticket with that requirement pops from it. An
 * assignment makes the agent's entries in other heaps stale; a stale entry is re-keyed when it
 * reaches the top (keys only get worse as a batch assigns, so the top is then still the best).
 * Per ticket this costs a heap operation, not a pass over the roster.
 */
export class AgentIndex implements CandidateFinder {
	private readonly buckets = new Map<string, Agent[]>();
	private readonly heaps = new Map<string, Heap<CandidateKey & { version: number }>>();
	private readonly shifts = new Map<string, { at: number; agent: Agent } | null>();
	private readonly order: (a: CandidateKey, b: CandidateKey) => number;

	constructor(
		roster: Roster,
		private readonly board: ShiftBoard,
		private readonly strategy: Strategy,
	) {
		this.order = comparator(strategy);
		for (const agent of roster.agents) {
			for (const region of [agent.region, ANY_REGION]) {
				this.add(`${region}|`, agent);
				for (const language of agent.languages) this.add(`${region}|lang:${language}`, agent);
				for (const skill of agent.skills.keys()) this.add(`${region}|skill:${skill}`, agent);
			}
		}
	}

	best(region: string | null, requirement: Requirement, excluded: ReadonlySet<string>): { agent: Agent | null; passedOver: Agent[] } {
		const heap = this.heapFor(region, requirement);
		const passedOver: (CandidateKey & { version: number })[] = [];
		let chosen: Agent | null = null;
		while (heap.size > 0) {
			const top = heap.pop()!;
			const agent = top.agent;
			if (top.version !== this.board.version[agent.index]) {
				if (this.board.available(agent)) heap.push(this.entry(agent, requirement));
				continue;
			}
			if (!this.board.available(agent)) continue;
			if (excluded.has(agent.id)) {
				passedOver.push(top);
				continue;
			}
			chosen = agent;
			break;
		}
		for (const entry of passedOver) heap.push(entry);
		// The chosen agent goes back as it is now; the assignment the router makes next turns the entry stale.
		if (chosen !== null) heap.push(this.entry(chosen, requirement));
		return { agent: chosen, passedOver: passedOver.map((entry) => entry.agent) };
	}

	nextShift(region: string | null, requirement: Requirement): { at: number; agent: Agent } | null {
		const key = `${region ?? ANY_REGION}#${requirement.key}`;
		if (this.shifts.has(key)) return this.shifts.get(key)!;
		let earliest: { at: number; agent: Agent } | null = null;
		for (const agent of this.smallestBucket(region, requirement)) {
			if (!meetsRequirement(agent, requirement)) continue;
			const at = this.board.nextShiftStart(agent.calendar);
			if (at !== null && (earliest === null || at < earliest.at || (at === earliest.at && agent.id < earliest.agent.id))) earliest = { at, agent };
		}
		this.shifts.set(key, earliest);
		return earliest;
	}

	private heapFor(region: string | null, requirement: Requirement): Heap<CandidateKey & { version: number }> {
		const key = `${region ?? ANY_REGION}#${requirement.key}`;
		let heap = this.heaps.get(key);
		if (heap === undefined) {
			const entries = [];
			for (const agent of this.smallestBucket(region, requirement)) {
				if (this.board.available(agent) && meetsRequirement(agent, requirement)) entries.push(this.entry(agent, requirement));
			}
			heap = new Heap(this.order, entries);
			this.heaps.set(key, heap);
		}
		return heap;
	}

	private entry(agent: Agent, requirement: Requirement): CandidateKey & { version: number } {
		return { ...candidateKey(agent, this.board, requirement, this.strategy), version: this.board.version[agent.index] };
	}

	private smallestBucket(region: string | null, requirement: Requirement): readonly Agent[] {
		const prefix = `${region ?? ANY_REGION}|`;
		let smallest = this.buckets.get(prefix) ?? [];
		const keys = requirement.skills.map(([skill]) => `${prefix}skill:${skill}`);
		if (requirement.language !== null) keys.push(`${prefix}lang:${requirement.language}`);
		for (const key of keys) {
			const bucket = this.buckets.get(key) ?? [];
			if (bucket.length < smallest.length) smallest = bucket;
		}
		return smallest;
	}

	private add(key: string, agent: Agent): void {
		const bucket = this.buckets.get(key);
		if (bucket) bucket.push(agent);
		else this.buckets.set(key, [agent]);
	}
}

/** A binary min-heap under a comparator. */
class Heap<T> {
	private readonly items: T[];

	constructor(
		private readonly before: (a: T, b: T) => number,
		items: T[] = [],
	) {
		this.items = items;
		for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i);
	}

	get size(): number {
		return this.items.length;
	}

	push(item: T): void {
		this.items.push(item);
		this.up(this.items.length - 1);
	}

	pop(): T | undefined {
		const items = this.items;
		if (items.length === 0) return undefined;
		const top = items[0];
		const last = items.pop()!;
		if (items.length > 0) {
			items[0] = last;
			this.down(0);
		}
		return top;
	}

	private up(index: number): void {
		const items = this.items;
		const item = items[index];
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (this.before(item, items[parent]) >= 0) break;
			items[index] = items[parent];
			index = parent;
		}
		items[index] = item;
	}

	private down(index: number): void {
		const items = this.items;
		const item = items[index];
		const half = items.length >> 1;
		while (index < half) {
			let child = 2 * index + 1;
			if (child + 1 < items.length && this.before(items[child + 1], items[child]) < 0) child++;
			if (this.before(items[child], item) >= 0) break;
			items[index] = items[child];
			index = child;
		}
		items[index] = item;
	}
}
