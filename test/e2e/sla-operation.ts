/**
 * The SLA operation as a team runs it, for end-to-end tests: n8n started as a server with the store's
 * templates published and their credentials imported (as `npm start` does, through
 * scripts/setup-store.mjs), a local Slack and a local Zendesk-style helpdesk, and a reader of the
 * store's Data Tables through n8n's public API.
 */
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';

import { startHelpdeskServer, type HelpdeskServer } from '../support/helpdesk-server';
import { startSlackServer, type SlackServer } from '../support/slack-server';
import { startSmtpServer, type SmtpServer } from '../support/smtp-server';
import { freePort, importCredentials, loadWorkflow, type N8nServer, OWNER, ROOT, startN8n, type WebhookResponse, type WorkflowSource, useOwnDatabase } from './n8n';

export const INTAKE_TOKEN = 'e2e-intake-token-0123456789';
/** The SLA Intake Token credential every template webhook names, as scripts/setup-store.mjs creates it, with the tests' token. */
export const INTAKE_CREDENTIAL = { id: 'slaIntakeAuth001', name: 'SLA Intake Token', type: 'httpHeaderAuth', data: { name: 'X-SLA-Token', value: INTAKE_TOKEN } };
/** The header a caller of a template webhook sends. */
export const INTAKE_HEADERS = { 'X-SLA-Token': INTAKE_TOKEN };
export const HELPDESK_TOKEN = 'e2e-helpdesk-token';

export const OPERATION_TEMPLATES = [
	'workflows/sla-setup.json',
	'workflows/sla-error-handler.json',
	'workflows/breach-sop.json',
	'workflows/sla-intake.json',
	'workflows/sla-sweep.json',
	'workflows/sla-replay.json',
	'workflows/sla-daily-report.json',
	'workflows/sla-drill.json',
];

/** The tests trigger sweeps, replays and reports through their webhooks: the timed triggers stay off. */
const TIMED_TRIGGERS = new Set(['Every Minute', 'Every 15 Minutes', 'Every Morning']);

function withoutTimedTriggers(path: string): WorkflowSource {
	const workflow = loadWorkflow(path) as { id: string; nodes: Array<{ name: string; disabled?: boolean }> };
	for (const node of workflow.nodes) if (TIMED_TRIGGERS.has(node.name)) node.disabled = true;
	return workflow;
}

export interface Row {
	id: number;
	[column: string]: unknown;
}

