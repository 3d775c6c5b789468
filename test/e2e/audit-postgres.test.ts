/**
 * The Audit Log's PostgreSQL sink and anchor store against a real PostgreSQL (this project's own
 * cluster, scripts/postgres.sh), in a database of this test's own made afresh each run: many writers
 * with pools of their own (as queue-mode workers) keep one hash chain, a record delivered to ten
 * writers at once is one entry, a writer killed mid-transaction leaves nothing of its batch, anchors
 * are kept once and listed in order, and a long trail is read page by page. n8n is not involved.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { Pool, type PoolConfig } from 'pg';

import { type EntryLine, logicSnapshot, type TrailLine, verifyTrailStream } from '../../engine/audit';
import type { Anchor } from '../../nodes/AuditLog/anchor-store';
import { postgresAnchorStore } from '../../nodes/AuditLog/postgres-anchor-store';
import { closeAllSharedPools, sharedPool, slaAuditPostgresTest } from '../../nodes/AuditLog/postgres-connection';
import { type PostgresSink, postgresSink } from '../../nodes/AuditLog/postgres-sink';
import { auditEntry, AUDIT_KEY, dropDatabase, freshDatabase, recordBatch, ROOT } from '../support/audit-postgres';

const DATABASE = 'sla_audit_e2e';
const KEYS = { v1: AUDIT_KEY };
/** Advisory locks held or awaited in this test's database (pg_locks shows the whole cluster's). */
const ADVISORY_LOCKS = `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

let config: PoolConfig;
let admin: Pool;

beforeAll(() => {
	config = freshDatabase(DATABASE);
	admin = new Pool({ ...config, max: 2 });
});

afterAll(async () => {
	await admin?.end();
	await closeAllSharedPools();
	if (!process.env.SLA_E2E_KEEP) dropDatabase(DATABASE);
});

/** A pool of its own for each writer, as each n8n worker process has. */
const ownPool = (name: string, extra: Partial<PoolConfig> = {}): PoolConfig => ({ ...config, application_name: name, max: 2, ...extra });

async function verify(sink: PostgresSink) {
	return await verifyTrailStream((await sink.read()).lines, null, { keys: KEYS });
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
	const { rows } = await admin.query<{ n: string }>(sql, params);
	return Number(rows[0].n);
}

describe('PostgresSink', () => {
	test('8 writers with pools of their own, 200 batches each, append to one unforked chain', async () => {
		const WRITERS = 8;
		const BATCHES = 200;
		const PER_BATCH = 3;
		const sinks = Array.from({ length: WRITERS }, (_, writer) => postgresSink(ownPool(`writer-${writer}`), 'concurrent'));
		const started = Date.now();
		const seqsByWriter = await Promise.all(
			sinks.map(async (sink, writer) => {
				const batches: number[][] = [];
				for (let batch = 0; batch < BATCHES; batch++) {
					const entries = Array.from({ length: PER_BATCH }, (_, i) => auditEntry(`w${writer}-b${batch}-${i}`, writer));
					const { results } = await recordBatch(sink, entries);
					expect(results.map((result) => result.duplicate)).toEqual([false, false, false]);
					batches.push(results.map((result) => result.line.seq));
				}
				return batches;
			}),
		);
		const elapsed = Date.now() - started;

		// each batch is three consecutive entries (nothing interleaved), and no seq was given twice
		const allSeqs: number[] = [];
		for (const batches of seqsByWriter) {
			for (const [first, second, third] of batches) {
				expect([second - first, third - second]).toEqual([1, 1]);
				allSeqs.push(first, second, third);
			}
		}
		const total = WRITERS * BATCHES * PER_BATCH;
		expect(new Set(allSeqs).size).toBe(total);
		// the first batch written is preceded by the trail's one logic_changed entry: seqs 1..total+1
		expect(Math.min(...allSeqs)).toBe(2);
		expect(Math.max(...allSeqs)).toBe(total + 1);

		const result = await verify(sinks[0]);
		expect(result).toMatchObject({ intact: true, entries: total + 1, head: { seq: total + 1 } });
		expect(result.intact && result.checkpoints).toBeGreaterThanOrEqual(WRITERS * BATCHES);

		const trail = ['concurrent'];
		expect(await count(`SELECT count(*) AS n FROM sla_audit_trail WHERE trail = $1 AND kind = 'entry'`, trail)).toBe(total + 1);
		expect(await count(`SELECT count(DISTINCT seq) AS n FROM sla_audit_trail WHERE trail = $1 AND kind = 'entry'`, trail)).toBe(total + 1);
		expect(await count(`SELECT count(DISTINCT idempotency_key) AS n FROM sla_audit_trail WHERE trail = $1 AND idempotency_key LIKE 'w%'`, trail)).toBe(total);
		expect(await count(`SELECT count(*) AS n FROM sla_audit_trail WHERE trail = $1 AND (line::jsonb #>> '{entry,action}') = 'logic_changed'`, trail)).toBe(1);
		// line numbers have no gap
		const lines = await count(`SELECT count(*) AS n FROM sla_audit_trail WHERE trail = $1`, trail);
		expect(await count(`SELECT max(line_no) AS n FROM sla_audit_trail WHERE trail = $1`, trail)).toBe(lines);
		process.stdout.write(`  8 writers × 200 batches × 3 entries: ${elapsed} ms (${Math.round((WRITERS * BATCHES * 1000) / elapsed)} batches/s)\n`);
	});

	test('a record delivered to 10 writers at once is one entry, and all 10 get its receipt line', async () => {
		const sinks = Array.from({ length: 10 }, (_, writer) => postgresSink(ownPool(`dup-${writer}`), 'duplicates'));
		const batches = await Promise.all(sinks.map(async (sink, writer) => await recordBatch(sink, [auditEntry('delivered-twice', writer), auditEntry(`own-${writer}`, writer)])));
		const receipts = batches.map((batch) => batch.results[0]);
		expect(receipts.filter((receipt) => !receipt.duplicate)).toHaveLength(1);
		const first = receipts.find((receipt) => !receipt.duplicate)?.line as EntryLine;
		for (const receipt of receipts) expect(receipt.line).toEqual(first);
		// each writer's own entry was written once, as new
		expect(batches.map((batch) => batch.results[1].duplicate)).toEqual(Array(10).fill(false));
		expect(await count(`SELECT count(*) AS n FROM sla_audit_trail WHERE trail = 'duplicates' AND idempotency_key = 'delivered-twice'`)).toBe(1);
		expect(await count(`SELECT count(*) AS n FROM sla_audit_trail WHERE trail = 'duplicates' AND kind = 'entry'`)).toBe(1 + 1 + 10);
		expect(await verify(sinks[0])).toMatchObject({ intact: true, entries: 12 });

		// and a later delivery of the same record is a duplicate with the very same line
		const again = await recordBatch(sinks[3], [auditEntry('delivered-twice', 'late')]);
		expect(again.lines).toEqual([]);
		expect(again.results[0]).toEqual({ line: first, duplicate: true });
	});

	test('the constraints refuse a fork even from a writer that skipped the lock', async () => {
		const insert = (lineNo: number, seq: number, key: string | null) =>
			admin.query(`INSERT INTO sla_audit_trail (trail, line_no, kind, seq, hash, prev_hash, idempotency_key, line) VALUES ('duplicates', $1, 'entry', $2, 'h', 'p', $3, '{}')`, [lineNo, seq, key]);
		const top = await count(`SELECT max(line_no) AS n FROM sla_audit_trail WHERE trail = 'duplicates'`);
		await expect(insert(top + 1, 2, null)).rejects.toMatchObject({ code: '23505' }); // a second entry 2
		await expect(insert(top + 1, 999, 'delivered-twice')).rejects.toMatchObject({ code: '23505' }); // a second record of a key
		await expect(insert(top, 999, null)).rejects.toMatchObject({ code: '23505' }); // a line number taken
	});

	test('a logic version moved back and forth is recorded every time (logic keys repeat)', async () => {
		const sink = postgresSink(ownPool('flip'), 'flip');
		const a = logicSnapshot([{ name: 'SLA Clock', parameters: { policy: 'a' } }]);
		const b = logicSnapshot([{ name: 'SLA Clock', parameters: { policy: 'b' } }]);
		const versions = [a, b, a, b, b];
		for (const [n, logic] of versions.entries()) await recordBatch(sink, [auditEntry(`flip-${n}`, 'flip')], { logic, changeId: `change-${n}` });
		const logicLines = await admin.query<{ idempotency_key: string }>(
			`SELECT idempotency_key FROM sla_audit_trail WHERE trail = 'flip' AND (line::jsonb #>> '{entry,action}') = 'logic_changed' ORDER BY line_no`,
		);
		// none→a, a→b, b→a, a→b again; the last b is no move
		expect(logicLines.rows.map((row) => row.idempotency_key)).toEqual([`logic:${a.version}:none`, `logic:${b.version}:${a.version}`, `logic:${a.version}:${b.version}`, `logic:${b.version}:${a.version}`]);
		expect(await verify(sink)).toMatchObject({ intact: true, entries: 9 });
	});

	test('Verify over read() names a line changed in the table', async () => {
		const sink = postgresSink(config, 'tamper');
		for (let batch = 0; batch < 4; batch++) await recordBatch(sink, [0, 1, 2].map((i) => auditEntry(`tamper-${batch}-${i}`, 't')));
		expect(await verify(sink)).toMatchObject({ intact: true, entries: 13 });
		const { rows } = await admin.query<{ line_no: string; line: string }>(`SELECT line_no, line FROM sla_audit_trail WHERE trail = 'tamper' AND kind = 'entry' AND seq = 7`);
		const changed = rows[0].line.replace('"T-tamper-1-2"', '"T-someone-else"');
		expect(changed).not.toBe(rows[0].line);
		await admin.query(`UPDATE sla_audit_trail SET line = $1 WHERE trail = 'tamper' AND line_no = $2`, [changed, rows[0].line_no]);
		expect(await verify(sink)).toMatchObject({ intact: false, problem: 'entry_hash', seq: 7, line: Number(rows[0].line_no) - 1 });
	});

	test('tables are created once when six fresh pools write to a new table at the same moment', async () => {
		const sinks = Array.from({ length: 6 }, (_, writer) => postgresSink(ownPool(`race-${writer}`), 'race', 'race_trail'));
		await Promise.all(sinks.map(async (sink, writer) => await recordBatch(sink, [auditEntry(`race-${writer}`, writer)])));
		expect(await verify(sinks[0])).toMatchObject({ intact: true, entries: 7 });
		const indexes = await admin.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'race_trail' ORDER BY indexname`);
		expect(indexes.rows.map((row) => row.indexname)).toEqual(['race_trail_checkpoint', 'race_trail_entry_seq', 'race_trail_idempotency', 'race_trail_logic', 'race_trail_logic_key', 'race_trail_pkey']);
	});

	test('a schema-qualified table works, and its indexes are found there on the next pool', async () => {
		await admin.query('CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION sla');
		await recordBatch(postgresSink(ownPool('schema-1'), 'in-schema', 'audit.trail'), [auditEntry('schema-1', 's')]);
		await recordBatch(postgresSink(ownPool('schema-2'), 'in-schema', 'audit.trail'), [auditEntry('schema-2', 's')]);
		expect(await count(`SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'audit' AND tablename = 'trail'`)).toBe(6);
		expect(await count(`SELECT count(*) AS n FROM audit.trail WHERE kind = 'entry'`)).toBe(3);
	});

	test('read() streams 20,000 lines in order through a pool of one connection, 1000 a page', async () => {
		const writer = postgresSink(ownPool('big-writer', { max: 1 }), 'big');
		const written: string[] = [];
		for (let batch = 0; batch < 10; batch++) {
			const entries = Array.from({ length: 1999 }, (_, i) => auditEntry(`big-${batch}-${i}`, 'big'));
			const { lines } = await recordBatch(writer, entries, { every: 2000 });
			written.push(...lines.map((line: TrailLine) => JSON.stringify(line)));
		}
		expect(written.length).toBeGreaterThanOrEqual(20_000);

		const readerConfig = ownPool('big-reader', { max: 1 });
		const reader = postgresSink(readerConfig, 'big');
		const query = jest.spyOn(sharedPool(readerConfig), 'query');
		const read: string[] = [];
		const started = Date.now();
		for await (const line of (await reader.read()).lines) read.push(line);
		const elapsed = Date.now() - started;
		expect(read.length).toBe(written.length);
		expect(read).toEqual(written);
		// one existence check, then a page per 1000 lines and a last, shorter (or empty) page
		expect(query.mock.calls.length).toBe(1 + Math.floor(written.length / 1000) + 1);
		query.mockRestore();
		expect(await verify(reader)).toMatchObject({ intact: true, entries: 10 * 1999 + 1 });
		process.stdout.write(`  read ${read.length} lines in ${elapsed} ms\n`);
	});

	test('reading a table that does not exist fails with its name; name and hint carry no secrets', async () => {
		const sink = postgresSink(config, 'nothing', 'no_such_trail');
		await expect(verifyTrailStream((await sink.read()).lines, null)).rejects.toThrow('table no_such_trail does not exist');
		expect(() => postgresSink(config, 'x', 'trail"; DROP TABLE sla_audit_trail; --')).toThrow(/^Table: /);
		expect(() => postgresSink(config, 'x', 'Upper')).toThrow(/^Table: /);

		const secret = 'not-the-password-4711';
		const wrong = postgresSink({ ...config, password: secret, application_name: 'wrong-password' }, 'wrong');
		expect(`${wrong.name} ${wrong.hint}`).not.toContain(secret);
		expect(`${wrong.name} ${wrong.hint}`).not.toContain(String(config.port));
		const failure = await recordBatch(wrong, [auditEntry('never', 'x')]).catch((error: Error) => error);
		expect((failure as Error).message).toMatch(/password authentication failed/);
		expect((failure as Error).message).not.toContain(secret);
	});

	test('the credential test connects, and reports a wrong password as an error', async () => {
		const credential = (password: string) => ({ id: '1', name: 'pg', type: 'slaAuditPostgresApi', data: { host: String(config.host), port: Number(config.port), database: DATABASE, user: String(config.user), password, ssl: false } });
		const context = {} as ThisParameterType<typeof slaAuditPostgresTest>;
		expect(await slaAuditPostgresTest.call(context, credential(String(config.password)))).toEqual({ status: 'OK', message: 'Connected to PostgreSQL' });
		expect(await slaAuditPostgresTest.call(context, credential('wrong'))).toMatchObject({ status: 'Error', message: expect.stringMatching(/password authentication failed/) });
	});
});

describe('PostgresSink and a writer killed with SIGKILL', () => {
	const WRITER = join(ROOT, 'test', 'support', 'audit-postgres-writer.ts');
	const PER_BATCH = 5;

	interface Child {
		process: ChildProcess;
		events: string[];
		waitFor(prefix: string): Promise<string>;
		exited: Promise<unknown>;
	}

	function startWriter(trail: string, writer: string, hangAt?: number): Child {
		const args = ['--import', 'tsx', WRITER, JSON.stringify(config), trail, 'sla_audit_trail', writer, String(PER_BATCH), ...(hangAt ? [String(hangAt)] : [])];
		const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		const events: string[] = [];
		const waiters: Array<{ prefix: string; resolve: (line: string) => void }> = [];
		let stderr = '';
		let buffer = '';
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout?.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			let newline: number;
			while ((newline = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 1);
				events.push(line);
				for (const waiter of waiters.filter((w) => line.startsWith(w.prefix))) {
					waiters.splice(waiters.indexOf(waiter), 1);
					waiter.resolve(line);
				}
			}
		});
		const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
		return {
			process: child,
			events,
			exited,
			waitFor: (prefix) =>
				new Promise((resolve, reject) => {
					const seen = events.find((line) => line.startsWith(prefix));
					if (seen) return resolve(seen);
					waiters.push({ prefix, resolve });
					void exited.then((how) => reject(new Error(`writer exited before "${prefix}": ${JSON.stringify(how)}`)));
				}),
		};
	}

	test('a batch inserted but not committed when the writer is killed leaves no row, and the lock is free at once', async () => {
		const child = startWriter('crash', 'c0', 4);
		await child.waitFor('committed 3 ');
		const appended = await child.waitFor('appended 4 ');
		// the fourth batch's rows are in its open transaction: not visible, and the trail's lock is held
		expect(await count(`SELECT count(*) AS n FROM sla_audit_trail WHERE trail = 'crash' AND idempotency_key LIKE 'c0-4-%'`)).toBe(0);
		expect(await count(`${ADVISORY_LOCKS} AND granted`)).toBe(1);
		child.process.kill('SIGKILL');
		expect(await child.exited).toMatchObject({ signal: 'SIGKILL' });

		const [, , first, last] = appended.split(' ').map(Number);
		expect(last - first).toBe(PER_BATCH - 1);
		const sink = postgresSink(config, 'crash');
		const started = Date.now();
		const next = await recordBatch(sink, [auditEntry('after-crash', 'parent')], { every: 7 });
		expect(Date.now() - started).toBeLessThan(5_000);
		// the killed batch's seqs were never kept: the next entry takes the first of them
		expect(next.results[0].line.seq).toBe(first);
		expect(await count(`SELECT count(*) AS n FROM sla_audit_trail WHERE trail = 'crash' AND idempotency_key LIKE 'c0-4-%'`)).toBe(0);
		expect(await count(`SELECT count(*) AS n FROM sla_audit_trail WHERE trail = 'crash' AND idempotency_key LIKE 'c0-%'`)).toBe(3 * PER_BATCH);
		expect(await verify(sink)).toMatchObject({ intact: true, entries: 1 + 3 * PER_BATCH + 1 });
	});

	test('writers killed at random moments leave every batch whole or absent, and the chain intact', async () => {
		for (let round = 1; round <= 4; round++) {
			const writer = `r${round}`;
			const child = startWriter('random-kill', writer);
			await child.waitFor('committed 1 ');
			await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 600));
			child.process.kill('SIGKILL');
			await child.exited;

			const committed = child.events.filter((line) => line.startsWith('committed ')).map((line) => Number(line.split(' ')[1]));
			const { rows } = await admin.query<{ batch: string; n: string }>(
				`SELECT split_part(idempotency_key, '-', 2) AS batch, count(*) AS n FROM sla_audit_trail WHERE trail = 'random-kill' AND idempotency_key LIKE $1 GROUP BY 1`,
				[`${writer}-%`],
			);
			const kept = new Map(rows.map((row) => [Number(row.batch), Number(row.n)]));
			for (const batch of committed) expect(kept.get(batch)).toBe(PER_BATCH);
			for (const n of kept.values()) expect(n).toBe(PER_BATCH);
			// at most the batch in flight when it was killed committed without being reported
			expect(kept.size - committed.length).toBeGreaterThanOrEqual(0);
			expect(kept.size - committed.length).toBeLessThanOrEqual(1);
			const result = await verify(postgresSink(config, 'random-kill'));
			expect(result.intact).toBe(true);
		}
		expect(await count(ADVISORY_LOCKS)).toBe(0);
	});
});

describe('PostgresAnchorStore', () => {
	const anchor = (trail: string, seq: number, mac = `mac-${seq}`): Anchor => ({ trail, seq, headHash: `head-${seq}`, at: 1_772_000_000_000 + seq, keyVersion: 'v1', mac });
	const listed = async (store: ReturnType<typeof postgresAnchorStore>, trail: string) => {
		const out: Anchor[] = [];
		for await (const one of store.list(trail)) out.push(one);
		return out;
	};

	test('lists nothing before anything was put, and no table is made by listing', async () => {
		const store = postgresAnchorStore(config, 'anchors_unused');
		expect(await listed(store, 'a')).toEqual([]);
		expect(await count(`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'anchors_unused'`)).toBe(0);
	});

	test('put is idempotent, keeps the first anchor at a sequence, and list is ordered by seq per trail', async () => {
		const store = postgresAnchorStore(config);
		expect(store.name).toBe('PostgreSQL table sla_audit_anchor');
		await store.put([anchor('a', 30), anchor('a', 10), anchor('b', 5), anchor('a', 20)]);
		await store.put([anchor('a', 20, 'a-forged-mac'), anchor('a', 10), anchor('a', 40)]);
		await Promise.all([store.put([anchor('a', 50)]), store.put([anchor('a', 50, 'late')]), store.put([])]);
		const a = await listed(store, 'a');
		expect(a.map((one) => one.seq)).toEqual([10, 20, 30, 40, 50]);
		expect(a[1]).toEqual(anchor('a', 20));
		expect(a[4].mac).toMatch(/^(mac-50|late)$/);
		expect(await listed(store, 'b')).toEqual([anchor('b', 5)]);
		expect(await count(`SELECT count(*) AS n FROM sla_audit_anchor`)).toBe(6);
	});

	test('list pages through 2,500 anchors in order', async () => {
		const store = postgresAnchorStore(config);
		const all = Array.from({ length: 2500 }, (_, i) => anchor('paged', 2500 - i));
		await store.put(all.slice(0, 1200));
		await store.put(all.slice(1000));
		const seqs = (await listed(store, 'paged')).map((one) => one.seq);
		expect(seqs).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
	});
});
