/**
 * Drives n8n's editor in Debian's Chromium with playwright-core (no browser download): the n8n is the
 * one the e2e harness starts (test/e2e/n8n.ts), with this package installed as a community package.
 * Helpers here read what a builder sees — the nodes panel, the canvas, the node details view (NDV) —
 * and what our package declares (the installed node descriptions, codex files and README), so the
 * tests compare the two.
 */
import { execFileSync } from 'child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { basename, dirname, join } from 'path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { harnessState, OWNER, ROOT } from '../e2e/n8n';

export const PACKAGE_NAME = 'n8n-nodes-sla-orchestrator';
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');

/** Installs Debian's Chromium if it is missing (scripts/install-chromium.sh) and returns its path. */
export function chromiumPath(): string {
	const out = execFileSync('bash', [join(ROOT, 'scripts', 'install-chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
	return out.trim().split('\n').pop() as string;
}

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: chromiumPath(),
		// Root in a container: no user namespaces for Chromium's sandbox, and a small /dev/shm.
		args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
	});
}

/** Progress of a run, for reading while it goes (jest prints only at the end): progress.log. */
export function log(message: string): void {
	mkdirSync(ARTIFACTS, { recursive: true });
	appendFileSync(join(ARTIFACTS, 'progress.log'), `${new Date().toISOString()} ${message}\n`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
	const file = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
	mkdirSync(dirname(file), { recursive: true });
	await page.screenshot({ path: file });
	return file;
}

// ---------------------------------------------------------------------------------------------
// What the package declares
// ---------------------------------------------------------------------------------------------

export interface PackageNode {
	/** e.g. SlaClock */
	dir: string;
	/** e.g. n8n-nodes-sla-orchestrator.slaClock */
	type: string;
	description: any;
	codex: any;
	lightIcon: string;
	darkIcon: string;
}

/** The package as n8n loaded it: the copy the harness installed into the run's user folder. */
export function installedPackageRoot(): string {
	return join(harnessState().userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
}

/** Every node listed in package.json's n8n.nodes, read from the installed package. */
export function packageNodes(): PackageNode[] {
	const root = installedPackageRoot();
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	return (pkg.n8n.nodes as string[]).map((file) => {
		const path = join(root, file);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(path);
		const NodeClass = Object.values(exported).find((value) => typeof value === 'function') as new () => { description: any };
		const description = new NodeClass().description;
		const codexFile = path.replace(/\.js$/, '.json');
		const codex = existsSync(codexFile) ? JSON.parse(readFileSync(codexFile, 'utf8')) : undefined;
		const icon = description.icon as { light: string; dark: string };
		return {
			dir: basename(dirname(path)),
			type: `${PACKAGE_NAME}.${description.name}`,
			description,
			codex,
			lightIcon: icon.light.replace(/^file:/, ''),
			darkIcon: icon.dark.replace(/^file:/, ''),
		};
	});
}

/** Heading anchors of README.md as GitHub and npm make them. */
export function readmeAnchors(): Set<string> {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let inFence = false;
	for (const line of readme.split('\n')) {
		if (/^\s*```/.test(line)) inFence = !inFence;
		const heading = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		// GitHub's (and npm's) slugs: markup dropped, lower case, punctuation removed, spaces to hyphens.
		const text = heading[1].replace(/<[^>]+>/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
		const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
		const count = seen.get(slug) ?? 0;
		anchors.add(count ? `${slug}-${count}` : slug);
		seen.set(slug, count + 1);
	}
	return anchors;
}

function displayed(property: any, values: Record<string, unknown>): boolean {
	const matches = (wanted: unknown[], value: unknown) => wanted.some((w) => (w !== null && typeof w === 'object' ? true : w === value));
	for (const [name, wanted] of Object.entries(property.displayOptions?.show ?? {})) {
		if (name.startsWith('@')) continue;
		if (!matches(wanted as unknown[], values[name])) return false;
	}
	for (const [name, banned] of Object.entries(property.displayOptions?.hide ?? {})) {
		if (name.startsWith('@')) continue;
		if (matches(banned as unknown[], values[name])) return false;
	}
	return true;
}

/** The top-level parameters a freshly added node shows, with their defaults (as n8n resolves them). */
export function defaultParameters(description: any): { values: Record<string, unknown>; shown: any[] } {
	const values: Record<string, unknown> = {};
	const shown: any[] = [];
	for (const property of description.properties as any[]) {
		if (property.name in values || !displayed(property, values)) continue;
		values[property.name] = property.default;
		shown.push(property);
	}
	return { values, shown };
}

/** Evaluates one of our `={{ … }}` description expressions (plain JavaScript over $parameter). */
export function evaluateDescriptionExpression(expression: string, parameters: Record<string, unknown>): unknown {
	const body = /^=\{\{([\s\S]*)\}\}$/.exec(expression.trim())?.[1];
	if (body === undefined) return expression;
	return new Function('$parameter', `return (${body});`)(parameters);
}

/** The output labels n8n draws for a node with the given parameters ([] when outputs have no names). */
export function expectedOutputLabels(description: any, parameters: Record<string, unknown>): string[] {
	const outputs = typeof description.outputs === 'string' ? evaluateDescriptionExpression(description.outputs, parameters) : description.outputs;
	const list = outputs as Array<string | { displayName?: string }>;
	const names: Array<string | undefined> = list.map((output, index) =>
		typeof output === 'object' && output.displayName ? output.displayName : description.outputNames?.[index],
	);
	return list.length > 1 || names[0] ? names.map((name) => name ?? '') : [];
}

// ---------------------------------------------------------------------------------------------
// The editor
// ---------------------------------------------------------------------------------------------

/** A node on the canvas, sticky notes included (those have no data-test-id="canvas-node"). */
const CANVAS_NODE = '[data-node-type][data-node-name]';

/** Runs in the page: the Vue app's router and Pinia stores. */
const APP = `(() => { const app = document.querySelector('#app').__vue_app__; return { router: app.config.globalProperties.$router, pinia: app.config.globalProperties.$pinia }; })()`;

export class Editor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	private signedIn?: Promise<'setup' | 'signin'>;

	/** Signs in once per browser page (setting the owner up if n8n is fresh); later calls reuse it. */
	ensureSignedIn(): Promise<'setup' | 'signin'> {
		this.signedIn ??= this.setUpOwnerOrSignIn();
		return this.signedIn;
	}

	/**
	 * Signs the owner in; on a fresh n8n first fills in the owner setup form, as the first user does.
	 * Returns which of the two it did.
	 */
	async setUpOwnerOrSignIn(): Promise<'setup' | 'signin'> {
		const { page } = this;
		log('opening the editor');
		await page.goto(this.baseUrl + '/');
		log(`landed on ${page.url()}`);
		await page.waitForURL((url) => /\/(setup|signin)/.test(url.pathname) || url.pathname.startsWith('/home'), { timeout: 60_000 });
		await page.locator('input[name=email], input[name=emailOrLdapLoginId]').first().waitFor({ timeout: 30_000 }).catch(async (error) => {
			await screenshot(page, 'owner-setup-failed');
			throw new Error(`no owner setup or sign-in form at ${page.url()}: ${error.message}`);
		});
		log(`form at ${page.url()}`);
		if (new URL(page.url()).pathname.startsWith('/setup')) {
			await screenshot(page, 'owner-setup-form');
			await page.fill('input[name=email]', OWNER.email);
			await page.fill('input[name=firstName]', OWNER.firstName);
			await page.fill('input[name=lastName]', OWNER.lastName);
			await page.fill('input[name=password]', OWNER.password);
			await page.locator('[data-test-id=form-submit-button]').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/setup'), { timeout: 60_000 });
			return 'setup';
		}
		await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
		await page.fill('input[name=password]', OWNER.password);
		await page.locator('[data-test-id=form-submit-button]').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
		return 'signin';
	}

	/** Navigates inside the single-page app (as clicking a link does): no reload of n8n's bundles. */
	async navigate(path: string): Promise<void> {
		const pushed = this.page.evaluate(`${APP}.router.push(${JSON.stringify(path)})`);
		// Leaving a workflow with unsaved changes asks first; the tests never keep those changes.
		const leave = this.page.getByRole('button', { name: /Leave without saving/i });
		await Promise.race([pushed, leave.waitFor({ timeout: 2_000 }).catch(() => undefined)]);
		if (await leave.isVisible().catch(() => false)) await leave.click();
		await pushed;
	}

	/** A REST call as the signed-in user, from the page (n8n binds the session to the browser id). */
	async rest(method: string, path: string, body?: unknown): Promise<any> {
		const result: any = await this.page.evaluate(
			async ({ method, path, body }) => {
				const g: any = globalThis;
				const response = await g.fetch(`/rest${path}`, {
					method,
					headers: { 'content-type': 'application/json', 'browser-id': g.localStorage.getItem('n8n-browserId') ?? '' },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				return { status: response.status, text: await response.text() };
			},
			{ method, path, body },
		);
		if (result.status >= 300) throw new Error(`REST ${method} ${path} → ${result.status}: ${result.text}`);
		return result.text ? JSON.parse(result.text).data : undefined;
	}

	/** Opens an empty new workflow and waits for its canvas. */
	async newWorkflow(): Promise<void> {
		const plus = this.page.locator('[data-test-id=canvas-plus-button]');
		// Seen now and then right after an import (while n8n saves it): the in-app navigation is
		// dropped and the last workflow stays. Try again, then load the page afresh.
		for (let attempt = 0; attempt < 2; attempt++) {
			await this.navigate('/workflow/new');
			if (await plus.waitFor({ timeout: 8_000 }).then(() => true, () => false)) return;
		}
		await screenshot(this.page, 'new-workflow-navigation-stuck');
		log(`no empty canvas after navigating to /workflow/new (at ${this.page.url()}); loading it`);
		await this.page.goto(`${this.baseUrl}/workflow/new`);
		await plus.waitFor({ timeout: 60_000 });
	}

	async openWorkflow(id: string): Promise<void> {
		await this.navigate(`/workflow/${id}`);
		await this.page.locator('[data-test-id=canvas-node]').first().waitFor({ timeout: 60_000 });
	}

	/** Imports a workflow file through the editor's "Import from File…" (its hidden file input). */
	async importFromFile(file: string, expectedNodes: number): Promise<void> {
		await this.page.setInputFiles('[data-test-id=workflow-import-input]', file);
		await this.page.locator(CANVAS_NODE).first().waitFor({ timeout: 60_000 });
		await this.zoomToFit();
		await this.page.waitForFunction(`document.querySelectorAll('${CANVAS_NODE}').length >= ${expectedNodes}`, undefined, { timeout: 10_000 }).catch(() => undefined);
	}

	async zoomToFit(): Promise<void> {
		await this.page.locator('[data-test-id=zoom-to-fit]').click();
		await this.page.waitForTimeout(400);
	}

	// --- nodes panel ---------------------------------------------------------------------------

	searchInput(): Locator {
		return this.page.locator('[data-test-id=node-creator-search-bar] input, input[data-test-id=node-creator-search-bar]').first();
	}

	/** Opens the nodes panel: from the empty canvas's "Add first step" or the "+" at the top right. */
	async openNodesPanel(from: 'first-step' | 'top-right'): Promise<void> {
		await this.page.locator(from === 'first-step' ? '[data-test-id=canvas-plus-button]' : '[data-test-id=node-creator-plus-button]').click();
		await this.searchInput().waitFor({ timeout: 15_000 });
	}

	async closeNodesPanel(): Promise<void> {
		await this.page.keyboard.press('Escape');
		await this.page.locator('[data-test-id=node-creator]').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
	}

	/** Types a search into the nodes panel; returns the names of the nodes it lists. */
	async search(term: string): Promise<string[]> {
		const input = this.searchInput();
		await input.fill('');
		await input.fill(term);
		// The panel filters as one types and animates in: wait for a list (or "We didn't make that…
		// yet") that has stopped changing.
		// Nodes are listed as node items, or (in some views, for nodes with actions) as action items.
		const names = this.page.locator('[data-test-id=item-iterator-item] [data-test-id=node-creator-item-name]');
		const noResults = this.page.locator('[data-test-id=node-creator-no-results]');
		let previous: string | undefined;
		let stable = 0;
		for (const deadline = Date.now() + 8_000; Date.now() < deadline; ) {
			await this.page.waitForTimeout(150);
			const listed = (await names.allInnerTexts()).map((s) => s.trim());
			const settled = listed.length > 0 || (await noResults.isVisible().catch(() => false));
			const snapshot = JSON.stringify(listed);
			stable = settled && snapshot === previous ? stable + 1 : 0;
			previous = snapshot;
			if (stable >= 2) return listed;
		}
		return JSON.parse(previous ?? '[]');
	}

	resultItem(displayName: string): Locator {
		return this.page
			.locator('[data-test-id=item-iterator-item]')
			.filter({ has: this.page.locator('[data-test-id=node-creator-item-name]', { hasText: new RegExp(`^\\s*${escapeRegExp(displayName)}\\s*$`) }) })
			.first();
	}

	/**
	 * Adds the listed node. A community node opens its details panel first: "Add to workflow", or, for
	 * a node with operations, its actions (then `action` — the default operation's — is clicked).
	 * n8n then opens the node's details view (NDV).
	 */
	async addFromResults(displayName: string, action?: string): Promise<void> {
		await this.resultItem(displayName).click();
		const add = this.page.getByRole('button', { name: 'Add to workflow' });
		const ndv = this.page.locator('[data-test-id=ndv]');
		// The wanted action, by its text, in the node's details panel.
		const actionItem = this.page.locator('[data-test-id=node-creator]').getByText(action ?? 'no action expected', { exact: true }).first();
		const appeared = await Promise.any([
			add.waitFor({ timeout: 15_000 }).then(() => 'add'),
			ndv.waitFor({ timeout: 15_000 }).then(() => 'ndv'),
			actionItem.waitFor({ timeout: 15_000 }).then(() => 'action'),
		]).catch(async () => {
			await screenshot(this.page, `add-${displayName}-stuck`);
			writeFileSync(join(ARTIFACTS, `add-${displayName.replace(/\W+/g, '-')}-stuck.html`), await this.page.content());
			throw new Error(`clicking "${displayName}" in the nodes panel opened neither "Add to workflow", the action "${action}" nor its parameters`);
		});
		if (appeared !== 'ndv') {
			// The details panel slides in; click once it has stopped.
			await this.page.waitForTimeout(600);
			if (appeared === 'action') await screenshot(this.page, `nodes-${displayName}-actions`);
			await (appeared === 'add' ? add : actionItem).click();
		}
		await ndv.waitFor({ timeout: 15_000 });
		await this.page.waitForTimeout(500);
	}

	async closeNdv(): Promise<void> {
		await this.page.locator('[data-test-id=ndv-close-button]').click();
		await this.page.locator('[data-test-id=ndv]').waitFor({ state: 'hidden', timeout: 10_000 });
	}

	// --- node details view ---------------------------------------------------------------------

	async ndvTitle(): Promise<string> {
		return (await this.page.locator('[data-test-id=ndv] [data-test-id=node-title-container]').first().innerText()).trim();
	}

	/** Where the NDV's "Docs" link leads. */
	async ndvDocsHref(): Promise<string | null> {
		const link = this.page.locator('[data-test-id=ndv] a', { hasText: /^\s*Docs\s*$/ }).first();
		if ((await link.count()) === 0) return null;
		return link.getAttribute('href');
	}

	/** The value a parameter input of the open NDV shows (select: the option's name); null if absent. */
	async parameterShown(name: string): Promise<{ kind: string; value: string } | null> {
		const input = this.page.locator(`[data-test-id=ndv] [data-test-id=parameter-input-${name}]`).first();
		if ((await input.count()) === 0) return null;
		const expression = input.locator('[data-test-id=inline-expression-editor-input]');
		if ((await expression.count()) > 0) return { kind: 'expression', value: (await expression.first().innerText()).trim() };
		const select = input.locator('.el-select input');
		if ((await select.count()) > 0) return { kind: 'options', value: await select.first().inputValue() };
		const field = input.locator('input[data-test-id=parameter-input-field], textarea[data-test-id=parameter-input-field]');
		if ((await field.count()) > 0) return { kind: 'text', value: await field.first().inputValue() };
		const number = input.locator('input');
		if ((await number.count()) > 0) return { kind: 'input', value: await number.first().inputValue() };
		return { kind: 'other', value: (await input.innerText()).trim() };
	}

	// --- canvas --------------------------------------------------------------------------------

	canvasNode(name: string): Locator {
		return this.page.locator(`${CANVAS_NODE}[data-node-name="${name.replace(/"/g, '\\"')}"]`);
	}

	async canvasNodeView(name: string): Promise<CanvasNodeView> {
		const node = this.canvasNode(name);
		await node.waitFor({ timeout: 15_000 });
		const iconSrc = await node.locator('img').first().getAttribute('src').catch(() => null);
		const subtitle = (await node.locator('[class*="_description_"] [class*="_subtitle_"]').allInnerTexts()).join(' ').trim();
		const label = (await node.locator('[class*="_description_"] [class*="_label_"]').first().innerText().catch(() => '')).trim();
		const outputLabels = (await node.locator('[data-test-id=canvas-node-output-handle][data-connection-type=main]').evaluateAll((handles) =>
			handles.map((h: any) => (h.querySelector('[class*="_outputLabel_"]')?.textContent ?? '').trim()),
		)) as string[];
		return {
			type: (await node.getAttribute('data-node-type')) ?? '',
			iconSrc,
			label,
			subtitle,
			outputLabels,
			notInstalled: (await node.locator('[data-test-id=node-not-installed]').count()) > 0,
			hasIssues: (await node.locator('[data-test-id=node-issues]').count()) > 0,
		};
	}

	/** The issues n8n lists for a node (the tooltip of its warning icon); [] when it shows none. */
	async nodeIssues(name: string): Promise<string[]> {
		const icon = this.canvasNode(name).locator('[data-test-id=node-issues]');
		if ((await icon.count()) === 0) return [];
		await icon.first().hover();
		const tooltip = this.page.locator('[role=tooltip]:visible, .n8n-tooltip:visible').filter({ hasText: /Issues/ }).last();
		const text = await tooltip.innerText({ timeout: 5_000 }).catch(() => 'Issues: (tooltip did not open)');
		await this.page.mouse.move(2, 300);
		await this.page.waitForTimeout(200);
		return text
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line && !/^Issues:?$/.test(line));
	}

	/** All nodes on the canvas: name, type and bounding box. */
	async canvasNodes(): Promise<Array<{ name: string; type: string; box: { x: number; y: number; width: number; height: number } }>> {
		return (await this.page.locator(CANVAS_NODE).evaluateAll((nodes) =>
			nodes.map((n: any) => {
				const inner = n.querySelector('[data-test-id=canvas-default-node], [data-test-id=canvas-trigger-node], [data-test-id=sticky]') ?? n;
				const r = inner.getBoundingClientRect();
				return { name: n.getAttribute('data-node-name'), type: n.getAttribute('data-node-type'), box: { x: r.x, y: r.y, width: r.width, height: r.height } };
			}),
		)) as any;
	}

	/** Whether the editor knows a node type at a version (false: it shows the node as unknown). */
	async isKnownNodeType(type: string, version: number): Promise<boolean> {
		return (await this.page.evaluate(`!!${APP}.pinia._s.get('nodeTypes').getNodeType(${JSON.stringify(type)}, ${JSON.stringify(version)})`)) as boolean;
	}

	/** The text of the sticky notes on the canvas, as rendered. */
	async stickyNotesText(): Promise<string> {
		return (await this.page.locator('[data-test-id=sticky]').allInnerTexts()).join('\n');
	}

	/** Sticky notes whose text does not fit (n8n clips it): name and how many pixels are cut off. */
	async clippedStickyNotes(): Promise<Array<{ name: string; hiddenPx: number }>> {
		return (await this.page.locator(`${CANVAS_NODE}[data-node-type="n8n-nodes-base.stickyNote"]`).evaluateAll((notes) =>
			notes
				.map((note: any) => {
					const g: any = globalThis;
					let hidden = 0;
					for (const el of [note, ...note.querySelectorAll('*')]) {
						const overflow = g.getComputedStyle(el).overflowY;
						if (overflow !== 'visible' && el.clientHeight > 0) hidden = Math.max(hidden, el.scrollHeight - el.clientHeight);
					}
					return { name: note.getAttribute('data-node-name'), hiddenPx: Math.round(hidden) };
				})
				.filter((note: any) => note.hiddenPx > 4),
		)) as Array<{ name: string; hiddenPx: number }>;
	}

	// --- settings ------------------------------------------------------------------------------

	/** Settings → Personal → Theme, as a builder switches it. */
	async setTheme(theme: 'Light theme' | 'Dark theme' | 'System default'): Promise<void> {
		await this.navigate('/settings/personal');
		const select = this.page.locator('[data-test-id=theme-select]');
		await select.waitFor({ timeout: 30_000 });
		await select.click();
		await this.page.locator('.el-select-dropdown__item:visible', { hasText: theme }).first().click();
		const save = this.page.locator('[data-test-id=save-settings-button]');
		if (await save.isEnabled()) await save.click();
		await this.page.waitForTimeout(500);
	}

	async appliedTheme(): Promise<string> {
		return (await this.page.evaluate(`${APP}.pinia._s.get('ui').appliedTheme`)) as string;
	}
}

export interface CanvasNodeView {
	type: string;
	iconSrc: string | null;
	label: string;
	subtitle: string;
	outputLabels: string[];
	notInstalled: boolean;
	hasIssues: boolean;
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Two boxes overlap by more than a few pixels (handles and labels may touch). */
export function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a, tolerance = 4): boolean {
	return a.x + tolerance < b.x + b.width && b.x + tolerance < a.x + a.width && a.y + tolerance < b.y + b.height && b.y + tolerance < a.y + a.height;
}
