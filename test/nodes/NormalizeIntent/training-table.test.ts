import type { IExecuteFunctions } from 'n8n-workflow';
import { NormalizeIntent } from '../../../nodes/NormalizeIntent/NormalizeIntent.node';
import { examplesFromTable } from '../../../nodes/NormalizeIntent/training-table';
import type { DataTablesApi, Row, TableInfo } from '../../../nodes/SlaStore/transport';
import { executeContext } from '../../support/execute-context';

const source = { table: 'intent_training', textColumn: 'text', categoryColumn: 'category', correctionColumn: 'correctedCategory', intentColumn: '' };
const columns = [{ name: 'text', type: 'string' as const }, { name: 'category', type: 'string' as const }, { name: 'correctedCategory', type: 'string' as const }];

function fakeStore(rows: Array<Record<string, string | null>>, table: TableInfo | null = { id: 't1', name: 'intent_training', columns }): Pick<DataTablesApi, 'findTable' | 'rows'> {
	return {
		findTable: async (name) => (table && name === table.name ? table : null),
		rows: async () => rows.map((row, index) => ({ id: index + 1, ...row }) as Row),
	};
}

const tickets = [
	...['my card was charged twice', 'invoice shows the wrong amount', 'billing address on the invoice is wrong', 'charged for a plan I cancelled'].map((text) => ({ text, category: 'billing', correctedCategory: null })),
	...['the app crashes on start', 'login page shows an error 500', 'sync stopped working today', 'export button does nothing'].map((text) => ({ text, category: 'bug', correctedCategory: '' })),
	// an agent's correction: filed as billing, really a bug
	{ text: 'the payment page crashes the app', category: 'billing', correctedCategory: 'bug' },
	{ text: '', category: 'billing', correctedCategory: null },
	{ text: 'no label yet', category: '', correctedCategory: null },
];

describe('Training Source: Data Table', () => {
	it("takes the agent's corrected category over the filed one and skips rows without text or category", async () => {
		const examples = await examplesFromTable(fakeStore(tickets), source);
		expect(examples).toHaveLength(9);
		expect(examples.find((example) => example.text === 'the payment page crashes the app')).toEqual({ text: 'the payment page crashes the app', type: 'bug' });
		expect(examples.filter((example) => example.type === 'billing')).toHaveLength(4);
	});

	it('reads an intent column when one is named', async () => {
		const examples = await examplesFromTable(fakeStore([{ text: 'refund please', category: 'billing', intent: 'refund' }], { id: 't1', name: 'intent_training' }), { ...source, correctionColumn: '', intentColumn: 'intent' });
		expect(examples).toEqual([{ text: 'refund please', type: 'billing', intent: 'refund' }]);
	});

	it('names the table or column that is missing', async () => {
		await expect(examplesFromTable(fakeStore(tickets, null), source)).rejects.toThrow('Training Table: no Data Table named "intent_training"');
		await expect(examplesFromTable(fakeStore(tickets), { ...source, textColumn: 'body' })).rejects.toThrow('Text Column: the Data Table "intent_training" has no column "body"');
		await expect(examplesFromTable(fakeStore([{ text: 'x', category: '' }]), source)).rejects.toThrow('has no row with both a text and a category');
	});

	it('classifies through the node with a model learnt from the table, read once per execution through the Data Tables API', async () => {
		const calls: string[] = [];
		const ctx = executeContext({
			items: [{ subject: 'the app crashes when I pay' }, { subject: 'I was charged twice on my invoice' }],
			parameters: {
				trainingSource: 'dataTable',
				trainingTable: 'intent_training',
				trainingTextColumn: 'text',
				trainingCategoryColumn: 'category',
				trainingCorrectionColumn: 'correctedCategory',
				trainingIntentColumn: '',
				outputMode: 'classified',
				threshold: 0,
				rules: {},
				options: {},
				subject: (_: number, item: { json: { subject?: string } }) => item.json.subject,
				body: '',
			},
		});
		ctx.getCredentials.mockResolvedValue({ baseUrl: 'http://n8n.local/', apiKey: 'k' });
		ctx.helpers.httpRequest = jest.fn(async (request: { url: string }) => {
			calls.push(request.url);
			if (request.url.endsWith('/data-tables')) return { data: [{ id: 't1', name: 'intent_training', columns }] };
			return { data: tickets.map((row, index) => ({ id: index + 1, ...row })), nextCursor: null };
		}) as unknown as IExecuteFunctions['helpers']['httpRequest'];
		const [classified] = await new NormalizeIntent().execute.call(ctx);
		expect(classified.map((item) => (item.json.intent as { type: string }).type)).toEqual(['bug', 'billing']);
		expect(calls).toEqual(['http://n8n.local/api/v1/data-tables', 'http://n8n.local/api/v1/data-tables/t1/rows']);
	});

	it('stops with the parameter named when the table does not exist', async () => {
		const ctx = executeContext({
			items: [{ subject: 'hello' }],
			parameters: { trainingSource: 'dataTable', trainingTable: 'missing', outputMode: 'classified', threshold: 0.5, rules: {}, options: {} },
		});
		ctx.getCredentials.mockResolvedValue({ baseUrl: 'http://n8n.local', apiKey: 'k' });
		ctx.helpers.httpRequest = jest.fn(async () => ({ data: [] })) as unknown as IExecuteFunctions['helpers']['httpRequest'];
		await expect(new NormalizeIntent().execute.call(ctx)).rejects.toThrow('Training Table: no Data Table named "missing"');
	});
});
