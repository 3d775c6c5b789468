/**
 * n8n's queue mode for end-to-end tests, started by the project's own script (scripts/queue-mode.sh)
 * in a folder of this e2e run, on free ports and a database of its own: PostgreSQL, Redis, a main
 * process, a webhook processor and two workers. The package is the one the run installed
 * (global-setup.ts), linked in; Slack, the helpdesk and SMTP are the test's local servers.
 */
import { execFile } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';

import type { HelpdeskServer } from '../support/helpdesk-server';
import type { SlackServer } from '../support/slack-server';
import type { SmtpServer } from '../support/smtp-server';
import { callWebhook, harnessState, type N8nServer, OWNER, ROOT, waitForPublication } from './n8n';
import { HELPDESK_TOKEN, LOCAL_SECRETS } from './sla-operation';

export const WORKERS = 2;
export const QUEUE_DATABASE = 'n8n_queue_e2e';

export interface QueueStack {
	n8n: N8nServer;
	userFolder: string;
	webhookBaseUrl: string;
	folder: string;
	/** The PostgreSQL database n8n runs on (its Data Tables, the audit trail and the claims are in it). */
	database: string;
	/** Execution ids each worker started, from its log ("Worker started execution N"), by worker name. */
	startedByWorker(): Record<string, string[]>;
	/** How long the script took to start the stack, in ms. */
	startMs: number;
}

function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** `count` consecutive free ports (the script gives each n8n process the next task-broker port). */
async function freeRun(count: number): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const base = 20_000 + Math.floor(Math.random() * 30_000);
		const free = await Promise.all(Array.from({ length: count }, async (_, i) => await portFree(base + i)));
		if (free.every(Boolean)) return base;
	}
	throw new Error('no run of free ports found');
}

function runScript(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile('bash', [join(ROOT, 'scripts', 'queue-mode.sh'), command], { cwd: ROOT, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`queue-mode.sh ${command} failed: ${error.message}\n${stdout}\n${stderr}`));
			else resolve(`${stdout}${stderr}`);
		});
	});
}

export async function startQueueStack(peers: { slack: SlackServer; helpdesk: HelpdeskServer; smtp: SmtpServer }): Promise<QueueStack> {
	const { runFolder, userFolder: installed } = harnessState();
	const folder = join(runFolder, 'queue-mode');
	const userFolder = join(folder, 'n8n');
	mkdirSync(userFolder, { recursive: true });
	writeFileSync(join(userFolder, 'sla-local-secrets.json'), JSON.stringify(LOCAL_SECRETS));
	// main, webhook processor, Redis, then one task-broker port per n8n process
	const base = await freeRun(4 + WORKERS + 1);
	const mainPort = base;
	const webhookPort = base + 1;
	// Jest sets NODE_ENV=test, in which n8n's CLI commands quietly do nothing.
	const { NODE_ENV: _node, JEST_WORKER_ID: _worker, ...inherited } = process.env;
	const env: NodeJS.ProcessEnv = {
		...inherited,
		SLA_QUEUE_DIR: folder,
		SLA_QUEUE_DB: QUEUE_DATABASE,
		SLA_QUEUE_MAIN_PORT: String(mainPort),
		SLA_QUEUE_WEBHOOK_PORT: String(webhookPort),
		SLA_QUEUE_REDIS_PORT: String(base + 2),
		SLA_QUEUE_BROKER_PORT: String(base + 3),
		SLA_QUEUE_WORKERS: String(WORKERS),
		// few jobs per worker, so a burst of deliveries is spread over both
		SLA_QUEUE_CONCURRENCY: '5',
		SLA_QUEUE_TIMED_TRIGGERS: 'off',
		SLA_QUEUE_NODES_DIR: join(installed, '.n8n', 'nodes'),
		SLA_SLACK_API_URL: peers.slack.url,
		SLA_SLACK_TOKEN: 'xoxb-e2e',
		SLA_HELPDESK_URL: peers.helpdesk.url,
		SLA_HELPDESK_TOKEN: HELPDESK_TOKEN,
		SLA_LOCAL_SMTP_PORT: String(peers.smtp.port),
	};
	// A database of this run's own: drop what an earlier run left.
	await new Promise<void>((resolve, reject) =>
		execFile('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'start'], { cwd: ROOT }, (error) => (error ? reject(error) : resolve())),
	);
	await new Promise<void>((resolve, reject) =>
		execFile('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'dropdb', QUEUE_DATABASE], { cwd: ROOT }, (error) => (error ? reject(error) : resolve())),
	);
	const started = Date.now();
	try {
		await runScript('start', env, 600_000);
	} catch (error) {
		await runScript('stop', env, 120_000).catch(() => undefined);
		throw error;
	}
	const startMs = Date.now() - started;
	const logs = join(folder, 'logs');
	const log = (name: string) => (existsSync(join(logs, `${name}.log`)) ? readFileSync(join(logs, `${name}.log`), 'utf8') : '');
	const baseUrl = `http://127.0.0.1:${mainPort}`;
	const webhookBaseUrl = `http://127.0.0.1:${webhookPort}`;

	let cookie = '';
	const login = async () => {
		const response = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		if (response.status !== 200) throw new Error(`could not log in to n8n: ${response.status} ${await response.text()}`);
		cookie = (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
	};
	const rest = async (method: string, path: string, body?: unknown) => {
		if (!cookie) await login();
		const response = await fetch(`${baseUrl}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie, 'browser-id': 'sla-e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`REST ${method} ${path} → ${response.status}: ${text}`);
		return text ? JSON.parse(text).data : undefined;
	};
	const n8n: N8nServer = {
		baseUrl,
		port: mainPort,
		userFolder,
		pid: Number(readFileSync(join(folder, 'run', 'main.pid'), 'utf8')),
		rest,
		async publish(workflowId) {
			const workflow = await rest('GET', `/workflows/${workflowId}`);
			await rest('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
			await waitForPublication(rest, workflowId, () => n8n.logs());
		},
		webhook: (path, body, options) => callWebhook(webhookBaseUrl, path, body, options),
		logs: () => ['main', 'webhook', ...Array.from({ length: WORKERS }, (_, i) => `worker-${i + 1}`)].map((name) => `--- ${name}\n${log(name)}`).join('\n'),
		async stop() {
			await runScript('stop', env, 180_000);
		},
		async kill() {
			throw new Error('kill() is not offered for the queue-mode stack; stop() stops it');
		},
	};
	return {
		n8n,
		userFolder,
		webhookBaseUrl,
		folder,
		database: QUEUE_DATABASE,
		startMs,
		startedByWorker: () =>
			Object.fromEntries(
				Array.from({ length: WORKERS }, (_, i) => `worker-${i + 1}`).map((name) => [name, [...log(name).matchAll(/Worker started execution (\d+)/g)].map((match) => match[1])]),
			),
	};
}
