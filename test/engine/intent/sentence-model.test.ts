import { trainClassifier, type TrainingExample } from '../../../engine/intent/classifier';
import { decodeSentenceModel, encodeSentenceModel } from '../../../engine/intent/sentence-codec';
import { classifyWithSentence, trainSentenceModel } from '../../../engine/intent/sentence-model';

const DIMENSION = 16;
let seed = 42;
const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.4;
/** Each label's vectors lie around its own axis, as an encoder's do around a meaning. */
const around = (axis: number) => Array.from({ length: DIMENSION }, (_, j) => (j === axis ? 1 : 0) + noise());

const topics: Array<[string, number, string[]]> = [
	['billing', 0, ['charged twice', 'refund my payment', 'wrong invoice amount', 'card was billed', 'double charge', 'price on the receipt']],
	['access', 1, ['cannot log in', 'password reset', 'locked out of account', 'two factor code', 'sign in fails', 'login page loops']],
	['shipping', 2, ['parcel not delivered', 'tracking number', 'package is late', 'wrong address on order', 'courier lost it', 'delivery date']],
];
const examples: TrainingExample[] = [];
const vectors: number[][] = [];
for (const [label, axis, texts] of topics) {
	for (let round = 0; round < 7; round++) {
		for (const text of texts) {
			examples.push({ text: `${text} ${round}`, label });
			vectors.push(around(axis));
		}
	}
}
const lexical = trainClassifier(examples);
const sentence = trainSentenceModel(examples, vectors, lexical);

describe('the sentence model beside the word classifier', () => {
	it('decides a text whose words say nothing by its vector', () => {
		const text = 'it happened again today';
		const prediction = classifyWithSentence(lexical, sentence, text, around(2), 3);
		expect(prediction.label).toBe('shipping');
		expect(classifyWithSentence(lexical, sentence, text, around(1), 3).label).toBe('access');
		expect(prediction.candidates.map((candidate) => candidate.label).sort()).toEqual(['access', 'billing', 'shipping']);
		expect(prediction.candidates.reduce((sum, candidate) => sum + candidate.confidence, 0)).toBeCloseTo(1, 6);
	});

	it('agrees with the word classifier when the words and the vector do', () => {
		const prediction = classifyWithSentence(lexical, sentence, 'I was charged twice on my card', around(0), 1);
		expect(prediction).toMatchObject({ label: 'billing', familiar: true });
		expect(prediction.confidence).toBeGreaterThan(0.8);
	});

	it('finds a text unfamiliar when its vector is far from every label, whatever the words', () => {
		const far = Array.from({ length: DIMENSION }, (_, j) => (j === 9 ? 1 : 0));
		expect(sentence.familiarFloor).toBeGreaterThan(0.3);
		expect(classifyWithSentence(lexical, sentence, 'refund my payment', far).familiar).toBe(false);
		expect(classifyWithSentence(lexical, sentence, 'refund my payment', around(0)).familiar).toBe(true);
	});

	it('trains the same model from the same inputs', () => {
		const again = trainSentenceModel(examples, vectors, lexical);
		expect(again.weights).toEqual(sentence.weights);
		expect(again.temperature).toBe(sentence.temperature);
		expect(again.familiarFloor).toBe(sentence.familiarFloor);
	});

	it('is kept as bytes and read back with the same predictions; other bytes read as null', () => {
		const loaded = decodeSentenceModel(encodeSentenceModel(sentence))!;
		const late = around(2);
		expect(classifyWithSentence(lexical, loaded, 'package is late', late)).toEqual(classifyWithSentence(lexical, sentence, 'package is late', late));
		const bytes = encodeSentenceModel(sentence);
		expect(decodeSentenceModel(bytes.subarray(0, bytes.length - 4))).toBeNull();
		expect(decodeSentenceModel(new Uint8Array([1, 2, 3]))).toBeNull();
	});

	it('says what is wrong with the vectors it is given', () => {
		expect(() => trainSentenceModel(examples, vectors.slice(1), lexical)).toThrow('125 vectors for 126 training examples');
		expect(() => trainSentenceModel(examples, [[1, 2], ...vectors.slice(1)], lexical)).toThrow('vector 1 has 16 numbers, the first 2');
		expect(() => classifyWithSentence(lexical, sentence, 'late parcel', [1, 2, 3])).toThrow('sentence vector: 3 numbers, the model\'s have 16');
		const other = trainClassifier(examples.filter((example) => example.label !== 'access'));
		expect(() => classifyWithSentence(other, sentence, 'late parcel', around(2))).toThrow('trained for another classifier');
	});
});
