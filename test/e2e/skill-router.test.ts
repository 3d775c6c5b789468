/**
 * The intake template in real n8n: tickets posted to the intake webhook are classified (Normalize
 * Intent), clocked (SLA Clock) and routed (Skill Router); and a batch routed headless with `n8n execute`.
 *
 * At Tuesday 2026-03-10 10:00Z EMEA (Berlin 11:00) is open, AMER (New York 06:00) and APAC (Sydney
 * 21:00) are closed.
 */
import { executeWorkflow, importCredentials, importWorkflow, loadWorkflow, nodeOutput, startN8n, type N8nServer } from './n8n';
import { INTAKE_CREDENTIAL, INTAKE_HEADERS } from './sla-operation';

const TEMPLATE = 'workflows/intake-route.json';
const NOW = '2026-03-10T10:00:00Z';

const ticket = (id: string, fields: Record<string, unknown> = {}) => ({
	id,
	subject: 'Charged twice',
	body: 'I was charged twice for the same invoice',
	channel: 'email',
	priority: 'normal',
	createdAt: '2026-03-10T09:50:00Z',
	customer: { id: `C-${id}`, tier: 'standard', region: 'emea' },
	now: NOW,
	...fields,
});

describe('Intake template in real n8n: classify, clock and route', () => {
	let n8n: N8nServer;
	/** A call as the helpdesk makes it: with the intake token the template's webhook asks for. */
	const intake = (body: unknown) => n8n.webhook('intake-route', body, { headers: INTAKE_HEADERS });

	beforeAll(async () => {
		await importCredentials([INTAKE_CREDENTIAL]);
		n8n = await startN8n({ publish: [TEMPLATE] });
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('assigns a billing ticket to the billing agent on shift in its home region', async () => {
		const response = await intake(ticket('T-1'));
		expect(response.status).toBe(200);
		expect(response.body.branch).toBe('assigned');
		expect(response.body.intent.type).toBe('billing');
		expect(response.body.sla.policy.name).toBe('Standard');
		expect(response.body.routing.urgencyMs).toBe(response.body.sla.firstResponse.remainingMs);
		expect(response.body.routing.assignee.id).toBe('ana');
		expect(response.body.routing.rule).toBe('Billing');
		expect(response.body.routing.reason).toBe('Assigned to Ana (ana) in emea by best skill match under rule "Billing"');
		expect(response.body.routing.handoffDueAt).toBe('2026-03-10T10:15:00.000Z');
	});

	it('assigns a technical ticket to the technical agent', async () => {
		const response = await intake(ticket('T-2', { subject: 'App crash', body: 'The app crashes when I upload a file' }));
		expect(response.body.intent.type).toBe('technical_issue');
		expect(response.body.branch).toBe('assigned');
		expect(response.body.routing.assignee.id).toBe('jonas');
	});

	it('overflows a Spanish ticket from closed AMER past closed APAC to a Spanish speaker in EMEA', async () => {
		const response = await intake(ticket('T-3', { language: 'es', customer: { tier: 'standard', region: 'amer' } }));
		expect(response.body.branch).toBe('overflowed');
		expect(response.body.routing.assignee.id).toBe('ana');
		expect(response.body.routing.region).toBe('emea');
		expect(response.body.routing.overflow.map((step: any) => [step.region, step.open])).toEqual([['amer', false], ['apac', false]]);
	});

	it('queues a Japanese ticket when no Japanese speaker is on shift, with the next shift start', async () => {
		const response = await intake(ticket('T-4', { language: 'ja', customer: { tier: 'standard', region: 'apac' } }));
		expect(response.body.branch).toBe('queued');
		expect(response.body.routing.queue).toBe('APAC Support');
		// Kenji's next shift: Wednesday 09:00 Sydney (UTC+11).
		expect(response.body.routing.nextEligibleAt).toBe('2026-03-10T22:00:00.000Z');
		expect(response.body.routing.nextEligibleAgent).toBe('kenji');
	});

	it('sends a ticket past its hop limit to Needs Triage', async () => {
		const response = await intake(ticket('T-5', { routing: { assignee: 'ana', declined: ['ana'], hops: 3, tried: ['maria', 'kenji', 'jonas', 'ana'] } }));
		expect(response.body.branch).toBe('triage');
		expect(response.body.routing.queue).toBe('Triage');
		expect(response.body.routing.hops).toBe(4);
	});

	it('refuses a call without the intake token, or with a wrong one (SLA Intake Token credential)', async () => {
		const without = await n8n.webhook('intake-route', ticket('T-8'));
		expect(without.status).toBe(403);
		const wrong = await n8n.webhook('intake-route', ticket('T-8'), { headers: { 'X-SLA-Token': 'not-the-token' } });
		expect(wrong.status).toBe(403);
	});

	it('answers 422 when the ticket cannot be clocked, and keeps serving', async () => {
		const response = await intake(ticket('T-6', { createdAt: 'yesterday' }));
		expect(response.status).toBe(422);
		expect(response.body.error).toMatch(/createdAt|Created At/);
		const next = await intake(ticket('T-7'));
		expect(next.body.branch).toBe('assigned');
	});
});

describe('Skill Router run headless with n8n execute', () => {
	it('routes a batch most urgent first and consumes capacity as it assigns', async () => {
		const template = loadWorkflow(TEMPLATE) as any;
		const router = template.nodes.find((node: any) => node.name === 'Skill Router');
		const remaining = [50, 5, 40, 10, 30, 20];
		const tickets = remaining.map((minutes, i) => ({
			...ticket(`B-${i}`),
			intent: { type: 'billing', language: { code: 'en' } },
			sla: { state: 'running', firstResponse: { remainingMs: minutes * 60_000, state: 'running' } },
		}));
		const workflow = {
			id: 'skillRouterBatch',
			name: 'Skill Router headless batch',
			nodes: [
				{ parameters: {}, id: 'b1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
				{ parameters: { jsCode: `return ${JSON.stringify(tickets)}.map(json => ({ json }));` }, id: 'b2', name: 'Tickets', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0] },
				{ ...router, id: 'b3', onError: undefined, position: [400, 0] },
			],
			connections: {
				Start: { main: [[{ node: 'Tickets', type: 'main', index: 0 }]] },
				Tickets: { main: [[{ node: 'Skill Router', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		await importWorkflow(workflow);
		const execution = await executeWorkflow('skillRouterBatch');
		expect(execution.status).toBe('success');
		// Ana has 3 free slots (load 1 of 4): the three most urgent tickets (5, 10, 20 minutes left) get them.
		const assigned = nodeOutput(execution, 'Skill Router', 0);
		expect(assigned.map((t) => [t.id, t.routing.assignee.id, t.routing.batchRank])).toEqual([
			['B-1', 'ana', 1],
			['B-3', 'ana', 2],
			['B-5', 'ana', 3],
		]);
		const queued = nodeOutput(execution, 'Skill Router', 2);
		expect(queued.map((t) => t.id)).toEqual(['B-0', 'B-2', 'B-4']);
		// Maria (billing, English) starts at 09:00 New York, before Ana's next shift.
		expect(queued.every((t) => t.routing.nextEligibleAt === '2026-03-10T13:00:00.000Z' && t.routing.queue === 'EMEA Support')).toBe(true);
	});
});
