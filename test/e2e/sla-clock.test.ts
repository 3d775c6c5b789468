/**
 * The SLA Clock template in real n8n: imported, published, and called through its webhook; and the same
 * node run headless with `n8n execute`.
 */
import { executeWorkflow, importCredentials, importWorkflow, loadWorkflow, nodeOutput, startN8n, type N8nServer } from './n8n';
import { INTAKE_CREDENTIAL, INTAKE_HEADERS } from './sla-operation';

const TEMPLATE = 'workflows/sla-clock-webhook.json';

const enterprise = (createdAt: string, extra: Record<string, unknown> = {}) => ({
	id: `T-${Math.random().toString(36).slice(2, 8)}`,
	priority: 'normal',
	channel: 'email',
	customer: { id: 'C-1', tier: 'enterprise' },
	createdAt,
	events: [{ type: 'status', status: 'open', at: createdAt }],
	...extra,
});

describe('SLA Clock template in real n8n', () => {
	let n8n: N8nServer;
	/** A call with the intake token the template's webhook asks for. */
	const clock = (body: unknown) => n8n.webhook('sla-clock', body, { headers: INTAKE_HEADERS });

	beforeAll(async () => {
		await importCredentials([INTAKE_CREDENTIAL]);
		n8n = await startN8n({ publish: [TEMPLATE] });
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('answers a ticket that is on track with its first-response clock running', async () => {
		const response = await clock(enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T10:30:00+01:00' }));
		expect(response.status).toBe(200);
		expect(response.body.branch).toBe('on_track');
		expect(response.body.sla.policy.name).toBe('Enterprise');
		expect(response.body.sla.firstResponse.state).toBe('running');
		expect(response.body.sla.firstResponse.elapsedMs).toBe(30 * 60_000);
		expect(response.body.sla.firstResponse.remainingMs).toBe(90 * 60_000);
		expect(Date.parse(response.body.sla.firstResponse.dueAt)).toBe(Date.parse('2026-03-10T12:00:00+01:00'));
	});

	it('sends a ticket past the at-risk threshold to At Risk', async () => {
		const response = await clock(enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T11:40:00+01:00' }));
		expect(response.body.branch).toBe('at_risk');
		expect(response.body.sla.firstResponse.state).toBe('at_risk');
		expect(response.body.sla.firstResponse.percentUsed).toBeCloseTo(83.33, 1);
	});

	it('sends a ticket past its due time to Breached with the instant it breached', async () => {
		const response = await clock(enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T12:30:00+01:00' }));
		expect(response.body.branch).toBe('breached');
		expect(response.body.sla.state).toBe('breached');
		expect(Date.parse(response.body.sla.firstResponse.breachedAt)).toBe(Date.parse('2026-03-10T12:00:00+01:00'));
	});

	it('sends a ticket waiting on the customer to Paused', async () => {
		const ticket = enterprise('2026-03-10T10:00:00+01:00', {
			customer: { id: 'C-2', tier: 'pro' },
			now: '2026-03-10T15:00:00+01:00',
			events: [
				{ type: 'status', status: 'open', at: '2026-03-10T10:00:00+01:00' },
				{ type: 'agent_reply', at: '2026-03-10T10:20:00+01:00', actor: 'agent-7' },
				{ type: 'status', status: 'pending', at: '2026-03-10T10:21:00+01:00' },
			],
		});
		const response = await clock(ticket);
		expect(response.body.branch).toBe('paused');
		expect(response.body.sla.firstResponse.state).toBe('met');
		expect(response.body.sla.resolution.state).toBe('paused');
		expect(response.body.sla.resolution.elapsedMs).toBe(21 * 60_000);
	});

	it('does not count Good Friday and Easter Monday (German public holidays)', async () => {
		const response = await clock(enterprise('2026-04-02T16:00:00+02:00', { now: '2026-04-06T12:00:00+02:00' }));
		expect(response.body.branch).toBe('on_track');
		expect(response.body.sla.firstResponse.elapsedMs).toBe(60 * 60_000);
		expect(Date.parse(response.body.sla.firstResponse.dueAt)).toBe(Date.parse('2026-04-07T10:00:00+02:00'));
	});

	it('counts business hours correctly across the spring daylight-saving change', async () => {
		const ticket = enterprise('2026-03-27T16:30:00+01:00', { customer: { id: 'C-3', tier: 'pro' }, now: '2026-03-30T10:00:00+02:00' });
		const response = await clock(ticket);
		expect(response.body.sla.policy.name).toBe('Standard');
		expect(response.body.sla.firstResponse.elapsedMs).toBe(90 * 60_000);
		expect(Date.parse(response.body.sla.firstResponse.dueAt)).toBe(Date.parse('2026-03-30T16:30:00+02:00'));
	});

	it('refuses a call without the intake token, or with a wrong one (SLA Intake Token credential)', async () => {
		const without = await n8n.webhook('sla-clock', enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T10:30:00+01:00' }));
		expect(without.status).toBe(403);
		const wrong = await n8n.webhook('sla-clock', enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T10:30:00+01:00' }), { headers: { 'X-SLA-Token': 'not-the-token' } });
		expect(wrong.status).toBe(403);
	});

	it('answers 422 naming the field when createdAt cannot be read, and keeps serving', async () => {
		const response = await clock(enterprise('not a date', { now: '2026-03-10T10:30:00+01:00' }));
		expect(response.status).toBe(422);
		expect(response.body.error).toMatch(/createdAt/);
		const next = await clock(enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T10:30:00+01:00' }));
		expect(next.status).toBe(200);
	});
});

describe('SLA Clock run headless with n8n execute', () => {
	it('routes a batch of tickets to one output per state', async () => {
		const template = loadWorkflow(TEMPLATE) as any;
		const slaClock = template.nodes.find((node: any) => node.name === 'SLA Clock');
		const tickets = [
			enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T10:30:00+01:00' }),
			enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T11:40:00+01:00' }),
			enterprise('2026-03-10T10:00:00+01:00', { now: '2026-03-10T12:30:00+01:00' }),
		];
		const workflow = {
			id: 'slaClockHeadless',
			name: 'SLA Clock headless',
			nodes: [
				{ parameters: {}, id: 'h1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
				{
					parameters: { jsCode: `return ${JSON.stringify(tickets)}.map(json => ({ json }));` },
					id: 'h2', name: 'Tickets', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0],
				},
				{ ...slaClock, id: 'h3', onError: undefined, position: [400, 0] },
			],
			connections: {
				Start: { main: [[{ node: 'Tickets', type: 'main', index: 0 }]] },
				Tickets: { main: [[{ node: 'SLA Clock', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		await importWorkflow(workflow);
		const execution = await executeWorkflow('slaClockHeadless');
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'SLA Clock', 0).map((t) => t.sla.state)).toEqual(['running']);
		expect(nodeOutput(execution, 'SLA Clock', 1).map((t) => t.sla.state)).toEqual(['at_risk']);
		expect(nodeOutput(execution, 'SLA Clock', 2).map((t) => t.sla.state)).toEqual(['breached']);
		expect(nodeOutput(execution, 'SLA Clock', 3)).toEqual([]);
	});
});
