import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { type Params, runNormalizeIntent } from './node-context';


const base: Params = { trainingSource: 'builtIn', outputMode: 'classified', threshold: 0.5, rules: {}, options: {} };
const run = (items: INodeExecutionData[], params: Params = {}, continueOnFail = false) => runNormalizeIntent(items, { ...base, ...params }, continueOnFail);
const ticket = (json: IDataObject): INodeExecutionData => ({ json });
const languageOf = (item: INodeExecutionData) => (item.json.intent as IDataObject).language;

describe("Normalize Intent: the customer's known language", () => {
	it("answers a too-short subject with the ticket's customer.language, and und without one", async () => {
		const [classified, unclassified] = await run([
			ticket({ subject: 'Hola', customer: { language: 'es' } }),
			ticket({ subject: 'Hola', customer: { locale: 'pt_BR' } }),
			ticket({ subject: 'Hola' }),
		]);
		const byIndex = [...classified, ...unclassified].sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
		expect(byIndex.map(languageOf)).toEqual([
			{ code: 'es', confidence: 0, source: 'known' },
			{ code: 'pt', confidence: 0, source: 'known' },
			{ code: 'und', confidence: 0, source: 'none' },
		]);
	});

	it('reads the language from the text when it is clear, whatever the known language', async () => {
		const [classified, unclassified] = await run([ticket({ subject: 'Meine Rechnung wurde doppelt abgebucht', customer: { language: 'en' } })]);
		expect(languageOf([...classified, ...unclassified][0])).toMatchObject({ code: 'de', source: 'text' });
	});

	it('takes the Known Language option over the ticket fields', async () => {
		const [classified, unclassified] = await run([ticket({ subject: 'ok', customer: { language: 'es' } })], { options: { knownLanguage: 'nl-BE' } });
		expect(languageOf([...classified, ...unclassified][0])).toEqual({ code: 'nl', confidence: 0, source: 'known' });
	});

	it('names the item and field for a known language that is not a code or locale', async () => {
		await expect(run([ticket({ subject: 'ok', customer: { language: 'Klingon' } })])).rejects.toThrow(/knownLanguage: "Klingon" is not a language code/);
		const [classified, unclassified] = await run([ticket({ subject: 'ok', customer: { language: 'Klingon' } }), ticket({ subject: 'Please cancel my subscription' })], {}, true);
		const all = [...classified, ...unclassified];
		expect(all).toHaveLength(2);
		expect(all.find((item) => item.json.error)?.pairedItem).toEqual({ item: 0 });
	});
});
