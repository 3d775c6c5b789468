/**
 * A text classifier trained when the workflow runs: an averaged multi-class perceptron with a margin
 * over hashed word unigrams, word bigrams, word prefixes (a cheap stem) and character 5-grams inside
 * words (so "refunded" and "refunds" share features, and typos still match), with class-balanced updates.
 *
 * Why this model: each update touches only the true label and the strongest wrong one, and after
 * training each feature keeps its weights for at most 40 labels (then a few more passes train
 * just those), so scoring a ticket costs a few additions per feature whatever the number of labels;
 * while training, an example is scored only on the labels its features have weights for so far;
 * featurising hashes character codes without building strings.
 * Confidences are a softmax over the scores with a temperature fitted on a held-out fifth of the
 * training examples, so a confidence of 0.8 means about 8 in 10 are right on data like the examples.
 * A confidence compares the labels with each other only; a text about none of them (out of scope) can
 * still favour one. So each prediction also says whether the text is `familiar`: its best score times
 * the share of its features the model knows, against a floor that only 3.5% of the held-out fifth fall
 * below (chosen on CLINC150's validation split, out-of-scope validation texts included).
 */
import { holdOut } from './hold-out';

export interface TrainingExample {
	text: string;
	label: string;
}

export interface ClassifierOptions {
	/** Passes over the training examples. */
	epochs?: number;
	/** Character n-gram lengths taken inside each word (with word boundaries). */
	charNgrams?: readonly number[];
	/** Length of the word prefix taken as an extra feature (a cheap stem); 0 for none. */
	prefixLength?: number;
	/** After training, each feature keeps its weights for at most this many labels (at most 255). */
	keepPerFeature?: number;
	/** Passes after pruning, training only the kept weights. */
	fineTuneEpochs?: number;
	/** Seed for the order in which examples are visited. */
	seed?: number;
}

export interface Candidate {
	label: string;
	confidence: number;
}

export interface Prediction {
	label: string;
	confidence: number;
	/** Labels in order of confidence, best first. */
	candidates: Candidate[];
	/** False when the text is further from every label's examples than all but 3.5% of held-out examples. */
	familiar: boolean;
}

/** A trained model: for each feature, the classes it has weight for and those weights. */
export interface ClassifierModel {
	readonly labels: readonly string[];
	readonly temperature: number;
	/** Texts whose familiarity (best score × known share of their features) is below this are not familiar; 0: every text is. */
	readonly familiarFloor: number;
	readonly charNgrams: readonly number[];
	readonly prefixLength: number;
	/**
	 * Open-addressing hash table, two slots per feature: its hash, then where its entries start in
	 * `postings` (shifted left 8) and how many there are (low 8 bits; 0: empty slot).
	 */
	readonly table: Uint32Array;
	readonly tableMask: number;
	/**
	 * A feature's postings side by side, one 32-bit word each: the label index in the low 16 bits and
	 * the weight in the high 16 (signed, in units of `weightUnit`), so the whole model stays in the
	 * CPU cache and scoring a feature reads one short run of memory.
	 */
	readonly postings: Int32Array;
	readonly weightUnit: number;
}

const MARGIN = 2;
/**
 * Defaults chosen on the validation splits of CLINC150 and Banking77 (never their test splits) with
 * bench/intent-accuracy.bench.ts: 5-character grams inside words (with the word boundaries), each
 * worth 0.8 of a word feature, and 40 kept labels per feature after 5 + 2 passes.
 */
const DEFAULT_CHAR_NGRAMS: readonly number[] = [5];
const DEFAULT_TEMPERATURE = 0.35;
/**
 * Share of held-out examples below the familiarity floor: the largest share that keeps CLINC150's
 * in-scope validation texts sent to Unclassified at the default threshold 0.4 within 5%.
 */
const UNFAMILIAR_SHARE = 0.035;
/** Part of every training key, raised when the same examples train a different model, so models kept in a store are retrained. */
const TRAINING_REVISION = 2;
const CHAR_FEATURE_WEIGHT = 0.8;

