/**
 * Child process for the PostgreSQL claim store's test: one process, as one queue-mode worker would be,
 * with its own pool. Once connected it prints "ready" and waits for a line on stdin (the parent sends
 * it to every child at once, so they claim at the same moment), claims each key in its own call, all
 * calls at once, and prints the keys it won as one JSON line.
 *
 *   postgres-claimer.ts <pool config JSON> <table> <scope> <keys JSON>
 */
import { once } from 'node:events';

import { Pool } from 'pg';

import { postgresClaimStore } from '../../nodes/shared/postgres-claim-store';

const [configJson, table, scope, keysJson] = process.argv.slice(2);

async function main(): Promise<void> {
	const pool = new Pool({ ...JSON.parse(configJson), max: 4 });
	const store = postgresClaimStore(pool, table, scope, 100_000);
	const keys = JSON.parse(keysJson) as string[];
	await Promise.all(Array.from({ length: 4 }, async () => await pool.query('SELECT 1')));
	process.stdout.write('ready\n');
	await once(process.stdin, 'data');
	const won: string[] = [];
	await Promise.all(
		keys.map(async (key) => {
			const outcome = await store.claim([key]);
			won.push(...outcome.new);
		}),
	);
	process.stdout.write(`${JSON.stringify(won)}\n`);
	await pool.end();
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
