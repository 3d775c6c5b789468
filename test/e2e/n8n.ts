/**
 * Drives a real n8n (the version installed by scripts/install-n8n.sh) for end-to-end tests: the
 * package is installed into a test user folder exactly as a community package (global-setup.ts),
 * workflows are imported with `n8n import:workflow`, run with `n8n execute`, or published and called
 * through their webhooks on a started `n8n start`.
 */
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

export const ROOT = resolve(__dirname, '..', '..');
/** Each e2e run has its own n8n user folder (several runs may go on at once on a developer machine). */
export const STATE_FILE_ENV = 'SLA_E2E_STATE';
export const ENCRYPTION_KEY = 'sla-orchestrator-e2e-encryption-key';
export const OWNER = { email: 'owner@example.com', password: 'E2e-Passw0rd!', firstName: 'Test', lastName: 'Owner' };

interface HarnessState {
	n8nBin: string;
	userFolder: string;
	runFolder: string;
	/** The Node.js that n8n runs on when it is not this machine's (set for N8N_VERSION=2.41.3 and the like). */
	nodeBinDir?: string;
}

/** Set by useOwnDatabase(); module state, so it holds for one test file (jest gives each its own modules). */
let ownUserFolder: string | undefined;

export function harnessState(): HarnessState {
	const file = process.env[STATE_FILE_ENV];
	if (!file || !existsSync(file)) throw new Error('run e2e tests through jest: its globalSetup prepares n8n');
	const state = JSON.parse(readFileSync(file, 'utf8')) as HarnessState;
	return ownUserFolder ? { ...state, userFolder: ownUserFolder } : state;
}

/** The version of the n8n under test, from the package.json of the n8n its binary belongs to. */
export function n8nVersion(): string {
	const bin = harnessState().n8nBin;
	return (JSON.parse(readFileSync(join(bin, '..', '..', 'n8n', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Whether the n8n under test is this release or a later one (`2.41.0`). */
export function n8nAtLeast(release: string): boolean {
	const have = n8nVersion().split('.').map(Number);
	const want = release.split('.').map(Number);
	for (let i = 0; i < want.length; i++) if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i];
	return true;
}

/**
 * Gives the calling test file an n8n of its own: a fresh user folder (so a fresh database) with the
 * run's installed package linked in. For files whose assertions count rows or messages across the
 * whole store, which the other files' workflows would otherwise add to.
 */
export function useOwnDatabase(name: string): string {
	const { userFolder, runFolder } = harnessState();
	const folder = join(runFolder, name);
	mkdirSync(join(folder, '.n8n'), { recursive: true });
	if (!existsSync(join(folder, '.n8n', 'nodes'))) symlinkSync(join(userFolder, '.n8n', 'nodes'), join(folder, '.n8n', 'nodes'), 'dir');
	ownUserFolder = folder;
	return folder;
}

export function n8nEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const { userFolder, nodeBinDir } = harnessState();
	// Jest sets NODE_ENV=test, in which n8n's CLI commands quietly do nothing.
	const { NODE_ENV: _ignored, JEST_WORKER_ID: _worker, ...inherited } = process.env;
	return {
		...inherited,
		// n8n's bin starts with `#!/usr/bin/env node`, and its task runner is a child `node` as well.
		...(nodeBinDir ? { PATH: `${nodeBinDir}:${inherited.PATH ?? ''}` } : {}),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'warn',
		DB_TYPE: 'sqlite',
		// As scripts/n8n-env.sh sets them for npm start.
		N8N_PAYLOAD_SIZE_MAX: '2',
		N8N_DATA_TABLES_MAX_SIZE_BYTES: '1073741824',
		...extra,
	};
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the n8n CLI with the test user folder; never throws on a non-zero exit (callers assert). */
export function runCli(args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 240_000): Promise<CliResult> {
	const { n8nBin } = harnessState();
	return new Promise((resolvePromise, reject) => {
		const child = spawn(n8nBin, args, { env: n8nEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolvePromise({ code, stdout, stderr });
		});
	});
}

function writeTemp(name: string, content: unknown): string {
	const dir = join(tmpdir(), 'sla-e2e');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
	writeFileSync(file, JSON.stringify(content, null, 2));
	return file;
}

export type WorkflowSource = string | { id: string; [key: string]: unknown };

/** Reads a workflow from a path (relative to the repo root) or takes it as an object. */
export function loadWorkflow(source: WorkflowSource): { id: string; [key: string]: unknown } {
	if (typeof source !== 'string') return source;
	return JSON.parse(readFileSync(resolve(ROOT, source), 'utf8'));
}

/** Imports a workflow (file path relative to the repo, or an object with a fixed `id`); returns its id. */
export async function importWorkflow(source: WorkflowSource): Promise<string> {
	const workflow = loadWorkflow(source);
	if (!workflow.id) throw new Error('a workflow imported by the e2e tests needs a fixed "id"');
	const file = typeof source === 'string' ? resolve(ROOT, source) : writeTemp('workflow.json', workflow);
	const result = await runCli(['import:workflow', `--input=${file}`]);
	if (result.code !== 0) throw new Error(`import:workflow failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
	return workflow.id;
}

/**
 * Imports credentials given in n8n's export format with `data` as a plain object (n8n encrypts it on
 * import): `[{ id, name, type, data: {...} }]`.
 */
export async function importCredentials(credentials: Array<{ id: string; name: string; type: string; data: object }>): Promise<void> {
	const file = writeTemp('credentials.json', credentials);
	const result = await runCli(['import:credentials', `--input=${file}`]);
	if (result.code !== 0) throw new Error(`import:credentials failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message: string; description?: string };
	data?: { main: Array<Array<{ json: Record<string, any>; pairedItem?: unknown }> | null> };
}

export interface ExecutionResult {
	raw: string;
	status: string;
	runData: Record<string, NodeRun[]>;
	error?: { message: string; node?: { name: string } };
}

/** Runs a workflow headless with `n8n execute --id ID --rawOutput` and parses what it printed. */
export async function executeWorkflow(id: string): Promise<ExecutionResult> {
	// n8n prints the run through its logger at level info.
	// Its own task broker port: another n8n on this machine may hold the default one.
	const result = await runCli(['execute', `--id=${id}`, '--rawOutput'], { N8N_LOG_LEVEL: 'info', NO_COLOR: '1', N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	const json = /^\{$[\s\S]*^\}$/m.exec(result.stdout);
	if (!json) throw new Error(`n8n execute printed no result (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
	const parsed = JSON.parse(json[0]);
	return {
		raw: result.stdout,
		status: parsed.status,
		runData: parsed.data?.resultData?.runData ?? {},
		error: parsed.data?.resultData?.error,
	};
}

/** The JSON of the items a node put on one of its outputs in the last run of that node. */
export function nodeOutput(execution: ExecutionResult, nodeName: string, output = 0): Array<Record<string, any>> {
	const runs = execution.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(execution.runData).join(', ')}`);
	const items = runs[runs.length - 1].data?.main?.[output] ?? [];
	return items.map((item) => item.json);
}

export function freePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePromise(port));
		});
	});
}

