/**
 * The TypeScript port of scikit-learn's TF-IDF + logistic regression (bench/) against behaviour of
 * sklearn 1.5 worked out by hand from its source on tiny inputs.
 */
import { fitLogistic, predictProba } from '../../bench/sklearn-logistic';
import { charWbNgrams, TfidfVectorizer, union, wordNgrams } from '../../bench/sklearn-tfidf';

describe('sklearn TfidfVectorizer port', () => {
	it('tokenises like token_pattern (?u)\\b\\w\\w+\\b after lower-casing: one-letter words and punctuation are dropped', () => {
		expect(wordNgrams("I can't pay, Café_2 ok?", [1, 1])).toEqual(['can', 'pay', 'café_2', 'ok']);
		expect(wordNgrams('Pay my bill now', [1, 2])).toEqual(['pay', 'my', 'bill', 'now', 'pay my', 'my bill', 'bill now']);
	});

	it('takes char_wb n-grams inside space-padded words, a short word once', () => {
		// sklearn: TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 3)).build_analyzer()('ab  C')
		expect(charWbNgrams('ab  C', [2, 3])).toEqual([' a', 'ab', 'b ', ' ab', 'ab ', ' c', 'c ', ' c ']);
		// A padded word shorter than n gives itself once and stops: 'a' → ' a ' for n = 3, 4, 5.
		expect(charWbNgrams('a', [3, 5])).toEqual([' a ']);
	});

	it('computes smoothed idf, sublinear tf and the l2 norm as sklearn does', () => {
		// docs: "pay pay bill", "bill"; n = 2. idf(pay) = ln(3/2) + 1, idf(bill) = ln(3/3) + 1 = 1.
		const vectorizer = new TfidfVectorizer({ analyzer: 'word', ngramRange: [1, 1], sublinearTf: true }).fit(['pay pay bill', 'bill']);
		expect([...vectorizer.vocabulary.keys()]).toEqual(['bill', 'pay']);
		expect(vectorizer.idf[0]).toBeCloseTo(1, 12);
		expect(vectorizer.idf[1]).toBeCloseTo(Math.log(1.5) + 1, 12);
		const row = vectorizer.transform('pay pay bill');
		const pay = (1 + Math.log(2)) * (Math.log(1.5) + 1);
		const norm = Math.hypot(pay, 1);
		expect([...row.indices]).toEqual([0, 1]);
		expect(row.values[0]).toBeCloseTo(1 / norm, 12);
		expect(row.values[1]).toBeCloseTo(pay / norm, 12);
		// Unknown terms are ignored; a text with none is the zero row.
		expect(vectorizer.transform('nothing known').indices.length).toBe(0);
	});

	it('uses raw counts without sublinear tf', () => {
		const vectorizer = new TfidfVectorizer({ analyzer: 'word', ngramRange: [1, 1] }).fit(['pay pay bill', 'bill']);
		const row = vectorizer.transform('pay pay bill');
		const pay = 2 * (Math.log(1.5) + 1);
		expect(row.values[1]).toBeCloseTo(pay / Math.hypot(pay, 1), 12);
	});

	it('joins parts as a FeatureUnion: each normalised on its own, columns offset', () => {
		const words = new TfidfVectorizer({ analyzer: 'word', ngramRange: [1, 1] }).fit(['ab cd']);
		const chars = new TfidfVectorizer({ analyzer: 'char_wb', ngramRange: [2, 2] }).fit(['ab']);
		const both = union([words, chars]);
		expect(both.size).toBe(words.size + chars.size);
		const row = both.transform('ab');
		expect([...row.indices]).toEqual([0, 2, 3, 4]);
		const squares = [...row.values].reduce((sum, value) => sum + value * value, 0);
		expect(squares).toBeCloseTo(2, 12);
	});
});

describe('sklearn LogisticRegression(lbfgs) port', () => {
	it('converges to the stationary point of mean cross-entropy + ||W||² / (2 C n)', () => {
		const rows = [
			{ indices: Int32Array.from([0]), values: Float64Array.from([1]) },
			{ indices: Int32Array.from([1]), values: Float64Array.from([1]) },
			{ indices: Int32Array.from([0, 1]), values: Float64Array.from([Math.SQRT1_2, Math.SQRT1_2]) },
		];
		const labels = ['a', 'b', 'a'];
		const model = fitLogistic(rows, labels, 2, { C: 1, tol: 1e-10, maxIter: 500 });
		expect(model.converged).toBe(true);
		// At the optimum, for every weight: λ·w = -(1/n) Σ x_ij (p_ik - y_ik), λ = 1 / (C n); intercepts: Σ (p - y) = 0.
		const n = rows.length;
		const lambda = 1 / n;
		const K = 2;
		const residual = new Float64Array(2 * K + K);
		rows.forEach((row, i) => {
			const p = predictProba(model, row);
			for (let k = 0; k < K; k++) {
				const r = p[k] - (model.classes[k] === labels[i] ? 1 : 0);
				for (let j = 0; j < row.indices.length; j++) residual[row.indices[j] * K + k] += (r * row.values[j]) / n;
				residual[2 * K + k] += r / n;
			}
		});
		for (let p = 0; p < 2 * K; p++) expect(residual[p] + lambda * model.coefficients[p]).toBeCloseTo(0, 8);
		for (let k = 0; k < K; k++) expect(residual[2 * K + k]).toBeCloseTo(0, 8);
	});

	it('is symmetric for two classes as multinomial sklearn is: coef_[0] = -coef_[1]', () => {
		const rows = [
			{ indices: Int32Array.from([0]), values: Float64Array.from([1]) },
			{ indices: Int32Array.from([1]), values: Float64Array.from([1]) },
		];
		const model = fitLogistic(rows, ['yes', 'no'], 2, { C: 10, tol: 1e-10, maxIter: 500 });
		const w = model.coefficients;
		expect(w[0] + w[1]).toBeCloseTo(0, 8);
		expect(w[2] + w[3]).toBeCloseTo(0, 8);
		// By symmetry w(feature 0, yes) = a = -w(feature 0, no), so z_yes - z_no = 2a; the optimum has
		// λ·a = (1 - σ(2a)) / n with λ = 1 / (C n), i.e. a = C (1 - σ(2a)): solved by bisection.
		let low = 0;
		let high = 10;
		for (let step = 0; step < 200; step++) {
			const a = (low + high) / 2;
			if (a < 10 * (1 - 1 / (1 + Math.exp(-2 * a)))) low = a;
			else high = a;
		}
		const a = (low + high) / 2;
		expect(Math.abs(w[model.classes.indexOf('yes')])).toBeCloseTo(a, 6);
		expect(predictProba(model, rows[0])[model.classes.indexOf('yes')]).toBeCloseTo(1 / (1 + Math.exp(-2 * a)), 6);
	});

	it('predicts the training labels of separable data with a large C', () => {
		const vectorizer = new TfidfVectorizer({ analyzer: 'word', ngramRange: [1, 2], sublinearTf: true });
		const texts = ['refund my order', 'I want a refund', 'reset my password', 'password does not work'];
		const labels = ['refund', 'refund', 'access', 'access'];
		vectorizer.fit(texts);
		const model = fitLogistic(texts.map((text) => vectorizer.transform(text)), labels, vectorizer.size, { C: 100 });
		const predicted = (text: string) => {
			const p = predictProba(model, vectorizer.transform(text));
			return model.classes[p.indexOf(Math.max(...p))];
		};
		expect(predicted('a refund please')).toBe('refund');
		expect(predicted('forgot my password')).toBe('access');
	});
});