// ---------------------------------------------------------------------------------------------
// Features: hashed while scanning the text once, into reused buffers; no intermediate strings.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BOUNDARY = 0x2f;
const UNIGRAM = 0x9e3779b1;
const BIGRAM = 0x85ebca6b;
const PREFIX = 0xc2b2ae35;
const MAX_WORD = 64;

function mix(hash: number, value: number): number {
	return Math.imul(hash ^ value, FNV_PRIME);
}

/** Lower-case code units for Latin scripts, 0 for characters that separate words. */
const FOLD = new Uint16Array(0x250);
for (let code = 0; code < FOLD.length; code++) {
	const char = String.fromCharCode(code);
	const isWord = /[\p{L}\p{N}_]/u.test(char);
	// Digits all read as 0, so "order 48213" and "order 99120" share features.
	FOLD[code] = !isWord ? 0 : code >= 48 && code <= 57 ? 48 : char.toLowerCase().charCodeAt(0);
}

function fold(code: number): number {
	if (code < 0x250) return FOLD[code];
	if (code >= 0x2000 && code <= 0x2bff) return 0;
	if (code === 0x3000 || code === 0xfeff) return 0;
	return code;
}

/** Feature hashes of the last `featurize` call and their values (L2-normalised); valid until the next call. */
export interface FeatureVector {
	count: number;
	hashes: Uint32Array;
	values: Float64Array;
}

const scratch: FeatureVector = { count: 0, hashes: new Uint32Array(1024), values: new Float64Array(1024) };
const wordBuffer = new Int32Array(MAX_WORD);

function ensureRoom(extra: number): void {
	if (scratch.count + extra <= scratch.hashes.length) return;
	const size = Math.max(scratch.hashes.length * 2, scratch.count + extra);
	const hashes = new Uint32Array(size);
	const values = new Float64Array(size);
	hashes.set(scratch.hashes);
	values.set(scratch.values);
	scratch.hashes = hashes;
	scratch.values = values;
}

function push(hash: number, value: number): void {
	ensureRoom(1);
	scratch.hashes[scratch.count] = hash >>> 0;
	scratch.values[scratch.count++] = value;
}

export function featurize(text: string, charNgrams: readonly number[], prefixLength: number): FeatureVector {
	scratch.count = 0;
	const withCharGrams = charNgrams.length > 0;
	const length = text.length;
	let sumSquares = 0;
	let previousWord = 0;
	let hash = FNV_OFFSET;
	let prefixHash = 0;
	let wordLength = 0;
	for (let i = 0; i <= length; i++) {
		let code = 0;
		if (i < length) {
			code = text.charCodeAt(i);
			code = code < 0x250 ? FOLD[code] : fold(code);
		}
		if (code !== 0) {
			hash = mix(hash, code);
			if (withCharGrams && wordLength < MAX_WORD) wordBuffer[wordLength] = code;
			wordLength++;
			if (wordLength === prefixLength) prefixHash = hash;
			continue;
		}
		if (wordLength === 0) continue;
		// A word ends: its unigram, the pair with the word before, and its prefix, each worth 1.
		ensureRoom(3);
		const { hashes, values } = scratch;
		let count = scratch.count;
		hashes[count] = mix(hash, UNIGRAM) >>> 0;
		values[count++] = 1;
		if (previousWord !== 0) {
			hashes[count] = mix(mix(previousWord, hash), BIGRAM) >>> 0;
			values[count++] = 1;
		}
		if (prefixLength > 0 && wordLength > prefixLength) {
			hashes[count] = mix(prefixHash, PREFIX) >>> 0;
			values[count++] = 1;
		}
		sumSquares += count - scratch.count;
		scratch.count = count;
		if (withCharGrams) for (let n = 0; n < charNgrams.length; n++) sumSquares += charGrams(Math.min(wordLength, MAX_WORD), charNgrams[n]);
		previousWord = hash;
		hash = FNV_OFFSET;
		wordLength = 0;
	}
	const norm = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
	const { values, count } = scratch;
	for (let i = 0; i < count; i++) values[i] *= norm;
	return scratch;
}

