/**
 * Load on the intake webhooks in real n8n (2.8.4, the package installed as a community package), driven
 * by autocannon on loopback for a fixed time with realistic, all-different ticket events: a bare
 * Webhook → Respond to Webhook workflow (same header auth) as the baseline, the full intake template
 * (workflows/sla-intake.json) and the two small webhook templates (intake-route, sla-clock-webhook), in
 * single mode (n8n on SQLite, started as the e2e harness does) and in queue mode (scripts/queue-mode.sh:
 * PostgreSQL, Redis, main, webhook processor, two workers). Prints per round: req/s, p50/p95/p99 latency,
 * non-2xx answers, and the ratios intake/bare (single mode) and queue/single (intake); then checks that
 * the store holds one ticket per accepted intake, and breaks down where an intake execution spends its
 * time (n8n's per-node execution time of a saved copy of the template). Asserts nothing about time.
 *
 * Run: npx tsx bench/intake-load.bench.ts [seconds] [connections] [rounds] [single,queue]
 */
import autocannon from 'autocannon';
import { loadavg } from 'os';
import { parse } from 'flatted';

import globalSetup from '../test/e2e/global-setup';
import globalTeardown from '../test/e2e/global-teardown';
import { loadWorkflow } from '../test/e2e/n8n';
import { startQueueStack, WORKERS } from '../test/e2e/queue-stack';
import { INTAKE_CREDENTIAL, INTAKE_TOKEN, type SlaOperation, startSlaOperation } from '../test/e2e/sla-operation';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 10);
const ROUNDS = Number(process.argv[4] ?? 2);
/** `single,queue` (both, the default), or one of them. */
const MODES = new Set((process.argv[5] ?? 'single,queue').split(','));
const WARM_UP_SECONDS = 3;
const PROFILE_RUNS = 40;
const PROFILED = 'slaBenchIntakeP1';
/** The id of the profiled copy in the n8n under test (queue mode's REST API gives it a new one). */
let profiledId = PROFILED;

const BARE = {
	id: 'slaBenchBare0001',
	name: 'Bench: bare Webhook → Respond',
	nodes: [
		{ parameters: { httpMethod: 'POST', path: 'bench-bare', responseMode: 'responseNode', authentication: 'headerAuth', options: {} }, id: 'bench-bare-hook', name: 'Ticket Event', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: '6f1b8a52-3c0e-4d7a-9a51-0b2f7c9e4d11', credentials: { httpHeaderAuth: { id: INTAKE_CREDENTIAL.id, name: INTAKE_CREDENTIAL.name } } },
		{ parameters: { respondWith: 'json', responseBody: '={{ { received: $json.body.eventId } }}', options: {} }, id: 'bench-bare-answer', name: 'Answer', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [220, 0] },
	],
	connections: { 'Ticket Event': { main: [[{ node: 'Answer', type: 'main', index: 0 }]] } },
	// as the intake template: successful executions are not saved
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all' },
};

/** The intake template under another id and path, saving its successful executions: its run data says where the time goes. */
function intakeProfileCopy() {
	const workflow = loadWorkflow('workflows/sla-intake.json') as { id: string; name: string; nodes: Array<{ type: string; parameters: Record<string, unknown>; webhookId?: string }>; settings: Record<string, unknown> };
	workflow.id = PROFILED;
	workflow.name = 'Bench: SLA Intake (profiled copy)';
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters = { ...node.parameters, path: 'bench-intake-profile' };
			node.webhookId = '0c7d3e1a-8b24-4f6e-b1a3-5d9e2f4c7a01';
		}
	}
	workflow.settings = { ...workflow.settings, saveDataSuccessExecution: 'all' };
	return workflow;
}

// ---- realistic ticket events: every request a new ticket, different subject, body, priority, customer

