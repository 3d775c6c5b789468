/**
 * The layout as a specification: engine domains depend downwards only and are entered through their
 * index, nothing imports in a circle, engine/ stays pure, and every file follows one naming style.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Each domain and the domains it may import (through their index); calendar and core at the bottom. */
const ALLOWED: Record<string, string[]> = {
	core: [],
	calendar: ['core'],
	sla: ['core', 'calendar'],
	intent: ['core'],
	routing: ['core', 'calendar'],
	escalation: ['core', 'calendar'],
	// audit scans free text with intent's PII detection, so both nodes find the same PII
	audit: ['core', 'intent'],
	breach: ['core', 'sla'],
	intake: ['core'],
	kpi: ['core'],
	drill: ['core', 'intake', 'kpi'],
};

function filesUnder(folder: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(join(ROOT, folder))) {
		const path = join(folder, name);
		if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path));
		else out.push(path);
	}
	return out;
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'([^']+)'|\b(?:require|import)\(\s*'([^']+)'\s*\)/g;

/** Relative imports of a file, resolved to repository paths (type-only imports included). */
function importsOf(file: string): string[] {
	const source = readFileSync(join(ROOT, file), 'utf8');
	const out: string[] = [];
	for (const match of source.matchAll(SPECIFIER)) {
		const specifier = match[1] ?? match[2];
		if (!specifier.startsWith('.')) continue;
		const base = normalize(join(dirname(file), specifier));
		const resolved = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => {
			try {
				return statSync(join(ROOT, candidate)).isFile();
			} catch {
				return false;
			}
		});
		if (resolved === undefined) throw new Error(`${file}: cannot resolve '${specifier}'`);
		out.push(resolved);
	}
	return out;
}

const domainOf = (file: string) => /^engine\/([^/]+)\//.exec(file)?.[1] ?? null;
const sourceFiles = [...filesUnder('engine'), ...filesUnder('nodes'), ...filesUnder('credentials')].filter((file) => file.endsWith('.ts'));
const graph = new Map(sourceFiles.map((file) => [file, importsOf(file)]));

describe('the layout', () => {
	test('engine/ is one folder per domain, each with an index as its public surface', () => {
		const entries = readdirSync(join(ROOT, 'engine'));
		expect(entries.sort()).toEqual(Object.keys(ALLOWED).sort());
		for (const domain of entries) expect(statSync(join(ROOT, 'engine', domain, 'index.ts')).isFile()).toBe(true);
	});

	test('domains import only the domains below them, and only through their index', () => {
		const wrong: string[] = [];
		for (const [file, imports] of graph) {
			const from = domainOf(file);
			for (const target of imports) {
				const to = domainOf(target);
				if (to === null || to === from) continue;
				if (!target.endsWith(`engine/${to}/index.ts`)) wrong.push(`${file} imports ${target}, an internal of ${to}`);
				if (from !== null && !ALLOWED[from].includes(to)) wrong.push(`${file} (${from}) imports ${to}, which is not below it`);
			}
		}
		expect(wrong).toEqual([]);
	});

	test('no import circle in engine/, nodes/ or credentials/', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const visit = (file: string, path: string[]) => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'open') {
				cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
				return;
			}
			state.set(file, 'open');
			for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
			state.set(file, 'done');
		};
		for (const file of graph.keys()) visit(file, []);
		expect(cycles).toEqual([]);
	});

	test('engine/ is pure: no n8n, no I/O, no clock reads', () => {
		const impure: string[] = [];
		for (const file of sourceFiles.filter((name) => name.startsWith('engine/'))) {
			const source = readFileSync(join(ROOT, file), 'utf8');
			if (/from '(n8n-[\w-]+|node:fs|fs|node:http|http|https|node:https|node:net|node:child_process)'/.test(source)) impure.push(`${file}: imports n8n or I/O`);
			if (/Date\.now\(|new Date\(\)|performance\.now\(|Math\.random\(/.test(source)) impure.push(`${file}: reads the clock or randomness`);
		}
		expect(impure).toEqual([]);
	});

	test('one naming style: kebab-case files, except the names n8n itself requires', () => {
		const n8nNames = /^(nodes\/[A-Z][A-Za-z]+\/[A-Z][A-Za-z]+\.node\.(ts|json)|credentials\/[A-Z][A-Za-z]+\.credentials\.ts|test\/nodes\/[A-Z][A-Za-z]+\/[A-Z][A-Za-z]+\.node\.test\.ts)$/;
		const kebab = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/;
		const wrong: string[] = [];
		for (const file of [...filesUnder('engine'), ...filesUnder('nodes'), ...filesUnder('credentials'), ...filesUnder('test'), ...filesUnder('bench')]) {
			if (file.startsWith('test/fixtures/') || n8nNames.test(file)) continue;
			const folders = relative('.', dirname(file)).split('/');
			// Node folders are named like the node class, as n8n names them (nodes/SlaClock, test/nodes/SlaClock).
			const nodeFolder = (folders[0] === 'nodes' && folders.length >= 2) || (folders[0] === 'test' && folders[1] === 'nodes' && folders.length >= 3);
			const checkedFolders = nodeFolder ? folders.filter((_, index) => index !== (folders[0] === 'nodes' ? 1 : 2)) : folders;
			if (![...checkedFolders, file.split('/').pop()!].every((part) => kebab.test(part))) wrong.push(file);
		}
		expect(wrong).toEqual([]);
	});
});
