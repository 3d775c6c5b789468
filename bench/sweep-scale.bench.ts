/**
 * The sweep template (workflows/sla-sweep.json) over a large store, in real n8n (single mode, SQLite,
 * started as the e2e harness does): time and memory of sweeping the same number of due tickets (`due`,
 * 1,000 by default: 1% of 100,000) among 10,000 stored ones (the baseline) and among 100,000 stored
 * ones, in the same run. The template takes at most 500 due tickets a sweep (maxTickets), so each case
 * runs the sweep through its webhook until nothing is due. A sweep costs about half a second per due
 * ticket on a busy 2-core machine, so 500 due tickets take longer than fetch's 300 s answer timeout
 * there: pass a smaller `due` (50) on such a machine. Prints per case: wall time of the first sweep and of all sweeps, n8n's
 * peak resident memory during the sweeps (VmRSS sampled every 25 ms) and VmHWM, the rows that
 * Get Due Tickets' query returns (the node's own TicketStore.due over n8n's public API, rows counted),
 * the time of a sweep with nothing due (the query alone), and the ratio 100,000/10,000 of each.
 * Seeding goes through n8n's public Data Table API in large batches; its time is printed, not compared.
 * Asserts nothing about time.
 *
 * Run: npx tsx bench/sweep-scale.bench.ts [stored] [baselineStored] [due]
 */
import { readFileSync } from 'fs';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { Tables } from '../nodes/SlaStore/tables';
import { TicketStore } from '../nodes/SlaStore/ticket-store';
import { dataTablesApi, eq } from '../nodes/SlaStore/transport';
import globalSetup from '../test/e2e/global-setup';
import globalTeardown from '../test/e2e/global-teardown';
import { type SlaOperation, startSlaOperation } from '../test/e2e/sla-operation';

const STORED = Number(process.argv[2] ?? 100_000);
const BASELINE_STORED = Number(process.argv[3] ?? 10_000);
const DUE = Number(process.argv[4] ?? 1_000);
const HOUR = 3_600_000;
const SEED_BATCH = 2_000;

interface Api {
	key: string;
	call(path: string, init?: RequestInit): Promise<any>;
	tableId: string;
}

async function publicApi(op: SlaOperation): Promise<Api> {
	const created = await op.n8n.rest('POST', '/api-keys', { label: `sweep bench ${Date.now()}`, expiresAt: null, scopes: ['dataTable:list', 'dataTable:read', 'dataTableRow:read', 'dataTableRow:create'] });
	const call = async (path: string, init: RequestInit = {}) => {
		const response = await fetch(`${op.n8n.baseUrl}/api/v1${path}`, { ...init, headers: { 'X-N8N-API-KEY': created.rawApiKey, 'content-type': 'application/json' } });
		if (!response.ok) throw new Error(`public API ${path} → ${response.status}: ${await response.text()}`);
		return (await response.json()) as any;
	};
	const found = await call(`/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: 'sla_tickets' }))}&limit=250`);
	return { key: created.rawApiKey, call, tableId: found.data.find((table: { name: string }) => table.name === 'sla_tickets').id };
}

/** A ticket row as the store writes it (see nodes/SlaStore/ticket-rows.ts), due now or next week. */
function ticketRow(prefix: string, i: number, due: boolean, now: number) {
	const key = `bench:${prefix}-${i}`;
	const createdAt = new Date(now - HOUR - (i % 600) * 1000).toISOString();
	// not-due tickets spread over the next week from tomorrow on (never on today's date: see TicketStore.due on SQLite)
	const nextCheckAt = new Date(due ? now - 60_000 - (i % 300) * 1000 : now + 36 * HOUR + (i % 100_000) * 5_000).toISOString();
	const priority = ['low', 'normal'][i % 2];
	const record = {
		key,
		source: 'bench',
		id: `${prefix}-${i}`,
		subject: `Question about invoice ${40_000 + i}`,
		status: 'open',
		priority,
		createdAt,
		customer: { id: `C-${i % 5000}`, tier: ['free', 'pro', 'enterprise'][i % 3] },
		events: [],
		sla: { state: 'running', nextCheckAt },
	};
	return { key, source: 'bench', ticketId: record.id, customerKey: record.customer.id, status: 'open', priority, tier: record.customer.tier, open: true, openedAt: createdAt, nextCheckAt, slaState: 'running', lastActivityAt: createdAt, version: 1, drill: false, record: JSON.stringify(record) };
}

