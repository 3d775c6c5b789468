import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

import { type AnchoredCheckpoint, trailVerifier, type VerifyResult } from './verifier';
import type { ChainHead, TrailLine } from './chain';
import { canonicalJson } from './canonical-json';

/**
 * An auditor's copy of a period of a trail, checkable offline: JSON Lines with a header (the trail,
 * the period, and the head of the chain just before it), the period's entry and checkpoint lines
 * exactly as stored, the checkpoints anchored outside the trail for that range, and a proof line that
 * signs the header, the lines' SHA-256 and the head at the end with Ed25519.
 *
 * The export is signed with a key pair derived from the audit key, so whoever holds only the public
 * key (printed by the export, to be handed to the auditor apart from the file) can check it but not
 * forge one; the hash chain and the anchors are checked without any key, and the checkpoints' HMACs
 * too when the auditor is also given the audit key.
 */

export const EXPORT_FORMAT = 'sla-audit-export/1';

export interface ExportHeader {
	type: 'export';
	format: typeof EXPORT_FORMAT;
	trail: string;
	from: string | null;
	to: string | null;
	exportedAt: string;
	/** The head the first exported entry chains to (seq 0 and the genesis hash for a trail's start). */
	start: ChainHead;
}

export interface ExportAnchorLine extends AnchoredCheckpoint {
	type: 'anchor';
}

export interface ExportProof {
	type: 'proof';
	/** SHA-256 over every line before the proof, each followed by a newline. */
	contentSha256: string;
	entries: number;
	firstSeq: number | null;
	lastSeq: number | null;
	end: ChainHead;
	/** The whole trail verified intact when the export was made, with so many anchors. */
	trailIntact: boolean;
	publicKey: string;
	/** Ed25519 over the canonical JSON of the proof without the signature. */
	signature: string;
}

/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The export signing key pair of an audit key: the same audit key always gives the same pair. */
export function exportSigningKey(auditKey: string): { privateKey: KeyObject; publicKey: string } {
	const seed = createHash('sha256').update(`sla-audit-export-signing\u0000${auditKey}`).digest();
	const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
	return { privateKey, publicKey: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString() };
}

/** A short fingerprint of a public key, to compare over the phone or in a ticket. */
export function keyFingerprint(publicKeyPem: string): string {
	const der = createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' });
	return createHash('sha256').update(der).digest('hex').slice(0, 32).replace(/(.{4})(?!$)/g, '$1:');
}

function proofPayload(proof: Omit<ExportProof, 'signature'>): Buffer {
	return Buffer.from(canonicalJson(proof));
}

/** Builds an export as it is read: header first, then lines of the period, then anchors; `finish` signs it. */
export interface ExportWriter {
	/** Adds a stored line (entry or checkpoint) that belongs to the export. */
	line(raw: string, parsed: TrailLine): void;
	anchor(anchor: AnchoredCheckpoint): void;
	/** The export's lines, proof last. */
	finish(trailIntact: boolean): string[];
}

export function exportWriter(header: ExportHeader, auditKey: string): ExportWriter {
	const lines: string[] = [JSON.stringify(header)];
	let entries = 0;
	let firstSeq: number | null = null;
	let end: ChainHead = header.start;
	return {
		line(raw, parsed) {
			lines.push(raw);
			if (parsed.type === 'entry') {
				entries++;
				firstSeq ??= parsed.seq;
				end = { seq: parsed.seq, hash: parsed.hash };
			}
		},
		anchor(anchor) {
			lines.push(JSON.stringify({ type: 'anchor', seq: anchor.seq, headHash: anchor.headHash, at: anchor.at, keyVersion: anchor.keyVersion, mac: anchor.mac } satisfies ExportAnchorLine));
		},
		finish(trailIntact) {
			const { privateKey, publicKey } = exportSigningKey(auditKey);
			const content = createHash('sha256');
			for (const line of lines) content.update(`${line}\n`);
			const unsigned: Omit<ExportProof, 'signature'> = { type: 'proof', contentSha256: content.digest('hex'), entries, firstSeq, lastSeq: firstSeq === null ? null : end.seq, end, trailIntact, publicKey };
			const signature = sign(null, proofPayload(unsigned), privateKey).toString('base64');
			return [...lines, JSON.stringify({ ...unsigned, signature } satisfies ExportProof)];
		},
	};
}

export type ExportProblem = 'format' | 'content' | 'signature' | 'untrusted_key' | 'chain' | 'ends_unsigned';

