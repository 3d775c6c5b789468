import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

import { type ChainHead, EMPTY_HEAD, type EntryLine, type TrailLine } from '../../engine/audit';

/**
 * Where a trail path points: an absolute path as given; a relative one inside n8n's own folder
 * (`$N8N_USER_FOLDER/.n8n`, else `~/.n8n`), so one template works in Docker, on a desktop and in tests.
 */
export function resolveTrailPath(path: string): string {
	if (path === '' || isAbsolute(path)) return path;
	return join(process.env.N8N_USER_FOLDER || homedir(), '.n8n', path);
}

/**
 * The append-only JSON Lines trail file. One writer at a time: a lock file created with O_EXCL that
 * holds the owner's pid; a lock whose owner is gone (or that is older than the stale limit) is taken
 * over. On open, a torn last line (the writer died mid-write) is cut off, so the chain continues from
 * the last complete entry. Appends are written in one call and fsynced before success is reported.
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

export interface TrailOptions {
	lockTimeoutMs?: number;
	staleLockMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ownerAlive(lockPath: string, staleLockMs: number): boolean {
	try {
		const [pid, since] = readFileSync(lockPath, 'utf8').split(' ').map(Number);
		if (Number.isFinite(since) && Date.now() - since > staleLockMs) return false;
		if (!Number.isInteger(pid) || pid <= 0) return Date.now() - statSync(lockPath).mtimeMs < 2000;
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function acquireLock(lockPath: string, options: TrailOptions): Promise<void> {
	const deadline = Date.now() + (options.lockTimeoutMs ?? 30_000);
	for (let attempt = 0; ; attempt++) {
		let failure: NodeJS.ErrnoException | null = null;
		try {
			const fd = openSync(lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
			writeSync(fd, `${process.pid} ${Date.now()}`);
			closeSync(fd);
			return;
		} catch (error) {
			failure = error as NodeJS.ErrnoException;
		}
		if (failure.code !== 'EEXIST') throw failure;
		if (!ownerAlive(lockPath, options.staleLockMs ?? 10 * 60_000)) {
			try {
				unlinkSync(lockPath);
			} catch {
				// another waiter removed it first
			}
			continue;
		}
		if (Date.now() > deadline) throw new Error(`the trail file is locked by another writer (${lockPath}); try again or remove a stale lock`);
		await sleep(Math.min(5 + attempt * 5, 100));
	}
}

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
		try {
			unlinkSync(lockPath);
		} catch {
			// already gone
		}
	}
}

/** Reads a trail without the lock (for Verify and Report); a torn last line is left out, not cut. */
export function readTrailLines(path: string): { lines: string[]; tornTail: boolean } {
	const text = readFileSync(path, 'utf8');
	const complete = text.lastIndexOf('\n') + 1;
	return { lines: text.slice(0, complete).split('\n').filter((line) => line.trim() !== ''), tornTail: complete < text.length };
}
