/**
 * The intake template in real n8n: tickets posted to its webhook are classified by Normalize Intent;
 * confident ones take the Classified branch to a team queue, unclear ones the Unclassified branch to triage.
 */
import { executeWorkflow, importCredentials, importWorkflow, nodeOutput, startN8n, type N8nServer } from './n8n';
import { INTAKE_CREDENTIAL, INTAKE_HEADERS } from './sla-operation';

jest.setTimeout(300_000);

const TEMPLATE = 'workflows/intake-classify.json';

describe('Normalize Intent intake template in real n8n', () => {
	let n8n: N8nServer;
	/** A call as the helpdesk makes it: with the intake token the template's webhook asks for. */
	const intake = (body: unknown) => n8n.webhook('intake-classify', body, { headers: INTAKE_HEADERS });

	beforeAll(async () => {
		await importCredentials([INTAKE_CREDENTIAL]);
		n8n = await startN8n({ publish: [TEMPLATE] });
		// n8n answers its REST API a moment before published webhooks are registered.
		const deadline = Date.now() + 60_000;
		while ((await intake({ id: 'warm-up', subject: '', body: '' })).status === 404 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('routes a clear billing ticket down the Classified branch with language, entities, PII and customer', async () => {
		const response = await intake({
			id: 'T-100',
			subject: 'Charged twice for my subscription',
			body: '<p>Hello, you charged my card 4111 1111 1111 1111 twice, $49.99 each time, for invoice INV-2041.</p><p>On Mon, 4 May 2026 Support wrote:</p><blockquote>How can we help?</blockquote>',
			customer: { email: 'Ana@Example.com' },
			createdAt: '2026-05-04T09:00:00Z',
		});
		expect(response.status).toBe(200);
		expect(response.body.branch).toBe('classified');
		expect(response.body.queue).toBe('billing');
		const intent = response.body.intent;
		expect(intent.type).toBe('billing');
		expect(intent.confidence).toBeGreaterThanOrEqual(0.5);
		expect(intent.language.code).toBe('en');
		expect(intent.entities.invoiceNumbers.map((e: { value: string }) => e.value)).toEqual(['INV-2041']);
		expect(intent.entities.amounts[0]).toMatchObject({ amount: 49.99, currency: 'USD' });
		expect(intent.pii.map((p: { type: string }) => p.type)).toContain('card');
		expect(intent.redactedText).toContain('[CARD]');
		expect(intent.redactedText).not.toContain('How can we help');
		expect(intent.customer.status).toBe('known');
		expect(response.body.customer).toMatchObject({ id: 'cus_1001', tier: 'enterprise', timezone: 'Europe/Madrid', plan: 'Enterprise Plan' });
	});

	it('applies the keyword rule before the classifier', async () => {
		const response = await intake({ id: 'T-101', subject: 'Chargeback notice', body: 'My bank opened a chargeback.' });
		expect(response.body.branch).toBe('classified');
		expect(response.body.intent).toMatchObject({ type: 'billing', decidedBy: 'rule', confidence: 1 });
		expect(response.body.intent.matchedRule).toMatch(/^chargeback$/i);
	});

	it('routes an off-topic ticket down the Unclassified branch to triage with its top candidates', async () => {
		const response = await intake({ id: 'T-102', subject: 'Quick one', body: 'Tell me a joke about cats' });
		expect(response.status).toBe(200);
		expect(response.body.branch).toBe('unclassified');
		expect(response.body.queue).toBe('triage');
		expect(response.body.intent.classified).toBe(false);
		expect(response.body.intent.candidates.length).toBeGreaterThan(0);
		expect(response.body.triageReason).toMatch(/^(Low confidence|Unlike any category): /);
	});

	it('sends a ticket without any text to triage instead of guessing', async () => {
		const response = await intake({ id: 'T-103', subject: '', body: '' });
		expect(response.body.branch).toBe('unclassified');
		expect(response.body.intent.decidedBy).toBe('no_text');
		expect(response.body.triageReason).toBe('No text to classify');
	});

	it('flags a repeat from the same customer as a probable duplicate to merge', async () => {
		const response = await intake({
			id: 'T-104',
			subject: 'Where is my order?',
			body: 'My package has not arrived yet, order 55821.',
			customer: { email: 'bob@example.org' },
			createdAt: '2026-05-04T12:00:00Z',
			recentTickets: [{ id: 'T-090', customer: 'cus_1002', type: 'shipping', createdAt: '2026-05-04T08:00:00Z' }],
		});
		expect(response.body.branch).toBe('classified');
		expect(response.body.intent.type).toBe('shipping');
		expect(response.body.intent.duplicate).toMatchObject({ isDuplicate: true, of: 'T-090' });
		expect(response.body.queue).toBe('merge');
	});

	it('refuses a call without the intake token, or with a wrong one (SLA Intake Token credential)', async () => {
		const without = await n8n.webhook('intake-classify', { id: 'T-106', subject: 'Charged twice', body: 'Please refund' });
		expect(without.status).toBe(403);
		const wrong = await n8n.webhook('intake-classify', { id: 'T-106', subject: 'Charged twice', body: 'Please refund' }, { headers: { 'X-SLA-Token': 'not-the-token' } });
		expect(wrong.status).toBe(403);
	});

	it('answers 400 naming the field when the body is not text', async () => {
		const response = await intake({ id: 'T-105', subject: 'Hi', body: { html: '<p>x</p>' } });
		expect(response.status).toBe(400);
		expect(response.body.branch).toBe('error');
		expect(response.body.error).toMatch(/body/);
	});
});

describe('Normalize Intent with Use Sentence Encoder in real n8n (n8n execute)', () => {
	const tickets = [
		{ id: 'S-1', subject: 'The delivery driver lost my box' },
		{ id: 'S-2', subject: 'I was charged twice for one order' },
	];
	const categories = {
		category: [
			{ name: 'delivery', examples: 'my parcel has not arrived\nwhere is my package\nthe courier never came\ntracking shows no movement\nthe order is late', keywords: '', patterns: '' },
			{ name: 'billing', examples: 'I was charged twice\nrefund my payment\nthe invoice amount is wrong\nmy card was billed again\nwhy is the price higher', keywords: '', patterns: '' },
		],
	};
	const workflow = {
		id: 'sentenceEncoderE2e1',
		name: 'Normalize Intent with the sentence encoder',
		nodes: [
			{ parameters: {}, id: 'se-1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			{ parameters: { jsCode: `return ${JSON.stringify(tickets)}.map((json) => ({ json }));` }, id: 'se-2', name: 'Tickets', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0] },
			{
				parameters: { trainingSource: 'categories', categories, options: { sentenceEncoder: true } },
				id: 'se-3',
				name: 'Normalize Intent',
				type: 'n8n-nodes-sla-orchestrator.normalizeIntent',
				typeVersion: 1,
				position: [440, 0],
			},
		],
		connections: {
			Start: { main: [[{ node: 'Tickets', type: 'main', index: 0 }]] },
			Tickets: { main: [[{ node: 'Normalize Intent', type: 'main', index: 0 }]] },
		},
		settings: {},
	};

	it('loads the bundled encoder inside n8n and classifies with both models', async () => {
		const execution = await executeWorkflow(await importWorkflow(workflow));
		expect(execution.error).toBeUndefined();
		const classified = nodeOutput(execution, 'Normalize Intent', 0);
		expect(classified.map((item) => [item.id, item.intent.type])).toEqual([
			['S-1', 'delivery'],
			['S-2', 'billing'],
		]);
		expect(classified.every((item) => item.intent.decidedBy === 'classifier')).toBe(true);
	});
});
