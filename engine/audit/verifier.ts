import { timingSafeEqual } from 'node:crypto';

import { type ChainHead, checkpointMac, EMPTY_HEAD, entryHash, headOf, type TrailLine } from './chain';

/**
 * Walks a trail line by line and names the first line that fails: an entry changed, removed, moved
 * or inserted breaks the hash chain; a checkpoint that does not sign the head before it, or whose
 * signature is wrong, fails; and against the checkpoints anchored outside the trail (anchor.ts), a
 * trail rewritten with recomputed hashes, missing an anchored checkpoint, or shorter than its newest
 * anchor fails too. Lines are taken one at a time, so a trail of any length is verified in constant
 * memory.
 */

export type VerifyProblem =
	| 'unreadable'
	| 'sequence'
	| 'previous_hash'
	| 'entry_hash'
	| 'checkpoint_head'
	| 'checkpoint_signature'
	| 'checkpoint_key_unknown'
	| 'checkpoint_missing'
	| 'anchor_mismatch'
	| 'anchor_signature'
	| 'truncated';

export interface VerifyFailure {
	intact: false;
	/** Zero-based line number in the trail (for a truncated trail, the line after its last one). */
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
	/** Anchored checkpoints the trail was compared with. */
	anchors: number;
}

export type VerifyResult = VerifyIntact | VerifyFailure;

/** A checkpoint as kept outside the trail; `at` is when it was signed. */
export interface AnchoredCheckpoint {
	seq: number;
	headHash: string;
	at: number;
	keyVersion: string;
	mac: string;
}

export interface VerifyOptions {
	/** HMAC keys by key version; checkpoints signed with a version not listed fail. Without keys, signatures are not checked. */
	keys?: Record<string, string>;
	/** Start at this line with this head (a prefix already verified); used to re-verify only a tail. */
	resumeFrom?: { line: number; head: ChainHead };
}

