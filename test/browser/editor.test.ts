/**
 * What builders see in n8n's editor, in a real browser (Debian's Chromium through playwright-core):
 * the owner account is set up in the browser; each node of the package is searched in the nodes
 * panel, added to a canvas and opened, and its name, icon (light and dark theme), subtitle, parameter
 * defaults, output names and docs link are checked against what the package declares; every
 * template in workflows/ is imported through "Import from File" and checked for unknown nodes, flagged
 * issues, overlapping nodes and credentials its sticky notes do not name. Screenshots and a summary
 * of what was seen (findings.json) go to test-artifacts/browser/.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { freePort, harnessState, importCredentials, ROOT, startN8n, type N8nServer } from '../e2e/n8n';
import {
	ARTIFACTS,
	defaultParameters,
	Editor,
	evaluateDescriptionExpression,
	expectedOutputLabels,
	launchBrowser,
	log,
	overlaps,
	PACKAGE_NAME,
	packageNodes,
	readmeAnchors,
	screenshot,
	type PackageNode,
} from './editor';

const nodes = packageNodes();
const templates = readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.json')).sort();
/** Everything seen, problem or not, for test-artifacts/browser/findings.json. */
const findings: Record<string, unknown> = {};

let server: N8nServer;
let browser: Browser;
let page: Page;
let editor: Editor;

beforeEach(() => log(`test: ${expect.getState().currentTestName}`));

