/**
 * The breach SOP template in real n8n, as the running system uses it: the SLA sweep hands it a stored
 * breached ticket (a caller workflow with the sweep's own Execute Workflow node, mode "each"), and it
 * identifies, assesses, notifies the client through n8n's Send Email node and a local SMTP server,
 * plans, posts the incident once to a local Slack through Escalate's Post Alert, reviews and checks,
 * and hands the ticket back with its incident. Drill tickets go the whole way without emailing
 * anyone; the editor's drill clocks a sample drill ticket with the policy set from the SLA store.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { ticketKey } from '../../engine/intake';
import { compilePolicySet, computeSla } from '../../engine/sla';
import { executeWorkflow, importCredentials, importWorkflow, loadWorkflow, nodeOutput, ROOT, useOwnDatabase } from './n8n';
import { startSlaOperation, type SlaOperation } from './sla-operation';
import { startSmtpServer, type SmtpServer } from '../support/smtp-server';
import type { SlackCall } from '../support/slack-server';

const TEMPLATE = 'workflows/breach-sop.json';
const SMTP_CREDENTIAL = { id: 'slaSmtpE2eCred01', name: 'SMTP (e2e)' };
const MIN = 60_000;

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, any>;
	credentials?: Record<string, unknown>;
}

interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
}

/** The policy set SLA Setup seeds into the store, which the sweep clocks tickets with. */
function seededPolicySet(): unknown {
	const setup = JSON.parse(readFileSync(join(ROOT, 'workflows', 'sla-setup.json'), 'utf8')) as Workflow;
	const seed = setup.nodes.find((node) => node.parameters.operation === 'setUp')!.parameters.seed as string;
	return JSON.parse(seed).policySet;
}

/**
 * The ticket as the sweep hands it over: a stored urgent enterprise ticket whose first response is 90
 * minutes late, clocked by the sweep (its `sla`), without the sweep's configuration.
 */
function breachedTicket(id: string, now: number, extra: Record<string, unknown> = {}) {
	const created = new Date(now - 150 * MIN).toISOString();
	const key = ticketKey('helpdesk', id);
	const ticket = {
		key,
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
		events: [{ id: `${id}:created`, type: 'status', status: 'open', at: created }],
		tags: [],
		intake: { fieldAt: {}, lastEventAt: created },
		store: { key, version: 4, leaseUntil: null },
		...extra,
	};
	return { ...ticket, sla: computeSla(ticket, compilePolicySet(seededPolicySet()), now) };
}

