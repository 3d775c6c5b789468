/**
 * A second opinion from sentence embeddings: a softmax regression over the vectors a sentence
 * encoder gives the training texts, mixed with the word-feature classifier's scores, and the cosine
 * of a text's vector to the nearest label centroid as a second familiarity test. Word features miss
 * paraphrases ("my card got eaten by the ATM" shares no word with "card swallowed"); embeddings miss
 * exact product words. Together they are right more often, and a text that neither model knows
 * (out of scope) is caught by one test or the other.
 *
 * The encoder itself runs in the node layer; this module gets its vectors as arguments.
 * The mixing temperature and the familiarity floor are fitted on a held-out fifth of each label's
 * examples (`hold-out.ts`, as for the classifier), so a confidence threshold means the same with and
 * without the encoder.
 */
import { type ClassifierModel, type ClassifierOptions, type LabelScores, type Prediction, scoreAll, trainClassifier, type TrainingExample } from './classifier';
import { holdOut } from './hold-out';

export interface SentenceModel {
	/** The word-feature classifier's labels, in its order. */
	readonly labels: readonly string[];
	readonly dimension: number;
	/** Per label: `dimension` weights, then the bias. */
	readonly weights: Float32Array;
	/** Per label: the unit-length mean of its examples' unit vectors. */
	readonly centroids: Float32Array;
	/** Softmax temperature of the mixed scores. */
	readonly temperature: number;
	/** Texts whose cosine to the nearest centroid is below this are not familiar. */
	readonly familiarFloor: number;
}

/**
 * Weight of the sentence model's scores in the mix (the word classifier's, divided by its own
 * temperature, get the rest), and the share of held-out examples below the cosine floor: chosen on
 * CLINC150's validation split with the bundled Universal Sentence Encoder (bench/intent-accuracy.bench.ts).
 */
const SENTENCE_WEIGHT = 0.7;
const UNFAMILIAR_SHARE = 0.005;
const EPOCHS = 10;
const LEARNING_RATE = 0.5;
const L2 = 1e-5;
/** Gradients smaller than this are skipped: most labels' are, so a pass costs a few labels per example. */
const NEGLIGIBLE_GRADIENT = 1e-4;

export function unitVector(vector: ArrayLike<number>): Float32Array {
	let norm = 0;
	for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
	const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
	const unit = new Float32Array(vector.length);
	for (let i = 0; i < vector.length; i++) unit[i] = vector[i] * scale;
	return unit;
}

function logitsOf(weights: Float32Array, labelCount: number, dimension: number, vector: Float32Array, into: Float64Array): Float64Array {
	const stride = dimension + 1;
	for (let label = 0; label < labelCount; label++) {
		const offset = label * stride;
		let sum = weights[offset + dimension];
		for (let j = 0; j < dimension; j++) sum += weights[offset + j] * vector[j];
		into[label] = sum;
	}
	return into;
}

/** Multinomial logistic regression by stochastic gradient descent, in a seeded order: the same inputs give the same weights. */
function trainWeights(vectors: readonly Float32Array[], targets: readonly number[], labelCount: number, dimension: number): Float32Array {
	const stride = dimension + 1;
	const weights = new Float32Array(labelCount * stride);
	const order = vectors.map((_, index) => index);
	const logits = new Float64Array(labelCount);
	let seed = 12345;
	const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
	for (let epoch = 0; epoch < EPOCHS; epoch++) {
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[order[i], order[j]] = [order[j], order[i]];
		}
		const rate = LEARNING_RATE * (1 - epoch / EPOCHS) + 0.01;
		for (const index of order) {
			const vector = vectors[index];
			logitsOf(weights, labelCount, dimension, vector, logits);
			let max = -Infinity;
			for (let label = 0; label < labelCount; label++) max = Math.max(max, logits[label]);
			let sum = 0;
			for (let label = 0; label < labelCount; label++) sum += logits[label] = Math.exp(logits[label] - max);
			for (let label = 0; label < labelCount; label++) {
				const gradient = logits[label] / sum - (label === targets[index] ? 1 : 0);
				if (Math.abs(gradient) < NEGLIGIBLE_GRADIENT) continue;
				const offset = label * stride;
				for (let j = 0; j < dimension; j++) weights[offset + j] -= rate * (gradient * vector[j] + L2 * weights[offset + j]);
				weights[offset + dimension] -= rate * gradient;
			}
		}
	}
	return weights;
}

function centroidsOf(vectors: readonly Float32Array[], targets: readonly number[], labelCount: number, dimension: number): Float32Array {
	const sums = new Float64Array(labelCount * dimension);
	vectors.forEach((vector, index) => {
		const offset = targets[index] * dimension;
		for (let j = 0; j < dimension; j++) sums[offset + j] += vector[j];
	});
	const centroids = new Float32Array(labelCount * dimension);
	for (let label = 0; label < labelCount; label++) centroids.set(unitVector(sums.subarray(label * dimension, (label + 1) * dimension)), label * dimension);
	return centroids;
}

function nearestCosine(centroids: Float32Array, labelCount: number, dimension: number, vector: Float32Array): number {
	let best = -1;
	for (let label = 0; label < labelCount; label++) {
		const offset = label * dimension;
		let cosine = 0;
		for (let j = 0; j < dimension; j++) cosine += centroids[offset + j] * vector[j];
		if (cosine > best) best = cosine;
	}
	return best;
}

