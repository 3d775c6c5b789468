import { closeSync, constants, createReadStream, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

import { type ChainHead, type CheckpointLine, EMPTY_HEAD, type EntryLine, type LogicSnapshot, logicOfLine, type TrailLine } from '../../engine/audit';
import { acquireLock, type LockOptions, releaseLock } from './file-lock';
import type { AuditSink, TrailReading, TrailWriter } from './sink';
import { type IndexRecord, KeyIndex } from './trail-index';
import { readHeadFile, readLogicFile, writeHeadFile, writeLogicFile } from './trail-head';

/**
 * The trail as an append-only JSON Lines file, one writer at a time under the lock file next to it
 * (file-lock.ts). A writer starts from the head file beside the trail (trail-head.ts) and finds
 * duplicates through the key index (trail-index.ts), so an append costs the same at ten entries and at
 * ten million. Appends are written in one call and fsynced before success is reported; the head file
 * and index follow every few dozen lines, and a writer that finds the trail longer than its head
 * reads and indexes the lines after it. A torn last line is cut off, but only in a file that is a trail:
 * a file that is not one, or a trail that was cut short or whose last line changed since it was
 * written, is refused and left exactly as it is. FileSink is this file as an AuditSink.
 */

export interface OpenTrail {
	readonly path: string;
	readonly head: ChainHead;
	/** Bytes of a torn last line removed on open (0 when the file ended cleanly). */
	readonly truncatedBytes: number;
	readonly lastCheckpoint: CheckpointLine | null;
	readonly logic: LogicSnapshot | null;
	entryWithKey(idempotencyKey: string): EntryLine | undefined;
	entriesSinceCheckpoint(): number;
	append(lines: TrailLine[]): void;
}

export type TrailOptions = LockOptions;

/** The file is not an audit trail, or no longer the trail its head file describes; nothing was changed. */
export class TrailRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TrailRefusedError';
	}
}

interface TrailState {
	size: number;
	lastLineOffset: number;
	head: ChainHead;
	sinceCheckpoint: number;
	lastCheckpoint: CheckpointLine | null;
	logic: LogicSnapshot | null;
}

const emptyState = (): TrailState => ({ size: 0, lastLineOffset: 0, head: EMPTY_HEAD, sinceCheckpoint: 0, lastCheckpoint: null, logic: null });

function trailLineOf(text: string): TrailLine | null {
	try {
		const line = JSON.parse(text) as TrailLine;
		if (!line || typeof line !== 'object' || typeof line.seq !== 'number') return null;
		if (line.type === 'entry' && typeof line.hash === 'string' && line.entry && typeof line.entry === 'object') return line;
		if (line.type === 'checkpoint' && typeof line.headHash === 'string') return line;
		return null;
	} catch {
		return null;
	}
}

function keyOf(line: TrailLine): string | null {
	if (line.type !== 'entry') return null;
	const key = (line.entry as { idempotencyKey?: unknown }).idempotencyKey;
	return typeof key === 'string' ? key : null;
}

/** Takes one line that sits at `offset` into the state; returns its index record when it has a key. */
function advance(state: TrailState, line: TrailLine, offset: number, length: number): IndexRecord | null {
	state.lastLineOffset = offset;
	state.size = offset + length;
	if (line.type === 'checkpoint') {
		state.sinceCheckpoint = 0;
		state.lastCheckpoint = line;
		return null;
	}
	state.head = { seq: line.seq, hash: line.hash };
	state.sinceCheckpoint++;
	state.logic = logicOfLine(line) ?? state.logic;
	const key = keyOf(line);
	return key === null ? null : { key, offset, length };
}

function readRange(fd: number, start: number, end: number): Buffer<ArrayBufferLike> {
	const buffer = Buffer.alloc(end - start);
	let read = 0;
	while (read < buffer.length) {
		const got = readSync(fd, buffer, read, buffer.length - read, start + read);
		if (got === 0) break;
		read += got;
	}
	return buffer.subarray(0, read);
}

