import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { canonicalJson } from './canonical-json';

/**
 * The hash chain of an audit trail. Each entry line carries its sequence number, the previous
 * entry's hash and its own hash = SHA-256(canonical JSON of { seq, prevHash, entry }). A checkpoint
 * line signs the chain head (sequence and hash) with an HMAC key, so rewriting the whole chain after a
 * change is caught too. Verify walks the lines and names the first one that fails.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface EntryLine<E = Record<string, unknown>> {
	type: 'entry';
	seq: number;
	prevHash: string;
	hash: string;
	entry: E;
}

export interface CheckpointLine {
	type: 'checkpoint';
	seq: number;
	headHash: string;
	at: number;
	keyVersion: string;
	mac: string;
}

export type TrailLine = EntryLine | CheckpointLine;

export interface ChainHead {
	seq: number;
	hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

export function entryHash(seq: number, prevHash: string, entry: unknown): string {
	return createHash('sha256').update(canonicalJson({ seq, prevHash, entry })).digest('hex');
}

export function chainEntry<E extends object>(head: ChainHead, entry: E): EntryLine<E> {
	const seq = head.seq + 1;
	return { type: 'entry', seq, prevHash: head.hash, hash: entryHash(seq, head.hash, entry), entry };
}

function checkpointMac(key: string, seq: number, headHash: string, at: number, keyVersion: string): string {
	return createHmac('sha256', key).update(canonicalJson({ seq, headHash, at, keyVersion })).digest('hex');
}

export function signCheckpoint(head: ChainHead, at: number, key: string, keyVersion: string): CheckpointLine {
	if (!key) throw new Error('key: an HMAC key is needed to sign a checkpoint');
	return { type: 'checkpoint', seq: head.seq, headHash: head.hash, at, keyVersion, mac: checkpointMac(key, head.seq, head.hash, at, keyVersion) };
}

export function headOf(line: EntryLine): ChainHead {
	return { seq: line.seq, hash: line.hash };
}

export type VerifyProblem =
	| 'unreadable'
	| 'sequence'
	| 'previous_hash'
	| 'entry_hash'
	| 'checkpoint_head'
	| 'checkpoint_signature'
	| 'checkpoint_key_unknown';

export interface VerifyFailure {
	intact: false;
	/** Zero-based line number in the trail. */
	line: number;
	/** Sequence number and id of the entry that fails (for a checkpoint, the head it claims). */
	seq: number | null;
	id: string | null;
	problem: VerifyProblem;
	message: string;
	entries: number;
	checkpoints: number;
}

export interface VerifyIntact {
	intact: true;
	entries: number;
	checkpoints: number;
	head: ChainHead;
	lastCheckpointSeq: number | null;
}

export type VerifyResult = VerifyIntact | VerifyFailure;

export interface VerifyOptions {
	/** HMAC keys by key version; checkpoints signed with a version not listed fail. Without keys, signatures are not checked. */
	keys?: Record<string, string>;
	/** Start at this line with this head (a prefix already verified); used to re-verify only a tail. */
	resumeFrom?: { line: number; head: ChainHead };
}

function parseLine(raw: string | TrailLine): TrailLine | null {
	if (typeof raw !== 'string') return raw;
	try {
		const parsed = JSON.parse(raw) as TrailLine;
		return parsed && typeof parsed === 'object' ? parsed : null;
	} catch {
		return null;
	}
}

function idOf(line: TrailLine | null): string | null {
	if (!line || line.type !== 'entry') return null;
	const id = (line.entry as { id?: unknown })?.id;
	return typeof id === 'string' ? id : null;
}

function sameHex(a: string, b: string): boolean {
	return typeof a === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function verifyTrail(lines: ReadonlyArray<string | TrailLine>, options: VerifyOptions = {}): VerifyResult {
	let head = options.resumeFrom?.head ?? EMPTY_HEAD;
	let entries = head.seq;
	let checkpoints = 0;
	let lastCheckpointSeq: number | null = null;
	const fail = (line: number, parsed: TrailLine | null, problem: VerifyProblem, message: string): VerifyFailure => ({
		intact: false,
		line,
		seq: parsed && typeof parsed.seq === 'number' ? parsed.seq : null,
		id: idOf(parsed),
		problem,
		message,
		entries,
		checkpoints,
	});
	for (let index = options.resumeFrom?.line ?? 0; index < lines.length; index++) {
		const line = parseLine(lines[index]);
		if (!line || (line.type !== 'entry' && line.type !== 'checkpoint')) return fail(index, line, 'unreadable', `line ${index + 1} is not a trail entry`);
		if (line.type === 'checkpoint') {
			if (line.seq !== head.seq || line.headHash !== head.hash) {
				return fail(index, line, 'checkpoint_head', `checkpoint at line ${index + 1} signs head ${line.seq} but the chain head is entry ${head.seq}`);
			}
			if (options.keys) {
				const key = options.keys[line.keyVersion];
				if (key === undefined) return fail(index, line, 'checkpoint_key_unknown', `checkpoint at line ${index + 1} uses unknown key version "${line.keyVersion}"`);
				if (!sameHex(line.mac, checkpointMac(key, line.seq, line.headHash, line.at, line.keyVersion))) {
					return fail(index, line, 'checkpoint_signature', `checkpoint at line ${index + 1} has a wrong signature`);
				}
			}
			checkpoints++;
			lastCheckpointSeq = line.seq;
			continue;
		}
		if (line.seq !== head.seq + 1) {
			return fail(index, line, 'sequence', `entry at line ${index + 1} has sequence ${line.seq}, expected ${head.seq + 1}`);
		}
		if (line.prevHash !== head.hash) {
			return fail(index, line, 'previous_hash', `entry ${line.seq} does not follow entry ${head.seq} (previous hash differs)`);
		}
		if (line.hash !== entryHash(line.seq, line.prevHash, line.entry)) {
			return fail(index, line, 'entry_hash', `entry ${line.seq} was changed after it was written (hash differs)`);
		}
		head = headOf(line);
		entries++;
	}
	return { intact: true, entries, checkpoints, head, lastCheckpointSeq };
}