export interface ExportCheck {
	valid: boolean;
	problem: ExportProblem | null;
	message: string;
	header: ExportHeader | null;
	entries: number;
	checkpoints: number;
	anchors: number;
	/** Fingerprint of the key that signed the export: compare it with the one you were given. */
	signedBy: string | null;
	/** The chain's verdict over the exported lines, resumed from the header's start. */
	chain: VerifyResult | null;
}

export interface ExportCheckOptions {
	/** The public key (PEM) the auditor was given; without it, the key in the proof is used and reported. */
	publicKey?: string;
	/** Audit keys by version, to check the checkpoints' and anchors' HMACs as well. */
	keys?: Record<string, string>;
}

/** Checks an export offline: signature and content hash, chain continuity from its start, checkpoints and anchors. */
export function checkExport(lines: ReadonlyArray<string>, options: ExportCheckOptions = {}): ExportCheck {
	const outcome = (problem: ExportProblem | null, message: string, rest: Partial<ExportCheck> = {}): ExportCheck => ({
		valid: problem === null,
		problem,
		message,
		header: null,
		entries: 0,
		checkpoints: 0,
		anchors: 0,
		signedBy: null,
		chain: null,
		...rest,
	});
	const body = lines.filter((line) => line.trim() !== '');
	if (body.length < 2) return outcome('format', 'not an audit export: a header and a proof are needed');
	let header: ExportHeader;
	let proof: ExportProof;
	try {
		header = JSON.parse(body[0]) as ExportHeader;
		proof = JSON.parse(body[body.length - 1]) as ExportProof;
	} catch {
		return outcome('format', 'not an audit export: the first or last line is not JSON');
	}
	if (header.type !== 'export' || header.format !== EXPORT_FORMAT || proof.type !== 'proof') return outcome('format', `not an audit export of format ${EXPORT_FORMAT}`);
	const publicKey = options.publicKey ?? proof.publicKey;
	let signedBy: string;
	try {
		signedBy = keyFingerprint(publicKey);
	} catch {
		return outcome('format', 'the public key is not a valid Ed25519 key', { header });
	}
	if (options.publicKey && keyFingerprint(proof.publicKey) !== signedBy) return outcome('untrusted_key', `the export was signed by key ${keyFingerprint(proof.publicKey)}, not by the key you were given (${signedBy})`, { header, signedBy });
	const { signature, ...unsigned } = proof;
	const signatureOk = (() => {
		try {
			return verify(null, proofPayload(unsigned), createPublicKey(publicKey), Buffer.from(String(signature), 'base64'));
		} catch {
			return false;
		}
	})();
	if (!signatureOk) return outcome('signature', 'the proof is not signed by the export key: the proof was changed', { header, signedBy });
	const content = createHash('sha256');
	for (const line of body.slice(0, -1)) content.update(`${line}\n`);
	if (content.digest('hex') !== proof.contentSha256) return outcome('content', 'the lines differ from the ones the proof signs: a line was changed, added or removed', { header, signedBy });

	const verifier = trailVerifier({ keys: options.keys, resumeFrom: { line: 1, head: header.start } });
	const anchors: AnchoredCheckpoint[] = [];
	const trail: string[] = [];
	for (const line of body.slice(1, -1)) {
		const parsed = JSON.parse(line) as { type?: string };
		if (parsed.type === 'anchor') anchors.push(parsed as ExportAnchorLine);
		else trail.push(line);
	}
	anchors.sort((a, b) => a.seq - b.seq);
	let next = 0;
	for (const line of trail) {
		while (next < anchors.length && anchors[next].seq <= verifier.head.seq + 1) verifier.anchor(anchors[next++]);
		if (verifier.line(line)) break;
	}
	while (next < anchors.length) verifier.anchor(anchors[next++]);
	const chain = verifier.result();
	const counts = { header, signedBy, chain, entries: chain.entries - header.start.seq, checkpoints: chain.checkpoints, anchors: chain.intact ? chain.anchors : 0 };
	if (!chain.intact) return outcome('chain', chain.message, counts);
	if (chain.head.seq !== proof.end.seq || chain.head.hash !== proof.end.hash) return outcome('chain', `the chain ends at entry ${chain.head.seq}, the proof at ${proof.end.seq}`, counts);
	if (chain.entries > header.start.seq && chain.lastCheckpointSeq !== chain.head.seq) {
		return outcome('ends_unsigned', `entries ${(chain.lastCheckpointSeq ?? header.start.seq) + 1}–${chain.head.seq} are after the last checkpoint in the export`, counts);
	}
	return outcome(null, `intact: entries ${header.start.seq + 1}–${chain.head.seq} of trail ${header.trail}, ${chain.checkpoints} checkpoints${options.keys ? ' (signatures checked)' : ''}, ${chain.anchors} anchors, signed by ${signedBy}`, counts);
}