const TEXTS: Array<[string, string]> = [
	['Invoice charged twice', 'I was charged twice for my subscription this month, please refund one of the payments.'],
	['Cannot log in since the update', 'The login page says my password is wrong although I reset it twice today. Our whole team is locked out.'],
	['Refund for order not received', 'Order {n} was returned two weeks ago and the refund is still missing from my card.'],
	['API returns 500 on checkout', 'Every call to /v2/checkout answers 500 since 10:00 UTC, our shop is down. Request id {n}.'],
	['How do I export my data?', 'Where can I download all our tickets and contacts as CSV? I looked in settings but found nothing.'],
	['Wie ändere ich meine Rechnungsadresse?', 'Ich möchte die Adresse auf meinen Rechnungen ändern, wo geht das? Kundennummer {n}.'],
	['La aplicación se cierra al abrir', 'Desde ayer la aplicación se cierra en cuanto la abro en Android 14. Ya la reinstalé.'],
	['Problème de facturation', 'Nous avons été facturés pour 25 licences alors que nous n\'en utilisons que 20 depuis le mois dernier.'],
	['Feature request: dark mode', 'Would love a dark mode for the agent workspace, our night shift asked for it several times.'],
	['Data breach? Strange login from abroad', 'We got a security alert about a login to our admin account from a country none of us is in.'],
	['Webhook deliveries delayed', 'Our webhook endpoint receives events up to 20 minutes late since yesterday evening, ticket {n}.'],
	['Cancel my subscription', 'Please cancel our plan at the end of this billing period and confirm by email.'],
];
const PRIORITIES = ['low', 'normal', 'normal', 'high', 'urgent'];
const TIERS = ['free', 'pro', 'pro', 'enterprise'];
const REGIONS = ['emea', 'amer', 'apac'];
const CHANNELS = ['email', 'web', 'chat', 'api'];

