import { readFileSync } from 'fs';
import { join } from 'path';
import { cachedClassifier, classify, scoreAll, trainClassifier, trainingKey } from '../../../engine/intent/classifier';

const examples = [
	...['I was charged twice', 'refund my payment', 'wrong amount on my invoice', 'billing question about my card', 'double charge on my statement', 'my invoice is too high'].map((text) => ({ text, label: 'billing' })),
	...['app crashes on start', 'error when saving', 'the page does not load', 'sync is broken', 'export button fails with an error', 'crash after the update'].map((text) => ({ text, label: 'technical' })),
	...['where is my parcel', 'delivery is late', 'tracking shows nothing', 'package never arrived', 'shipping takes too long', 'parcel lost in delivery'].map((text) => ({ text, label: 'shipping' })),
];

describe('intent classifier', () => {
	it('learns categories from a handful of examples and ranks candidates with confidences that sum to at most 1', () => {
		const model = trainClassifier(examples);
		const prediction = classify(model, 'The app crashed again with an error');
		expect(prediction.label).toBe('technical');
		expect(prediction.candidates.length).toBeGreaterThanOrEqual(1);
		expect(prediction.candidates.length).toBeLessThanOrEqual(3);
		expect(prediction.candidates[0]).toEqual({ label: prediction.label, confidence: prediction.confidence });
		for (let i = 1; i < prediction.candidates.length; i++) {
			expect(prediction.candidates[i - 1].confidence).toBeGreaterThanOrEqual(prediction.candidates[i].confidence);
		}
		const total = prediction.candidates.reduce((sum, candidate) => sum + candidate.confidence, 0);
		expect(total).toBeLessThanOrEqual(1 + 1e-9);
		expect(classify(model, 'my parcel is late').label).toBe('shipping');
		expect(classify(model, 'charged twice on my card').label).toBe('billing');
	});

	it('treats different order numbers alike (digits are normalised)', () => {
		const model = trainClassifier([...examples, { text: 'order 12345 missing', label: 'shipping' }]);
		expect(classify(model, 'order 99881 missing').label).toBe('shipping');
	});

	it('is deterministic: the same examples give the same model and the same cache key', () => {
		const a = classify(trainClassifier(examples), 'sync error');
		const b = classify(trainClassifier(examples), 'sync error');
		expect(a).toEqual(b);
		expect(trainingKey(examples)).toBe(trainingKey([...examples]));
		expect(trainingKey(examples)).not.toBe(trainingKey(examples.slice(1)));
	});

	it('trains once per process for the same examples', () => {
		expect(cachedClassifier(examples)).toBe(cachedClassifier([...examples]));
	});

	it('is less confident about text unlike any example', () => {
		const model = trainClassifier(examples);
		expect(classify(model, 'what a nice poem about the sea').confidence).toBeLessThan(classify(model, 'the app crashes on start').confidence);
	});

	it('refuses to train without examples', () => {
		expect(() => trainClassifier([])).toThrow('training examples');
	});

	it('reaches at least 90% on held-out CLINC150 intents (150 classes) when trained on its train split', () => {
		const data = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'clinc150', 'data_full.json'), 'utf8')) as Record<string, Array<[string, string]>>;
		const model = trainClassifier(data.train.map(([text, label]) => ({ text, label })));
		const right = data.test.filter(([text, label]) => classify(model, text, 1).label === label).length;
		expect(right / data.test.length).toBeGreaterThan(0.9);
		// The familiarity floor: about 3.5% of in-scope texts fall below it, most out-of-scope ones do.
		const unfamiliar = (texts: Array<[string, string]>) => texts.filter(([text]) => !classify(model, text).familiar).length / texts.length;
		expect(unfamiliar(data.val)).toBeGreaterThan(0.01);
		expect(unfamiliar(data.val)).toBeLessThan(0.05);
		expect(unfamiliar(data.oos_val)).toBeGreaterThan(0.6);
		// scoreAll, which the sentence model mixes from, finds the same texts familiar as classify.
		const mixedUp = [...data.val, ...data.oos_val].filter(([text]) => scoreAll(model, text).familiar !== classify(model, text).familiar);
		expect(mixedUp).toEqual([]);
		const [text] = data.val[0];
		const { scores } = scoreAll(model, text);
		expect(model.labels[scores.indexOf(Math.max(...scores))]).toBe(classify(model, text, 1).label);
	}, 120_000);

	it('calls every text familiar when too few examples are held out to set the floor', () => {
		const model = trainClassifier(examples);
		expect(model.familiarFloor).toBe(0);
		expect(classify(model, 'what a nice poem about the sea').familiar).toBe(true);
	});
});