function charGrams(length: number, n: number): number {
	const padded = length + 2;
	if (padded < n || (n > 3 && length < 3)) return 0;
	let added = 0;
	for (let start = 0; start + n <= padded; start++) {
		let gram = mix(FNV_OFFSET, n);
		for (let k = start; k < start + n; k++) gram = mix(gram, k === 0 || k === padded - 1 ? BOUNDARY : wordBuffer[k - 1]);
		push(gram, CHAR_FEATURE_WEIGHT);
		added += CHAR_FEATURE_WEIGHT * CHAR_FEATURE_WEIGHT;
	}
	return added;
}

// ---------------------------------------------------------------------------------------------
// Training.

/** A feature keeps weights for at most this many labels (the count is stored in 8 bits). */
const MAX_KEEP_PER_FEATURE = 255;

/** Dense weights while training (features × labels), averaged with the running-sum trick. */
const MAX_TRAINING_WEIGHTS = 1 << 24;

function seededRandom(seed: number): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 0x100000000;
	};
}

function shuffle<T>(items: T[], random: () => number): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}

interface Encoded {
	features: Int32Array;
	values: Float64Array;
	label: number;
}

interface TrainingState {
	labelCount: number;
	current: Float32Array;
	accumulated: Float32Array;
	/** When set, only these (feature, label) weights may change: the pattern kept after pruning. */
	allowed: Uint8Array | null;
	/**
	 * For each feature, the labels it has (or had) a weight for, `labelCount` slots per feature, and
	 * how many: scoring an example reads only those, not every label (most features speak for few).
	 */
	labelsOf: Uint16Array;
	labelCounts: Uint16Array;
	/** 1 where `labelsOf` lists the (feature, label). */
	listed: Uint8Array;
}

function addLabel(state: TrainingState, feature: number, cls: number, base: number): void {
	if (state.listed[base + cls] === 1) return;
	state.listed[base + cls] = 1;
	state.labelsOf[base + state.labelCounts[feature]++] = cls;
}

/** Passes of the averaged perceptron with a margin; returns the averaged weights. */
function perceptronPasses(state: TrainingState, encoded: Encoded[], classWeight: number[], epochs: number, random: () => number): Float32Array {
	const { labelCount, current, accumulated, allowed, labelsOf, labelCounts } = state;
	accumulated.fill(0);
	const scores = new Float64Array(labelCount);
	const order = encoded.map((_, index) => index);
	let step = 1;
	for (let epoch = 0; epoch < epochs; epoch++) {
		shuffle(order, random);
		for (const index of order) {
			const { features, values, label } = encoded[index];
			scores.fill(0);
			for (let i = 0; i < features.length; i++) {
				const feature = features[i];
				const base = feature * labelCount;
				const value = values[i];
				const end = base + labelCounts[feature];
				for (let k = base; k < end; k++) {
					const cls = labelsOf[k];
					scores[cls] += current[base + cls] * value;
				}
			}
			let rival = -1;
			for (let cls = 0; cls < labelCount; cls++) {
				if (cls !== label && (rival < 0 || scores[cls] > scores[rival])) rival = cls;
			}
			if (rival >= 0 && scores[label] - scores[rival] < MARGIN) {
				const rate = classWeight[label];
				for (let i = 0; i < features.length; i++) {
					const feature = features[i];
					const base = feature * labelCount;
					const delta = rate * values[i];
					if (!allowed) {
						addLabel(state, feature, label, base);
						addLabel(state, feature, rival, base);
					}
					if (!allowed || allowed[base + label]) {
						current[base + label] += delta;
						accumulated[base + label] += step * delta;
					}
					if (!allowed || allowed[base + rival]) {
						current[base + rival] -= delta;
						accumulated[base + rival] -= step * delta;
					}
				}
			}
			step++;
		}
	}
	const averaged = new Float32Array(current.length);
	for (let i = 0; i < current.length; i++) averaged[i] = current[i] - accumulated[i] / step;
	return averaged;
}