/**
 * Reads the lines from `start` to the end of the file in chunks, validating each as a trail line and
 * taking it into `state`; returns where the last complete line ends, or throws when a line is not one.
 */
function scan(fd: number, start: number, size: number, state: TrailState, onRecord: (record: IndexRecord) => void, path: string): number {
	const CHUNK = 1 << 20;
	let position = start;
	let carry: Buffer<ArrayBufferLike> = Buffer.alloc(0);
	let carryStart = start;
	let lineNumber = 0;
	while (position < size) {
		const chunk = readRange(fd, position, Math.min(size, position + CHUNK));
		position += chunk.length;
		const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
		let lineStart = 0;
		for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a, lineStart)) {
			lineNumber++;
			const text = data.toString('utf8', lineStart, newline);
			if (text.trim()) {
				const line = trailLineOf(text);
				if (!line) throw new TrailRefusedError(`${path} is not an audit trail (line ${lineNumber} is not a trail line); it was left unchanged`);
				const record = advance(state, line, carryStart + lineStart, newline + 1 - lineStart);
				if (record) onRecord(record);
			} else state.size = carryStart + newline + 1;
			lineStart = newline + 1;
		}
		carry = data.subarray(lineStart);
		carryStart += lineStart;
	}
	const torn = carry.toString('utf8', 0, Math.min(carry.length, TRAIL_LINE_START.length));
	if (torn && !TRAIL_LINE_START.startsWith(torn) && !torn.startsWith(TRAIL_LINE_START)) {
		throw new TrailRefusedError(`${path} is not an audit trail (it ends in a line that is not one); it was left unchanged`);
	}
	return state.size;
}

/** How every line the sink writes begins (JSON.stringify keeps `type` first), so a torn line is known for one. */
const TRAIL_LINE_START = '{"type":"';

function stateFromHead(head: NonNullable<ReturnType<typeof readHeadFile>>, logicPath: string): TrailState | null {
	const logic = readLogicFile(logicPath, head.logicVersion);
	if (head.logicVersion !== null && logic === null) return null;
	return {
		size: head.size,
		lastLineOffset: head.lastLineOffset,
		head: { seq: head.seq, hash: head.hash },
		sinceCheckpoint: head.sinceCheckpoint,
		lastCheckpoint: head.lastCheckpoint ? { type: 'checkpoint', ...head.lastCheckpoint } : null,
		logic,
	};
}

/** The trail's last line, as the head file says it ended, must still be there. */
function checkLastLine(fd: number, state: TrailState, path: string): void {
	if (state.size === 0) return;
	const line = trailLineOf(readRange(fd, state.lastLineOffset, state.size).toString('utf8').trimEnd());
	const matches =
		line !== null &&
		(line.type === 'entry' ? line.seq === state.head.seq && line.hash === state.head.hash : line.seq === state.head.seq && line.headHash === state.head.hash);
	if (!matches) throw new TrailRefusedError(`${path} changed since it was last written (its last line is not entry ${state.head.seq}); nothing was written — run Verify`);
}

/**
 * The head file and key index are brought up to date every PERSIST_EVERY lines, not after every
 * append: each file written next to the trail is flushed again by the trail's next fsync (ext4 orders
 * data before the journal commit), which made an append cost three of plain JSON Lines. What they
 * lack is the trail's last lines, which any writer reads on open (at most this many), and this
 * process keeps them in memory between its own appends.
 */
const PERSIST_EVERY = 64;

/** What this process knows of a trail after its last write: the state, and index records not yet persisted. */
interface CachedTrail {
	state: TrailState;
	pending: IndexRecord[];
	/** Trail size the head file describes (what persist() last wrote). */
	persistedSize: number;
}

const cachedTrails = new Map<string, CachedTrail>();

/** Forgets what this process knows of a trail (a test replacing the file under the same path). */
export function forgetTrail(path: string): void {
	cachedTrails.delete(path);
}

