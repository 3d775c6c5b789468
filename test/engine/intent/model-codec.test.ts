import { cachedClassifier, classify, type ClassifierModel, trainClassifier, trainingKey } from '../../../engine/intent/classifier';
import { decodeModel, encodeModel } from '../../../engine/intent/model-codec';

const examples = [
	...['I was charged twice', 'refund my payment', 'wrong amount on my invoice', 'double charge on my statement'].map((text) => ({ text, label: 'billing' })),
	...['app crashes on start', 'error when saving', 'the page does not load', 'crash after the update'].map((text) => ({ text, label: 'technical' })),
	...['where is my parcel', 'delivery is late', 'package never arrived', 'parcel lost in delivery'].map((text) => ({ text, label: 'shipping' })),
];

describe('a kept classifier model', () => {
	it('decodes to a model that predicts exactly as the trained one', () => {
		const model = trainClassifier(examples);
		const copy = decodeModel(encodeModel(model))!;
		expect(copy.labels).toEqual(model.labels);
		for (const text of ['my parcel is late', 'charged twice', 'the app crashed', 'a poem about the sea']) expect(classify(copy, text)).toEqual(classify(model, text));
	});

	it('keeps the familiarity floor, so every worker sends the same texts to Unclassified', () => {
		const model = { ...trainClassifier(examples), familiarFloor: 1.25 };
		const copy = decodeModel(encodeModel(model))!;
		expect(copy.familiarFloor).toBe(1.25);
		expect(classify(copy, 'a poem about the sea')).toEqual(classify(model, 'a poem about the sea'));
		expect(classify(copy, 'a poem about the sea').familiar).toBe(false);
	});

	it('refuses bytes that are cut short or of another format', () => {
		const bytes = encodeModel(trainClassifier(examples));
		expect(decodeModel(bytes.subarray(0, bytes.length - 4))).toBeNull();
		expect(decodeModel(new TextEncoder().encode('{"not":"a model"}'))).toBeNull();
		expect(decodeModel(new Uint8Array(0))).toBeNull();
	});

	it('is loaded from the store instead of training, and saved to it after training', () => {
		const saved = new Map<string, ClassifierModel>();
		const store = { load: (key: string) => saved.get(key) ?? null, save: (key: string, model: ClassifierModel) => void saved.set(key, model) };
		const fresh = [...examples, { text: 'my invoice total is wrong', label: 'billing' }];
		const trained = cachedClassifier(fresh, {}, store);
		expect([...saved.keys()]).toEqual([trainingKey(fresh)]);
		const kept = decodeModel(encodeModel(trained))!;
		const other = [...fresh, { text: 'tracking shows nothing', label: 'shipping' }];
		saved.set(trainingKey(other), kept);
		expect(cachedClassifier(other, {}, store)).toBe(kept);
	});
});