/** The ticket of request `n` of a run: deterministic (a hash of n), all fields varying. */
function ticketOf(prefix: string, n: number) {
	let h = Math.imul(n + 0x9e3779b9, 2654435761) >>> 0;
	const pick = <T>(list: T[]): T => {
		h = (Math.imul(h ^ (h >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
		return list[h % list.length];
	};
	const [subject, body] = pick(TEXTS);
	const createdAt = new Date(Date.now() - (5 + (n % 240)) * 60_000).toISOString();
	const id = `${prefix}-${n}`;
	// A customer of its own: two open tickets of one customer with the same text are merged as repeats,
	// and the intake measured here is a new ticket's whole path (classified, clocked, routed, saved).
	const customerId = `C-${id}`;
	return {
		id,
		subject: `${subject} (#${n})`,
		body: body.replace('{n}', String(40_000 + n)),
		priority: pick(PRIORITIES),
		status: 'new',
		channel: pick(CHANNELS),
		createdAt,
		customer: { id: customerId, email: `${customerId.toLowerCase()}@customer-${n % 17}.example`, tier: pick(TIERS), region: pick(REGIONS) },
		tags: [pick(['billing', 'login', 'api', 'mobile', 'security']), pick(['vip', 'new', 'returning'])],
		events: [],
	};
}

interface Target {
	name: string;
	path: string;
	/** The request body for ticket n. */
	body: (ticket: ReturnType<typeof ticketOf>) => unknown;
	/** Stores a ticket per accepted request (checked after each run). */
	stores?: boolean;
}

const TARGETS: Target[] = [
	{ name: 'bare Webhook → Respond', path: 'bench-bare', body: (ticket) => ({ eventId: `evt-${ticket.id}`, source: 'generic', type: 'ticket_created', at: ticket.createdAt, ticket }) },
	{ name: 'intake (sla-intake)', path: 'sla-intake', body: (ticket) => ({ eventId: `evt-${ticket.id}`, source: 'generic', type: 'ticket_created', at: ticket.createdAt, ticket }), stores: true },
	{ name: 'intake-route', path: 'intake-route', body: (ticket) => ticket },
	{ name: 'sla-clock-webhook', path: 'sla-clock', body: (ticket) => ticket },
];

interface Measured {
	target: string;
	mode: string;
	round: number;
	seconds: number;
	responses: number;
	ok: number;
	non2xx: number;
	errors: number;
	p50: number;
	p95: number;
	p99: number;
	prefix: string;
	accepted: Set<string>;
	sent: number;
	/** The machine's 1-minute load average at the end (2 cores shared with other work). */
	load: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);

async function drive(baseUrl: string, target: Target, mode: string, round: number, seconds: number): Promise<Measured> {
	const prefix = `LB-${mode[0]}${round}-${target.path}-${Date.now().toString(36)}`;
	let counter = 0;
	const accepted = new Set<string>();
	const latencies: number[] = [];
	const statuses = new Map<number, number>();
	const started = Date.now();
	let finish: (result: autocannon.Result) => void = () => undefined;
	let fail: (error: unknown) => void = () => undefined;
	const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
	const instance = autocannon({
		url: baseUrl,
		connections: CONNECTIONS,
		duration: seconds,
		// a fresh request per response; a slow webhook must not be cut by autocannon's 10 s default
		timeout: 60,
		requests: [
			{
				method: 'POST',
				path: `/webhook/${target.path}`,
				headers: { 'content-type': 'application/json', 'X-SLA-Token': INTAKE_TOKEN },
				setupRequest: (request, context) => {
					const ticket = ticketOf(prefix, counter++);
					(context as { id?: string }).id = ticket.id;
					return { ...request, body: JSON.stringify(target.body(ticket)) };
				},
				onResponse: (status, _body, context) => {
					if (status >= 200 && status < 300) accepted.add(String((context as { id?: string }).id));
				},
			},
		],
	}, (error, result) => (error ? fail(error) : finish(result)));
	instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
		latencies.push(ms);
		statuses.set(status, (statuses.get(status) ?? 0) + 1);
	});
	const result = await done;
	const elapsed = (Date.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	// Requests autocannon left unanswered at the stop still run in n8n (a queued job is not cancelled):
	// let them finish before the next measurement, so no run pays for the one before it.
	const slowest = latencies.length > 0 ? latencies[latencies.length - 1] : 30_000;
	await new Promise((resolve) => setTimeout(resolve, Math.min(60_000, Math.max(2_000, 1.5 * slowest))));
	const ok = [...statuses].filter(([status]) => status >= 200 && status < 300).reduce((sum, [, n]) => sum + n, 0);
	return {
		target: target.name,
		mode,
		round,
		seconds: Math.min(elapsed, seconds),
		responses: latencies.length,
		ok,
		non2xx: latencies.length - ok,
		errors: result.errors + result.timeouts,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		p99: percentile(latencies, 99),
		prefix,
		accepted,
		sent: counter,
		load: loadavg()[0],
	};
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const perSecond = (m: Measured) => m.ok / m.seconds;

function printRow(m: Measured): void {
	console.log(
		`  ${m.target.padEnd(24)} ${m.mode.padEnd(13)} ${String(m.round).padStart(5)} ${fmt(perSecond(m)).padStart(8)} ${fmt(m.p50, 0).padStart(7)} ${fmt(m.p95, 0).padStart(7)} ${fmt(m.p99, 0).padStart(7)} ${String(m.non2xx).padStart(7)} ${String(m.errors).padStart(6)} ${fmt(m.load, 1).padStart(6)}`,
	);
}

/** Tickets of this run's prefix in the store, once the executions still running at the stop have finished. */
async function storedTickets(op: SlaOperation, prefix: string): Promise<{ keys: string[]; duplicates: number }> {
	let last = -1;
	let keys: string[] = [];
	for (let settle = 0; settle < 30; settle++) {
		const rows = await op.rows('tickets', { source: 'generic' });
		keys = rows.map((row) => String(row.key)).filter((key) => key.startsWith(`generic:${prefix}-`));
		if (keys.length === last) break;
		last = keys.length;
		await new Promise((resolve) => setTimeout(resolve, 1500));
	}
	return { keys, duplicates: keys.length - new Set(keys).size };
}

async function checkStored(op: SlaOperation, m: Measured): Promise<string> {
	const { keys, duplicates } = await storedTickets(op, m.prefix);
	const stored = new Set(keys.map((key) => key.slice('generic:'.length)));
	const acceptedMissing = [...m.accepted].filter((id) => !stored.has(id)).length;
	// requests autocannon sent but whose answer came after it stopped (at most one per connection) may be stored too
	const unanswered = [...stored].filter((id) => !m.accepted.has(id)).length;
	const verdict = acceptedMissing === 0 && duplicates === 0 && unanswered <= CONNECTIONS ? 'OK' : 'WRONG';
	return `${m.mode} round ${m.round}: ${m.accepted.size} intakes answered 2xx, ${keys.length} tickets stored (${acceptedMissing} answered but missing, ${duplicates} duplicate rows, ${unanswered} stored whose answer came after the load stopped, of ${m.sent - m.responses} in flight) → ${verdict}`;
}

interface NodeRun {
	executionTime: number;
}

/** Per-node execution time over saved executions of the profiled intake copy. */
async function profileIntake(op: SlaOperation, mode: string): Promise<string[]> {
	const lines: string[] = [];
	const total = new Map<string, number>();
	const wall: number[] = [];
	const started = Date.now();
	for (let n = 0; n < PROFILE_RUNS; n++) {
		const ticket = ticketOf(`LB-prof-${mode[0]}-${started.toString(36)}`, n);
		const sent = Date.now();
		const answer = await op.post('bench-intake-profile', { eventId: `evt-${ticket.id}`, source: 'generic', type: 'ticket_created', at: ticket.createdAt, ticket });
		wall.push(Date.now() - sent);
		if (answer.status !== 200) lines.push(`  profile request ${n}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
	}
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const listed = await op.n8n.rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: profiledId }))}&limit=${PROFILE_RUNS}`);
	const executions = (listed.results ?? listed) as Array<{ id: string }>;
	let counted = 0;
	for (const { id } of executions) {
		const execution = await op.n8n.rest('GET', `/executions/${id}`);
		const runData = parse(execution.data).resultData.runData as Record<string, NodeRun[]>;
		for (const [node, runs] of Object.entries(runData)) total.set(node, (total.get(node) ?? 0) + runs.reduce((sum, run) => sum + run.executionTime, 0));
		counted++;
	}
	const sum = [...total.values()].reduce((a, b) => a + b, 0);
	wall.sort((a, b) => a - b);
	lines.push(`where an intake execution spends its time (${mode}, ${counted} saved executions of a copy of the template, one request at a time; wall p50 ${percentile(wall, 50)} ms):`);
	for (const [node, ms] of [...total].sort((a, b) => b[1] - a[1])) lines.push(`  ${node.padEnd(22)} ${fmt(ms / counted, 1).padStart(7)} ms/execution  ${fmt((100 * ms) / sum, 0).padStart(3)}% of node time`);
	lines.push(`  ${'(sum of node times)'.padEnd(22)} ${fmt(sum / counted, 1).padStart(7)} ms/execution`);
	return lines;
}

/**
 * What one call of n8n's public API costs, the way the store reaches its Data Tables: the cheapest
 * call there is (one table listed) beside a request to n8n's own REST API without authentication.
 */
async function apiFloor(op: SlaOperation, mode: string): Promise<string[]> {
	const key = await op.n8n.rest('POST', '/api-keys', { label: `bench ${Date.now()}`, expiresAt: null, scopes: ['dataTable:list'] });
	const timed = async (url: string, headers: Record<string, string>) => {
		const ms: number[] = [];
		for (let n = 0; n < 30; n++) {
			const sent = performance.now();
			const response = await fetch(url, { headers });
			await response.text();
			if (!response.ok) throw new Error(`${url} → ${response.status}`);
			ms.push(performance.now() - sent);
		}
		return ms.sort((a, b) => a - b);
	};
	const publicApi = await timed(`${op.n8n.baseUrl}/api/v1/data-tables?limit=1`, { 'X-N8N-API-KEY': key.rawApiKey });
	const ownRest = await timed(`${op.n8n.baseUrl}/rest/settings`, {});
	const describe = (ms: number[]) => `p50 ${fmt(percentile(ms, 50), 1)} ms, fastest ${fmt(ms[0], 1)} ms`;
	return [
		`one call, one at a time, 30 each (${mode}): public API GET /api/v1/data-tables?limit=1 ${describe(publicApi)}; n8n's REST GET /rest/settings ${describe(ownRest)}`,
	];
}

async function runMode(op: SlaOperation, baseUrl: string, mode: string, results: Measured[], notes: string[]): Promise<void> {
	for (const target of TARGETS) await drive(baseUrl, target, mode, 0, WARM_UP_SECONDS);
	for (let round = 1; round <= ROUNDS; round++) {
		for (const target of TARGETS) {
			const m = await drive(baseUrl, target, mode, round, SECONDS);
			results.push(m);
			printRow(m);
			if (target.stores) notes.push(await checkStored(op, m));
		}
	}
	notes.push(...(await profileIntake(op, mode)));
	notes.push(...(await apiFloor(op, mode)));
}

async function main(): Promise<void> {
	await globalSetup();
	const results: Measured[] = [];
	const notes: string[] = [];
	console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per workflow and round (after a ${WARM_UP_SECONDS} s warm-up each), ${ROUNDS} rounds; req/s counts 2xx answers`);
	console.log(`  ${'workflow'.padEnd(24)} ${'mode'.padEnd(13)} round    req/s  p50 ms  p95 ms  p99 ms  non-2xx errors  load`);
	try {
		if (MODES.has('single')) {
			const single = await startSlaOperation('intake-load', { publish: [BARE, 'workflows/intake-route.json', 'workflows/sla-clock-webhook.json', intakeProfileCopy()] });
			try {
				await runMode(single, single.n8n.baseUrl, 'single', results, notes);
			} finally {
				await single.stop();
			}
		}
		if (MODES.has('queue')) await queueMode(results, notes);
	} finally {
		await globalTeardown();
	}
	printRatios(results);
	console.log('\ndata after the load:');
	for (const line of notes) console.log(line.startsWith('  ') || line.startsWith('where') ? line : `  ${line}`);
}

async function queueMode(results: Measured[], notes: string[]): Promise<void> {
	let webhookBaseUrl = '';
	const queue = await startSlaOperation('intake-load-queue', {
		external: async (peers) => {
			const stack = await startQueueStack(peers);
			webhookBaseUrl = stack.webhookBaseUrl;
			return { n8n: stack.n8n, userFolder: stack.userFolder, webhookBaseUrl: stack.webhookBaseUrl };
		},
	});
	try {
		// the bare workflow and the profiled copy: created through the main process's REST API and published
		for (const { id, ...workflow } of [BARE, intakeProfileCopy()]) {
			const created = await queue.n8n.rest('POST', '/workflows', workflow);
			await queue.n8n.publish(created.id);
			if (id === PROFILED) profiledId = created.id;
		}
		await runMode(queue, webhookBaseUrl, `queue (${WORKERS} wk)`, results, notes);
	} finally {
		await queue.stop();
	}
}

function printRatios(results: Measured[]): void {
	console.log('\nratios per round (2xx req/s):');
	const find = (target: string, mode: string, round: number) => results.find((m) => m.target === target && m.mode.startsWith(mode) && m.round === round);
	for (let round = 1; round <= ROUNDS; round++) {
		const bare = find(TARGETS[0].name, 'single', round);
		const intake = find(TARGETS[1].name, 'single', round);
		const queued = find(TARGETS[1].name, 'queue', round);
		const bareQueued = find(TARGETS[0].name, 'queue', round);
		console.log(
			`  round ${round}: intake/bare (single) ${bare && intake ? fmt(perSecond(intake) / perSecond(bare), 3) : 'n/a'} (target ≥ 0.8); intake queue/single ${intake && queued ? fmt(perSecond(queued) / perSecond(intake), 2) : 'n/a'} (target ≥ 1.6); bare queue/single ${bare && bareQueued ? fmt(perSecond(bareQueued) / perSecond(bare), 2) : 'n/a'}`,
		);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