/** Opens the trail under its lock, runs `use`, and releases the lock whatever happens. */
export async function withTrail<T>(path: string, use: (trail: OpenTrail) => Promise<T> | T, options: TrailOptions = {}): Promise<T> {
	const lockPath = `${path}.lock`;
	const headPath = `${path}.head`;
	const logicPath = `${path}.logic`;
	const index = new KeyIndex(`${path}.keys`);
	const cached = cachedTrails.get(path);
	if (!cached) mkdirSync(dirname(path), { recursive: true });
	await acquireLock(lockPath, options);
	let fd: number | undefined;
	let state: TrailState | undefined;
	let pending: IndexRecord[] = [];
	let persistedSize = 0;
	let opened = false;
	try {
		fd = openSync(path, constants.O_CREAT | constants.O_RDWR | constants.O_APPEND, 0o600);
		const size = fstatSync(fd).size;
		let fromHead = false;
		if (cached && cached.state.size === size) {
			// this process wrote the trail last: its state is current
			state = { ...cached.state };
			pending = cached.pending;
			persistedSize = cached.persistedSize;
			fromHead = true;
			checkLastLine(fd, state, path);
		} else {
			if (cached && cached.state.size > size) {
				throw new TrailRefusedError(`${path} is shorter than when it was last written (${size} bytes, was ${cached.state.size}): it was cut; nothing was written — run Verify`);
			}
			const saved = readHeadFile(headPath);
			const headState = saved && saved.size <= size ? stateFromHead(saved, logicPath) : null;
			if (headState) {
				state = headState;
				persistedSize = saved!.size;
				fromHead = true;
				checkLastLine(fd, state, path);
				scan(fd, state.size, size, state, (record) => pending.push(record), path);
			} else if (saved && saved.size > size) {
				throw new TrailRefusedError(`${path} is shorter than when it was last written (${size} bytes, was ${saved.size}): it was cut; nothing was written — run Verify`);
			} else {
				// no head file (a trail from an earlier version, or a new one): read it once and index it
				state = emptyState();
				if (size > 0) {
					index.clear();
					scan(fd, 0, size, state, (record) => pending.push(record), path);
				}
			}
		}
		const current = state;
		let truncatedBytes = 0;
		if (current.size < size) {
			ftruncateSync(fd, current.size);
			fsyncSync(fd);
			truncatedBytes = size - current.size;
		}
		let savedLogic = fromHead ? current.logic?.version ?? null : undefined;
		const persist = (force: boolean) => {
			const logicVersion = current.logic?.version ?? null;
			// a new logic snapshot goes with its head at once, so the head never names a snapshot the logic file does not hold
			if (!force && logicVersion === savedLogic && pending.length < PERSIST_EVERY && current.size - persistedSize < PERSIST_EVERY * 4096) return;
			if (pending.length) index.add(pending.splice(0));
			if (current.logic && logicVersion !== savedLogic) writeLogicFile(logicPath, current.logic);
			savedLogic = logicVersion;
			writeHeadFile(headPath, {
				format: 'sla-audit-head/1',
				size: current.size,
				lastLineOffset: current.lastLineOffset,
				seq: current.head.seq,
				hash: current.head.hash,
				sinceCheckpoint: current.sinceCheckpoint,
				lastCheckpoint: current.lastCheckpoint ? { seq: current.lastCheckpoint.seq, headHash: current.lastCheckpoint.headHash, at: current.lastCheckpoint.at, keyVersion: current.lastCheckpoint.keyVersion, mac: current.lastCheckpoint.mac } : null,
				logicVersion,
			});
			persistedSize = current.size;
		};
		if (truncatedBytes || !fromHead) persist(true);
		else persist(false);
		/** Places of the key's entry among the lines not yet in the index, newest last. */
		const pendingPlaces = (key: string) => pending.filter((record) => record.key === key);
		const handle = fd;
		const trail: OpenTrail = {
			path,
			truncatedBytes,
			get head() {
				return current.head;
			},
			get lastCheckpoint() {
				return current.lastCheckpoint;
			},
			get logic() {
				return current.logic;
			},
			entryWithKey(key) {
				for (const place of [...index.lookup(key), ...pendingPlaces(key)].reverse()) {
					if (place.offset + place.length > current.size) continue;
					const line = trailLineOf(readRange(handle, place.offset, place.offset + place.length).toString('utf8').trimEnd());
					if (line && keyOf(line) === key) return line as EntryLine;
				}
				return undefined;
			},
			entriesSinceCheckpoint: () => current.sinceCheckpoint,
			append(newLines) {
				if (newLines.length === 0) return;
				const texts = newLines.map((line) => `${JSON.stringify(line)}\n`);
				const data = Buffer.from(texts.join(''), 'utf8');
				let written = 0;
				while (written < data.length) written += writeSync(handle, data, written, data.length - written);
				fsyncSync(handle);
				let offset = current.size;
				newLines.forEach((line, position) => {
					const length = Buffer.byteLength(texts[position]);
					const record = advance(current, line, offset, length);
					if (record) pending.push(record);
					offset += length;
				});
				persist(false);
			},
		};
		opened = true;
		return await use(trail);
	} finally {
		if (fd !== undefined) closeSync(fd);
		// a trail refused or unreadable on open is read again from its files next time
		if (opened && state) cachedTrails.set(path, { state, pending, persistedSize });
		else cachedTrails.delete(path);
		releaseLock(lockPath);
	}
}

