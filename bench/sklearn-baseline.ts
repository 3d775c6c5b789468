/**
 * The scikit-learn recipe the intent classifier is judged against, through the port in
 * sklearn-tfidf.ts and sklearn-logistic.ts:
 *
 *   FeatureUnion([TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
 *                 TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), sublinear_tf=True)])
 *   → LogisticRegression(C=…, max_iter=…)   (lbfgs, multinomial, L2)
 *
 * with C chosen by accuracy on a validation split, then refitted on training + validation when the
 * caller asks for it.
 */
import { fitLogistic, predictProba, type LogisticModel } from './sklearn-logistic';
import { TfidfVectorizer, union, type SparseRow } from './sklearn-tfidf';

export interface Labelled {
	text: string;
	label: string;
}

export interface BaselinePrediction {
	label: string;
	confidence: number;
}

export interface SklearnBaseline {
	C: number;
	/** Validation accuracy of each C tried. */
	tried: Array<{ C: number; accuracy: number; iterations: number; converged: boolean }>;
	features: number;
	/** One text: vectorise and score (sklearn's `predict_proba` on a one-row matrix). */
	predict(text: string): BaselinePrediction;
	/** A batch: vectorise all, then score all (sklearn's `predict_proba` on the whole matrix). */
	predictBatch(texts: readonly string[]): BaselinePrediction[];
}

export const DEFAULT_C_GRID = [1, 10, 100];

function vectorizerFor(texts: readonly string[]) {
	const words = new TfidfVectorizer({ analyzer: 'word', ngramRange: [1, 2], sublinearTf: true }).fit(texts);
	const chars = new TfidfVectorizer({ analyzer: 'char_wb', ngramRange: [2, 5], sublinearTf: true }).fit(texts);
	return union([words, chars]);
}

function best(model: LogisticModel, row: SparseRow): BaselinePrediction {
	const p = predictProba(model, row);
	let top = 0;
	for (let k = 1; k < p.length; k++) if (p[k] > p[top]) top = k;
	return { label: model.classes[top], confidence: p[top] };
}

/** The training rows, vectorised once and shared by every C tried (the vectorizer does not depend on C). */
function featurise(examples: readonly Labelled[]) {
	const vectorizer = vectorizerFor(examples.map((example) => example.text));
	const rows = examples.map((example) => vectorizer.transform(example.text));
	return { vectorizer, rows, labels: examples.map((example) => example.label) };
}

function fit(features: ReturnType<typeof featurise>, C: number, maxIter: number) {
	const model = fitLogistic(features.rows, features.labels, features.vectorizer.size, { C, maxIter });
	return { vectorizer: features.vectorizer, model };
}

export function trainSklearnBaseline(
	train: readonly Labelled[],
	validation: readonly Labelled[],
	{ grid = DEFAULT_C_GRID, maxIter = 300, refitOnAll = false }: { grid?: readonly number[]; maxIter?: number; refitOnAll?: boolean } = {},
): SklearnBaseline {
	const tried: SklearnBaseline['tried'] = [];
	let chosen: ReturnType<typeof fit> | null = null;
	let chosenC = grid[0];
	let bestAccuracy = -1;
	const features = featurise(train);
	const validationRows = validation.map((example) => features.vectorizer.transform(example.text));
	for (const C of grid) {
		const fitted = fit(features, C, maxIter);
		const right = validation.filter((example, i) => best(fitted.model, validationRows[i]).label === example.label).length;
		const accuracy = right / Math.max(1, validation.length);
		tried.push({ C, accuracy, iterations: fitted.model.iterations, converged: fitted.model.converged });
		if (accuracy > bestAccuracy) {
			bestAccuracy = accuracy;
			chosen = fitted;
			chosenC = C;
		}
	}
	const { vectorizer, model } = refitOnAll ? fit(featurise([...train, ...validation]), chosenC, maxIter) : chosen!;
	return {
		C: chosenC,
		tried,
		features: vectorizer.size,
		predict: (text) => best(model, vectorizer.transform(text)),
		predictBatch: (texts) => {
			const rows = texts.map((text) => vectorizer.transform(text));
			return rows.map((row) => best(model, row));
		},
	};
}