/** Keeps each feature's `keep` strongest weights (a word that hints at everything decides nothing). */
function prune(weights: Float32Array, labelCount: number, keep: number): Uint8Array {
	const allowed = new Uint8Array(weights.length);
	const row: number[] = [];
	for (let base = 0; base < weights.length; base += labelCount) {
		row.length = 0;
		for (let cls = 0; cls < labelCount; cls++) if (Math.abs(weights[base + cls]) > 1e-6) row.push(cls);
		if (row.length > keep) {
			row.sort((a, b) => Math.abs(weights[base + b]) - Math.abs(weights[base + a]));
			row.length = keep;
		}
		for (const cls of row) allowed[base + cls] = 1;
	}
	return allowed;
}

function trainWeights(
	encoded: Encoded[],
	labelCount: number,
	featureCount: number,
	byFrequency: readonly number[],
	settings: Required<ClassifierOptions>,
): { starts: Int32Array; counts: Int32Array; postings: Int32Array; weightUnit: number } {
	if (featureCount * labelCount > MAX_TRAINING_WEIGHTS) {
		throw new Error(
			`training examples: ${labelCount} labels × ${featureCount} distinct words and phrases is too large to train; use fewer labels or shorter examples`,
		);
	}
	const examplesPerLabel = new Array<number>(labelCount).fill(0);
	for (const example of encoded) examplesPerLabel[example.label]++;
	const mean = encoded.length / Math.max(1, examplesPerLabel.filter((count) => count > 0).length);
	const classWeight = examplesPerLabel.map((count) => (count > 0 ? Math.sqrt(mean / count) : 0));
	const random = seededRandom(settings.seed);
	const state: TrainingState = {
		labelCount,
		current: new Float32Array(featureCount * labelCount),
		accumulated: new Float32Array(featureCount * labelCount),
		allowed: null,
		labelsOf: new Uint16Array(featureCount * labelCount),
		labelCounts: new Uint16Array(featureCount),
		listed: new Uint8Array(featureCount * labelCount),
	};
	let averaged = perceptronPasses(state, encoded, classWeight, settings.epochs, random);
	const keep = Math.min(labelCount, settings.keepPerFeature);
	const allowed = prune(averaged, labelCount, keep);
	if (keep < labelCount && settings.fineTuneEpochs > 0) {
		// Fine-tune on the pruned pattern, starting from the pruned averaged weights, so the kept
		// weights make up for the ones dropped.
		for (let i = 0; i < averaged.length; i++) state.current[i] = allowed[i] ? averaged[i] : 0;
		state.allowed = allowed;
		for (let feature = 0, base = 0; feature < featureCount; feature++, base += labelCount) {
			let count = 0;
			for (let cls = 0; cls < labelCount; cls++) if (allowed[base + cls]) state.labelsOf[base + count++] = cls;
			state.labelCounts[feature] = count;
		}
		averaged = perceptronPasses(state, encoded, classWeight, settings.fineTuneEpochs, random);
	}
	let largest = 0;
	for (let i = 0; i < averaged.length; i++) if (allowed[i]) largest = Math.max(largest, Math.abs(averaged[i]));
	const weightUnit = largest > 0 ? largest / 32767 : 1;
	// Postings of frequent features first: the ones read for almost every text share cache lines.
	const starts = new Int32Array(featureCount);
	const counts = new Int32Array(featureCount);
	const list: number[] = [];
	for (const feature of byFrequency) {
		starts[feature] = list.length;
		const base = feature * labelCount;
		for (let cls = 0; cls < labelCount; cls++) {
			const units = allowed[base + cls] ? Math.round(averaged[base + cls] / weightUnit) : 0;
			if (units !== 0) list.push((units << 16) | cls);
		}
		counts[feature] = list.length - starts[feature];
	}
	const postings = Int32Array.from(list);
	return { starts, counts, postings, weightUnit };
}

