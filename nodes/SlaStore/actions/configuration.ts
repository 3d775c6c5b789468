/**
 * Set Up Tables and Get Configuration. Policies, calendars, the roster and the ladder are documents
 * in the config table, read by every template from there: a package upgrade never changes an SLA in
 * force, because nothing a workflow runs comes from a node default.
 */
import type { IDataObject } from 'n8n-workflow';

import { readJsonParameter, splitList } from '../../shared/parameters';
import { anyOf, eq, where } from '../transport';
import type { Routed, StoreContext } from './context';
import { policyVersionsOf } from './policy-versions';


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

/**
 * The active version of each named document (the highest active version), read in one call: the
 * documents' rows of every version, few beside the tickets, rather than one call per document.
 */
async function activeDocuments(store: StoreContext, names: string[]): Promise<{ documents: IDataObject; versions: IDataObject }> {
	const table = await store.tables.id('config');
	const rows = names.length === 0 ? [] : await store.tables.api.rows(table, { filter: names.length === 1 ? where(eq('name', names[0])) : anyOf(...names.map((name) => eq('name', name))) });
	const newest = new Map<string, IDataObject>();
	for (const row of rows) {
		if (row.status !== 'active') continue;
		const name = String(row.name);
		const held = newest.get(name);
		if (!held || Number(row.version) > Number(held.version)) newest.set(name, row);
	}
	const documents: IDataObject = {};
	const versions: IDataObject = {};
	for (const name of names) {
		const row = newest.get(name);
		if (!row) throw Object.assign(new Error(`Documents: the store has no active "${name}" document`), { hint: 'Seed it with Set Up Tables (npm start does), or remove it from Documents.' });
		documents[name] = JSON.parse(String(row.document)) as IDataObject;
		versions[name] = row.version;
	}
	return { documents, versions };
}

/** Open tickets per assignee, in one world: drill tickets or live ones. */
interface OpenLoad {
	live: Map<string, number>;
	drill: Map<string, number>;
}

/**
 * Open tickets per assignee, so a roster's capacity counts work taken in earlier executions. Drill
 * tickets and live tickets are counted apart: a drill runs at its own shifted "now" against the
 * roster as it was then, so the live tickets agents hold today (assigned at the real clock) must not
 * fill its agents, and a running drill must not take capacity from live tickets. Only the roster's
 * agents are looked up (open tickets by assignee, one filtered query each), so an intake reads the
 * agents' open tickets, not every open ticket of the store.
 */
async function openLoad(store: StoreContext, agents: RosterAgent[]): Promise<OpenLoad> {
	const load: OpenLoad = { live: new Map(), drill: new Map() };
	const assignees = [...new Set(agents.flatMap((agent) => [agent.id, agent.email]).filter((name) => name !== undefined && name !== null && name !== '').map(String))];
	const found = await Promise.all(assignees.map(async (assignee) => await store.tickets.rowsWhere([eq('open', true), eq('assignee', assignee)])));
	for (const row of found.flat()) {
		const world = row.drill === true ? load.drill : load.live;
		if (typeof row.assignee === 'string' && row.assignee !== '') world.set(row.assignee, (world.get(row.assignee) ?? 0) + 1);
	}
	return load;
}

type RosterAgent = IDataObject & { id?: string; email?: string };

/** A copy of the roster whose agents' load is their open tickets (by id or email). */
function withLoad(roster: IDataObject, agents: RosterAgent[], load: Map<string, number>): IDataObject {
	return { ...roster, agents: agents.map((agent) => ({ ...agent, load: (load.get(String(agent.id)) ?? 0) + (agent.email ? (load.get(String(agent.email)) ?? 0) : 0) })) };
}

export async function getConfig(store: StoreContext): Promise<Routed[]> {
	const names = splitList(store.ctx.getNodeParameter('documents', 0, 'policySet, roster, ladder'));
	const versionsOf = String(store.ctx.getNodeParameter('policyVersionsOf', 0, '') ?? '').trim();
	const [{ documents, versions }, policyVersions] = await Promise.all([activeDocuments(store, names), versionsOf === '' ? null : policyVersionsOf(store, versionsOf)]);
	const extra: IDataObject = policyVersions === null ? {} : { policyVersions: policyVersions as unknown as IDataObject[] };
	const roster = documents.roster as IDataObject | undefined;
	const agents = roster?.agents as RosterAgent[] | undefined;
	if (!roster || !Array.isArray(agents) || !(store.ctx.getNodeParameter('fillLoad', 0, true) as boolean)) {
		return store.items.map((item) => ({ output: 0, json: { ...item.json, config: documents, configVersions: versions, ...extra } }));
	}
	// Each item gets the roster of its own world: a drill ticket's (`drill: true`) or a live one's.
	const load = await openLoad(store, agents);
	const filled = { live: withLoad(roster, agents, load.live), drill: withLoad(roster, agents, load.drill) };
	return store.items.map((item) => ({
		output: 0,
		json: { ...item.json, config: { ...documents, roster: item.json.drill === true ? filled.drill : filled.live }, configVersions: versions, ...extra },
	}));
}
