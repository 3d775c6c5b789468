import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where each idempotency key's entry sits in a trail file, so Record finds a duplicate without reading
 * the trail: the key's hash picks one of 65,536 small bucket files (`ab/cd`), each a list of
 * "hash offset length" lines. A lookup reads one bucket, whatever the trail's length (at 10 million
 * entries a bucket holds about 150 lines). The trail stays the truth: a record is only a hint, checked
 * by reading the line it points at, and the index can be rebuilt from the trail at any time.
 */

export interface IndexRecord {
	key: string;
	offset: number;
	length: number;
}

export interface LinePlace {
	offset: number;
	length: number;
}

const RECORD = /^([0-9a-f]{32}) (\d+) (\d+)$/;

function hashOf(key: string): string {
	return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

export class KeyIndex {
	constructor(readonly dir: string) {}

	private bucketOf(hash: string): { folder: string; file: string } {
		const folder = join(this.dir, hash.slice(0, 2));
		return { folder, file: join(folder, hash.slice(2, 4)) };
	}

	/** Places of lines that may hold the key's entry, newest last. */
	lookup(key: string): LinePlace[] {
		const hash = hashOf(key);
		const file = this.bucketOf(hash).file;
		if (!existsSync(file)) return [];
		const text = readFileSync(file, 'utf8');
		const places: LinePlace[] = [];
		for (const line of text.split('\n')) {
			if (!line.startsWith(hash)) continue;
			const match = RECORD.exec(line);
			if (match) places.push({ offset: Number(match[2]), length: Number(match[3]) });
		}
		return places;
	}

	add(records: ReadonlyArray<IndexRecord>): void {
		const byBucket = new Map<string, { folder: string; lines: string[] }>();
		for (const record of records) {
			const hash = hashOf(record.key);
			const { folder, file } = this.bucketOf(hash);
			const bucket = byBucket.get(file) ?? { folder, lines: [] };
			bucket.lines.push(`${hash} ${record.offset} ${record.length}\n`);
			byBucket.set(file, bucket);
		}
		// a bucket folder is looked for once per add, not once per bucket file in it
		const folders = new Set<string>();
		for (const [file, { folder, lines }] of byBucket) {
			if (!folders.has(folder)) {
				if (!existsSync(folder)) mkdirSync(folder, { recursive: true });
				folders.add(folder);
			}
			appendFileSync(file, lines.join(''));
		}
	}

	clear(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}
