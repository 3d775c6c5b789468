import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

import { type ChainHead, EMPTY_HEAD, type EntryLine, lastLogicSnapshot, type TrailLine } from '../../engine/audit';
import { acquireLock, type LockOptions, releaseLock } from './file-lock';
import type { AuditSink, TrailReading, TrailWriter } from './sink';

/**
 * The trail as an append-only JSON Lines file. One writer at a time, under the lock file next to it
 * (file-lock.ts). On open, a torn last line (the writer died mid-write) is cut off, so the chain
 * continues from the last complete entry. Appends are written in one call and fsynced before success
 * is reported. FileSink is this file as an AuditSink.
 */

export interface OpenTrail {
	readonly path: string;
	readonly lines: TrailLine[];
	readonly head: ChainHead;
	/** Bytes of a torn last line removed on open (0 when the file ended cleanly). */
	readonly truncatedBytes: number;
	entryWithKey(idempotencyKey: string): EntryLine | undefined;
	entriesSinceCheckpoint(): number;
	append(lines: TrailLine[]): void;
}

export type TrailOptions = LockOptions;

function readAndRepair(fd: number): { lines: TrailLine[]; truncatedBytes: number } {
	const size = fstatSync(fd).size;
	const buffer = Buffer.alloc(size);
	let read = 0;
	while (read < size) read += readSync(fd, buffer, read, size - read, read);
	const lastNewline = buffer.lastIndexOf(0x0a);
	const complete = lastNewline + 1;
	let truncatedBytes = 0;
	if (complete < size) {
		ftruncateSync(fd, complete);
		fsyncSync(fd);
		truncatedBytes = size - complete;
	}
	const lines: TrailLine[] = [];
	const text = buffer.toString('utf8', 0, complete);
	let start = 0;
	while (start < text.length) {
		const end = text.indexOf('\n', start);
		const raw = text.slice(start, end);
		start = end + 1;
		if (raw.trim()) lines.push(JSON.parse(raw) as TrailLine);
	}
	return { lines, truncatedBytes };
}

/** Opens the trail under its lock, runs `use`, and releases the lock whatever happens. */
export async function withTrail<T>(path: string, use: (trail: OpenTrail) => Promise<T> | T, options: TrailOptions = {}): Promise<T> {
	mkdirSync(dirname(path), { recursive: true });
	const lockPath = `${path}.lock`;
	await acquireLock(lockPath, options);
	let fd: number | undefined;
	try {
		fd = openSync(path, constants.O_CREAT | constants.O_RDWR | constants.O_APPEND, 0o600);
		const { lines, truncatedBytes } = readAndRepair(fd);
		const byKey = new Map<string, EntryLine>();
		let head: ChainHead = EMPTY_HEAD;
		let sinceCheckpoint = 0;
		const index = (line: TrailLine) => {
			if (line.type === 'entry') {
				head = { seq: line.seq, hash: line.hash };
				sinceCheckpoint++;
				const key = (line.entry as { idempotencyKey?: unknown }).idempotencyKey;
				if (typeof key === 'string') byKey.set(key, line);
			} else sinceCheckpoint = 0;
		};
		lines.forEach(index);
		const handle = fd;
		const trail: OpenTrail = {
			path,
			lines,
			truncatedBytes,
			get head() {
				return head;
			},
			entryWithKey: (key) => byKey.get(key),
			entriesSinceCheckpoint: () => sinceCheckpoint,
			append(newLines) {
				if (newLines.length === 0) return;
				const data = Buffer.from(newLines.map((line) => `${JSON.stringify(line)}\n`).join(''), 'utf8');
				let written = 0;
				while (written < data.length) written += writeSync(handle, data, written, data.length - written);
				fsyncSync(handle);
				for (const line of newLines) {
					lines.push(line);
					index(line);
				}
			},
		};
		return await use(trail);
	} finally {
		if (fd !== undefined) closeSync(fd);
		releaseLock(lockPath);
	}
}

/** Reads a trail without the lock (for Verify and Report); a torn last line is left out, not cut. */
export function readTrailLines(path: string): { lines: string[]; tornTail: boolean } {
	const text = readFileSync(path, 'utf8');
	const complete = text.lastIndexOf('\n') + 1;
	return { lines: text.slice(0, complete).split('\n').filter((line) => line.trim() !== ''), tornTail: complete < text.length };
}

async function* each(lines: ReadonlyArray<string>): AsyncIterable<string> {
	yield* lines;
}

function writerOf(trail: OpenTrail): TrailWriter {
	return {
		get head() {
			return trail.head;
		},
		get entriesSinceCheckpoint() {
			return trail.entriesSinceCheckpoint();
		},
		findEntries: async (keys) => {
			const found = new Map<string, EntryLine>();
			for (const key of keys) {
				const line = trail.entryWithKey(key);
				if (line) found.set(key, line);
			}
			return found;
		},
		lastLogic: async () => lastLogicSnapshot(trail.lines),
		append: async (lines) => trail.append([...lines]),
	};
}

/** The audit sink on a trail file (see withTrail for locking, repair and durability). */
export class FileSink implements AuditSink {
	readonly hint = 'Check that the folder exists or can be created and is writable by n8n, and that no other process holds the lock file.';

	constructor(
		readonly path: string,
		private readonly options: TrailOptions = {},
	) {}

	get name(): string {
		return this.path;
	}

	async write<T>(use: (trail: TrailWriter) => Promise<T>): Promise<T> {
		return await withTrail(this.path, async (trail) => await use(writerOf(trail)), this.options);
	}

	async read(): Promise<TrailReading> {
		const { lines, tornTail } = readTrailLines(this.path);
		return { lines: each(lines), tornTail };
	}
}
