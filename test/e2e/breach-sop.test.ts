/**
 * The breach SOP template in real n8n: a breached ticket handed over by the SLA sweep (a workflow that
 * calls the template with n8n's Execute Workflow node, as a sweep does) is identified, assessed,
 * notified to the client through n8n's Send Email node and a local SMTP server, posted to a local
 * Slack incoming webhook, planned, reviewed and checked.
 */
import { executeWorkflow, importCredentials, importWorkflow, loadWorkflow, nodeOutput, runCli } from './n8n';
import { startSlackServer, type SlackServer } from '../support/slack-server';
import { startSmtpServer, type SmtpServer } from '../support/smtp-server';

const TEMPLATE = 'workflows/breach-sop.json';
const SMTP_CREDENTIAL = { id: 'slaSmtpE2eCred01', name: 'SMTP (e2e)' };
const MIN = 60_000;

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, any>;
	credentials?: Record<string, unknown>;
}

/** The ticket as the sweep hands it over: an urgent enterprise ticket whose first response is 90 minutes late. */
function breachedTicket(id: string, now: number) {
	const created = new Date(now - 150 * MIN).toISOString();
	return {
		id,
		source: 'helpdesk',
		subject: 'Invoices are charged <twice> & nobody answers',
		channel: 'email',
		language: 'de',
		priority: 'urgent',
		status: 'open',
		createdAt: created,
		customer: { id: 'C-7', name: 'Acme GmbH', contactName: 'Dana Fischer', email: 'dana.fischer@acme.example', tier: 'enterprise', timezone: 'Europe/Berlin' },
		contract: { type: 'Premium Support', requirements: ['Written root-cause report within 5 business days'] },
		intent: { type: 'billing' },
		events: [{ type: 'status', status: 'open', at: created }],
	};
}

