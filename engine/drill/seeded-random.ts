/**
 * A small deterministic pseudo-random generator (mulberry32): the same seed gives the same drill,
 * so a drill that found a problem can be run again exactly.
 */
export interface SeededRandom {
	/** A float in [0, 1). */
	next(): number;
	/** A whole number in [0, below). */
	below(below: number): number;
	/** One entry of a non-empty list, each equally likely. */
	pick<T>(list: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
	let state = Math.trunc(seed) >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
	const below = (limit: number) => Math.floor(next() * limit);
	return { next, below, pick: (list) => list[below(list.length)] };
}
