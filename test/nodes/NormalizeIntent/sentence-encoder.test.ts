import { mkdtempSync, readdirSync, rmSync } from 'fs';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENCODED_CHARACTERS, sentenceEncoder } from '../../../nodes/NormalizeIntent/sentence-encoder';
import { ADVERSARIAL_CASES } from '../../support/adversarial-text';
import { type Params, runNormalizeIntent } from './node-context';

const categories = {
	category: [
		{ name: 'delivery', examples: 'my parcel has not arrived\nwhere is my package\nthe courier never came\ntracking shows no movement\nthe order is late', keywords: '', patterns: '' },
		{ name: 'access', examples: 'I cannot log in\nreset my password\nmy account is locked\nthe sign-in code never comes\nlogin fails every time', keywords: '', patterns: '' },
		{ name: 'billing', examples: 'I was charged twice\nrefund my payment\nthe invoice amount is wrong\nmy card was billed again\nwhy is the price higher', keywords: '', patterns: '' },
	],
};
const params = (options: IDataObject): Params => ({ trainingSource: 'categories', categories, outputMode: 'classified', threshold: 0.4, rules: {}, options });
const run = (items: INodeExecutionData[], options: IDataObject, continueOnFail = false) => runNormalizeIntent(items, params(options), continueOnFail);
const ticket = (json: IDataObject): INodeExecutionData => ({ json });

describe('Normalize Intent with Use Sentence Encoder', () => {
	let folder: string;
	const previous = process.env.N8N_USER_FOLDER;
	beforeAll(() => {
		folder = mkdtempSync(join(tmpdir(), 'sentence-'));
		process.env.N8N_USER_FOLDER = folder;
	});
	afterAll(() => {
		process.env.N8N_USER_FOLDER = previous;
		rmSync(folder, { recursive: true, force: true });
	});

	it('embeds with the bundled encoder: 512 numbers a text, similar texts closer than others', async () => {
		const encoder = await sentenceEncoder();
		if ('missing' in encoder) throw new Error(encoder.missing);
		const [parcel, courier, password] = await encoder.embed(['my parcel is missing', 'the delivery driver lost my box', 'forgot my password']);
		const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i], 0);
		expect(parcel).toHaveLength(512);
		expect(cosine(parcel, courier)).toBeGreaterThan(cosine(parcel, password));
		expect(encoder.id).toMatch(/^use-lite-en-\d+\.\d+\.\d+$/);
	}, 60_000);

	it('classifies with both models, keeps the sentence model under the n8n folder and leaves every item on an output', async () => {
		const items = [
			ticket({ subject: 'The delivery driver lost my box' }),
			ticket({ subject: 'I was charged twice for one order' }),
			ticket({ subject: 'x'.repeat(ENCODED_CHARACTERS * 50) }),
			ticket({ subject: 'hi', body: { html: 1 } }),
		];
		const [classified, unclassified] = await run(items, { sentenceEncoder: true }, true);
		const byItem = new Map([...classified, ...unclassified].map((item) => [(item.pairedItem as { item: number }).item, item.json]));
		expect(byItem.size).toBe(4);
		expect(byItem.get(0)).toMatchObject({ intent: { type: 'delivery' } });
		expect(byItem.get(1)).toMatchObject({ intent: { type: 'billing' } });
		expect(byItem.get(3)!.error).toMatch(/body: must be text/);
		expect(readdirSync(join(folder, '.n8n', 'sla-orchestrator', 'intent-models')).filter((file) => file.endsWith('.sentence'))).toHaveLength(1);
	}, 120_000);

	// As test/engine/intent/linear-time.test.ts, through the node with the encoder: cleaning is linear
	// and the encoder sees at most ENCODED_CHARACTERS, so its quadratic tokenizer cannot stall a ticket.
	describe('runs in time linear in the body', () => {
		const KB = 1024;
		const options = { sentenceEncoder: true, redactPii: true, maxTextLength: 64 * KB * KB };
		const fastestMs = async (body: string, runs: number) => {
			let best = Number.POSITIVE_INFINITY;
			for (let i = 0; i < runs; i++) {
				const start = process.hrtime.bigint();
				await run([ticket({ subject: 'Help', body })], options);
				best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
			}
			return best;
		};
		const doublingRatio = async (make: (size: number) => string, size: number) => {
			const small = make(size);
			const large = make(2 * size);
			await fastestMs(small, 1);
			return (await fastestMs(large, 3)) / Math.max(await fastestMs(small, 5), 2);
		};
		for (const testCase of ADVERSARIAL_CASES) {
			it(`on ${testCase.name}: doubling the body at most triples the time`, async () => {
				let ratio = await doublingRatio(testCase.make, 128 * KB);
				if (ratio > 3) ratio = Math.min(ratio, await doublingRatio(testCase.make, 256 * KB));
				if (ratio > 3) ratio = Math.min(ratio, await doublingRatio(testCase.make, 512 * KB));
				expect(ratio).toBeLessThanOrEqual(3);
			}, 120_000);
		}
	});

	it('without the option decides as before, with the word classifier alone', async () => {
		const [classified, unclassified] = await run([ticket({ subject: 'I was charged twice for one order' })], {});
		expect([...classified, ...unclassified][0].json).toMatchObject({ intent: { type: 'billing' } });
	});
});