beforeAll(async () => {
	rmSync(ARTIFACTS, { recursive: true, force: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	const port = await freePort();
	// The credentials the templates name, created the way `npm start` creates them (before n8n starts).
	const credentials = execFileSync(
		'node',
		[join(ROOT, 'scripts', 'setup-store.mjs'), 'credentials', `http://127.0.0.1:${port}`, harnessState().userFolder, 'http://127.0.0.1:9/api/', 'xoxb-browser-test'],
		{ encoding: 'utf8' },
	);
	await importCredentials(JSON.parse(credentials));
	log('credentials imported');
	browser = await launchBrowser();
	log('browser launched');
	server = await startN8n({ port });
	log(`n8n started on ${server.baseUrl}`);
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	page = await context.newPage();
	editor = new Editor(page, server.baseUrl);
});

afterAll(async () => {
	mkdirSync(ARTIFACTS, { recursive: true });
	writeFileSync(join(ARTIFACTS, 'findings.json'), JSON.stringify(findings, null, 2));
	await browser?.close();
	await server?.stop();
});

test('the owner account is set up in the browser on a fresh n8n', async () => {
	const how = await editor.ensureSignedIn();
	await page.locator('[data-test-id=main-sidebar-settings], [data-test-id=resources-list-wrapper], [data-test-id=project-home-menu-item]').first().waitFor({ timeout: 60_000 });
	await screenshot(page, 'owner-signed-in');
	expect(how).toBe('setup');
	expect(new URL(page.url()).pathname).not.toMatch(/setup|signin/);
});

describe('each node links to its README section', () => {
	const anchors = readmeAnchors();
	test.each(nodes.map((n) => [n.description.displayName, n] as const))('%s', (_name, node: PackageNode) => {
		const url: string | undefined = node.codex?.resources?.primaryDocumentation?.[0]?.url;
		expect(url).toBeDefined();
		const parsed = new URL(url as string);
		expect(`${parsed.origin}${parsed.pathname}`).toBe(`https://www.npmjs.com/package/${PACKAGE_NAME}`);
		expect([...anchors]).toContain(parsed.hash.slice(1));
		// n8n's NDV appends "?utm_…" to a codex URL (after its #anchor, which breaks the anchor) and
		// uses the description's documentationUrl as it is: the two must agree.
		expect(node.description.documentationUrl).toBe(url);
	});
});

test('the actions a node lists in the nodes panel read as plain English', () => {
	const broken: string[] = [];
	for (const node of nodes) {
		for (const property of node.description.properties as any[]) {
			for (const option of property.type === 'options' ? (property.options as Array<{ action?: string }>) : []) {
				// e.g. "Save a ticket s state": an apostrophe dropped to please a linter.
				if (option.action && /\b[a-z]+ s\b/i.test(option.action)) broken.push(`${node.description.displayName}: "${option.action}"`);
			}
		}
	}
	expect(broken).toEqual([]);
});

/** Search terms a builder would try: the name, its words, and the codex aliases. */
function searchTerms(node: PackageNode): string[] {
	const name: string = node.description.displayName;
	const words = name.split(/\s+/).filter((w) => w.length >= 3);
	return [...new Set([name, ...words, ...((node.codex?.alias as string[]) ?? [])])];
}

const FORBIDDEN_IN_SUBTITLE = /undefined|null|\[object|\{\{|ERROR|NaN/;

describe('each node in the editor', () => {
	beforeAll(() => editor.ensureSignedIn());

	test.each(nodes.map((n) => [n.description.displayName, n] as const))('%s: found, added, opened', async (displayName, node: PackageNode) => {
		const problems: string[] = [];
		const { description } = node;
		const { values, shown } = defaultParameters(description);
		const seen: Record<string, unknown> = {};
		findings[`node: ${displayName}`] = seen;

		// An empty workflow's "Add first step": the panel a new builder searches first.
		await editor.newWorkflow();
		await editor.openNodesPanel('first-step');
		const listed = await editor.search(displayName);
		seen.firstStepSearch = listed;
		if (!listed.includes(displayName)) {
			await screenshot(page, `nodes/${node.dir}-search-not-found`);
			writeFileSync(join(ARTIFACTS, `nodes-${node.dir}-search-not-found.html`), await page.content());
			throw new Error(`searching "${displayName}" from "Add first step" lists ${JSON.stringify(listed)}, not the node`);
		}
		const panelIcon = await editor.resultItem(displayName).locator('img').first().getAttribute('src').catch(() => null);
		if (!panelIcon?.endsWith(`/dist/nodes/${node.dir}/${node.lightIcon}`)) problems.push(`nodes panel icon is ${panelIcon}, not ${node.lightIcon}`);
		await screenshot(page, `nodes/${node.dir}-1-search`);

		// Add it: n8n opens its parameters (NDV).
		const operation = shown.find((p) => p.name === 'operation' && p.type === 'options');
		const defaultAction = operation?.options?.find((o: any) => o.value === operation.default)?.action;
		await editor.addFromResults(displayName, defaultAction);
		await screenshot(page, `nodes/${node.dir}-2-parameters`);
		const title = await editor.ndvTitle();
		if (title !== description.defaults.name) problems.push(`NDV title is "${title}", not the default name "${description.defaults.name}"`);
		const docs = await editor.ndvDocsHref();
		seen.docsLink = docs;
		const codexUrl = node.codex?.resources?.primaryDocumentation?.[0]?.url;
		if (docs !== codexUrl) problems.push(`NDV "Docs" opens ${docs}, not ${codexUrl} (the README section)`);

		seen.parameters = {};
		for (const property of shown) {
			if (!['options', 'string', 'number'].includes(property.type)) continue;
			if (property.typeOptions?.loadOptionsMethod || property.typeOptions?.password || property.typeOptions?.editor) continue;
			const shownValue = await editor.parameterShown(property.name);
			(seen.parameters as Record<string, unknown>)[property.name] = shownValue;
			if (!shownValue) {
				problems.push(`parameter "${property.displayName}" is not shown in a fresh node`);
				continue;
			}
			let expected: string;
			if (property.type === 'options') {
				const option = (property.options as Array<{ name: string; value: unknown }>).find((o) => o.value === property.default);
				if (!option) {
					problems.push(`parameter "${property.displayName}": default ${JSON.stringify(property.default)} is not one of its options`);
					continue;
				}
				expected = option.name;
			} else if (typeof property.default === 'string' && property.default.startsWith('=')) {
				expected = property.default.slice(1);
			} else if (property.type === 'number' && Number(shownValue.value) === property.default) {
				continue;
			} else {
				expected = String(property.default);
			}
			const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();
			if (normalise(shownValue.value) !== normalise(expected)) {
				problems.push(`parameter "${property.displayName}" shows ${JSON.stringify(shownValue.value)}, its default is ${JSON.stringify(expected)}`);
			}
		}
		await editor.closeNdv();

		// On the canvas: name, icon, subtitle, outputs, issues of a fresh node.
		await editor.zoomToFit();
		const view = await editor.canvasNodeView(description.defaults.name);
		seen.canvas = view;
		await screenshot(page, `nodes/${node.dir}-3-canvas`);
		if (view.type !== node.type) problems.push(`canvas node type is ${view.type}`);
		if (view.label !== description.defaults.name) problems.push(`canvas shows the name "${view.label}"`);
		if (view.notInstalled) problems.push('canvas says the node is not installed');
		if (!view.iconSrc?.endsWith(`/dist/nodes/${node.dir}/${node.lightIcon}`)) problems.push(`canvas icon (light theme) is ${view.iconSrc}, not ${node.lightIcon}`);
		else {
			const icon = await page.request.get(new URL(view.iconSrc, server.baseUrl).toString());
			if (icon.status() !== 200 || !/svg/.test(icon.headers()['content-type'] ?? '')) problems.push(`icon ${view.iconSrc} answers ${icon.status()} ${icon.headers()['content-type']}`);
		}
		if (description.subtitle) {
			const expected = String(evaluateDescriptionExpression(description.subtitle, values) ?? '').trim();
			seen.expectedSubtitle = expected;
			if (view.subtitle !== expected) problems.push(`subtitle is "${view.subtitle}", expected "${expected}"`);
			if (!view.subtitle || FORBIDDEN_IN_SUBTITLE.test(view.subtitle)) problems.push(`subtitle "${view.subtitle}" is empty or unfinished`);
			for (const property of description.properties as any[]) {
				for (const option of property.type === 'options' ? (property.options as Array<{ name: string; value: unknown }>) : []) {
					if (view.subtitle === String(option.value) && option.name !== option.value) problems.push(`subtitle shows the internal value "${option.value}" instead of "${option.name}"`);
				}
			}
		}
		const outputs = expectedOutputLabels(description, values);
		if (JSON.stringify(view.outputLabels.filter((l) => l !== '' || outputs.length > 0)) !== JSON.stringify(outputs)) {
			problems.push(`outputs are labelled ${JSON.stringify(view.outputLabels)}, expected ${JSON.stringify(outputs)}`);
		}
		// A fresh node may ask for its credential and for required fields that have no default; any
		// other issue means a default does not work.
		const issues = await editor.nodeIssues(description.defaults.name);
		seen.freshNodeIssues = issues;
		const acceptable = new Set<string>([
			`Credentials for ${displayName} are not set.`,
			// A resource locator (a Slack channel) without a default has the empty value of its first mode.
			...shown
				.filter((p) => p.required && (p.default === '' || p.default === undefined || p.default === null || (p.type === 'resourceLocator' && p.default?.value === '')))
				.map((p) => `Parameter "${p.displayName}" is required.`),
		]);
		for (const issue of issues) if (!acceptable.has(issue)) problems.push(`a fresh node is flagged: ${issue}`);

		// The "+" at the top right of a workflow that has nodes: every name and alias finds the node.
		await editor.openNodesPanel('top-right');
		const missedTerms: string[] = [];
		for (const term of searchTerms(node)) {
			if (!(await editor.search(term)).includes(displayName)) missedTerms.push(term);
		}
		seen.missedSearchTerms = missedTerms;
		if (missedTerms.length) {
			await editor.search(missedTerms[0]);
			await screenshot(page, `nodes/${node.dir}-4-search-missed`);
			problems.push(`the nodes panel does not list it for ${JSON.stringify(missedTerms)}`);
		}
		await editor.closeNodesPanel();

		expect(problems).toEqual([]);
	});

	test('Normalize Intent is found by the words builders search for (issue 16)', async () => {
		await editor.newWorkflow();
		await editor.openNodesPanel('first-step');
		const missed: string[] = [];
		for (const term of ['Normalize Intent', 'Normalize', 'intent', 'classify']) {
			if (!(await editor.search(term)).includes('Normalize Intent')) missed.push(term);
		}
		await editor.closeNodesPanel();
		expect(missed).toEqual([]);
	});

	test('icons follow the theme: the light svg in the light theme, the dark svg in the dark theme', async () => {
		const workflow = await editor.rest('POST', '/workflows', {
			name: 'Browser test: all nodes',
			nodes: nodes.map((node, i) => ({
				id: `browser-test-node-${i}`,
				name: node.description.defaults.name,
				type: node.type,
				typeVersion: Array.isArray(node.description.version) ? Math.max(...node.description.version) : node.description.version,
				position: [(i % 4) * 260, Math.floor(i / 4) * 300],
				parameters: {},
			})),
			connections: {},
			settings: {},
		});
		const icons = async () => {
			await editor.openWorkflow(workflow.id);
			await editor.zoomToFit();
			const seen: Record<string, string | null> = {};
			for (const node of nodes) seen[node.dir] = (await editor.canvasNodeView(node.description.defaults.name)).iconSrc;
			return seen;
		};
		const wanted = (variant: 'lightIcon' | 'darkIcon') => Object.fromEntries(nodes.map((n) => [n.dir, `/icons/${PACKAGE_NAME}/dist/nodes/${n.dir}/${n[variant]}`]));
		try {
			await editor.setTheme('Light theme');
			const light = await icons();
			await screenshot(page, 'theme-light-all-nodes');
			await editor.setTheme('Dark theme');
			expect(await editor.appliedTheme()).toBe('dark');
			const dark = await icons();
			await screenshot(page, 'theme-dark-all-nodes');
			findings.icons = { light, dark };
			expect({ light, dark }).toEqual({ light: wanted('lightIcon'), dark: wanted('darkIcon') });
		} finally {
			await editor.setTheme('System default').catch(() => undefined);
		}
	});
});

describe('each template imported through the editor', () => {
	beforeAll(() => editor.ensureSignedIn());

	test.each(templates)('%s', async (file) => {
		const template = JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8'));
		const problems: string[] = [];
		await editor.newWorkflow();
		await editor.importFromFile(join(ROOT, 'workflows', file), template.nodes.length);
		await screenshot(page, `templates/${file.replace(/\.json$/, '')}`);
		const onCanvas = await editor.canvasNodes();
		const names = new Set(onCanvas.map((n) => n.name));
		const seen: Record<string, unknown> = {};
		findings[`template: ${file}`] = seen;

		for (const node of template.nodes) {
			if (!names.has(node.name)) problems.push(`"${node.name}" is not on the canvas`);
			if (!(await editor.isKnownNodeType(node.type, node.typeVersion))) problems.push(`"${node.name}" is an unknown node: ${node.type} v${node.typeVersion}`);
		}
		const flagged = await page.locator('[data-test-id=canvas-node]:has([data-test-id=node-issues]), [data-test-id=canvas-node]:has([data-test-id=node-not-installed])').evaluateAll((els) => els.map((e: any) => e.getAttribute('data-node-name')));
		const issues: Record<string, string[]> = {};
		for (const name of flagged as string[]) {
			const view = await editor.canvasNodeView(name);
			issues[name] = view.notInstalled ? ['not installed ("install this node")'] : await editor.nodeIssues(name);
			problems.push(`"${name}" is flagged: ${issues[name].join(' ')}`);
		}
		seen.issues = issues;

		// Every credential the template uses is named in one of its sticky notes.
		const stickies = await editor.stickyNotesText();
		const needed = new Map<string, string>();
		for (const node of template.nodes) {
			if (node.disabled) continue;
			for (const [type, credential] of Object.entries((node.credentials ?? {}) as Record<string, { name: string }>)) needed.set(credential.name, type);
		}
		const unnamed = [...needed].filter(([name]) => !stickies.includes(name)).map(([name, type]) => `${name} (${type})`);
		seen.credentials = [...needed.keys()];
		seen.credentialsNotInStickyNotes = unnamed;
		if (unnamed.length) problems.push(`credentials not named in a sticky note: ${unnamed.join(', ')}`);

		// A sticky note too small for its text hides the end of it (often the credentials line).
		const clipped = await editor.clippedStickyNotes();
		seen.clippedStickyNotes = clipped;
		for (const note of clipped) problems.push(`sticky note "${note.name}" cuts off ${note.hiddenPx}px of its text (make it taller)`);

		// Nodes drawn over each other hide each other's names and connections (sticky notes may frame nodes).
		const placed = onCanvas.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
		const overlapping: string[] = [];
		for (let i = 0; i < placed.length; i++) {
			for (let j = i + 1; j < placed.length; j++) if (overlaps(placed[i].box, placed[j].box)) overlapping.push(`"${placed[i].name}" and "${placed[j].name}"`);
		}
		seen.overlappingNodes = overlapping;
		if (overlapping.length) problems.push(`nodes drawn over each other: ${overlapping.join(', ')}`);

		expect(problems).toEqual([]);
	});
});