export interface WebhookResponse {
	status: number;
	body: any;
	headers: Headers;
}

/** Calls a webhook of the n8n at `baseUrl`; the body is parsed as JSON when it is JSON, else kept as text. */
export async function callWebhook(baseUrl: string, path: string, body?: unknown, options: { method?: string; headers?: Record<string, string> } = {}): Promise<WebhookResponse> {
	const response = await fetch(`${baseUrl}/webhook/${path}`, {
		method: options.method ?? 'POST',
		headers: { 'content-type': 'application/json', ...options.headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// a webhook may answer with plain text
	}
	return { status: response.status, body: parsed, headers: response.headers };
}

export interface N8nServer {
	baseUrl: string;
	port: number;
	userFolder: string;
	/** The main process, for memory readings. */
	pid: number;
	/** Publishes (activates) an imported workflow through the REST API, as the editor's Publish button does. */
	publish(workflowId: string): Promise<void>;
	/** Calls a production webhook: `path` as set on the Webhook node. */
	webhook(path: string, body?: unknown, options?: { method?: string; headers?: Record<string, string> }): Promise<WebhookResponse>;
	/** A REST call as the owner (cookie auth), for executions and the like. */
	rest(method: string, path: string, body?: unknown): Promise<any>;
	logs(): string;
	stop(): Promise<void>;
	/** SIGKILL, as a crash or the OOM killer would: no shutdown, executions left unfinished. */
	kill(): Promise<void>;
}

/**
 * n8n 2.8 has registered a published workflow's triggers when it logs "Editor is now accessible" (or
 * when the activate call returns). Newer releases (2.41) publish through an outbox, a few seconds
 * later; they report progress at /workflows/:id/publication-status, which older ones do not have.
 */
export async function waitForPublication(rest: N8nServer['rest'], workflowId: string, logs: () => string): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		let status: { status: string; triggers?: Array<{ nodeId: string; status: string; errorMessage?: string | null }> };
		try {
			status = await rest('GET', `/workflows/${workflowId}/publication-status`);
		} catch (error) {
			if (/→ 404/.test((error as Error).message)) return;
			throw error;
		}
		if (status.status === 'published') return;
		if (status.status === 'failed' || status.status === 'partial') {
			throw new Error(`n8n could not publish workflow ${workflowId}: ${JSON.stringify(status.triggers)}\n${logs()}`);
		}
		// 'in_progress', or 'not_published' before the outbox has picked the workflow up.
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId} still "${status.status}" after 60 s:\n${logs()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * Starts `n8n start` on free ports. Workflows given in `publish` are imported and published with the
 * CLI before the server starts, so their webhooks are live when this resolves.
 */
export async function startN8n(options: { publish?: WorkflowSource[]; env?: Record<string, string>; port?: number } = {}): Promise<N8nServer> {
	const published: string[] = [];
	for (const source of options.publish ?? []) {
		const id = await importWorkflow(source);
		const result = await runCli(['publish:workflow', `--id=${id}`]);
		if (result.code !== 0) throw new Error(`publish:workflow ${id} failed:\n${result.stdout}\n${result.stderr}`);
		published.push(id);
	}
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const { n8nBin, userFolder } = harnessState();
	let output = '';
	const child: ChildProcess = spawn(n8nBin, ['start'], {
		env: n8nEnv({
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_HOST: '127.0.0.1',
			NO_COLOR: '1',
			...options.env,
			N8N_LOG_LEVEL: options.env?.N8N_LOG_LEVEL === 'debug' ? 'debug' : 'info',
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: false,
	});
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	const baseUrl = `http://127.0.0.1:${port}`;
	let exited = false;
	child.on('exit', (code, signal) => {
		exited = true;
		output += `\n[harness] n8n start exited (code ${code}, signal ${signal})\n`;
	});

	// n8n serves its REST API before it activates the published workflows and registers their
	// webhooks; it says "Editor is now accessible" (at log level info) once both are done.
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (exited) throw new Error(`n8n start exited early:\n${output}`);
		if (output.includes('Editor is now accessible')) break;
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n did not start within 180 s:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}

	let cookie = '';
	// A loaded machine has seen n8n set the owner up and the connection fail before the answer
	// ("fetch failed"); the second try finds the owner there and logs in.
	const fetchOnce = async (url: string, init: RequestInit): Promise<Response> => {
		try {
			return await fetch(url, init);
		} catch {
			await new Promise((r) => setTimeout(r, 1_000));
			return await fetch(url, init);
		}
	};
	const login = async () => {
		let response = await fetchOnce(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (response.status !== 200) {
			response = await fetchOnce(`${baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			});
		}
		if (response.status !== 200) throw new Error(`could not log in to n8n: ${response.status} ${await response.text()}`);
		cookie = (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
	};

	const rest = async (method: string, path: string, body?: unknown) => {
		if (!cookie) await login();
		const attempt = () =>
			fetch(`${baseUrl}/rest${path}`, {
				method,
				headers: { 'content-type': 'application/json', cookie, 'browser-id': 'sla-e2e' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		const send = async () => {
			try {
				return await attempt();
			} catch (error) {
				// A kept-alive connection that n8n closed while this process was busy (the tests run
				// scripts/setup-store.mjs with execFileSync, longer than n8n's 5 s keep-alive) fails as
				// "other side closed" before the request reaches n8n: send it once more on a new one.
				const code = (error as { cause?: { code?: string } }).cause?.code;
				if (!exited && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET')) {
					try {
						return await attempt();
					} catch (again) {
						error = again;
					}
				}
				// undici says only "fetch failed"; the cause (ECONNRESET, ECONNREFUSED, a timeout) is the news.
				const cause = (error as { cause?: { code?: string; message?: string } }).cause;
				const detail = cause ? ` (${[cause.code, cause.message].filter(Boolean).join(' ')})` : '';
				throw new Error(`REST ${method} ${path}: ${(error as Error).message}${detail}${exited ? ', n8n has exited' : ''}`, { cause: error });
			}
		};
		let response = await send();
		if (response.status === 401) {
			// Seen once in CI right after owner setup: the session was no longer accepted. Log in again.
			await response.text();
			cookie = '';
			await login();
			response = await send();
		}
		const text = await response.text();
		if (!response.ok) throw new Error(`REST ${method} ${path} → ${response.status}: ${text}`);
		return text ? JSON.parse(text).data : undefined;
	};

	const waitUntilPublished = async (workflowId: string) => await waitForPublication(rest, workflowId, () => output);
	for (const id of published) await waitUntilPublished(id);

	return {
		baseUrl,
		port,
		userFolder,
		pid: child.pid as number,
		rest,
		async publish(workflowId) {
			const workflow = await rest('GET', `/workflows/${workflowId}`);
			await rest('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
			await waitUntilPublished(workflowId);
		},
		webhook: (path, body, requestOptions) => callWebhook(baseUrl, path, body, requestOptions),
		logs: () => output,
		async kill() {
			if (exited) return;
			const done = new Promise((r) => child.once('exit', r));
			child.kill('SIGKILL');
			await done;
		},
		async stop() {
			if (exited) return;
			const done = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await done;
			clearTimeout(timer);
		},
	};
}
