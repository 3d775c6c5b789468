/**
 * A text classifier trained when the workflow runs: an averaged multi-class perceptron with a margin
 * over hashed word unigrams, word bigrams and word prefixes (a cheap stem; character n-grams can be
 * switched on), with class-balanced updates.
 *
 * Why this model: each update touches only the true label and the strongest wrong one, and after
 * training each feature keeps its weights for at most a dozen labels (then a few more passes train
 * just those), so scoring a ticket costs a few additions per word whatever the number of labels;
 * featurising hashes character codes without building strings.
 * Confidences are a softmax over the scores with a temperature fitted on a held-out fifth of the
 * training examples, so a confidence of 0.8 means about 8 in 10 are right on data like the examples.
 */

import { CLASSIFIER_KERNEL_BASE64 } from './classifier-kernel';

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
}

/** A trained model: for each feature, the classes it has weight for and those weights. */
export interface ClassifierModel {
	readonly labels: readonly string[];
	readonly temperature: number;
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
const DEFAULT_TEMPERATURE = 0.35;
const CHAR_FEATURE_WEIGHT = 0.5;

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

function push(hash: number, value: number): void {
	if (scratch.count === scratch.hashes.length) {
		const hashes = new Uint32Array(scratch.count * 2);
		const values = new Float64Array(scratch.count * 2);
		hashes.set(scratch.hashes);
		values.set(scratch.values);
		scratch.hashes = hashes;
		scratch.values = values;
	}
	scratch.hashes[scratch.count] = hash >>> 0;
	scratch.values[scratch.count++] = value;
}

export function featurize(text: string, charNgrams: readonly number[], prefixLength: number): FeatureVector {
	scratch.count = 0;
	let sumSquares = 0;
	let previousWord = 0;
	let hash = FNV_OFFSET;
	let prefixHash = 0;
	let length = 0;
	for (let i = 0; i <= text.length; i++) {
		const code = i < text.length ? fold(text.charCodeAt(i)) : 0;
		if (code !== 0) {
			hash = mix(hash, code);
			if (length < MAX_WORD) wordBuffer[length] = code;
			length++;
			if (length === prefixLength) prefixHash = hash;
			continue;
		}
		if (length === 0) continue;
		push(mix(hash, UNIGRAM), 1);
		sumSquares += 1;
		if (previousWord !== 0) {
			push(mix(mix(previousWord, hash), BIGRAM), 1);
			sumSquares += 1;
		}
		if (prefixLength > 0 && length > prefixLength) {
			push(mix(prefixHash, PREFIX), 1);
			sumSquares += 1;
		}
		for (let n = 0; n < charNgrams.length; n++) sumSquares += charGrams(Math.min(length, MAX_WORD), charNgrams[n]);
		previousWord = hash;
		hash = FNV_OFFSET;
		length = 0;
	}
	const norm = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
	for (let i = 0; i < scratch.count; i++) scratch.values[i] *= norm;
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
}

/** Passes of the averaged perceptron with a margin; returns the averaged weights. */
function perceptronPasses(state: TrainingState, encoded: Encoded[], classWeight: number[], epochs: number, random: () => number): Float32Array {
	const { labelCount, current, accumulated, allowed } = state;
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
				const base = features[i] * labelCount;
				const value = values[i];
				for (let cls = 0; cls < labelCount; cls++) scores[cls] += current[base + cls] * value;
			}
			let rival = -1;
			for (let cls = 0; cls < labelCount; cls++) {
				if (cls !== label && (rival < 0 || scores[cls] > scores[rival])) rival = cls;
			}
			if (rival >= 0 && scores[label] - scores[rival] < MARGIN) {
				const rate = classWeight[label];
				for (let i = 0; i < features.length; i++) {
					const base = features[i] * labelCount;
					const delta = rate * values[i];
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
	};
	let averaged = perceptronPasses(state, encoded, classWeight, settings.epochs, random);
	const keep = Math.min(labelCount, settings.keepPerFeature);
	const allowed = prune(averaged, labelCount, keep);
	if (keep < labelCount && settings.fineTuneEpochs > 0) {
		// Fine-tune on the pruned pattern, starting from the pruned averaged weights, so the kept
		// weights make up for the ones dropped.
		for (let i = 0; i < averaged.length; i++) state.current[i] = allowed[i] ? averaged[i] : 0;
		state.allowed = allowed;
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
): ClassifierModel {
	const labelIndex = new Map(labels.map((label, index) => [label, index]));
	const { encoded, featureHashes } = encodeAll(examples, labelIndex, settings);
	const frequency = new Int32Array(featureHashes.length);
	for (const example of encoded) for (const feature of example.features) frequency[feature]++;
	const byFrequency = [...frequency.keys()].sort((a, b) => frequency[b] - frequency[a] || a - b);
	const { starts, counts, postings, weightUnit } = trainWeights(encoded, labels.length, featureHashes.length, byFrequency, settings);
	const { table, tableMask } = buildTable(featureHashes, byFrequency, starts, counts);
	return { labels, temperature, charNgrams: settings.charNgrams, prefixLength: settings.prefixLength, table, tableMask, postings, weightUnit };
}

/** Every fifth example of each label is held out to fit the confidence temperature. */
function holdOut(examples: readonly TrainingExample[]): { fit: TrainingExample[]; check: TrainingExample[] } {
	const seen = new Map<string, number>();
	const fit: TrainingExample[] = [];
	const check: TrainingExample[] = [];
	for (const example of examples) {
		const count = (seen.get(example.label) ?? 0) + 1;
		seen.set(example.label, count);
		(count % 5 === 0 ? check : fit).push(example);
	}
	return { fit, check };
}

/** The softmax temperature (over all labels) that minimises the negative log-likelihood of the held-out labels. */
function fitTemperature(model: ClassifierModel, check: readonly TrainingExample[]): number {
	const labelIndex = new Map(model.labels.map((label, index) => [label, index]));
	const scored = check.map((example) => ({ scores: scoreAll(model, example.text), label: labelIndex.get(example.label)! }));
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

/** Trains a classifier on labelled examples. Deterministic for the same examples and options. */
export function trainClassifier(examples: readonly TrainingExample[], options: ClassifierOptions = {}): ClassifierModel {
	const labels = [...new Set(examples.map((example) => example.label))];
	if (labels.length === 0) throw new Error('training examples: at least one labelled example is needed');
	if (labels.length > 65535) throw new Error('training examples: at most 65535 labels are supported');
	const settings: Required<ClassifierOptions> = {
		epochs: options.epochs ?? 10,
		charNgrams: options.charNgrams ?? [],
		prefixLength: options.prefixLength ?? 5,
		keepPerFeature: Math.min(MAX_KEEP_PER_FEATURE, options.keepPerFeature ?? 12),
		fineTuneEpochs: options.fineTuneEpochs ?? 3,
		seed: options.seed ?? 7,
	};
	let temperature = DEFAULT_TEMPERATURE;
	const { fit, check } = holdOut(examples);
	if (labels.length > 1 && check.length >= 20 && new Set(fit.map((example) => example.label)).size === labels.length) {
		temperature = fitTemperature(buildModel(fit, labels, settings, temperature), check);
	}
	return buildModel(examples, labels, settings, temperature);
}

// ---------------------------------------------------------------------------------------------
// Prediction: scores are summed only for the labels a feature has weight for (the "touched" ones);
// every other label scores 0 and enters the softmax as a count, so a ticket costs the same with 10
// or 150 labels. The per-ticket part runs in a small WebAssembly kernel (classifier-kernel.wat);
// `scoreAll` below is the same scoring in TypeScript, used to fit the temperature and by the tests.

/** Every label's score for a text, by label index (0 for labels no feature spoke for). */
export function scoreAll(model: ClassifierModel, text: string): Float64Array {
	const scores = new Float64Array(model.labels.length);
	const vector = featurize(text, model.charNgrams, model.prefixLength);
	const { table, tableMask, postings, weightUnit } = model;
	for (let i = 0; i < vector.count; i++) {
		const hash = vector.hashes[i];
		let slot = hash & tableMask;
		let entry = table[slot * 2 + 1];
		while (entry !== 0 && table[slot * 2] !== hash) {
			slot = (slot + 1) & tableMask;
			entry = table[slot * 2 + 1];
		}
		const value = vector.values[i] * weightUnit;
		const end = (entry >>> 8) + (entry & 0xff);
		for (let k = entry >>> 8; k < end; k++) scores[postings[k] & 0xffff] += (postings[k] >> 16) * value;
	}
	return scores;
}

/**
 * Labels scoring more than this many temperatures below the best hold less than e^-8 (0.03%) of the
 * best label's share each, and are left out of the softmax sum; the confidences then differ from the
 * full softmax by at most labels × 0.03%, and the work per ticket is on the few labels that compete.
 */
const NEGLIGIBLE = 8;

/** e^-x for x in [0, NEGLIGIBLE] in 1/1024 steps; with linear interpolation within 1e-7 of Math.exp. */
const EXP_TABLE = new Float64Array(NEGLIGIBLE * 1024 + 2);
for (let i = 0; i < EXP_TABLE.length; i++) EXP_TABLE[i] = Math.exp(-i / 1024);

interface KernelExports {
	memory: WebAssembly.Memory;
	layout(...offsets: number[]): void;
	textLayout(text: number, fold: number): void;
	classify(featureCount: number, tableMask: number, labelCount: number, cutoff: number, inverseTemperature: number, topK: number): number;
	classifyText(
		length: number,
		prefixLength: number,
		weightUnit: number,
		tableMask: number,
		labelCount: number,
		cutoff: number,
		inverseTemperature: number,
		topK: number,
	): number;
	sum(): number;
}

/** A model loaded into its own kernel instance, with views of the kernel memory the caller reads and writes. */
interface Kernel {
	exports: KernelExports;
	/** Offsets of the model and per-label areas, in the order `layout` takes them. */
	fixedOffsets: number[];
	fold: number;
	/** Where the per-feature areas and the text start; they come last so that they can grow. */
	featureBase: number;
	featureCapacity: number;
	textCapacity: number;
	hashes: Uint32Array;
	values: Float64Array;
	text: Uint16Array;
	shares: Float64Array;
	gathered: Int32Array;
}

let kernelModule: WebAssembly.Module | undefined;
const kernels = new WeakMap<ClassifierModel, Kernel>();

const align8 = (offset: number) => (offset + 7) & ~7;

function kernelFor(model: ClassifierModel): Kernel {
	const loaded = kernels.get(model);
	if (loaded) return loaded;
	kernelModule ??= new WebAssembly.Module(Buffer.from(CLASSIFIER_KERNEL_BASE64, 'base64'));
	const exports = new WebAssembly.Instance(kernelModule, { env: { exp: Math.exp } }).exports as unknown as KernelExports;
	const labelCount = model.labels.length;
	const table = 0;
	const postings = align8(table + model.table.byteLength);
	const expTable = align8(postings + model.postings.byteLength);
	const scores = align8(expTable + EXP_TABLE.byteLength);
	const shares = scores + labelCount * 8;
	const gathered = shares + labelCount * 8;
	const touched = gathered + labelCount * 4;
	const marked = touched + (labelCount + 1) * 4;
	const fold = align8(marked + labelCount);
	const kernel: Kernel = {
		exports,
		fixedOffsets: [table, postings, expTable, scores, shares, gathered, touched, marked],
		fold,
		featureBase: align8(fold + FOLD.byteLength),
		featureCapacity: 0,
		textCapacity: 0,
		hashes: new Uint32Array(0),
		values: new Float64Array(0),
		text: new Uint16Array(0),
		shares: new Float64Array(0),
		gathered: new Int32Array(0),
	};
	reserve(kernel, 256, 128, labelCount);
	const buffer = exports.memory.buffer;
	new Uint16Array(buffer, fold, FOLD.length).set(FOLD);
	new Uint32Array(buffer, table, model.table.length).set(model.table);
	new Int32Array(buffer, postings, model.postings.length).set(model.postings);
	new Float64Array(buffer, expTable, EXP_TABLE.length).set(EXP_TABLE);
	kernels.set(model, kernel);
	return kernel;
}

/** At most this many features come from a text of `length` code units (three per word). */
const featuresOfText = (length: number) => 3 * ((length >> 1) + 1);

/** Makes room for `features` features and a text of `chars` code units (growing the memory if needed) and renews the views. */
function reserve(kernel: Kernel, features: number, chars: number, labelCount: number): void {
	const grown = (needed: number, capacity: number) => (needed > capacity ? Math.max(needed, capacity * 2) : capacity);
	const featureCapacity = grown(features, kernel.featureCapacity);
	const textCapacity = grown(chars, kernel.textCapacity);
	const hashes = kernel.featureBase;
	const found = hashes + featureCapacity * 4;
	const values = align8(found + featureCapacity * 4);
	const text = values + featureCapacity * 8;
	const end = text + textCapacity * 2;
	const memory = kernel.exports.memory;
	if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
	kernel.exports.layout(...kernel.fixedOffsets, hashes, values, found);
	kernel.exports.textLayout(text, kernel.fold);
	kernel.featureCapacity = featureCapacity;
	kernel.textCapacity = textCapacity;
	const buffer = memory.buffer;
	const [, , , , shares, gathered] = kernel.fixedOffsets;
	kernel.hashes = new Uint32Array(buffer, hashes, featureCapacity);
	kernel.values = new Float64Array(buffer, values, featureCapacity);
	kernel.text = new Uint16Array(buffer, text, textCapacity);
	kernel.shares = new Float64Array(buffer, shares, labelCount);
	kernel.gathered = new Int32Array(buffer, gathered, labelCount);
}

let best = new Int32Array(16);

/** Ranks the labels for a text, best first, with calibrated confidences; at most `maxCandidates` candidates. */
export function classify(model: ClassifierModel, text: string, maxCandidates = 3): Prediction {
	const labelCount = model.labels.length;
	const topK = Math.min(labelCount, Math.max(1, maxCandidates));
	if (best.length < topK) best = new Int32Array(topK);
	const kernel = kernelFor(model);
	const cutoff = NEGLIGIBLE * model.temperature;
	let kept: number;
	if (model.charNgrams.length === 0) {
		// The kernel featurises the text itself.
		const length = text.length;
		if (length > kernel.textCapacity || featuresOfText(length) > kernel.featureCapacity) reserve(kernel, featuresOfText(length), length, labelCount);
		const chars = kernel.text;
		for (let i = 0; i < length; i++) chars[i] = text.charCodeAt(i);
		kept = kernel.exports.classifyText(length, model.prefixLength, model.weightUnit, model.tableMask, labelCount, cutoff, 1 / model.temperature, topK);
	} else {
		const vector = featurize(text, model.charNgrams, model.prefixLength);
		if (vector.count > kernel.featureCapacity) reserve(kernel, vector.count, 0, labelCount);
		const { hashes, values } = kernel;
		for (let i = 0; i < vector.count; i++) {
			hashes[i] = vector.hashes[i];
			values[i] = vector.values[i] * model.weightUnit;
		}
		kept = kernel.exports.classify(vector.count, model.tableMask, labelCount, cutoff, 1 / model.temperature, topK);
	}
	const { shares, gathered } = kernel;
	const sum = kernel.exports.sum();
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
	return { label: candidates[0].label, confidence: candidates[0].confidence, candidates };
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
	feed(JSON.stringify(options));
	for (const example of examples) {
		feed(example.label);
		feed(example.text);
	}
	return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${examples.length}`;
}

/** The model for these examples, trained now or taken from the cache of this process. */
export function cachedClassifier(examples: readonly TrainingExample[], options: ClassifierOptions = {}): ClassifierModel {
	const key = trainingKey(examples, options);
	const hit = cache.get(key);
	if (hit) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const model = trainClassifier(examples, options);
	cache.set(key, model);
	if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
	return model;
}