function encodeAll(
	examples: readonly TrainingExample[],
	labelIndex: Map<string, number>,
	settings: FeatureSettings,
): { encoded: Encoded[]; featureHashes: number[] } {
	const ids = new Map<number, number>();
	const featureHashes: number[] = [];
	const encoded: Encoded[] = [];
	for (const example of examples) {
		const vector = featurize(example.text, settings.charNgrams, settings.prefixLength);
		const features = new Int32Array(vector.count);
		for (let i = 0; i < vector.count; i++) {
			let id = ids.get(vector.hashes[i]);
			if (id === undefined) {
				id = featureHashes.length;
				ids.set(vector.hashes[i], id);
				featureHashes.push(vector.hashes[i]);
			}
			features[i] = id;
		}
		encoded.push({ features, values: vector.values.slice(0, vector.count), label: labelIndex.get(example.label)! });
	}
	return { encoded, featureHashes };
}

/**
 * The lookup table of the features that kept any weight, filled up to 80% so that it stays small
 * (a few more probes along one cache line cost less than a larger table's cache misses); frequent
 * features go in first and so sit nearest their home slot.
 */
function buildTable(
	featureHashes: readonly number[],
	byFrequency: readonly number[],
	starts: Int32Array,
	counts: Int32Array,
): { table: Uint32Array; tableMask: number } {
	let used = 0;
	for (const count of counts) if (count > 0) used++;
	let size = 16;
	while (size * 0.8 < used + 1) size *= 2;
	const table = new Uint32Array(size * 2);
	const tableMask = size - 1;
	for (const feature of byFrequency) {
		if (counts[feature] === 0) continue;
		let slot = featureHashes[feature] & tableMask;
		while (table[slot * 2 + 1] !== 0) slot = (slot + 1) & tableMask;
		table[slot * 2] = featureHashes[feature];
		table[slot * 2 + 1] = ((starts[feature] << 8) | counts[feature]) >>> 0;
	}
	return { table, tableMask };
}

interface FeatureSettings {
	charNgrams: readonly number[];
	prefixLength: number;
}

function buildModel(
	examples: readonly TrainingExample[],
	labels: readonly string[],
	settings: Required<ClassifierOptions>,
	temperature: number,
	familiarFloor = 0,
): ClassifierModel {
	const labelIndex = new Map(labels.map((label, index) => [label, index]));
	const { encoded, featureHashes } = encodeAll(examples, labelIndex, settings);
	const frequency = new Int32Array(featureHashes.length);
	for (const example of encoded) for (const feature of example.features) frequency[feature]++;
	const byFrequency = [...frequency.keys()].sort((a, b) => frequency[b] - frequency[a] || a - b);
	const { starts, counts, postings, weightUnit } = trainWeights(encoded, labels.length, featureHashes.length, byFrequency, settings);
	const { table, tableMask } = buildTable(featureHashes, byFrequency, starts, counts);
	return { labels, temperature, familiarFloor, charNgrams: settings.charNgrams, prefixLength: settings.prefixLength, table, tableMask, postings, weightUnit };
}

/** The softmax temperature (over all labels) that minimises the negative log-likelihood of the held-out labels. */
function fitTemperature(model: ClassifierModel, check: readonly TrainingExample[]): number {
	const labelIndex = new Map(model.labels.map((label, index) => [label, index]));
	const scored = check.map((example) => ({ scores: scoreAll(model, example.text).scores, label: labelIndex.get(example.label)! }));
	let best = DEFAULT_TEMPERATURE;
	let bestLoss = Infinity;
	for (let temperature = 0.02; temperature <= 2; temperature *= 1.1) {
		let loss = 0;
		for (const { scores, label } of scored) {
			let max = -Infinity;
			for (const score of scores) if (score > max) max = score;
			let sum = 0;
			for (const score of scores) sum += Math.exp((score - max) / temperature);
			loss -= (scores[label] - max) / temperature - Math.log(sum);
		}
		if (loss < bestLoss) {
			bestLoss = loss;
			best = temperature;
		}
	}
	return best;
}

/** The familiarity that `UNFAMILIAR_SHARE` of the held-out examples fall below, as scored by the model trained without them. */
function fitFamiliarFloor(model: ClassifierModel, check: readonly TrainingExample[]): number {
	const familiarity = check.map((example) => familiarityOf(model, example.text)).sort((a, b) => a - b);
	return familiarity[Math.floor(familiarity.length * UNFAMILIAR_SHARE)];
}