async function seed(api: Api, prefix: string, count: number, due: number, now: number): Promise<number> {
	const started = Date.now();
	// the due ones spread evenly among the others
	const every = Math.max(1, Math.floor(count / Math.max(1, due)));
	for (let from = 0; from < count; from += SEED_BATCH) {
		const rows = [];
		for (let i = from; i < Math.min(count, from + SEED_BATCH); i++) rows.push(ticketRow(prefix, i, due > 0 && i % every === 0 && i / every < due, now));
		await api.call(`/data-tables/${api.tableId}/rows`, { method: 'POST', body: JSON.stringify({ data: rows, returnType: 'count' }) });
	}
	return Date.now() - started;
}

/** The SLA Store node's own ticket store over n8n's public API, counting the rows each query returns. */
interface CountedStore {
	store: TicketStore;
	rowsRead(): number;
	reset(): void;
}

async function nodeStore(op: SlaOperation, api: Api): Promise<CountedStore> {
	let rows = 0;
	const ctx = {
		getCredentials: async () => ({ baseUrl: op.n8n.baseUrl, apiKey: api.key }),
		getNode: () => ({ name: 'Bench', type: 'bench', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: {
			async httpRequest(options: IHttpRequestOptions) {
				const url = new URL(options.url);
				for (const [name, value] of Object.entries(options.qs ?? {})) url.searchParams.set(name, String(value));
				const response = await fetch(url, { method: options.method, headers: { 'X-N8N-API-KEY': api.key, 'content-type': 'application/json' }, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
				if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
				const json = (await response.json()) as { data?: unknown };
				if (Array.isArray(json?.data)) rows += json.data.length;
				return json;
			},
		},
	} as unknown as IExecuteFunctions;
	const store = new TicketStore(new Tables(await dataTablesApi(ctx), 'sla_'));
	return { store, rowsRead: () => rows, reset: () => (rows = 0) };
}

function memoryOf(pid: number): { rss: number; hwm: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
	return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

interface Case {
	stored: number;
	seedMs: number;
	dueRowsRead: number;
	dueQueryMs: number;
	firstSweepMs: number;
	totalSweepMs: number;
	sweeps: number;
	swept: number;
	emptySweepMs: number;
	rssBefore: number;
	rssPeak: number;
	hwm: number;
	staleRowsRead: number;
	staleQueryMs: number;
}

async function sweepCase(op: SlaOperation, api: Api, counted: CountedStore, stored: number, addStored: number, prefix: string): Promise<Case> {
	const now = Date.now();
	const seedMs = await seed(api, prefix, addStored, DUE, now);
	// the due query as Get Due Tickets runs it (maxTickets 500 of the template), rows counted
	counted.reset();
	let started = Date.now();
	const due = await counted.store.due(Date.now(), 500, false);
	const dueQueryMs = Date.now() - started;
	const dueRowsRead = counted.rowsRead();
	console.log(`  ${stored} stored: seeded in ${(seedMs / 1000).toFixed(1)} s`);
	if (due.length !== Math.min(500, DUE)) throw new Error(`the due query found ${due.length} due tickets, not ${Math.min(500, DUE)}`);
	// what the scheduled sweep's Get Stale Tickets reads (the webhook sweep does not run it)
	counted.reset();
	started = Date.now();
	// Get Stale Tickets' two filtered queries at its defaults (paused over 72 h, no event for 24 h)
	const olderThan = (column: string, hours: number) => ({ columnName: column, condition: 'lte' as const, value: new Date(Date.now() - hours * HOUR).toISOString() });
	await Promise.all([
		counted.store.rowsWhere([eq('open', true), eq('drill', false), olderThan('pausedSince', 72)]),
		counted.store.rowsWhere([eq('open', true), eq('drill', false), olderThan('lastActivityAt', 24)]),
	]);
	const staleQueryMs = Date.now() - started;
	const staleRowsRead = counted.rowsRead();

	await new Promise((resolve) => setTimeout(resolve, 2000));
	const rssBefore = memoryOf(op.n8n.pid).rss;
	let rssPeak = rssBefore;
	const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, memoryOf(op.n8n.pid).rss)), 25);
	let firstSweepMs = 0;
	let sweeps = 0;
	let swept = 0;
	const allStarted = Date.now();
	try {
		for (;;) {
			const sweepStarted = Date.now();
			const answer = await op.post('sla-sweep', { leaseSeconds: 300 });
			if (answer.status !== 200) throw new Error(`the sweep answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
			const keys = (answer.body.swept as Array<{ key: string }>).map((entry) => entry.key).filter((key) => key.startsWith(`bench:${prefix}-`));
			if (sweeps === 0) firstSweepMs = Date.now() - sweepStarted;
			sweeps++;
			swept += keys.length;
			if (answer.body.swept.length === 0 || sweeps > 10) break;
		}
	} finally {
		clearInterval(sampler);
	}
	const totalSweepMs = Date.now() - allStarted;
	if (swept !== DUE) throw new Error(`the sweeps took ${swept} tickets of ${prefix}, not the ${DUE} due`);
	started = Date.now();
	const empty = await op.post('sla-sweep', { leaseSeconds: 300 });
	const emptySweepMs = Date.now() - started;
	if (empty.status !== 200 || empty.body.swept.length !== 0) throw new Error(`a sweep with nothing due answered ${empty.status} ${JSON.stringify(empty.body).slice(0, 300)}`);
	console.log(`  ${stored} stored: seeded in ${(seedMs / 1000).toFixed(1)} s; due query ${dueRowsRead} rows in ${dueQueryMs} ms; stale query ${staleRowsRead} rows in ${staleQueryMs} ms; ${sweeps} sweeps took ${swept} in ${(totalSweepMs / 1000).toFixed(1)} s (first ${(firstSweepMs / 1000).toFixed(1)} s); empty sweep ${emptySweepMs} ms; RSS ${rssBefore.toFixed(0)} → peak ${rssPeak.toFixed(0)} MiB`);
	return { stored, seedMs, dueRowsRead, dueQueryMs, firstSweepMs, totalSweepMs, sweeps, swept, emptySweepMs, rssBefore, rssPeak, hwm: memoryOf(op.n8n.pid).hwm, staleRowsRead, staleQueryMs };
}

async function main(): Promise<void> {
	if (STORED <= BASELINE_STORED) throw new Error('stored must be more than baselineStored');
	await globalSetup();
	try {
		const op = await startSlaOperation('sweep-scale');
		try {
			const api = await publicApi(op);
			const counted = await nodeStore(op, api);
			// baseline: BASELINE_STORED tickets, DUE of them due; then more tickets up to STORED, DUE new ones due
			const baseline = await sweepCase(op, api, counted, BASELINE_STORED, BASELINE_STORED, 'S1');
			const large = await sweepCase(op, api, counted, STORED, STORED - BASELINE_STORED, 'S2');
			const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
			const mib = (v: number) => `${v.toFixed(0)} MiB`;
			console.log(`\nsweep template over the store, ${DUE} due tickets each time (maxTickets 500 a sweep), n8n 2.8.4 single mode on SQLite:`);
			console.log(`  ${'stored tickets'.padEnd(34)} ${String(baseline.stored).padStart(12)} ${String(large.stored).padStart(12)}   ratio`);
			const row = (label: string, a: number, b: number, show: (v: number) => string) => console.log(`  ${label.padEnd(34)} ${show(a).padStart(12)} ${show(b).padStart(12)}   ${(b / a).toFixed(2)}×`);
			row('first sweep (500 due), wall', baseline.firstSweepMs, large.firstSweepMs, s);
			row(`all sweeps until none due, wall`, baseline.totalSweepMs, large.totalSweepMs, s);
			row('sweeps run', baseline.sweeps, large.sweeps, String);
			row('tickets swept', baseline.swept, large.swept, String);
			row('sweep with nothing due, wall', baseline.emptySweepMs, large.emptySweepMs, s);
			row('Get Due Tickets query: rows read', baseline.dueRowsRead, large.dueRowsRead, String);
			row('Get Due Tickets query: time', baseline.dueQueryMs, large.dueQueryMs, s);
			row('n8n RSS before the sweeps', baseline.rssBefore, large.rssBefore, mib);
			row('n8n peak RSS during the sweeps', baseline.rssPeak, large.rssPeak, mib);
			row('n8n VmHWM after (since start)', baseline.hwm, large.hwm, mib);
			row('Get Stale Tickets query: rows read', baseline.staleRowsRead, large.staleRowsRead, String);
			row('Get Stale Tickets query: time', baseline.staleQueryMs, large.staleQueryMs, s);
			console.log(`  seeding (public Data Table API, ${SEED_BATCH} rows a request): ${baseline.stored} rows in ${s(baseline.seedMs)}, ${large.stored - baseline.stored} more in ${s(large.seedMs)} (${Math.round(((large.stored - baseline.stored) * 1000) / large.seedMs)} rows/s)`);
		} finally {
			await op.stop();
		}
	} finally {
		await globalTeardown();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
