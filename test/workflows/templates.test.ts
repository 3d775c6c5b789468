/**
 * What every template promises a builder who imports it: nodes that exist, connections between
 * them, credentials named in its sticky notes, expressions n8n can parse, authenticated webhooks,
 * and an execution history that stays bounded and PII-lean.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
const OUR_TYPES = new Set(pkg.n8n.nodes.map((path) => `n8n-nodes-sla-orchestrator.${path.split('/').pop()!.replace('.node.js', '').replace(/^./, (c) => c.toLowerCase())}`));

interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Workflow {
	id: string;
	name: string;
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	settings: Record<string, unknown>;
}

const templates = readdirSync(join(ROOT, 'workflows'))
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8')) as Workflow }));

/** The templates of the running operation (the others demonstrate one node each). */
const OPERATION = new Set(['sla-setup.json', 'sla-policy-change.json', 'sla-intake.json', 'sla-sweep.json', 'sla-error-handler.json', 'sla-replay.json', 'sla-daily-report.json', 'sla-drill.json', 'breach-sop.json']);

function expressions(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string' && value.startsWith('=')) out.push(value.slice(1));
	else if (Array.isArray(value)) value.forEach((entry) => expressions(entry, out));
	else if (value && typeof value === 'object') Object.values(value).forEach((entry) => expressions(entry, out));
	return out;
}

describe.each(templates)('template $file', ({ file, workflow }) => {
	test('has a fixed id, and every node is one of n8n\'s or of this package', () => {
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{8,40}$/);
		for (const node of workflow.nodes) {
			expect({ node: node.name, known: node.type.startsWith('n8n-nodes-base.') || OUR_TYPES.has(node.type) }).toEqual({ node: node.name, known: true });
		}
	});

	test('connects only nodes it has', () => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [from, { main }] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of main.flat()) expect({ from, to: target.node, exists: names.has(target.node) }).toEqual({ from, to: target.node, exists: true });
		}
	});

	test('names every credential it needs in a sticky note', () => {
		const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote').map((node) => String(node.parameters.content)).join('\n');
		const needed = new Set(workflow.nodes.flatMap((node) => Object.values(node.credentials ?? {}).map((credential) => credential.name)));
		for (const name of needed) expect({ credential: name, named: notes.includes(name) }).toEqual({ credential: name, named: true });
	});

	test('has no expression that n8n would cut short at an inner "}}"', () => {
		for (const expression of workflow.nodes.flatMap((node) => expressions(node.parameters))) {
			const trimmed = expression.trim();
			if (trimmed.startsWith('{{') && trimmed.endsWith('}}')) expect(trimmed.slice(2, -2)).not.toContain('}}');
		}
	});

	test('lets no webhook be called without a credential: the intake token, or the dashboard login', () => {
		for (const node of workflow.nodes.filter((entry) => entry.type === 'n8n-nodes-base.webhook')) {
			const credential = node.parameters.authentication === 'headerAuth' ? node.credentials?.httpHeaderAuth?.id : node.parameters.authentication === 'basicAuth' ? node.credentials?.httpBasicAuth?.id : undefined;
			// The dashboard is opened in a browser, which cannot send a header: it has a login of its own.
			const expected = node.parameters.path === 'sla-dashboard' ? 'slaDashboardLgn1' : 'slaIntakeAuth001';
			expect({ node: node.name, authentication: node.parameters.authentication, credential }).toEqual({
				node: node.name,
				authentication: expected === 'slaDashboardLgn1' ? 'basicAuth' : 'headerAuth',
				credential: expected,
			});
		}
	});

	test('names Slack channels as n8n saves a channel chosen in the editor (a resource locator)', () => {
		for (const node of workflow.nodes.filter((entry) => entry.type === 'n8n-nodes-sla-orchestrator.escalate')) {
			for (const name of ['channel', 'leadershipChannel'].filter((key) => key in node.parameters)) {
				expect({ node: node.name, name, value: node.parameters[name] }).toEqual({
					node: node.name,
					name,
					value: { __rl: true, mode: expect.stringMatching(/^(list|id|name|url)$/), value: expect.any(String) },
				});
			}
		}
	});

	if (OPERATION.has(file)) {
		test('authenticates every webhook with the intake token', () => {
			for (const node of workflow.nodes.filter((entry) => entry.type === 'n8n-nodes-base.webhook')) {
				expect({ node: node.name, authentication: node.parameters.authentication }).toEqual({ node: node.name, authentication: 'headerAuth' });
				expect(node.credentials?.httpHeaderAuth?.id).toBe('slaIntakeAuth001');
			}
		});

		test('keeps history bounded and PII-lean: successful runs are not saved, failures go to the error handler', () => {
			expect(workflow.settings.saveDataSuccessExecution).toBe('none');
			expect(workflow.settings.saveDataErrorExecution).toBe('all');
			if (workflow.id !== 'slaErrorHandler1') expect(workflow.settings.errorWorkflow).toBe('slaErrorHandler1');
		});
	}
});

/**
 * Templates whose executions carry many items (a sweep's tickets, a replay's dead letters, a drill's). n8n runs a
 * node once per incoming branch with data, so a node fed by several outputs runs several times and
 * whatever follows it answers or aggregates early; a Merge node gathers them first. Allowed: the first
 * node after the triggers, the failure path (it stops the execution), and branches that never both
 * carry data.
 */
const MANY_ITEMS: Record<string, string[]> = {
	'sla-sweep.json': ['Get Due Tickets', 'Describe Failure', 'Summary'],
	'sla-replay.json': ['Get Dead Letters', 'Describe Failure'],
	// The loop's own return edge, and the check's one summary item on either of its outputs.
	'sla-drill.json': ['Drill Settings', 'Each Event in Turn', 'Post Drill Result', 'Answer'],
};

test.each(Object.entries(MANY_ITEMS))('%s gathers every node\'s several inputs in a Merge node', (file, allowed) => {
	const { workflow } = templates.find((template) => template.file === file)!;
	const types = new Map(workflow.nodes.map((node) => [node.name, node.type]));
	const feeds = new Map<string, string[]>();
	for (const [from, { main }] of Object.entries(workflow.connections)) {
		main.forEach((targets, output) => {
			for (const target of targets ?? []) {
				const input = `${target.node} #${(target as { index?: number }).index ?? 0}`;
				feeds.set(input, [...(feeds.get(input) ?? []), `${from} #${output}`]);
			}
		});
	}
	const fannedIn = [...feeds].filter(([input, sources]) => sources.length > 1 && types.get(input.replace(/ #\d+$/, '')) !== 'n8n-nodes-base.merge' && !allowed.includes(input.replace(/ #\d+$/, '')));
	expect(fannedIn).toEqual([]);
});

test('the operation templates are all there', () => {
	const files = new Set(templates.map((template) => template.file));
	for (const file of OPERATION) if (file !== 'sla-drill.json') expect(files.has(file)).toBe(true);
});
