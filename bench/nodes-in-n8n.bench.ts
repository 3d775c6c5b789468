/**
 * The path users run: each node of this package inside real n8n (installed by scripts/install-n8n.sh,
 * the package installed as a community package), over the same 5,000 ticket items in one execution,
 * beside n8n's own Edit Fields (Set) node over those items. n8n records each node's execution time
 * in the run data; the bench prints milliseconds per item and the ratio to Set, per round and the
 * median over rounds. Asserts nothing about time.
 *
 * Run: npx tsx bench/nodes-in-n8n.bench.ts [items] [rounds]
 */
import { execFileSync, spawnSync } from 'child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
const ITEMS = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 3);
const PACKAGE = 'n8n-nodes-sla-orchestrator';
const CREATED = '2026-03-10T08:00:00Z';
const NOW = '2026-03-10T14:30:00Z';

const intakeRoute = JSON.parse(readFileSync(join(ROOT, 'workflows', 'intake-route.json'), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> };
const rosterOfTemplate = intakeRoute.nodes.find((node) => node.type === `${PACKAGE}.skillRouter`)!.parameters;

/** The items: tickets of a Code node, the same every round (a small LCG, no Math.random). */
const TICKETS_CODE = `
const subjects = ['Invoice charged twice', 'Cannot log in since the update', 'Refund for order not received', 'API returns 500 on checkout', 'Wie ändere ich meine Rechnungsadresse?', 'La aplicación se cierra al abrir'];
const bodies = ['I was charged twice for my subscription this month, please refund one payment.', 'The login page says my password is wrong although I reset it twice today.', 'Order 4711 was returned two weeks ago and the refund is still missing.', 'Every call to /v2/checkout answers 500 since 10:00 UTC, our shop is down.', 'Ich möchte die Adresse auf meinen Rechnungen ändern, wo geht das?', 'Desde ayer la aplicación se cierra en cuanto la abro en Android.'];
const priorities = ['low', 'normal', 'high', 'urgent'];
const tiers = ['free', 'pro', 'enterprise'];
const regions = ['emea', 'amer', 'apac'];
let state = 7;
const next = (n) => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state % n; };
const out = [];
for (let i = 0; i < ${ITEMS}; i++) {
  const k = next(6);
  out.push({ json: { id: 'B-' + i, key: 'bench:B-' + i, source: 'bench', subject: subjects[k], body: bodies[k], priority: priorities[next(4)], status: 'open', createdAt: '${CREATED}', customer: { id: 'C-' + next(500), tier: tiers[next(3)], region: regions[next(3)] }, events: [], tags: [] } });
}
return out;`;

interface Measured {
	node: string;
	ms: number;
}

const node = (name: string, type: string, parameters: Record<string, unknown>, position: number, extra: Record<string, unknown> = {}) => ({
	parameters,
	id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
	name,
	type,
	typeVersion: type === 'n8n-nodes-base.set' ? 3.4 : type === 'n8n-nodes-base.code' ? 2 : type === 'n8n-nodes-base.merge' ? 3.2 : 1,
	position: [position * 220, 300],
	...extra,
});

/** Under test, each fed by the tickets; Escalate and Breach SOP by the tickets after one SLA Clock. */
function benchWorkflow() {
	const set = node('Edit Fields (Set)', 'n8n-nodes-base.set', { mode: 'manual', includeOtherFields: true, assignments: { assignments: [{ id: 'a1', name: 'checked', value: true, type: 'boolean' }] }, options: {} }, 2);
	const nodes = [
		node('Start', 'n8n-nodes-base.manualTrigger', {}, 0),
		node('Tickets', 'n8n-nodes-base.code', { jsCode: TICKETS_CODE }, 1),
		set,
		node('SLA Clock', `${PACKAGE}.slaClock`, { policySource: 'json', now: NOW, options: {} }, 3),
		node('Normalize Intent', `${PACKAGE}.normalizeIntent`, { subject: '={{ $json.subject }}', body: '={{ $json.body }}', trainingSource: 'builtIn', outputMode: 'classified', threshold: 0.5, options: { now: NOW } }, 4),
		node('Skill Router', `${PACKAGE}.skillRouter`, { ...rosterOfTemplate, now: NOW }, 5),
		node('Clocked', `${PACKAGE}.slaClock`, { policySource: 'json', now: NOW, options: {} }, 6),
		node('All States', 'n8n-nodes-base.merge', { numberInputs: 5 }, 7),
		node('Escalate (Dry Run)', `${PACKAGE}.escalate`, { mode: 'dryRun', channel: '#bench', options: { now: NOW } }, 8),
		node('Breach SOP (Identify)', `${PACKAGE}.breachSop`, { operation: 'identify', now: NOW }, 9),
		node('Audit Log (Record)', `${PACKAGE}.auditLog`, { trailFile: 'sla-audit/bench.jsonl', action: 'rule_run', ticketId: '={{ $json.id }}', ticketSource: '={{ $json.source }}', ruleId: 'bench', after: '={{ $json }}' }, 10, { credentials: { slaAuditKeyApi: { id: 'benchAuditKey001', name: 'Bench Audit Key' } } }),
	];
	const to = (...targets: Array<[string, number?]>) => targets.map(([name, index]) => ({ node: name, type: 'main', index: index ?? 0 }));
	return {
		id: 'slaNodeBench0001',
		name: 'SLA nodes inside n8n (bench)',
		nodes,
		connections: {
			Start: { main: [to(['Tickets'])] },
			Tickets: { main: [to(['Edit Fields (Set)'], ['SLA Clock'], ['Normalize Intent'], ['Skill Router'], ['Clocked'], ['Audit Log (Record)'])] },
			Clocked: { main: [0, 1, 2, 3, 4].map((i) => to(['All States', i])) },
			'All States': { main: [to(['Escalate (Dry Run)'], ['Breach SOP (Identify)'])] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

/** Runs the CLI with its output in a file: n8n exits without draining a pipe, which cuts a large run short. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): string {
	const file = join(tmpdir(), `sla-node-bench-${process.pid}.out`);
	const fd = openSync(file, 'w');
	const result = spawnSync(command, args, { env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
	closeSync(fd);
	const stdout = readFileSync(file, 'utf8');
	rmSync(file, { force: true });
	if (result.status !== 0 && !/^\{$/m.test(stdout)) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
	return stdout;
}

function main(): void {
	const n8nDir = execFileSync('bash', [join(ROOT, 'scripts', 'install-n8n.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
	const n8n = join(n8nDir, 'node_modules', '.bin', 'n8n');
	const folder = mkdtempSync(join(tmpdir(), 'sla-node-bench-'));
	try {
		execFileSync('bash', [join(ROOT, 'scripts', 'install-package-into-n8n.sh'), folder], { stdio: ['ignore', 'ignore', 'inherit'] });
		const { NODE_ENV: _n, ...inherited } = process.env;
		const env = { ...inherited, N8N_USER_FOLDER: folder, N8N_ENCRYPTION_KEY: 'sla-node-bench', N8N_DIAGNOSTICS_ENABLED: 'false', N8N_LOG_LEVEL: 'info', NO_COLOR: '1', DB_TYPE: 'sqlite', N8N_RUNNERS_BROKER_PORT: '5699' };
		const credentials = join(folder, 'credentials.json');
		writeFileSync(credentials, JSON.stringify([{ id: 'benchAuditKey001', name: 'Bench Audit Key', type: 'slaAuditKeyApi', data: { secret: 'bench-secret-0123456789abcdef', version: 'v1', previousSecrets: '' } }]));
		run(n8n, ['import:credentials', `--input=${credentials}`], env);
		const workflow = join(folder, 'workflow.json');
		writeFileSync(workflow, JSON.stringify(benchWorkflow()));
		run(n8n, ['import:workflow', `--input=${workflow}`], env);

		const rounds: Measured[][] = [];
		for (let round = 1; round <= ROUNDS; round++) {
			const stdout = run(n8n, ['execute', '--id=slaNodeBench0001', '--rawOutput'], env);
			const json = /^\{$[\s\S]*^\}$/m.exec(stdout);
			if (!json) throw new Error(`n8n execute printed no result:\n${stdout.slice(-3000)}`);
			const runData = JSON.parse(json[0]).data.resultData.runData as Record<string, Array<{ executionTime: number; error?: { message: string }; data?: { main: Array<unknown[] | null> } }>>;
			const measured: Measured[] = [];
			for (const [name, runs] of Object.entries(runData)) {
				if (runs[0].error) throw new Error(`${name} failed: ${runs[0].error.message}`);
				const items = (runs[0].data?.main ?? []).reduce((sum, output) => sum + (output?.length ?? 0), 0);
				if (!['Start', 'Tickets', 'All States', 'Clocked'].includes(name) && items !== ITEMS) throw new Error(`${name} put out ${items} items, not ${ITEMS}`);
				measured.push({ node: name, ms: runs.reduce((sum, entry) => sum + entry.executionTime, 0) });
			}
			rounds.push(measured);
			const set = measured.find((entry) => entry.node === 'Edit Fields (Set)')!.ms;
			console.log(`round ${round}: ${measured.filter((entry) => !['Start', 'Tickets', 'All States', 'Clocked'].includes(entry.node)).map((entry) => `${entry.node} ${(entry.ms / ITEMS).toFixed(3)} ms/item (${(entry.ms / set).toFixed(1)}× Set)`).join('; ')}`);
		}
		const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
		console.log(`\n${ITEMS} items in one execution, median of ${ROUNDS} rounds, ratio to Edit Fields (Set) in the same execution:`);
		for (const name of rounds[0].map((entry) => entry.node).filter((name) => !['Start', 'Tickets', 'All States', 'Clocked'].includes(name))) {
			const ratios = rounds.map((measured) => measured.find((entry) => entry.node === name)!.ms / measured.find((entry) => entry.node === 'Edit Fields (Set)')!.ms);
			const perItem = median(rounds.map((measured) => measured.find((entry) => entry.node === name)!.ms / ITEMS));
			console.log(`  ${name.padEnd(24)} ${perItem.toFixed(3)} ms/item  ${median(ratios).toFixed(1)}× Set (rounds: ${ratios.map((r) => r.toFixed(1)).join(', ')})`);
		}
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

main();
