/**
 * Every parameter a builder sees in the editor says what it does: each node's and each credential's
 * parameters, at every depth (the fields of collections and of fixed collections), have a description
 * or a hint. Notices are text themselves and need neither.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialType, INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType } from 'n8n-workflow';

const ROOT = join(__dirname, '..', '..', '..');

/** Each class exported by the files matching `suffix` in the folders under `folder` (or in `folder`). */
function classesIn<T>(folder: string, suffix: string, nested: boolean): Array<{ file: string; instance: T }> {
	const files = nested
		? readdirSync(join(ROOT, folder), { withFileTypes: true })
				.filter((entry) => entry.isDirectory())
				.flatMap((entry) => readdirSync(join(ROOT, folder, entry.name)).filter((name) => name.endsWith(suffix)).map((name) => join(folder, entry.name, name)))
		: readdirSync(join(ROOT, folder)).filter((name) => name.endsWith(suffix)).map((name) => join(folder, name));
	return files.flatMap((file) =>
		Object.values(require(join(ROOT, file)) as Record<string, unknown>)
			.filter((value): value is new () => T => typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value)))
			.map((Class) => ({ file, instance: new Class() })),
	);
}

const nodes = classesIn<INodeType>('nodes', '.node.ts', true);
const credentials = classesIn<ICredentialType>('credentials', '.credentials.ts', false);

type Entry = INodeProperties | INodePropertyCollection | INodePropertyOptions;
const isParameter = (entry: Entry): entry is INodeProperties => 'type' in entry && 'displayName' in entry;

/** Every parameter at every depth, with the path of display names that leads to it. */
function parameters(properties: readonly Entry[], path: string[] = []): Array<{ path: string; property: INodeProperties }> {
	return properties.flatMap((entry) => {
		const here = [...path, 'displayName' in entry ? `${entry.displayName} (${entry.name})` : String(entry.name)];
		const own = isParameter(entry) ? [{ path: here.join(' › '), property: entry }] : [];
		const children = [
			...(isParameter(entry) && (entry.type === 'collection' || entry.type === 'fixedCollection') ? ((entry.options ?? []) as Entry[]) : []),
			...('values' in entry ? entry.values : []),
		];
		return [...own, ...parameters(children, here)];
	});
}

const undescribed = (properties: readonly Entry[]) =>
	parameters(properties)
		.filter(({ property }) => property.type !== 'notice')
		.filter(({ property }) => !`${property.description ?? ''}`.trim() && !`${property.hint ?? ''}`.trim())
		.map(({ path }) => path);

test('finds every node and credential of the package', () => {
	const pkg = require(join(ROOT, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };
	expect(nodes.map(({ instance }) => instance.description.name).length).toBe(pkg.n8n.nodes.length);
	expect(credentials.length).toBe(pkg.n8n.credentials.length);
});

test('the walk reaches the fields of collections and fixed collections', () => {
	const fields: Entry[] = [
		{ displayName: 'Plain', name: 'plain', type: 'string', default: '' },
		{ displayName: 'Options', name: 'options', type: 'collection', default: {}, description: 'd', options: [{ displayName: 'In Collection', name: 'inCollection', type: 'string', default: '' }] },
		{
			displayName: 'Rows',
			name: 'rows',
			type: 'fixedCollection',
			default: {},
			description: 'd',
			options: [{ displayName: 'Row', name: 'row', values: [{ displayName: 'In Row', name: 'inRow', type: 'boolean', default: false, hint: 'h' }, { displayName: 'Bare', name: 'bare', type: 'number', default: 0 }] }],
		},
		{ displayName: 'Read this', name: 'notice', type: 'notice', default: '' },
	];
	expect(undescribed(fields)).toEqual(['Plain (plain)', 'Options (options) › In Collection (inCollection)', 'Rows (rows) › Row (row) › Bare (bare)']);
});

describe.each(nodes.map(({ file, instance }) => ({ name: instance.description.displayName, file, properties: instance.description.properties })))('node $name', ({ properties }) => {
	test('every parameter has a description or a hint', () => {
		expect(undescribed(properties)).toEqual([]);
	});
});

describe.each(credentials.map(({ file, instance }) => ({ name: instance.displayName, file, properties: instance.properties })))('credential $name', ({ properties }) => {
	test('every parameter has a description or a hint', () => {
		expect(undescribed(properties)).toEqual([]);
	});
});
