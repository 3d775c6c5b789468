/**
 * The held-out fifth both intent models fit their confidence temperature and familiarity floor on:
 * every fifth example of each label, in the order given, so the split is the same for the same
 * examples and every label keeps four in five of its examples to train on.
 */
export interface HoldOut {
	/** Indexes of the examples trained on. */
	readonly fit: number[];
	/** Indexes of the held-out examples. */
	readonly check: number[];
}

export function holdOut(examples: ReadonlyArray<{ readonly label: string }>): HoldOut {
	const seen = new Map<string, number>();
	const fit: number[] = [];
	const check: number[] = [];
	examples.forEach((example, index) => {
		const count = (seen.get(example.label) ?? 0) + 1;
		seen.set(example.label, count);
		(count % 5 === 0 ? check : fit).push(index);
	});
	return { fit, check };
}
