/**
 * Child process for the Audit Log crash test: appends entries to a trail through the FileSink, one
 * locked write per entry (as one Record execution does), with a signed checkpoint every 25 entries,
 * and prints "written <seq>" only after the append was fsynced. The parent kills it at random.
 */
import { randomBytes } from 'node:crypto';

import { chainEntry, signCheckpoint, type TrailLine } from '../../engine/audit/chain';
import { timeOrderedId } from '../../engine/core/ids';
import { FileSink } from '../../nodes/AuditLog/file-sink';

const [path, key] = process.argv.slice(2);
const sink = new FileSink(path);

async function main(): Promise<void> {
	for (;;) {
		const seq = await sink.write(async (trail) => {
			const line = chainEntry(trail.head, {
				id: timeOrderedId(Date.now(), randomBytes(10)),
				action: 'rule_run',
				idempotencyKey: randomBytes(8).toString('hex'),
				padding: 'x'.repeat(2000 + Math.floor(Math.random() * 6000)),
			});
			const lines: TrailLine[] = [line];
			if (line.seq % 25 === 0) lines.push(signCheckpoint({ seq: line.seq, hash: line.hash }, Date.now(), key, 'v1'));
			await trail.append(lines);
			return line.seq;
		});
		process.stdout.write(`written ${seq}\n`);
	}
}

void main();