/** Trains a classifier on labelled examples. Deterministic for the same examples and options. */
export function trainClassifier(examples: readonly TrainingExample[], options: ClassifierOptions = {}): ClassifierModel {
	const labels = [...new Set(examples.map((example) => example.label))];
	if (labels.length === 0) throw new Error('training examples: at least one labelled example is needed');
	if (labels.length > 65535) throw new Error('training examples: at most 65535 labels are supported');
	const settings: Required<ClassifierOptions> = {
		epochs: options.epochs ?? 5,
		charNgrams: options.charNgrams ?? DEFAULT_CHAR_NGRAMS,
		prefixLength: options.prefixLength ?? 5,
		keepPerFeature: Math.min(MAX_KEEP_PER_FEATURE, options.keepPerFeature ?? 40),
		fineTuneEpochs: options.fineTuneEpochs ?? 2,
		seed: options.seed ?? 7,
	};
	let temperature = DEFAULT_TEMPERATURE;
	let familiarFloor = 0;
	const split = holdOut(examples);
	const fit = split.fit.map((index) => examples[index]);
	const check = split.check.map((index) => examples[index]);
	if (labels.length > 1 && check.length >= 20 && new Set(fit.map((example) => example.label)).size === labels.length) {
		const fitted = buildModel(fit, labels, settings, temperature);
		temperature = fitTemperature(fitted, check);
		familiarFloor = fitFamiliarFloor(fitted, check);
	}
	return buildModel(examples, labels, settings, temperature, familiarFloor);
}

// ---------------------------------------------------------------------------------------------
// Prediction: scores are summed only for the labels a feature has weight for (the "touched" ones);
// every other label scores 0 and enters the softmax as a count, so a ticket costs the same with 10
// or 150 labels and nothing is done per label that no feature spoke for.

interface TouchedScores {
	/** Scores by label index: those of `touched` until `clearTouched`, 0 for every other label. */
	scores: Float64Array;
	/** Label indexes with a score from this text, in the order first seen. */
	touched: Int32Array;
	count: number;
	/** 1 for the labels in `touched`, so no branch is needed to collect them. */
	marked: Uint8Array;
	/** The share of the text's (L2-normalised) feature weight that the model has weights for. */
	known: number;
}

const touchedScratch: TouchedScores = { scores: new Float64Array(256), touched: new Int32Array(256), count: 0, marked: new Uint8Array(256), known: 0 };

let foundEntries = new Uint32Array(1024);
/** Kept only so that the reads ahead in `scoreTouched` are not optimised away. */
let touchAhead = 0;

/** Scores of the labels the text's features have weights for; call `clearTouched` once they are read. */
function scoreTouched(model: ClassifierModel, text: string): TouchedScores {
	const labelCount = model.labels.length;
	const state = touchedScratch;
	if (state.scores.length < labelCount) {
		state.scores = new Float64Array(labelCount);
		state.touched = new Int32Array(labelCount);
		state.marked = new Uint8Array(labelCount);
	}
	const { scores, touched, marked } = state;
	let count = 0;
	const vector = featurize(text, model.charNgrams, model.prefixLength);
	const { table, tableMask, postings, weightUnit } = model;
	const { hashes, values } = vector;
	// Find every feature's postings first, then add them up: the table reads do not depend on each
	// other, so the CPU overlaps their cache misses.
	const found = foundEntries.length >= vector.count ? foundEntries : (foundEntries = new Uint32Array(vector.count * 2));
	for (let i = 0; i < vector.count; i++) {
		const hash = hashes[i];
		let slot = hash & tableMask;
		let entry = table[slot * 2 + 1];
		while (entry !== 0 && table[slot * 2] !== hash) {
			slot = (slot + 1) & tableMask;
			entry = table[slot * 2 + 1];
		}
		found[i] = entry;
		// Reading the first posting now starts its cache miss while the other lookups run.
		touchAhead ^= postings[entry >>> 8] | 0;
	}
	let known = 0;
	for (let i = 0; i < vector.count; i++) {
		const entry = found[i];
		if (entry === 0) continue;
		known += values[i] * values[i];
		const value = values[i] * weightUnit;
		const start = entry >>> 8;
		const end = start + (entry & 0xff);
		for (let k = start; k < end; k++) {
			const posting = postings[k];
			const cls = posting & 0xffff;
			scores[cls] += (posting >> 16) * value;
			touched[count] = cls;
			count += 1 - marked[cls];
			marked[cls] = 1;
		}
	}
	state.count = count;
	state.known = known;
	return state;
}