export interface SlaOperation {
	/** The running n8n; replaced by restart(). */
	n8n: N8nServer;
	slack: SlackServer;
	helpdesk: HelpdeskServer;
	smtp: SmtpServer;
	userFolder: string;
	/** POST to a webhook of the templates with the intake token (or the given headers). */
	post(path: string, body: unknown, headers?: Record<string, string>): Promise<WebhookResponse>;
	/** The rows of one store table (`tickets`, `events`, …), optionally filtered by column equality. */
	rows(table: string, where?: Record<string, string | number | boolean>): Promise<Row[]>;
	insert(table: string, rows: Array<Record<string, unknown>>): Promise<void>;
	/** Deletes the rows of one store table matching the column equalities. */
	remove(table: string, where: Record<string, string | number | boolean>): Promise<void>;
	/** Sets columns of the rows matching the column equalities. */
	update(table: string, where: Record<string, string | number | boolean>, data: Record<string, unknown>): Promise<void>;
	/** Starts n8n again on the same port and folder (after n8n.kill() or n8n.stop()). */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

const SUFFIX: Record<string, string> = { deadLetters: 'dead_letters' };

/** Starts the operation in an n8n of the calling test file's own (see useOwnDatabase). */
export interface SlaOperationOptions {
	/** Saves successful executions of these workflow ids too (the templates save only failures). */
	saveSuccessOf?: string[];
	/** The operation's templates to publish, when a test needs only some of them (default: all of OPERATION_TEMPLATES). */
	templates?: string[];
	/** More workflows to publish beside the operation's templates (files or objects with a fixed id). */
	publish?: WorkflowSource[];
	/**
	 * Runs against an n8n started elsewhere with the templates set up (queue mode, by
	 * scripts/queue-mode.sh): given the local peers, it starts that n8n and says where it is.
	 */
	external?: (peers: { slack: SlackServer; helpdesk: HelpdeskServer; smtp: SmtpServer }) => Promise<{ n8n: N8nServer; userFolder: string; webhookBaseUrl: string }>;
}

/** The secrets the operation's user folder holds (sla-local-secrets.json), for an n8n of the tests. */
export const LOCAL_SECRETS = { owner: OWNER, intakeToken: INTAKE_TOKEN, auditSecret: 'e2e-audit-secret-0123456789abcdef', helpdeskToken: HELPDESK_TOKEN };

/** Starts the operation in an n8n of the calling test file's own (see useOwnDatabase). */
export async function startSlaOperation(name = 'sla-operation', options: SlaOperationOptions = {}): Promise<SlaOperation> {
	const slack = await startSlackServer();
	const helpdesk = await startHelpdeskServer({ token: HELPDESK_TOKEN });
	const smtp = await startSmtpServer();
	const { n8n, userFolder, webhookBaseUrl } = options.external ? await options.external({ slack, helpdesk, smtp }) : await startOwnN8n(name, options, slack, helpdesk, smtp);
	const { baseUrl, port } = n8n;
	const key = await n8n.rest('POST', '/api-keys', { label: `e2e ${Date.now()}`, expiresAt: null, scopes: ['dataTable:list', 'dataTable:read', 'dataTableRow:read', 'dataTableRow:create', 'dataTableRow:update', 'dataTableRow:delete'] }).catch((error: Error) => {
		throw new Error(`${error.message}; n8n's output:\n${n8n.logs().slice(-6000)}`);
	});
	const api = async (path: string, init: RequestInit = {}) => {
		const response = await fetch(`${baseUrl}/api/v1${path}`, { ...init, headers: { 'X-N8N-API-KEY': key.rawApiKey, 'content-type': 'application/json' } });
		if (!response.ok) throw new Error(`public API ${path} → ${response.status}: ${await response.text()}`);
		return (await response.json()) as any;
	};
	const tableIds = new Map<string, string>();
	const tableId = async (table: string) => {
		const name = `sla_${SUFFIX[table] ?? table}`;
		if (!tableIds.has(name)) {
			const found = await api(`/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}&limit=250`);
			tableIds.set(name, found.data.find((t: { name: string }) => t.name === name).id);
		}
		return tableIds.get(name)!;
	};
	const operation: SlaOperation = {
		n8n,
		slack,
		helpdesk,
		smtp,
		userFolder,
		post: (path, body, headers = { 'X-SLA-Token': INTAKE_TOKEN }) => operation.n8n.webhook(path, body, { headers }),
		async rows(table, where = {}) {
			const id = await tableId(table);
			const filters = Object.entries(where).map(([columnName, value]) => ({ columnName, condition: 'eq', value }));
			const out: Row[] = [];
			let cursor: string | undefined;
			do {
				const qs = new URLSearchParams(cursor ? { cursor } : { limit: '250' });
				if (filters.length > 0) qs.set('filter', JSON.stringify({ type: 'and', filters }));
				const page = await api(`/data-tables/${id}/rows?${qs}`);
				out.push(...page.data);
				cursor = page.nextCursor ?? undefined;
			} while (cursor);
			return out;
		},
		async insert(table, rows) {
			const id = await tableId(table);
			for (let i = 0; i < rows.length; i += 250) await api(`/data-tables/${id}/rows`, { method: 'POST', body: JSON.stringify({ data: rows.slice(i, i + 250), returnType: 'count' }) });
		},
		async update(table, where, data) {
			const id = await tableId(table);
			const filter = { type: 'and', filters: Object.entries(where).map(([columnName, value]) => ({ columnName, condition: 'eq', value })) };
			await api(`/data-tables/${id}/rows/update`, { method: 'PATCH', body: JSON.stringify({ filter, data }) });
		},
		async restart() {
			if (options.external) throw new Error('restart() is for the operation\'s own n8n, not one started elsewhere');
			operation.n8n = await startN8n({ port });
		},
		async remove(table, where) {
			const id = await tableId(table);
			const filter = { type: 'and', filters: Object.entries(where).map(([columnName, value]) => ({ columnName, condition: 'eq', value })) };
			await api(`/data-tables/${id}/rows/delete?filter=${encodeURIComponent(JSON.stringify(filter))}`, { method: 'DELETE' });
		},
		async stop() {
			// Leave no schedule running for the test files after this one (they share the database).
			for (const id of ['slaSweep00000001', 'slaReplay0000001', 'slaReport0000001']) await operation.n8n.rest('POST', `/workflows/${id}/deactivate`).catch(() => undefined);
			await operation.n8n.stop();
			await slack.stop();
			await helpdesk.close();
			await smtp.stop();
		},
	};
	// The e2e files share one n8n database, and the store's seed never replaces a document in force:
	// this run's helpdesk and n8n are a new version of the runtime document, as an operator would add.
	const runtimes = await operation.rows('config', { name: 'runtime' });
	const latest = runtimes.reduce((best, row) => (Number(row.version) > Number(best.version) ? row : best));
	const document = { ...JSON.parse(String(latest.document)), helpdeskBaseUrl: helpdesk.url, webhookBaseUrl: `${webhookBaseUrl}/` };
	await operation.insert('config', [{ name: 'runtime', version: Number(latest.version) + 1, status: 'active', author: 'e2e', activatedAt: new Date().toISOString(), document: JSON.stringify(document) }]);
	return operation;
}

/** The operation's own n8n (single mode, a fresh user folder): credentials, templates published, store set up. */
async function startOwnN8n(name: string, options: SlaOperationOptions, slack: SlackServer, helpdesk: HelpdeskServer, smtp: SmtpServer) {
	const userFolder = useOwnDatabase(name);
	writeFileSync(join(userFolder, 'sla-local-secrets.json'), JSON.stringify(LOCAL_SECRETS));
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const script = join(ROOT, 'scripts', 'setup-store.mjs');
	const credentials = JSON.parse(execFileSync('node', [script, 'credentials', baseUrl, userFolder, slack.url, 'xoxb-e2e', HELPDESK_TOKEN, String(smtp.port)], { encoding: 'utf8' }));
	await importCredentials(credentials);
	const templates = (options.templates ?? OPERATION_TEMPLATES).map(withoutTimedTriggers).map((workflow) => {
		const template = workflow as { id: string; settings?: Record<string, unknown> };
		if (options.saveSuccessOf?.includes(template.id)) template.settings = { ...template.settings, saveDataSuccessExecution: 'all' };
		return template;
	});
	const n8n = await startN8n({ port, publish: [...templates, ...(options.publish ?? [])] });
	execFileSync('node', [script, 'setup', baseUrl, userFolder], { encoding: 'utf8', env: { ...process.env, SLA_HELPDESK_URL: helpdesk.url } });
	return { n8n, userFolder, webhookBaseUrl: baseUrl };
}

/** A generic intake event for a new ticket created ten minutes ago; fields of the event and of its ticket can be replaced. */
export function genericEvent(id: string, overrides: Record<string, unknown> = {}, ticket: Record<string, unknown> = {}) {
	const createdAt = new Date(Date.now() - 10 * 60_000).toISOString();
	return {
		eventId: `evt-${id}`,
		source: 'generic',
		type: 'ticket_created',
		at: createdAt,
		ticket: { id, subject: `Invoice ${id} charged twice`, body: 'I was charged twice for my subscription this month.', priority: 'normal', status: 'new', createdAt, customer: { id: `C-${id}`, tier: 'pro', region: 'emea' }, ...ticket },
		...overrides,
	};
}
