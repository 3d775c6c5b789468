import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { configuredOutputs } from '../../../nodes/NormalizeIntent/description';
import { NormalizeIntent } from '../../../nodes/NormalizeIntent/NormalizeIntent.node';
import { SUPPORT_TYPES } from '../../../engine/intent/support-intents';
import { normalizeIntentContext, type Params, runNormalizeIntent } from './node-context';


const base: Params = { trainingSource: 'builtIn', outputMode: 'classified', threshold: 0.5, rules: {}, options: {} };
const run = (items: INodeExecutionData[], params: Params = {}, continueOnFail = false) => runNormalizeIntent(items, { ...base, ...params }, continueOnFail);
const ticket = (json: IDataObject): INodeExecutionData => ({ json });

describe('Normalize Intent node', () => {
	it('is usable as a tool by an AI agent', () => {
		expect(new NormalizeIntent().description.usableAsTool).toBe(true);
	});

	it('sends a confident ticket to Classified and an unclear one to Unclassified, keeping the rest of the item', async () => {
		const [classified, unclassified] = await run([
			ticket({ id: 'T-1', subject: 'I was charged twice for my subscription', priority: 'high' }),
			ticket({ id: 'T-2', subject: 'Tell me a joke about cats' }),
		]);
		expect(classified).toHaveLength(1);
		expect(classified[0].json).toMatchObject({ id: 'T-1', priority: 'high', intent: { type: 'billing', classified: true } });
		expect(classified[0].pairedItem).toEqual({ item: 0 });
		expect(unclassified[0].json).toMatchObject({ id: 'T-2', intent: { classified: false } });
		expect((unclassified[0].json.intent as { candidates: unknown[] }).candidates.length).toBeGreaterThan(0);
		expect(unclassified[0].pairedItem).toEqual({ item: 1 });
	});

	it('has one output per category when asked, with Unclassified last', async () => {
		const outputs = await run([ticket({ subject: 'Please cancel my subscription' })], { outputMode: 'perCategory' });
		expect(outputs).toHaveLength(SUPPORT_TYPES.length + 1);
		expect(outputs[SUPPORT_TYPES.indexOf('cancellation')]).toHaveLength(1);
		expect(configuredOutputs({ outputMode: 'perCategory', trainingSource: 'builtIn' }).map((output) => output.displayName)).toEqual([...SUPPORT_TYPES, 'Unclassified']);
		expect(configuredOutputs({ outputMode: 'classified' }).map((output) => output.displayName)).toEqual(['Classified', 'Unclassified']);
	});

	it('trains on categories and examples from the editor, with keywords taking precedence', async () => {
		const categories = {
			category: [
				{ name: 'Hardware', examples: 'printer jams\nscreen flickers\nkeyboard broken', keywords: 'toner', patterns: '' },
				{ name: 'Access', examples: 'cannot log in\npassword expired\nneed VPN access', keywords: '', patterns: '\\bMFA\\b' },
			],
		};
		const params = { trainingSource: 'categories', categories, outputMode: 'perCategory', threshold: 0.4 };
		const [hardware, access] = await run([ticket({ subject: 'my printer jams all the time' }), ticket({ subject: 'out of toner' }), ticket({ subject: 'MFA prompt loops' })], params);
		expect(hardware.map((item) => item.json.id ?? (item.json.intent as { decidedBy: string }).decidedBy)).toEqual(['classifier', 'rule']);
		expect(access[0].json.intent).toMatchObject({ type: 'Access', decidedBy: 'rule' });
		expect(configuredOutputs({ outputMode: 'perCategory', trainingSource: 'categories', categories }).map((output) => output.displayName)).toEqual(['Hardware', 'Access', 'Unclassified']);
	});

	it('trains on JSON examples supplied by an expression', async () => {
		const trainingExamples = { vpn: ['vpn will not connect', 'vpn drops every hour'], laptop: ['laptop battery dead', 'laptop will not boot'] };
		const [classified] = await run([ticket({ subject: 'my vpn keeps dropping' })], { trainingSource: 'json', trainingExamples: JSON.stringify(trainingExamples), threshold: 0.3 });
		expect(classified[0].json.intent).toMatchObject({ type: 'vpn' });
	});

	it('enriches the customer from the directory and flags a duplicate within the batch', async () => {
		const directory = JSON.stringify([{ id: 'cus_9', emails: ['ana@example.com'], tier: 'vip', timezone: 'Europe/Lisbon', plan: 'Pro' }]);
		const items = [
			ticket({ id: 'T-1', subject: 'My package has not arrived', customer: { email: 'ana@example.com' }, createdAt: '2026-05-04T09:00:00Z' }),
			ticket({ id: 'T-2', subject: 'Where is my parcel? Still not delivered', customer: { email: 'ana@example.com' }, createdAt: '2026-05-04T10:00:00Z' }),
		];
		const [classified] = await run(items, { options: { directory, crmFields: 'plan' } });
		expect(classified[0].json.customer).toEqual({ email: 'ana@example.com', id: 'cus_9', tier: 'vip', timezone: 'Europe/Lisbon', plan: 'Pro' });
		expect(classified[1].json.intent).toMatchObject({ duplicate: { isDuplicate: true, of: 'T-1' } });
	});

	it('stops with an error naming the item and field for a body that is not text', async () => {
		await expect(run([ticket({ subject: 'hi', body: { html: 1 } })])).rejects.toThrow(/body: must be text/);
	});

	it('keeps every item under continue on fail: the bad one leaves as an error item', async () => {
		const [classified, unclassified] = await run([ticket({ subject: 'hi', body: { html: 1 } }), ticket({ subject: 'Please cancel my subscription' })], {}, true);
		const all = [...classified, ...unclassified];
		expect(all).toHaveLength(2);
		expect(all.find((item) => item.json.error)?.pairedItem).toEqual({ item: 0 });
	});

	it('names the parameter when the training JSON is broken', async () => {
		await expect(run([ticket({ subject: 'x' })], { trainingSource: 'json', trainingExamples: '{oops' })).rejects.toThrow(/Training Examples \(JSON\)/);
	});

	it('with Redact PII and Replace Subject and Body writes the redacted text over the fields the parameters read', async () => {
		const items = [ticket({ id: 'T-1', subject: 'Card 4111 1111 1111 1111', body: 'Call me on +49 30 1234567\n> earlier: ana@example.com', priority: 'high' })];
		const [classified, unclassified] = await run(items, { options: { redactPii: true, replaceWithRedacted: true } });
		const [item] = [...classified, ...unclassified];
		expect(item.json).toMatchObject({ id: 'T-1', priority: 'high', subject: 'Card [CARD]', body: 'Call me on [PHONE]\n> earlier: [EMAIL]' });
		expect(item.json.intent).not.toHaveProperty('redactedBody');
		expect(JSON.stringify(item.json)).not.toMatch(/4111|1234567|ana@example/);

		// Subject and Body mapped to nested fields: the redacted text goes back there.
		const nested = [ticket({ ticket: { title: 'Mail ana@example.com', text: 'IBAN DE89370400440532013000' } })];
		const params: Params = { ...base, subject: 'Mail ana@example.com', body: 'IBAN DE89370400440532013000', options: { redactPii: true, replaceWithRedacted: true } };
		const ctx = normalizeIntentContext(nested, params);
		ctx.getNode.mockReturnValue({
			name: 'Normalize Intent',
			type: 'n8n-nodes-sla-orchestrator.normalizeIntent',
			typeVersion: 1,
			parameters: { subject: '={{ $json.ticket.title }}', body: '={{ $json.ticket.text }}' },
		} as unknown as INode);
		const outputs = await new NormalizeIntent().execute.call(ctx);
		const [out] = outputs.flat();
		expect(out.json.ticket).toEqual({ title: 'Mail [EMAIL]', text: 'IBAN [IBAN]' });
		expect(out.json).not.toHaveProperty('subject');
	});

	it('with Redact PII alone keeps the originals and adds the redacted copies under intent', async () => {
		const [classified, unclassified] = await run([ticket({ subject: 'Card 4111 1111 1111 1111', body: '' })], { options: { redactPii: true } });
		const [item] = [...classified, ...unclassified];
		expect(item.json.subject).toBe('Card 4111 1111 1111 1111');
		expect(item.json.intent).toMatchObject({ redactedSubject: 'Card [CARD]', pii: [{ type: 'card', value: '****1111', field: 'subject', quoted: false }] });
	});
});