/** Reads a trail without the lock, whole (for tests and small trails); a torn last line is left out, not cut. */
export function readTrailLines(path: string): { lines: string[]; tornTail: boolean } {
	const text = readFileSync(path, 'utf8');
	const complete = text.lastIndexOf('\n') + 1;
	return { lines: text.slice(0, complete).split('\n').filter((line) => line.trim() !== ''), tornTail: complete < text.length };
}

/** The complete lines of a trail file as a stream, in constant memory; a torn last line is left out. */
export async function* streamTrailLines(path: string): AsyncIterable<string> {
	let carry = '';
	for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
		const text = carry + (chunk as string);
		let start = 0;
		for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
			if (newline > start) yield text.slice(start, newline);
			start = newline + 1;
		}
		carry = text.slice(start);
	}
}

function endsTorn(path: string): boolean {
	const fd = openSync(path, constants.O_RDONLY);
	try {
		const size = fstatSync(fd).size;
		return size > 0 && readRange(fd, size - 1, size)[0] !== 0x0a;
	} finally {
		closeSync(fd);
	}
}

function writerOf(trail: OpenTrail): TrailWriter {
	return {
		get head() {
			return trail.head;
		},
		get entriesSinceCheckpoint() {
			return trail.entriesSinceCheckpoint();
		},
		get lastCheckpoint() {
			return trail.lastCheckpoint;
		},
		findEntries: async (keys) => {
			const found = new Map<string, EntryLine>();
			for (const key of keys) {
				const line = trail.entryWithKey(key);
				if (line) found.set(key, line);
			}
			return found;
		},
		lastLogic: async () => trail.logic,
		append: async (lines) => trail.append([...lines]),
	};
}

/** The audit sink on a trail file (see withTrail for locking, repair and durability). */
export class FileSink implements AuditSink {
	readonly hint = 'Check that the folder exists or can be created and is writable by n8n, and that no other process holds the lock file.';

	/**
	 * @param path the file's absolute path
	 * @param name how the trail is named to callers: the Trail File as configured, not the host's path
	 */
	constructor(
		readonly path: string,
		private readonly options: TrailOptions = {},
		readonly name: string = path,
	) {}

	async write<T>(use: (trail: TrailWriter) => Promise<T>): Promise<T> {
		return await withTrail(this.path, async (trail) => await use(writerOf(trail)), this.options);
	}

	async read(): Promise<TrailReading> {
		if (!existsSync(this.path)) throw Object.assign(new Error('the trail file does not exist'), { code: 'ENOENT' });
		return { lines: streamTrailLines(this.path), tornTail: endsTorn(this.path) };
	}
}
