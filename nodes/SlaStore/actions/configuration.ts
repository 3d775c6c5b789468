/**
 * Set Up Tables and Get Configuration. Policies, calendars, the roster and the ladder are documents
 * in the config table, read by every template from there: a package upgrade never changes an SLA in
 * force, because nothing a workflow runs comes from a node default.
 */
import type { IDataObject } from 'n8n-workflow';

import { readJsonParameter, splitList } from '../../shared/parameters';
import { eq, where } from '../transport';
import type { Routed, StoreContext } from './context';


export async function setUp(store: StoreContext, itemIndex: number): Promise<Routed> {
	const tables = await store.tables.ensureAll();
	const seed = { ...((readJsonParameter<IDataObject>(store.ctx, 'seed', 'Seed Configuration', itemIndex) ?? {}) as IDataObject) };
	const runtime = readJsonParameter<IDataObject>(store.ctx, 'runtime', 'Runtime Settings', itemIndex);
	if (runtime && typeof runtime === 'object' && Object.keys(runtime).length > 0) seed.runtime = { ...((seed.runtime as IDataObject) ?? {}), ...runtime };
	const table = await store.tables.id('config');
	const seeded: string[] = [];
	for (const [name, document] of Object.entries(seed)) {
		const existing = await store.tables.api.rows(table, { filter: where(eq('name', name)), limit: 1 });
		if (existing.length > 0) continue;
		await store.tables.api.insert(table, [{ name, version: 1, status: 'active', author: 'setup', activatedAt: new Date(store.now(itemIndex)).toISOString(), document: JSON.stringify(document) }]);
		seeded.push(name);
	}
	return { output: 0, json: { tables, seeded } };
}

/** The active version of each named document (the highest active version). */
async function activeDocuments(store: StoreContext, names: string[]): Promise<{ documents: IDataObject; versions: IDataObject }> {
	const table = await store.tables.id('config');
	const documents: IDataObject = {};
	const versions: IDataObject = {};
	for (const name of names) {
		const [row] = await store.tables.api.rows(table, { filter: where(eq('name', name), eq('status', 'active')), sortBy: ['version', 'desc'], limit: 1 });
		if (!row) throw Object.assign(new Error(`Documents: the store has no active "${name}" document`), { hint: 'Seed it with Set Up Tables (npm start does), or remove it from Documents.' });
		documents[name] = JSON.parse(String(row.document)) as IDataObject;
		versions[name] = row.version;
	}
	return { documents, versions };
}

/** Open tickets per assignee, so a roster's capacity counts work taken in earlier executions. */
async function openLoad(store: StoreContext): Promise<Map<string, number>> {
	const load = new Map<string, number>();
	for (const row of await store.tickets.rowsWhere([eq('open', true)])) {
		if (typeof row.assignee === 'string' && row.assignee !== '') load.set(row.assignee, (load.get(row.assignee) ?? 0) + 1);
	}
	return load;
}

export async function getConfig(store: StoreContext): Promise<Routed[]> {
	const names = splitList(store.ctx.getNodeParameter('documents', 0, 'policySet, roster, ladder'));
	const { documents, versions } = await activeDocuments(store, names);
	const roster = documents.roster as { agents?: Array<IDataObject & { id?: string; email?: string }> } | undefined;
	if (roster?.agents && (store.ctx.getNodeParameter('fillLoad', 0, true) as boolean)) {
		const load = await openLoad(store);
		roster.agents = roster.agents.map((agent) => ({ ...agent, load: (load.get(String(agent.id)) ?? 0) + (agent.email ? (load.get(String(agent.email)) ?? 0) : 0) }));
	}
	return store.items.map((item) => ({ output: 0, json: { ...item.json, config: documents, configVersions: versions } }));
}
