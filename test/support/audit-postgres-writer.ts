/**
 * Child process for the PostgreSQL sink's crash test: records batches of entries in a trail through
 * PostgresSink (as Record does, with chainBatch), printing "appended <batch> <first> <last>" once a
 * batch is inserted but not committed, and "committed <batch> <first> <last>" once its transaction
 * committed. With a hang-at batch number, that batch stays uncommitted (the parent kills the
 * process there, mid-transaction); otherwise the parent kills it at random.
 *
 *   audit-postgres-writer.ts <pool config JSON> <trail> <table> <writer id> <entries per batch> [hang at batch]
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { chainBatch } from '../../engine/audit';
import { postgresSink } from '../../nodes/AuditLog/postgres-sink';
import { auditEntry, AUDIT_KEY, LOGIC } from './audit-postgres';

const [configJson, trail, table, writer, perBatch, hangAt] = process.argv.slice(2);
const sink = postgresSink(JSON.parse(configJson), trail, table);
const size = Number(perBatch);
const hangAtBatch = hangAt ? Number(hangAt) : Infinity;

async function main(): Promise<void> {
	for (let batchNo = 1; ; batchNo++) {
		const entries = Array.from({ length: size }, (_, i) => auditEntry(`${writer}-${batchNo}-${i}`, writer));
		const seqs = await sink.write(async (trail) => {
			const batch = chainBatch({
				head: trail.head,
				entriesSinceCheckpoint: trail.entriesSinceCheckpoint,
				entries,
				existing: await trail.findEntries(entries.map((entry) => entry.idempotencyKey)),
				logic: { previous: await trail.lastLogic(), current: LOGIC, changeId: `logic-${writer}-${batchNo}`, workflowId: 'wf-crash' },
				checkpoint: { every: 7, at: Date.now(), key: AUDIT_KEY, keyVersion: 'v1' },
			});
			await trail.append(batch.lines);
			const seqs = `${batch.results[0].line.seq} ${batch.results[batch.results.length - 1].line.seq}`;
			process.stdout.write(`appended ${batchNo} ${seqs}\n`);
			if (batchNo >= hangAtBatch) await sleep(600_000);
			return seqs;
		});
		process.stdout.write(`committed ${batchNo} ${seqs}\n`);
	}
}

void main();