/** A workflow that hands tickets to the SOP with the same Execute Workflow node the SLA sweep has. */
function sweepCaller(id: string, tickets: Array<Record<string, unknown>>, templateId: string) {
	const sweep = loadWorkflow('workflows/sla-sweep.json') as unknown as Workflow;
	const runBreachSop = sweep.nodes.find((node) => node.name === 'Run Breach SOP')!;
	return {
		id,
		name: `SLA sweep hands breached tickets to the SOP (e2e ${id})`,
		nodes: [
			{ parameters: {}, id: 'b5e0c0de-0e2e-4c1e-9a10-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 300] },
			{
				parameters: { jsCode: `return ${JSON.stringify(tickets)}.map((json) => ({ json }));` },
				id: 'b5e0c0de-0e2e-4c1e-9a10-000000000002',
				name: 'Breached Tickets from Sweep',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 300],
			},
			{ ...runBreachSop, parameters: { ...runBreachSop.parameters, workflowId: { __rl: true, value: templateId, mode: 'id' } }, position: [440, 300] },
		],
		connections: {
			Start: { main: [[{ node: 'Breached Tickets from Sweep', type: 'main', index: 0 }]] },
			'Breached Tickets from Sweep': { main: [[{ node: 'Run Breach SOP', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

const incidentPosts = (calls: SlackCall[]) => calls.filter((call) => call.method === 'chat.postMessage' && call.response?.ok && String(call.body.text).includes('SLA breach on ticket'));
/** The text of every section field of a Slack message (the alert's details). */
const fieldsOf = (call: SlackCall): string[] => (call.body.blocks as Array<{ fields?: Array<{ text: string }> }>).flatMap((block) => (block.fields ?? []).map((field) => field.text));
const buttonOf = (call: SlackCall) => (call.body.blocks as Array<{ type: string; elements?: Array<{ url?: string; text?: { text: string } }> }>).find((block) => block.type === 'actions')?.elements?.[0];

describe('Breach SOP template in real n8n', () => {
	let operation: SlaOperation;
	let smtp: SmtpServer;
	let templateId: string;

	beforeAll(async () => {
		smtp = await startSmtpServer({ user: 'sla-e2e', password: 'smtp-secret' });
		useOwnDatabase('breach-sop');
		await importCredentials([
			{ ...SMTP_CREDENTIAL, type: 'smtp', data: { user: 'sla-e2e', password: 'smtp-secret', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
		]);
		// The running system: the store set up and seeded, the SLA Slack credential on the local Slack.
		operation = await startSlaOperation('breach-sop');
		// This test plays the sweep itself: the scheduled one stays off, so only the tickets given here reach the SOP.
		await operation.n8n.rest('POST', '/workflows/slaSweep00000001/deactivate');
		const template = loadWorkflow(TEMPLATE) as unknown as Workflow;
		const send = template.nodes.find((node) => node.name === 'Send Client Notice')!;
		send.credentials = { smtp: SMTP_CREDENTIAL };
		send.parameters.fromEmail = 'Acme Support <support@acme-saas.example>';
		templateId = await importWorkflow(template as unknown as { id: string });
		// n8n 2 runs the published version of a sub-workflow, as the sweep calling the template does.
		// Published through the running server: a CLI publish beside it is not picked up by n8n 2.41,
		// which went on running the version the operation had published before this import.
		await operation.n8n.publish(templateId);
	});

	afterAll(async () => {
		await operation?.stop();
		await smtp?.stop();
	});

	it('takes a breached ticket from the sweep through the whole procedure: client notice by email, incident in Slack, review written, ticket handed back', async () => {
		operation.slack.reset();
		smtp.reset();
		const now = Date.now();
		const ticket = breachedTicket('E2E-BREACH-1', now);
		expect(ticket.sla).toMatchObject({ state: 'breached', policy: { name: 'Urgent' } });
		const execution = await executeWorkflow(await importWorkflow(sweepCaller('slaBreachSopCall', [ticket], templateId)));
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

		// The incident reached Slack once (SLA Slack credential, Post Alert), with severity, client notice and plan.
		const posts = incidentPosts(operation.slack.calls);
		expect(posts).toHaveLength(1);
		expect(posts[0].body.channel).toBe('#support-escalations');
		const text = posts[0].body.text as string;
		// Post Alert shows the ticket's text as typed: Slack's control characters are escaped, so it pings no one.
		expect(text).toMatch(/^:rotating_light: CRITICAL SLA breach on ticket E2E-BREACH-1 \(Acme GmbH\): Invoices are charged &lt;twice&gt; &amp; nobody answers\n/);
		expect(text).toContain('First response breached since');
		const fields = fieldsOf(posts[0]);
		expect(fields).toContainEqual('*Customer*\nAcme GmbH (enterprise)');
		expect(fields.find((field) => field.startsWith('*Client notified*'))).toMatch(/^\*Client notified\*\nyes, \S+ \(de\)$/);
		expect(fields.find((field) => field.startsWith('*Corrective actions*'))).toContain("• A1 Meet the customer's requirement: Written root-cause report within 5 business days (Account manager, due");
		expect(buttonOf(posts[0])).toMatchObject({ url: 'https://helpdesk.example.com/tickets/E2E-BREACH-1', text: { text: 'Open Ticket' } });

		// The sub-workflow's last step hands back the stored ticket with its incident record, for the sweep to save.
		const [result] = nodeOutput(execution, 'Run Breach SOP');
		expect(result).toMatchObject({ key: 'helpdesk:E2E-BREACH-1', store: { key: 'helpdesk:E2E-BREACH-1' }, sla: { state: 'breached' } });
		const incident = result.incident;
		expect(incident.identification).toMatchObject({ isBreach: true, metric: 'firstResponse', policy: { name: 'Urgent' } });
		expect(incident.identification.overrunMinutes).toBeGreaterThanOrEqual(89);
		expect(incident.severity.level).toBe('critical');
		expect(incident.notice.sentAt).toEqual(expect.any(String));
		expect(Date.parse(incident.notice.sentAt)).toBeLessThanOrEqual(Date.parse(incident.notice.dueAt));
		expect(incident.plan.actions.length).toBeGreaterThan(3);
		expect(incident.steps.map((step: { step: string }) => step.step)).toEqual(['identify', 'assess', 'communicate', 'correct', 'review', 'checklist']);

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
		const again = await executeWorkflow(await importWorkflow(sweepCaller('slaBreachSopCal2', [result], templateId)));
		expect(again.error).toBeUndefined();
		const [second] = nodeOutput(again, 'Run Breach SOP');
		expect(second.incident.notice).toEqual(incident.notice);
		expect(second.incident.plan).toEqual(incident.plan);
		expect(smtp.messages).toHaveLength(1);
		expect(incidentPosts(operation.slack.calls)).toHaveLength(1);
	});

	it('takes a drill ticket the whole way without emailing the client: the incident goes to #support-drills marked [drill]', async () => {
		operation.slack.reset();
		smtp.reset();
		const ticket = breachedTicket('E2E-DRILL-1', Date.now(), { source: 'drill', key: ticketKey('drill', 'E2E-DRILL-1'), drill: true });
		const real = breachedTicket('E2E-BREACH-2', Date.now());
		const execution = await executeWorkflow(await importWorkflow(sweepCaller('slaBreachSopCal3', [ticket, real], templateId)));
		expect(execution.error).toBeUndefined();
		const [drill, other] = nodeOutput(execution, 'Run Breach SOP');

		// The drill ticket: assessed and planned, its notice drafted but not sent; the real one beside it is emailed.
		expect(drill).toMatchObject({ id: 'E2E-DRILL-1', drill: true, incident: { severity: { level: 'critical' }, notice: { subject: 'Dringende Information zu Ihrer Anfrage E2E-DRILL-1' } } });
		expect(drill.incident.notice.sentAt ?? null).toBeNull();
		expect(drill.incident.steps.map((step: { step: string }) => step.step)).toEqual(['identify', 'assess', 'communicate', 'correct', 'review', 'checklist']);
		expect(other.incident.notice.sentAt).toEqual(expect.any(String));
		await smtp.waitForMessages(1);
		expect(smtp.messages.map((mail) => mail.subject)).toEqual(['Dringende Information zu Ihrer Anfrage E2E-BREACH-2']);

		const posts = incidentPosts(operation.slack.calls);
		expect(posts.map((post) => post.body.channel)).toEqual(['#support-drills', '#support-escalations']);
		expect(posts[0].body.text).toMatch(/^\[drill\] :rotating_light: CRITICAL SLA breach on ticket E2E-DRILL-1 /);
		expect(fieldsOf(posts[0])).toContainEqual('*Client notified*\nno: a drill emails no client');
		expect(posts[1].body.text).toMatch(/^:rotating_light: CRITICAL SLA breach on ticket E2E-BREACH-2 /);
	});

	it('runs the drill from the editor: the sample drill ticket, clocked with the store\'s policies, is breached and handled without email', async () => {
		// The CLI starts a workflow at its Execute Workflow Trigger; without it, it starts at "Run Drill Now" as the editor does.
		const template = loadWorkflow(TEMPLATE) as unknown as Workflow;
		template.id = 'slaBreachSopDril';
		template.name = 'SLA breach SOP drill (e2e)';
		template.nodes = template.nodes.filter((node) => node.name !== 'From SLA Sweep');
		delete template.connections['From SLA Sweep'];
		template.nodes.find((node) => node.name === 'Send Client Notice')!.credentials = { smtp: SMTP_CREDENTIAL };
		smtp.reset();
		operation.slack.reset();
		const execution = await executeWorkflow(await importWorkflow(template as unknown as { id: string }));
		expect(execution.error).toBeUndefined();
		expect(nodeOutput(execution, 'SLA Clock', 2)[0].sla).toMatchObject({ state: 'breached', policy: { name: 'Urgent' } });
		const [open] = nodeOutput(execution, 'Check SOP', 1);
		expect(open.incident.severity.level).toBe('critical');
		expect(open.incident.notice.subject).toMatch(/^Dringende Information zu Ihrer Anfrage DRILL-\d{12}$/);
		expect(open.incident.notice.to).toBe('dana.fischer@acme.example');
		expect(execution.runData['Not Breached Now']).toBeUndefined();
		expect(execution.runData['Send Client Notice']).toBeUndefined();
		const posts = incidentPosts(operation.slack.calls);
		expect(posts).toHaveLength(1);
		expect(posts[0].body.channel).toBe('#support-drills');
		expect(posts[0].body.text).toMatch(/^\[drill\] :rotating_light: CRITICAL SLA breach on ticket DRILL-\d{12} \(Acme GmbH\)/);
		expect(smtp.messages).toHaveLength(0);
	});
});