function sweepCaller(ticket: Record<string, unknown>, templateId: string) {
	return {
		id: 'slaBreachSopCall',
		name: 'SLA sweep hands a breached ticket to the SOP (e2e)',
		nodes: [
			{ parameters: {}, id: 'b5e0c0de-0e2e-4c1e-9a10-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 300] },
			{
				parameters: { mode: 'raw', jsonOutput: JSON.stringify(ticket), options: {} },
				id: 'b5e0c0de-0e2e-4c1e-9a10-000000000002',
				name: 'Breached Ticket from Sweep',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 300],
			},
			{
				parameters: { source: 'database', workflowId: { __rl: true, value: templateId, mode: 'id' }, mode: 'once', options: { waitForSubWorkflow: true } },
				id: 'b5e0c0de-0e2e-4c1e-9a10-000000000003',
				name: 'Run Breach SOP',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [440, 300],
			},
		],
		connections: {
			Start: { main: [[{ node: 'Breached Ticket from Sweep', type: 'main', index: 0 }]] },
			'Breached Ticket from Sweep': { main: [[{ node: 'Run Breach SOP', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

describe('Breach SOP template in real n8n', () => {
	let slack: SlackServer;
	let smtp: SmtpServer;

	beforeAll(async () => {
		slack = await startSlackServer();
		smtp = await startSmtpServer({ user: 'sla-e2e', password: 'smtp-secret' });
		await importCredentials([
			{ ...SMTP_CREDENTIAL, type: 'smtp', data: { user: 'sla-e2e', password: 'smtp-secret', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
		]);
	});

	afterAll(async () => {
		await smtp?.stop();
		await slack?.stop();
	});

	it('takes a breached ticket from the sweep through the whole procedure: client notice by email, incident in Slack, review written', async () => {
		const template = loadWorkflow(TEMPLATE) as { id: string; nodes: WorkflowNode[] };
		const configuration = template.nodes.find((node) => node.name === 'Configuration')!;
		for (const assignment of configuration.parameters.assignments.assignments) {
			if (assignment.name === 'sopConfig.slackWebhookUrl') assignment.value = slack.webhookUrl;
			if (assignment.name === 'sopConfig.noticeFrom') assignment.value = 'Acme Support <support@acme-saas.example>';
		}
		template.nodes.find((node) => node.name === 'Send Client Notice')!.credentials = { smtp: SMTP_CREDENTIAL };
		const templateId = await importWorkflow(template);
		// n8n 2 runs the published version of a sub-workflow, as a sweep calling the template would.
		const published = await runCli(['publish:workflow', `--id=${templateId}`]);
		expect(published.code).toBe(0);

		const now = Date.now();
		const callerId = await importWorkflow(sweepCaller(breachedTicket('E2E-BREACH-1', now), templateId));
		const execution = await executeWorkflow(callerId);
		expect(execution.error).toBeUndefined();

		// Communicate: one client notice, in German, to the customer's contact, text and escaped HTML.
		const [mail] = await smtp.waitForMessages(1);
		expect(smtp.messages).toHaveLength(1);
		expect(mail.to).toEqual(['dana.fischer@acme.example']);
		expect(mail.from).toBe('support@acme-saas.example');
		expect(mail.subject).toBe('Dringende Information zu Ihrer Anfrage E2E-BREACH-1');
		expect(mail.text).toMatch(/^Guten Tag Dana Fischer,\n\nWir entschuldigen uns ausdrücklich: unsere erste Antwort auf Ihre Anfrage hat die zugesagte Frist von 1 Stunde überschritten\./);
		expect(mail.text).toContain('Was wir tun: Ihre Anfrage wurde an unser Incident-Team eskaliert');
		expect(mail.text).toMatch(/Spätestens am \w+, \d+\. \w+ um \d{2}:\d{2} (MEZ|MESZ) erhalten Sie die nächste Nachricht/);
		expect(mail.text?.endsWith('Acme Support')).toBe(true);
		expect(mail.html).toContain('<p>Guten Tag Dana Fischer,</p>');

		// The incident reached Slack's incoming webhook once, with severity, client notice and plan.
		const posts = slack.calls.filter((call) => call.method === 'webhook');
		expect(posts).toHaveLength(1);
		const text = posts[0].body.text as string;
		expect(text).toMatch(/^:rotating_light: CRITICAL SLA breach on ticket E2E-BREACH-1 \(Acme GmbH\): Invoices are charged <twice> & nobody answers\n/);
		expect(text).toContain('First response breached since');
		expect(text).toMatch(/Client notified: yes, \S+ \(de\)/);
		expect(text).toContain("• A1 Meet the customer's requirement: Written root-cause report within 5 business days (Account manager, due");
		expect(text.endsWith('https://helpdesk.example.com/tickets/E2E-BREACH-1')).toBe(true);

		// The sub-workflow's last step hands back the ticket with its incident record.
		const [result] = nodeOutput(execution, 'Run Breach SOP');
		const incident = result.incident;
		expect(incident.identification).toMatchObject({ isBreach: true, metric: 'firstResponse', policy: { name: 'Urgent' } });
		expect(incident.identification.overrunMinutes).toBeGreaterThanOrEqual(89);
		expect(incident.severity.level).toBe('critical');
		expect(incident.notice.sentAt).toEqual(expect.any(String));
		expect(Date.parse(incident.notice.sentAt)).toBeLessThanOrEqual(Date.parse(incident.notice.dueAt));
		expect(incident.plan.actions.length).toBeGreaterThan(3);
		expect(incident.steps.map((step: { step: string }) => step.step)).toEqual(['identify', 'assess', 'correct', 'communicate', 'review', 'checklist']);

		// Review: the Markdown document, with the notice in its timeline and who it is shared with.
		const markdown = incident.review.markdown as string;
		expect(markdown.startsWith('# Post-incident review: SLA breach on ticket E2E-BREACH-1\n')).toBe(true);
		expect(markdown).toContain('| Severity | **critical** |');
		expect(markdown).toMatch(/\| Client notice sent to dana.fischer@acme.example \| — \| sop \|/);
		expect(markdown).toContain('## Shared with\n\n- #support-team\n- Support leads');
		expect(markdown).toContain('| Ticket | E2E-BREACH-1 — Invoices are charged &lt;twice&gt; & nobody answers |');

		// Checklist: the first steps are done; what needs time (measures, root cause, resolution) is open.
		const checklist = incident.checklist;
		expect(checklist.complete).toBe(false);
		expect(checklist.flags).toEqual([]);
		expect(Object.fromEntries(checklist.items.map((item: { key: string; state: string }) => [item.key, item.state]))).toEqual({
			identified: 'done',
			categorised: 'done',
			clientNotified: 'done',
			measuresDeployed: 'open',
			documented: 'done',
			rootCauseAnalysed: 'open',
			resolutionReviewed: 'open',
			improvementsShared: 'done',
		});

		// The next sweep hands over the same ticket with its incident record: no second notice, no second post.
		const againId = await importWorkflow({ ...sweepCaller(result, templateId), id: 'slaBreachSopCal2' });
		const again = await executeWorkflow(againId);
		expect(again.error).toBeUndefined();
		const [second] = nodeOutput(again, 'Run Breach SOP');
		expect(second.incident.notice).toEqual(incident.notice);
		expect(second.incident.plan).toEqual(incident.plan);
		expect(smtp.messages).toHaveLength(1);
		expect(slack.calls.filter((call) => call.method === 'webhook')).toHaveLength(1);
	});

	it('runs the drill from the editor: the sample ticket is breached and gets its notice', async () => {
		// The CLI starts a workflow at its Execute Workflow Trigger; without it, it starts at "Run Drill Now" as the editor does.
		const template = loadWorkflow(TEMPLATE) as { id: string; name: string; nodes: WorkflowNode[]; connections: Record<string, unknown> };
		template.id = 'slaBreachSopDril';
		template.name = 'SLA breach SOP drill (e2e)';
		template.nodes = template.nodes.filter((node) => node.name !== 'From SLA Sweep');
		delete template.connections['From SLA Sweep'];
		for (const assignment of template.nodes.find((node) => node.name === 'Configuration')!.parameters.assignments.assignments) {
			if (assignment.name === 'sopConfig.slackWebhookUrl') assignment.value = slack.webhookUrl;
		}
		template.nodes.find((node) => node.name === 'Send Client Notice')!.credentials = { smtp: SMTP_CREDENTIAL };
		smtp.reset();
		slack.reset();
		const execution = await executeWorkflow(await importWorkflow(template));
		expect(execution.error).toBeUndefined();
		const [mail] = await smtp.waitForMessages(1);
		expect(mail.to).toEqual(['dana.fischer@acme.example']);
		expect(mail.subject).toMatch(/^Dringende Information zu Ihrer Anfrage DRILL-\d{12}$/);
		expect(slack.calls.filter((call) => call.method === 'webhook')).toHaveLength(1);
		const [open] = nodeOutput(execution, 'Check SOP', 1);
		expect(open.incident.severity.level).toBe('critical');
		expect(execution.runData['Not Breached Now']).toBeUndefined();
	});
});
