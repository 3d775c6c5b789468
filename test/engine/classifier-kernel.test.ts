import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { classify, scoreAll, trainClassifier, type ClassifierModel } from '../../engine/classifier';

const root = join(__dirname, '..', '..');
const clinc = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'clinc150', 'data_full.json'), 'utf8')) as Record<string, Array<[string, string]>>;

/** The softmax the kernel computes, from the TypeScript scores, with Math.exp and the same cut-off. */
function reference(model: ClassifierModel, text: string): Array<{ label: string; confidence: number }> {
	const scores = scoreAll(model, text);
	const zero = scores.filter((score) => score === 0).length;
	const max = Math.max(...scores);
	const floor = max - 8 * model.temperature;
	let sum = floor <= 0 ? zero * Math.exp(-max / model.temperature) : 0;
	const shares = [...scores].map((score) => (score !== 0 && score >= floor ? Math.exp((score - max) / model.temperature) : 0));
	for (const share of shares) sum += share;
	return model.labels
		.map((label, index) => ({ label, confidence: (scores[index] === 0 ? (floor <= 0 ? Math.exp(-max / model.temperature) : 0) : shares[index]) / sum }))
		.sort((a, b) => b.confidence - a.confidence);
}

describe('classifier kernel (WebAssembly)', () => {
	it('is built from the current classifier-kernel.wat', () => {
		const expected = execFileSync(process.execPath, [join(root, 'scripts', 'build-kernel.mjs'), '--print'], { encoding: 'utf8' });
		expect(readFileSync(join(root, 'engine', 'classifier-kernel.ts'), 'utf8')).toBe(expected);
	});

	it('gives the labels and confidences of the TypeScript scoring on 2,000 CLINC150 texts, in scope and out of scope', () => {
		const model = trainClassifier(clinc.train.slice(0, 6000).map(([text, label]) => ({ text, label })));
		const texts = [...clinc.test.slice(0, 1500), ...clinc.oos_test.slice(0, 500)].map(([text]) => text);
		for (const text of texts) {
			const prediction = classify(model, text, 3);
			const expected = reference(model, text);
			// Candidates are the labels within reach of the best (at most 3), so there may be fewer.
			expect(prediction.candidates.length).toBeGreaterThanOrEqual(1);
			expect(prediction.candidates.length).toBeLessThanOrEqual(3);
			if (prediction.candidates.length < 3) expect(expected[prediction.candidates.length].confidence).toBeLessThan(1e-3);
			prediction.candidates.forEach((candidate, index) => expect(candidate.confidence).toBeCloseTo(expected[index].confidence, 6));
			// Labels may swap only where two confidences tie.
			if (expected[0].confidence - expected[1].confidence > 1e-9) expect(prediction.label).toBe(expected[0].label);
		}
	}, 120_000);

	it('handles texts with no known word, no words at all, and more features than its first buffer holds', () => {
		const model = trainClassifier(clinc.train.slice(0, 3000).map(([text, label]) => ({ text, label })));
		const labels = model.labels.length;
		for (const text of ['', '   ', 'zzqx vvbnm qqpl']) {
			const prediction = classify(model, text, 2);
			expect(prediction.confidence).toBeCloseTo(1 / labels, 9);
			expect(prediction.candidates.map((candidate) => candidate.label)).toEqual(model.labels.slice(0, 2));
		}
		const long = clinc.test.slice(0, 400).map(([text]) => text).join(' ');
		const prediction = classify(model, long, 1);
		expect(prediction.confidence).toBeCloseTo(reference(model, long)[0].confidence, 6);
		expect(classify(model, 'how do i transfer money', 1)).toEqual(classify(model, 'how do i transfer money', 1));
	}, 60_000);

	it('featurises like the TypeScript featuriser: accents, digits, dashes, ideographic spaces, emoji, scripts beyond Latin', () => {
		const examples = [
			{ text: 'Rückerstattung für Bestellung 4821 bitte', label: 'refund' },
			{ text: 'reembolso del pedido nº 99 — por favor', label: 'refund' },
			{ text: 'remboursement de ma commande', label: 'refund' },
			{ text: 'Lieferung verspätet\u3000Paket fehlt', label: 'shipping' },
			{ text: 'entrega atrasada 📦 pacote perdido', label: 'shipping' },
			{ text: '配送が遅れています 荷物', label: 'shipping' },
			{ text: 'пароль не работает, вход невозможен', label: 'login' },
			{ text: 'cannot log in\ufeffpassword reset', label: 'login' },
		];
		const texts = [
			'Rückerstattung Bestellung 1234', 'REEMBOLSO—pedido', 'paket\u3000verspätet', '荷物 配送', 'пароль', '📦📦 pacote',
			'log in\ufeffreset', 'ß ẞ Ǆ ǆ', 'a\u2014b\u2028c', '\ud83d', 'x'.repeat(300), 'de 12 à 3456 €',
		];
		for (const options of [{}, { charNgrams: [3] }, { prefixLength: 0 }, { prefixLength: 3 }]) {
			const model = trainClassifier(examples, options);
			for (const text of texts) {
				const prediction = classify(model, text, 4);
				const expected = reference(model, text);
				prediction.candidates.forEach((candidate, index) => expect(candidate.confidence).toBeCloseTo(expected[index].confidence, 6));
			}
		}
	});

	it('keeps each model in its own kernel: two models interleaved give their own answers', () => {
		const a = trainClassifier([{ text: 'refund my card', label: 'billing' }, { text: 'parcel is late', label: 'shipping' }]);
		const b = trainClassifier([{ text: 'refund my card', label: 'money' }, { text: 'parcel is late', label: 'post' }, { text: 'app crashes', label: 'bug' }]);
		expect(classify(a, 'refund please').label).toBe('billing');
		expect(classify(b, 'refund please').label).toBe('money');
		expect(classify(a, 'late parcel').label).toBe('shipping');
		expect(classify(b, 'app crashes again', 5).candidates).toHaveLength(3);
	});
});
