import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { classify, trainClassifier } from '../../../engine/intent/classifier';
import { modelFileStore } from '../../../nodes/NormalizeIntent/model-file-store';

const examples = [
	...['I was charged twice', 'refund my payment', 'wrong amount on my invoice'].map((text) => ({ text, label: 'billing' })),
	...['app crashes on start', 'error when saving', 'the page does not load'].map((text) => ({ text, label: 'technical' })),
];

describe('models kept as files under the n8n folder', () => {
	let folder: string;
	beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'intent-models-'))));
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	it('a model saved by one process is loaded by the next', () => {
		const model = trainClassifier(examples);
		modelFileStore(folder).save('abc:6', model);
		expect(readdirSync(folder)).toEqual(['abc_6.model']);
		const loaded = modelFileStore(folder).load('abc:6')!;
		expect(classify(loaded, 'the app crashed')).toEqual(classify(model, 'the app crashed'));
	});

	it('answers null for a missing or damaged file, so the model is trained again', () => {
		const store = modelFileStore(folder);
		expect(store.load('missing:1')).toBeNull();
		writeFileSync(join(folder, 'bad_1.model'), 'not a model');
		expect(store.load('bad:1')).toBeNull();
	});

	it('ignores a folder it cannot write', () => {
		writeFileSync(join(folder, 'file'), '');
		expect(() => modelFileStore(join(folder, 'file', 'below')).save('k:1', trainClassifier(examples))).not.toThrow();
	});
});
