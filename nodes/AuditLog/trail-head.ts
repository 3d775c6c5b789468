import { closeSync, constants, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';

import type { CheckpointLine, LogicSnapshot } from '../../engine/audit';

/**
 * A trail file's head, kept in a small file beside it and rewritten in place after every append: the
 * chain head, where the trail ended, and the newest checkpoint. With it a writer starts in constant
 * time instead of reading the trail; without it (a trail from before, a lost or torn head file) the
 * trail is read once to rebuild it. The head is padded to a fixed size and written over itself in one
 * call (replacing the file by a rename costs a flush of its own on ext4). The newest logic snapshot,
 * which can be large and changes rarely, is kept in a file of its own.
 */
export interface TrailHeadFile {
	format: 'sla-audit-head/1';
	/** Bytes of the trail this head describes, and where its last line starts. */
	size: number;
	lastLineOffset: number;
	seq: number;
	hash: string;
	sinceCheckpoint: number;
	lastCheckpoint: Omit<CheckpointLine, 'type'> | null;
	/** The version of the snapshot in the logic file (null: none recorded). */
	logicVersion: string | null;
}

const SLOT = 1024;

export function readHeadFile(path: string): TrailHeadFile | null {
	try {
		const head = JSON.parse(readFileSync(path, 'utf8')) as TrailHeadFile;
		return head && head.format === 'sla-audit-head/1' && Number.isInteger(head.size) && Number.isInteger(head.seq) ? head : null;
	} catch {
		return null;
	}
}

export function writeHeadFile(path: string, head: TrailHeadFile): void {
	const text = JSON.stringify(head);
	const data = Buffer.from(text.padEnd(Math.ceil((text.length + 1) / SLOT) * SLOT, ' '));
	const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT, 0o600);
	try {
		writeSync(fd, data, 0, data.length, 0);
	} finally {
		closeSync(fd);
	}
}

/** Snapshots read or written by this process, by logic file: one parse per version, not per write. */
const known = new Map<string, LogicSnapshot>();

export function readLogicFile(path: string, version: string | null): LogicSnapshot | null {
	if (version === null) return null;
	const cached = known.get(path);
	if (cached?.version === version) return cached;
	try {
		const logic = JSON.parse(readFileSync(path, 'utf8')) as LogicSnapshot;
		if (logic?.version !== version) return null;
		known.set(path, logic);
		return logic;
	} catch {
		return null;
	}
}

/** Written aside and renamed over the old one (only when the logic changed), so a reader never sees half a snapshot. */
export function writeLogicFile(path: string, logic: LogicSnapshot): void {
	const aside = `${path}.${process.pid}.tmp`;
	writeFileSync(aside, JSON.stringify(logic), { mode: 0o600 });
	renameSync(aside, path);
	known.set(path, logic);
}