function clearTouched(state: TouchedScores): void {
	const { scores, touched, marked, count } = state;
	for (let i = 0; i < count; i++) {
		scores[touched[i]] = 0;
		marked[touched[i]] = 0;
	}
	state.count = 0;
}

/** The best label's score times the known share of the text's features: low for a text about none of the labels. */
function familiarity(bestScore: number, known: number): number {
	return Math.max(0, bestScore) * known;
}

function familiarityOf(model: ClassifierModel, text: string): number {
	const state = scoreTouched(model, text);
	let max = state.count < model.labels.length ? 0 : -Infinity;
	for (let i = 0; i < state.count; i++) max = Math.max(max, state.scores[state.touched[i]]);
	const found = familiarity(max, state.known);
	clearTouched(state);
	return found;
}

/** Every label's score for a text, and whether the text is familiar to the model. */
export interface LabelScores {
	/** In the order of `model.labels`; 0 for labels no feature spoke for. */
	readonly scores: Float64Array;
	readonly familiar: boolean;
}

export function scoreAll(model: ClassifierModel, text: string): LabelScores {
	const scores = new Float64Array(model.labels.length);
	const state = scoreTouched(model, text);
	for (let i = 0; i < state.count; i++) scores[state.touched[i]] = state.scores[state.touched[i]];
	const known = state.known;
	clearTouched(state);
	// Labels no feature spoke for score 0 here, as they count in `familiarityOf`.
	let max = -Infinity;
	for (const score of scores) if (score > max) max = score;
	return { scores, familiar: familiarity(max, known) >= model.familiarFloor };
}

/**
 * Labels scoring more than this many temperatures below the best hold less than e^-8 (0.03%) of the
 * best label's share each, and are left out of the softmax sum; the confidences then differ from the
 * full softmax by at most labels × 0.03%, and the work per ticket is on the few labels that compete.
 */
const NEGLIGIBLE = 8;

/** e^-x for x in [0, NEGLIGIBLE], tabulated: linear interpolation between 1,024 steps per unit is within 1e-7 of Math.exp. */
const EXP_STEPS = 1024;
const EXP_TABLE = new Float64Array(NEGLIGIBLE * EXP_STEPS + 2);
for (let i = 0; i < EXP_TABLE.length; i++) EXP_TABLE[i] = Math.exp(-i / EXP_STEPS);

function expNegative(x: number): number {
	const position = x * EXP_STEPS;
	const index = position | 0;
	const low = EXP_TABLE[index];
	return low + (EXP_TABLE[index + 1] - low) * (position - index);
}

let gathered = new Int32Array(256);
let shares = new Float64Array(256);
let best = new Int32Array(256);

