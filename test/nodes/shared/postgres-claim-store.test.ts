/**
 * The PostgreSQL claim store against this project's PostgreSQL (scripts/postgres.sh): a key is new to
 * exactly one claimer, also when several processes claim it at the same moment, as queue-mode workers do.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { Pool, type PoolConfig } from 'pg';

import { type ClaimStore } from '../../../nodes/shared/claim-store';
import { postgresClaimStore } from '../../../nodes/shared/postgres-claim-store';
import { dropDatabase, freshDatabase, ROOT } from '../../support/audit-postgres';

const DATABASE = 'sla_claims_test';
let config: PoolConfig;
let pool: Pool;

beforeAll(() => {
	config = freshDatabase(DATABASE);
	pool = new Pool(config);
}, 120_000);

afterAll(async () => {
	await pool?.end();
	dropDatabase(DATABASE);
});

const store = (scope: string, historySize?: number, table = 'sla_claims'): ClaimStore => postgresClaimStore(pool, table, scope, historySize);

interface Claimer {
	ready: Promise<void>;
	go(): void;
	won: Promise<string[]>;
}

/** A child process with a pool of its own, claiming `keys` when told to go. */
function claimer(table: string, scope: string, keys: string[]): Claimer {
	const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../support/postgres-claimer.ts'), JSON.stringify(config), table, scope, JSON.stringify(keys)], {
		cwd: ROOT,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	let signalReady: () => void = () => undefined;
	const ready = new Promise<void>((resolve) => (signalReady = resolve));
	child.stdout.on('data', (chunk) => {
		out += chunk;
		if (out.startsWith('ready\n')) signalReady();
	});
	child.stderr.on('data', (chunk) => (err += chunk));
	const won = new Promise<string[]>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length).trim()) as string[]) : reject(new Error(`claimer exited ${code}: ${err}`))));
	});
	return { ready, won, go: () => child.stdin.end('go\n') };
}

describe('PostgreSQL claim store', () => {
	test('a key is new to its first claimer and processed for every later one, until it is released', async () => {
		const claims = store('node:wf-1:escalate');
		expect(await claims.claim(['a', 'b'])).toEqual({ new: ['a', 'b'], processed: [] });
		expect(await claims.claim(['b', 'c', 'c'])).toEqual({ new: ['c'], processed: ['b'] });
		await claims.release(['b']);
		expect(await claims.claim(['a', 'b'])).toEqual({ new: ['b'], processed: ['a'] });
		expect(await claims.claim([])).toEqual({ new: [], processed: [] });
	});

	test('scopes are separate: the same key is new once in each', async () => {
		expect((await store('node:wf-2:a').claim(['k'])).new).toEqual(['k']);
		expect((await store('node:wf-2:b').claim(['k'])).new).toEqual(['k']);
		expect((await store('node:wf-2:a').claim(['k'])).processed).toEqual(['k']);
	});

	test('the table is made on first use, also by many claimers at once', async () => {
		const outcomes = await Promise.all(Array.from({ length: 8 }, () => new Pool(config)).map(async (own) => {
			try {
				return await postgresClaimStore(own, 'fresh_claims', 'scope', 10).claim(['first']);
			} finally {
				await own.end();
			}
		}));
		expect(outcomes.filter((outcome) => outcome.new.length === 1)).toHaveLength(1);
		const rows = await pool.query('SELECT claim_key FROM fresh_claims');
		expect(rows.rows).toEqual([{ claim_key: 'first' }]);
	});

	test('History Size keeps the newest claims of the scope and forgets the older ones', async () => {
		const claims = store('node:wf-3:history', 3);
		for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) await claims.claim([key]);
		const rows = await pool.query("SELECT claim_key FROM sla_claims WHERE scope = 'node:wf-3:history' ORDER BY claimed_at");
		expect(rows.rows.map((row) => row.claim_key)).toEqual(['k3', 'k4', 'k5']);
		expect((await claims.claim(['k1'])).new).toEqual(['k1']);
		expect((await store('node:wf-1:escalate').claim(['a'])).processed).toEqual(['a']);
	});

	test('a table name PostgreSQL would need quoted is refused with the parameter named', () => {
		expect(() => postgresClaimStore(pool, 'Claims; DROP', 'scope')).toThrow('Claims Table: "Claims; DROP" is not a table name');
	});

	test('four processes claiming the same 300 keys at the same moment win each key exactly once', async () => {
		const keys = Array.from({ length: 300 }, (_, i) => `delivery-${i}`);
		// each process claims in its own order, so they collide on every key
		const orders = [keys, [...keys].reverse(), [...keys.slice(150), ...keys.slice(0, 150)], keys.filter((_, i) => i % 2 === 0).concat(keys.filter((_, i) => i % 2 === 1))];
		const claimers = orders.map((order) => claimer('race_claims', 'node:wf-race:escalate', order));
		await Promise.all(claimers.map(async ({ ready }) => await ready));
		claimers.forEach(({ go }) => go());
		const won = await Promise.all(claimers.map(async (one) => await one.won));
		const all = won.flat();
		expect(all.length).toBe(300);
		expect(new Set(all).size).toBe(300);
		// the race was real: more than one process won some keys
		expect(won.filter((keysWon) => keysWon.length > 0).length).toBeGreaterThan(1);
	}, 60_000);
});
