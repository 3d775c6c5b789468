/**
 * Baselines for bench/intent.bench.ts, written the way the common recipes do them:
 * TF-IDF over word unigrams and bigrams (scikit-learn's token pattern, sublinear tf, smoothed idf,
 * L2 norm) with a multinomial logistic regression (softmax, L2 penalty, SGD), and a multinomial
 * naive Bayes over word counts with Laplace smoothing.
 */
import { lcg } from '../test/support/random';

export interface LabelledText {
	text: string;
	label: string;
}

export interface BaselineModel {
	predict(text: string): { label: string; confidence: number };
}

function tokens(text: string): string[] {
	const words = text.toLowerCase().match(/\b\w\w+\b/gu) ?? [];
	const grams = [...words];
	for (let i = 1; i < words.length; i++) grams.push(`${words[i - 1]} ${words[i]}`);
	return grams;
}

export function trainTfidfLogistic(
	examples: readonly LabelledText[],
	{ epochs = 15, lambda = 1e-5, rate = 0.5 }: { epochs?: number; lambda?: number; rate?: number } = {},
): BaselineModel {
	const labels = [...new Set(examples.map((example) => example.label))];
	const labelIndex = new Map(labels.map((label, index) => [label, index]));
	const vocabulary = new Map<string, number>();
	const documentFrequency: number[] = [];
	const tokenised = examples.map((example) => tokens(example.text));
	for (const grams of tokenised) {
		for (const gram of new Set(grams)) {
			let id = vocabulary.get(gram);
			if (id === undefined) {
				id = vocabulary.size;
				vocabulary.set(gram, id);
				documentFrequency.push(0);
			}
			documentFrequency[id]++;
		}
	}
	const idf = documentFrequency.map((df) => Math.log((1 + examples.length) / (1 + df)) + 1);
	const vectorise = (grams: string[]): { ids: number[]; values: number[] } => {
		const counts = new Map<number, number>();
		for (const gram of grams) {
			const id = vocabulary.get(gram);
			if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
		}
		const ids = [...counts.keys()];
		const values = ids.map((id) => (1 + Math.log(counts.get(id)!)) * idf[id]);
		const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
		return { ids, values: values.map((value) => value / norm) };
	};
	const classes = labels.length;
	const weights = new Float64Array(vocabulary.size * classes);
	const bias = new Float64Array(classes);
	const data = tokenised.map((grams, index) => ({ ...vectorise(grams), label: labelIndex.get(examples[index].label)! }));
	const order = data.map((_, index) => index);
	const random = lcg(11);
	const probabilities = new Float64Array(classes);
	// w = scale * v, so the L2 shrink of every weight per step is one multiplication.
	let scale = 1;
	let step = 0;
	for (let epoch = 0; epoch < epochs; epoch++) {
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[order[i], order[j]] = [order[j], order[i]];
		}
		for (const index of order) {
			const { ids, values, label } = data[index];
			const eta = rate / (1 + rate * lambda * step++);
			probabilities.set(bias);
			for (let k = 0; k < ids.length; k++) {
				const base = ids[k] * classes;
				const value = values[k] * scale;
				for (let c = 0; c < classes; c++) probabilities[c] += weights[base + c] * value;
			}
			let max = -Infinity;
			for (let c = 0; c < classes; c++) max = Math.max(max, probabilities[c]);
			let sum = 0;
			for (let c = 0; c < classes; c++) sum += probabilities[c] = Math.exp(probabilities[c] - max);
			scale *= 1 - eta * lambda;
			for (let c = 0; c < classes; c++) {
				const gradient = probabilities[c] / sum - (c === label ? 1 : 0);
				bias[c] -= eta * gradient;
				for (let k = 0; k < ids.length; k++) weights[ids[k] * classes + c] -= (eta * gradient * values[k]) / scale;
			}
			if (scale < 1e-6) {
				for (let i = 0; i < weights.length; i++) weights[i] *= scale;
				scale = 1;
			}
		}
	}
	for (let i = 0; i < weights.length; i++) weights[i] *= scale;
	return {
		predict(text) {
			const { ids, values } = vectorise(tokens(text));
			const scores = Float64Array.from(bias);
			for (let k = 0; k < ids.length; k++) {
				const base = ids[k] * classes;
				for (let c = 0; c < classes; c++) scores[c] += weights[base + c] * values[k];
			}
			let best = 0;
			for (let c = 1; c < classes; c++) if (scores[c] > scores[best]) best = c;
			let sum = 0;
			for (let c = 0; c < classes; c++) sum += Math.exp(scores[c] - scores[best]);
			return { label: labels[best], confidence: 1 / sum };
		},
	};
}

export function trainNaiveBayes(examples: readonly LabelledText[], alpha = 0.1): BaselineModel {
	const labels = [...new Set(examples.map((example) => example.label))];
	const counts = labels.map(() => new Map<string, number>());
	const totals = labels.map(() => 0);
	const documents = labels.map(() => 0);
	const vocabulary = new Set<string>();
	const labelIndex = new Map(labels.map((label, index) => [label, index]));
	for (const example of examples) {
		const c = labelIndex.get(example.label)!;
		documents[c]++;
		for (const gram of tokens(example.text)) {
			vocabulary.add(gram);
			counts[c].set(gram, (counts[c].get(gram) ?? 0) + 1);
			totals[c]++;
		}
	}
	const priors = documents.map((count) => Math.log(count / examples.length));
	const denominators = totals.map((total) => Math.log(total + alpha * vocabulary.size));
	return {
		predict(text) {
			const grams = tokens(text).filter((gram) => vocabulary.has(gram));
			const scores = labels.map((_, c) => {
				let score = priors[c];
				for (const gram of grams) score += Math.log((counts[c].get(gram) ?? 0) + alpha) - denominators[c];
				return score;
			});
			let best = 0;
			for (let c = 1; c < scores.length; c++) if (scores[c] > scores[best]) best = c;
			let sum = 0;
			for (const score of scores) sum += Math.exp(score - scores[best]);
			return { label: labels[best], confidence: 1 / sum };
		},
	};
}
