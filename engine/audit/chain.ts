import { createHash, createHmac } from 'node:crypto';

import { canonicalJson } from './canonical-json';

/**
 * The hash chain of an audit trail. Each entry line carries its sequence number, the previous
 * entry's hash and its own hash = SHA-256(canonical JSON of { seq, prevHash, entry }). A checkpoint
 * line signs the chain head (sequence and hash) with an HMAC key, so rewriting the whole chain after a
 * change is caught too. verifier.ts walks the lines and names the first one that fails.
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

export function checkpointMac(key: string, seq: number, headHash: string, at: number, keyVersion: string): string {
	return createHmac('sha256', key).update(canonicalJson({ seq, headHash, at, keyVersion })).digest('hex');
}

export function signCheckpoint(head: ChainHead, at: number, key: string, keyVersion: string): CheckpointLine {
	if (!key) throw new Error('key: an HMAC key is needed to sign a checkpoint');
	return { type: 'checkpoint', seq: head.seq, headHash: head.hash, at, keyVersion, mac: checkpointMac(key, head.seq, head.hash, at, keyVersion) };
}

export function headOf(line: EntryLine): ChainHead {
	return { seq: line.seq, hash: line.hash };
}