export interface TrailVerifier {
	/** The head of the chain verified so far. */
	readonly head: ChainHead;
	/** The line last taken, parsed (null when it was unreadable). */
	readonly last: TrailLine | null;
	/** Queues an anchored checkpoint; anchors come in sequence order, each before the line that reaches it. */
	anchor(anchor: AnchoredCheckpoint): void;
	/** Takes the next line; returns the failure it causes (then every later line is ignored), or null. */
	line(raw: string | TrailLine): VerifyFailure | null;
	/** The verdict once every line (and every anchor) was given. */
	result(): VerifyResult;
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

function sameHex(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const when = (at: number) => (Number.isFinite(at) ? new Date(at).toISOString() : String(at));

export function trailVerifier(options: VerifyOptions = {}): TrailVerifier {
	let head = options.resumeFrom?.head ?? EMPTY_HEAD;
	let index = options.resumeFrom?.line ?? 0;
	let entries = head.seq;
	let checkpoints = 0;
	let anchors = 0;
	let lastCheckpointSeq: number | null = null;
	let failure: VerifyFailure | null = null;
	const pending: AnchoredCheckpoint[] = [];
	let awaitingCheckpoint: AnchoredCheckpoint | null = null;
	let lastMatchedAnchor = 0;
	let last: TrailLine | null = null;

	const fail = (line: number, parsed: TrailLine | null, problem: VerifyProblem, message: string): VerifyFailure => {
		failure = { intact: false, line, seq: parsed && typeof parsed.seq === 'number' ? parsed.seq : null, id: idOf(parsed), problem, message, entries, checkpoints };
		return failure;
	};
	const signedBy = (keyVersion: string, mac: unknown, seq: number, headHash: string, at: number): 'ok' | 'unknown_key' | 'wrong' => {
		if (!options.keys) return 'ok';
		const key = options.keys[keyVersion];
		if (key === undefined) return 'unknown_key';
		return sameHex(mac, checkpointMac(key, seq, headHash, at, keyVersion)) ? 'ok' : 'wrong';
	};
	/** After entry `head.seq` verified: the anchor at that sequence must sign this very head. */
	const checkAnchorAt = (at: number, parsed: TrailLine): VerifyFailure | null => {
		while (pending.length > 0 && pending[0].seq < head.seq) pending.shift();
		const anchor = pending[0];
		if (!anchor || anchor.seq !== head.seq) return null;
		pending.shift();
		anchors++;
		if (signedBy(anchor.keyVersion, anchor.mac, anchor.seq, anchor.headHash, anchor.at) !== 'ok') {
			return fail(at, parsed, 'anchor_signature', `the checkpoint of entry ${anchor.seq} anchored at ${when(anchor.at)} is not signed with the audit key: the anchor store was changed`);
		}
		if (anchor.headHash !== head.hash) {
			return fail(
				at,
				parsed,
				'anchor_mismatch',
				`entry ${anchor.seq} differs from its checkpoint anchored at ${when(anchor.at)}: entries ${lastMatchedAnchor + 1}–${anchor.seq} were rewritten and their hashes recomputed`,
			);
		}
		lastMatchedAnchor = anchor.seq;
		awaitingCheckpoint = anchor;
		return null;
	};

	return {
		get head() {
			return head;
		},
		get last() {
			return last;
		},
		anchor(anchor) {
			if (anchor.seq > (options.resumeFrom?.head.seq ?? 0)) pending.push(anchor);
		},
		line(raw) {
			if (failure) return failure;
			const at = index++;
			const line = parseLine(raw);
			last = line;
			if (!line || (line.type !== 'entry' && line.type !== 'checkpoint')) return fail(at, line, 'unreadable', `line ${at + 1} is not a trail entry`);
			if (line.type === 'checkpoint') {
				if (line.seq !== head.seq || line.headHash !== head.hash) {
					return fail(at, line, 'checkpoint_head', `checkpoint at line ${at + 1} signs head ${line.seq} but the chain head is entry ${head.seq}`);
				}
				const signature = signedBy(line.keyVersion, line.mac, line.seq, line.headHash, line.at);
				if (signature === 'unknown_key') return fail(at, line, 'checkpoint_key_unknown', `checkpoint at line ${at + 1} uses unknown key version "${line.keyVersion}"`);
				if (signature === 'wrong') return fail(at, line, 'checkpoint_signature', `checkpoint at line ${at + 1} has a wrong signature`);
				if (awaitingCheckpoint && awaitingCheckpoint.seq === line.seq) {
					if (awaitingCheckpoint.mac !== line.mac) return fail(at, line, 'anchor_mismatch', `checkpoint at line ${at + 1} is not the one anchored for entry ${line.seq} at ${when(awaitingCheckpoint.at)}`);
					awaitingCheckpoint = null;
				}
				checkpoints++;
				lastCheckpointSeq = line.seq;
				return null;
			}
			if (awaitingCheckpoint) {
				return fail(at, line, 'checkpoint_missing', `the checkpoint of entry ${awaitingCheckpoint.seq}, anchored at ${when(awaitingCheckpoint.at)}, was removed from the trail before line ${at + 1}`);
			}
			if (line.seq !== head.seq + 1) return fail(at, line, 'sequence', `entry at line ${at + 1} has sequence ${line.seq}, expected ${head.seq + 1}`);
			if (line.prevHash !== head.hash) return fail(at, line, 'previous_hash', `entry ${line.seq} does not follow entry ${head.seq} (previous hash differs)`);
			if (line.hash !== entryHash(line.seq, line.prevHash, line.entry)) return fail(at, line, 'entry_hash', `entry ${line.seq} was changed after it was written (hash differs)`);
			head = headOf(line);
			entries++;
			return checkAnchorAt(at, line);
		},
		result() {
			if (failure) return failure;
			if (awaitingCheckpoint) {
				return fail(index, null, 'checkpoint_missing', `the trail ends without the checkpoint of entry ${awaitingCheckpoint.seq} anchored at ${when(awaitingCheckpoint.at)}: its last line was cut off`);
			}
			const beyond = pending.find((anchor) => anchor.seq > head.seq);
			if (beyond) {
				return fail(index, null, 'truncated', `the trail ends at entry ${head.seq}, but entry ${beyond.seq} was anchored at ${when(beyond.at)}: entries after ${head.seq} were cut off`);
			}
			return { intact: true, entries, checkpoints, head, lastCheckpointSeq, anchors };
		},
	};
}

/** Verifies a whole trail held in memory, against its anchors (in sequence order) when given. */
export function verifyTrail(lines: ReadonlyArray<string | TrailLine>, options: VerifyOptions & { anchors?: ReadonlyArray<AnchoredCheckpoint> } = {}): VerifyResult {
	const verifier = trailVerifier(options);
	const anchors = options.anchors ?? [];
	let next = 0;
	for (let index = options.resumeFrom?.line ?? 0; index < lines.length; index++) {
		while (next < anchors.length && anchors[next].seq <= verifier.head.seq + 1) verifier.anchor(anchors[next++]);
		if (verifier.line(lines[index])) return verifier.result();
	}
	while (next < anchors.length) verifier.anchor(anchors[next++]);
	return verifier.result();
}

/**
 * Verifies a trail read as a stream, against anchors read as a stream, holding neither in memory;
 * `onLine` sees every line that verified (Report counts them), in order, before the verdict.
 */
export async function verifyTrailStream(
	lines: AsyncIterable<string>,
	anchors: AsyncIterable<AnchoredCheckpoint> | null,
	options: VerifyOptions = {},
	onLine?: (line: TrailLine) => void,
): Promise<VerifyResult> {
	const verifier = trailVerifier(options);
	const source = anchors ? anchors[Symbol.asyncIterator]() : null;
	let ahead: AnchoredCheckpoint | null = null;
	let drained = source === null;
	const feedAnchorsUpTo = async (seq: number) => {
		while (!drained) {
			if (!ahead) {
				const next = await (source as AsyncIterator<AnchoredCheckpoint>).next();
				if (next.done) {
					drained = true;
					return;
				}
				ahead = next.value;
			}
			if (ahead.seq > seq) return;
			verifier.anchor(ahead);
			ahead = null;
		}
	};
	for await (const raw of lines) {
		await feedAnchorsUpTo(verifier.head.seq + 1);
		if (verifier.line(raw)) return verifier.result();
		if (onLine) onLine(verifier.last as TrailLine);
	}
	// the first anchor beyond the trail's end, if any, tells a truncation
	await feedAnchorsUpTo(verifier.head.seq + 1);
	if (!ahead && !drained) {
		const next = await (source as AsyncIterator<AnchoredCheckpoint>).next();
		if (!next.done) ahead = next.value;
	}
	if (ahead) verifier.anchor(ahead);
	return verifier.result();
}
