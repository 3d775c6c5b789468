/**
 * A port of scikit-learn's `TfidfVectorizer` (1.5 defaults) for the intent baseline, kept to the
 * behaviour the bench relies on and checked against hand-computed sklearn results in
 * test/bench/sklearn-baseline.test.ts:
 * - `lowercase=True`, `strip_accents=None`;
 * - analyzer `word`: `token_pattern=r"(?u)\b\w\w+\b"`, then n-grams joined by one space;
 * - analyzer `char_wb`: white space runs collapsed, each whitespace-separated word padded with one
 *   space either side, n-grams taken inside the padded word, a word shorter than n counted once;
 * - `smooth_idf=True`: idf = ln((1 + n) / (1 + df)) + 1; `sublinear_tf`: tf = 1 + ln(count);
 * - `norm='l2'` per row; `min_df=1`, `max_df=1.0`, no vocabulary limit.
 * A `FeatureUnion` of vectorizers is `union`: each part normalised on its own, then concatenated.
 */

export interface TfidfOptions {
	analyzer: 'word' | 'char_wb';
	ngramRange: [number, number];
	sublinearTf?: boolean;
}

/** A sparse row: column indexes (ascending) and values. */
export interface SparseRow {
	indices: Int32Array;
	values: Float64Array;
}

/** Python's `\w` under `(?u)` for str: Unicode letters, numbers and underscore (not combining marks). */
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** sklearn's word analyzer: lowercase, token_pattern, n-grams of the tokens. */
export function wordNgrams(text: string, [min, max]: [number, number]): string[] {
	const tokens = text.toLowerCase().match(TOKEN) ?? [];
	if (max === 1) return min === 1 ? tokens : [];
	const grams: string[] = [];
	for (let n = min; n <= Math.min(max, tokens.length); n++) {
		for (let i = 0; i + n <= tokens.length; i++) grams.push(n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' '));
	}
	return grams;
}

/** sklearn's `_char_wb_ngrams` on the lower-cased text. Python's str.split() splits on Unicode white space. */
export function charWbNgrams(text: string, [min, max]: [number, number]): string[] {
	const grams: string[] = [];
	const normalised = text.toLowerCase().replace(/\s\s+/gu, ' ');
	for (const word of normalised.split(/\s+/u)) {
		if (word === '') continue;
		const padded = Array.from(` ${word} `);
		const length = padded.length;
		for (let n = min; n <= max; n++) {
			let offset = 0;
			grams.push(padded.slice(offset, offset + n).join(''));
			while (offset + n < length) {
				offset++;
				grams.push(padded.slice(offset, offset + n).join(''));
			}
			if (offset === 0) break;
		}
	}
	return grams;
}

export class TfidfVectorizer {
	readonly vocabulary = new Map<string, number>();
	idf = new Float64Array(0);

	constructor(private readonly options: TfidfOptions) {}

	analyze(text: string): string[] {
		return this.options.analyzer === 'word' ? wordNgrams(text, this.options.ngramRange) : charWbNgrams(text, this.options.ngramRange);
	}

	/** Learns the vocabulary (columns in sorted term order, as sklearn sorts them) and the idf. */
	fit(texts: readonly string[]): this {
		const documentFrequency = new Map<string, number>();
		for (const text of texts) for (const term of new Set(this.analyze(text))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
		// sklearn sorts the vocabulary by Python string order (code points); compare by code point.
		const terms = [...documentFrequency.keys()].sort(compareCodePoints);
		this.vocabulary.clear();
		terms.forEach((term, index) => this.vocabulary.set(term, index));
		this.idf = Float64Array.from(terms, (term) => Math.log((1 + texts.length) / (1 + documentFrequency.get(term)!)) + 1);
		return this;
	}

	get size(): number {
		return this.vocabulary.size;
	}

	transform(text: string): SparseRow {
		const counts = new Map<number, number>();
		for (const term of this.analyze(text)) {
			const column = this.vocabulary.get(term);
			if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + 1);
		}
		const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
		const values = new Float64Array(indices.length);
		let sumSquares = 0;
		indices.forEach((column, k) => {
			const count = counts.get(column)!;
			const tf = this.options.sublinearTf ? 1 + Math.log(count) : count;
			values[k] = tf * this.idf[column];
			sumSquares += values[k] * values[k];
		});
		if (sumSquares > 0) {
			const norm = Math.sqrt(sumSquares);
			for (let k = 0; k < values.length; k++) values[k] /= norm;
		}
		return { indices, values };
	}
}

function compareCodePoints(a: string, b: string): number {
	const left = Array.from(a);
	const right = Array.from(b);
	for (let i = 0; i < Math.min(left.length, right.length); i++) {
		const difference = left[i].codePointAt(0)! - right[i].codePointAt(0)!;
		if (difference !== 0) return difference;
	}
	return left.length - right.length;
}

/** sklearn's FeatureUnion of fitted vectorizers: the parts' rows side by side. */
export function union(vectorizers: readonly TfidfVectorizer[]): { size: number; transform(text: string): SparseRow } {
	const offsets: number[] = [];
	let size = 0;
	for (const vectorizer of vectorizers) {
		offsets.push(size);
		size += vectorizer.size;
	}
	return {
		size,
		transform(text) {
			const parts = vectorizers.map((vectorizer) => vectorizer.transform(text));
			const length = parts.reduce((sum, part) => sum + part.indices.length, 0);
			const indices = new Int32Array(length);
			const values = new Float64Array(length);
			let at = 0;
			parts.forEach((part, p) => {
				for (let k = 0; k < part.indices.length; k++) {
					indices[at] = part.indices[k] + offsets[p];
					values[at++] = part.values[k];
				}
			});
			return { indices, values };
		},
	};
}