/** The word classifier's scores over its temperature, weighted, plus the sentence model's weighted logits (in place), and its familiarity. */
function mixedScores(lexical: ClassifierModel, text: string, logits: Float64Array): LabelScores {
	const scored = scoreAll(lexical, text);
	const { scores } = scored;
	for (let label = 0; label < scores.length; label++) scores[label] = ((1 - SENTENCE_WEIGHT) * scores[label]) / lexical.temperature + SENTENCE_WEIGHT * logits[label];
	return scored;
}

function fitTemperature(mixed: readonly Float64Array[], targets: readonly number[]): number {
	let best = 1;
	let bestLoss = Infinity;
	for (let temperature = 0.2; temperature <= 3; temperature *= 1.05) {
		let loss = 0;
		mixed.forEach((scores, index) => {
			let max = -Infinity;
			for (const score of scores) max = Math.max(max, score);
			let sum = 0;
			for (const score of scores) sum += Math.exp((score - max) / temperature);
			loss -= (scores[targets[index]] - max) / temperature - Math.log(sum);
		});
		if (loss < bestLoss) {
			bestLoss = loss;
			best = temperature;
		}
	}
	return best;
}

function checkVectors(examples: readonly TrainingExample[], vectors: readonly ArrayLike<number>[]): Float32Array[] {
	if (vectors.length !== examples.length) throw new Error(`sentence vectors: ${vectors.length} vectors for ${examples.length} training examples`);
	const dimension = vectors[0]?.length ?? 0;
	return vectors.map((vector, index) => {
		if (vector.length !== dimension || dimension === 0) throw new Error(`sentence vectors: vector ${index} has ${vector.length} numbers, the first ${dimension}`);
		return unitVector(vector);
	});
}

/**
 * Trains the sentence model beside a word classifier trained on the same examples (`lexical`), one
 * vector per example. With fewer than 20 held-out examples, or a label with no example left to fit
 * on, the temperature is 1 and every text is familiar to it.
 */
export function trainSentenceModel(examples: readonly TrainingExample[], vectors: readonly ArrayLike<number>[], lexical: ClassifierModel, options: ClassifierOptions = {}): SentenceModel {
	const units = checkVectors(examples, vectors);
	const dimension = units[0]?.length ?? 0;
	const labels = lexical.labels;
	const labelIndex = new Map(labels.map((label, index) => [label, index]));
	const targets = examples.map((example) => {
		const target = labelIndex.get(example.label);
		if (target === undefined) throw new Error(`sentence vectors: label "${example.label}" is not one of the classifier's`);
		return target;
	});
	let temperature = 1;
	let familiarFloor = -1;
	const { fit, check } = holdOut(examples);
	if (check.length >= 20 && new Set(fit.map((index) => targets[index])).size === labels.length) {
		const fitLexical = trainClassifier(fit.map((index) => examples[index]), options);
		// The held-out model's labels come in the order of its first examples; map them to ours.
		const order = fitLexical.labels.map((label) => labelIndex.get(label)!);
		const fitWeights = trainWeights(fit.map((index) => units[index]), fit.map((index) => targets[index]), labels.length, dimension);
		const fitCentroids = centroidsOf(fit.map((index) => units[index]), fit.map((index) => targets[index]), labels.length, dimension);
		const logits = new Float64Array(labels.length);
		const mixed = check.map((index) => {
			const own = logitsOf(fitWeights, labels.length, dimension, units[index], logits);
			const inFitOrder = Float64Array.from(order, (label) => own[label]);
			return mixedScores(fitLexical, examples[index].text, inFitOrder).scores;
		});
		temperature = fitTemperature(mixed, check.map((index) => fitLexical.labels.indexOf(examples[index].label)));
		const cosines = check.map((index) => nearestCosine(fitCentroids, labels.length, dimension, units[index])).sort((a, b) => a - b);
		familiarFloor = cosines[Math.floor(cosines.length * UNFAMILIAR_SHARE)];
	}
	const weights = trainWeights(units, targets, labels.length, dimension);
	return { labels, dimension, weights, centroids: centroidsOf(units, targets, labels.length, dimension), temperature, familiarFloor };
}

/**
 * Ranks the labels for a text and its sentence vector with both models: confidences from the mixed
 * scores; familiar when the word classifier finds it familiar and its vector is near a label's centroid.
 */
export function classifyWithSentence(lexical: ClassifierModel, sentence: SentenceModel, text: string, vector: ArrayLike<number>, maxCandidates = 3): Prediction {
	if (vector.length !== sentence.dimension) throw new Error(`sentence vector: ${vector.length} numbers, the model's have ${sentence.dimension}`);
	if (sentence.labels.length !== lexical.labels.length || sentence.labels.some((label, index) => label !== lexical.labels[index])) {
		throw new Error('sentence model: trained for another classifier');
	}
	const unit = unitVector(vector);
	const labelCount = lexical.labels.length;
	const { scores, familiar: familiarWords } = mixedScores(lexical, text, logitsOf(sentence.weights, labelCount, sentence.dimension, unit, new Float64Array(labelCount)));
	let max = -Infinity;
	for (const score of scores) max = Math.max(max, score);
	let sum = 0;
	for (let label = 0; label < labelCount; label++) sum += scores[label] = Math.exp((scores[label] - max) / sentence.temperature);
	const ranked = [...scores.keys()].sort((a, b) => scores[b] - scores[a] || a - b).slice(0, Math.max(1, maxCandidates));
	const candidates = ranked.map((label) => ({ label: lexical.labels[label], confidence: scores[label] / sum }));
	const near = nearestCosine(sentence.centroids, labelCount, sentence.dimension, unit) >= sentence.familiarFloor;
	const familiar = near && familiarWords;
	return { label: candidates[0].label, confidence: candidates[0].confidence, candidates, familiar };
}
