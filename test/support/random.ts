/**
 * Seeded pseudo-random numbers for tests and benches, so a failing case can be replayed from its
 * seed. Use `mulberry32` for anything new; `lcg` is kept because the router's indexed-search test
 * and the intent bench's baseline were written against its sequence.
 */

/** Floats in [0, 1), the same sequence for the same seed. */
export type Random = () => number;

/** mulberry32: a small 32-bit generator with good statistical quality. */
export function mulberry32(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The 32-bit linear congruential generator of Numerical Recipes (a = 1664525, c = 1013904223). */
export function lcg(seed: number): Random {
	let state = seed;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 0x100000000;
	};
}

/** A whole number in [0, below). */
export const int = (random: Random, below: number): number => Math.floor(random() * below);

/** One entry of a list, each equally likely. */
export const pick = <T>(random: Random, list: readonly T[]): T => list[int(random, list.length)];