/** Ranks the labels for a text, best first, with calibrated confidences; at most `maxCandidates` candidates. */
export function classify(model: ClassifierModel, text: string, maxCandidates = 3): Prediction {
	const topK = Math.max(1, maxCandidates);
	const labelCount = model.labels.length;
	const state = scoreTouched(model, text);
	const { scores, touched, count, marked, known } = state;
	const temperature = model.temperature;
	if (gathered.length < labelCount) {
		gathered = new Int32Array(labelCount);
		shares = new Float64Array(labelCount);
		best = new Int32Array(labelCount);
	}
	// One pass over the touched labels clears them for the next text, finds the best, and gathers
	// every label within reach of the best seen so far: a superset of those near the final best.
	const untouched = labelCount - count;
	const cutoff = NEGLIGIBLE * temperature;
	let max = untouched > 0 ? 0 : -Infinity;
	let near = 0;
	for (let i = 0; i < count; i++) {
		const cls = touched[i];
		const score = scores[cls];
		scores[cls] = 0;
		marked[cls] = 0;
		if (score < max - cutoff) continue;
		gathered[near] = cls;
		shares[near++] = score;
		if (score > max) max = score;
	}
	const floor = max - cutoff;
	const inverseTemperature = 1 / temperature;
	// The untouched labels all score 0 and share one exponential.
	const zeroShare = untouched > 0 && floor <= 0 ? Math.exp(-max * inverseTemperature) : 0;
	let sum = untouched * zeroShare;
	let kept = 0;
	for (let i = 0; i < near; i++) {
		const score = shares[i];
		if (score < floor) continue;
		const share = expNegative((max - score) * inverseTemperature);
		gathered[kept] = gathered[i];
		shares[kept++] = share;
		sum += share;
	}
	if (zeroShare > 0) kept = gatherUntouched(touched, count, marked, labelCount, topK, zeroShare, kept);
	// The best `topK` of the gathered labels, by index into `gathered`, best first (earlier wins ties).
	let filled = 0;
	for (let i = 0; i < kept; i++) {
		const share = shares[i];
		if (filled === topK && share <= shares[best[topK - 1]]) continue;
		let at = filled < topK ? filled++ : topK - 1;
		while (at > 0 && shares[best[at - 1]] < share) {
			best[at] = best[at - 1];
			at--;
		}
		best[at] = i;
	}
	const candidates: Candidate[] = new Array(filled);
	for (let j = 0; j < filled; j++) candidates[j] = { label: model.labels[gathered[best[j]]], confidence: shares[best[j]] / sum };
	const familiar = familiarity(max, known) >= model.familiarFloor;
	return { label: candidates[0].label, confidence: candidates[0].confidence, candidates, familiar };
}

/** Adds up to `topK` labels that no feature spoke for, each with the zero share; returns the new count. */
function gatherUntouched(touched: Int32Array, count: number, marked: Uint8Array, labelCount: number, topK: number, zeroShare: number, kept: number): number {
	for (let i = 0; i < count; i++) marked[touched[i]] = 1;
	for (let cls = 0, added = 0; cls < labelCount && added < topK; cls++) {
		if (marked[cls] === 1) continue;
		gathered[kept] = cls;
		shares[kept++] = zeroShare;
		added++;
	}
	for (let i = 0; i < count; i++) marked[touched[i]] = 0;
	return kept;
}

// ---------------------------------------------------------------------------------------------
// Process-wide cache: the same examples train once per process (n8n worker), keyed by their hash.

const cache = new Map<string, ClassifierModel>();
const CACHE_LIMIT = 16;

/** A stable hash of the training examples and options. */
export function trainingKey(examples: readonly TrainingExample[], options: ClassifierOptions = {}): string {
	let h1 = FNV_OFFSET;
	let h2 = 0x1b873593;
	const feed = (text: string) => {
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			h1 = mix(h1, code);
			h2 = Math.imul(h2 ^ code, 0x5bd1e995) ^ (h2 >>> 15);
		}
		h1 = mix(h1, 0);
		h2 = Math.imul(h2, 0xcc9e2d51);
	};
	feed(`${TRAINING_REVISION}:${JSON.stringify(options)}`);
	for (const example of examples) {
		feed(example.label);
		feed(example.text);
	}
	return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${examples.length}`;
}

/**
 * Where trained models are kept beyond this process (a file under n8n's folder, a Data Table), keyed
 * by `trainingKey`; the node layer implements it. A store that fails to load answers null.
 */
export interface ModelStore {
	load(key: string): ClassifierModel | null;
	save(key: string, model: ClassifierModel): void;
}

/** The model for these examples: from the cache of this process, else from the store, else trained now (and kept in the store). */
export function cachedClassifier(examples: readonly TrainingExample[], options: ClassifierOptions = {}, store?: ModelStore): ClassifierModel {
	const key = trainingKey(examples, options);
	const hit = cache.get(key);
	if (hit) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	let model = store?.load(key) ?? null;
	if (!model) {
		model = trainClassifier(examples, options);
		store?.save(key, model);
	}
	cache.set(key, model);
	if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
	return model;
}
