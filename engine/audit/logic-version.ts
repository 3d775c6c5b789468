import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json';
import type { TrailLine } from './chain';
import { diffValues, type FieldChange } from './diff';
import type { AuditEntry } from './entry';

/**
 * The version of a workflow's automation logic: a stable hash over the parameters of its rule nodes
 * (policies, routing matrix, ladder), so any change to them is a new version in the trail. The trail
 * records each new version as a logic_changed entry carrying the snapshot and the parameter diff.
 */

export interface RuleNodeSnapshot {
	name: string;
	type?: string;
	parameters: unknown;
}

export interface LogicSnapshot {
	version: string;
	nodes: Record<string, unknown>;
}

export function logicSnapshot(nodes: RuleNodeSnapshot[]): LogicSnapshot {
	const byName: Record<string, unknown> = {};
	for (const node of [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) byName[node.name] = { type: node.type ?? null, parameters: node.parameters ?? null };
	const version = `lv-${createHash('sha256').update(canonicalJson(byName)).digest('hex').slice(0, 16)}`;
	return { version, nodes: byName };
}

export function logicChanges(previous: LogicSnapshot | null, current: LogicSnapshot): FieldChange[] {
	return diffValues(previous?.nodes ?? {}, current.nodes);
}

/** The snapshot a trail line records: set on a logic_changed entry that carries one, else null. */
export function logicOfLine(line: TrailLine): LogicSnapshot | null {
	if (line.type !== 'entry') return null;
	const entry = line.entry as unknown as AuditEntry;
	if (entry.action !== 'logic_changed' || !entry.details || typeof entry.details !== 'object') return null;
	const logic = (entry.details as { logic?: LogicSnapshot }).logic;
	return logic?.version ? logic : null;
}

/** The logic last recorded in a trail: the snapshot of its newest logic_changed entry. */
export function lastLogicSnapshot(lines: ReadonlyArray<TrailLine>): LogicSnapshot | null {
	for (let i = lines.length - 1; i >= 0; i--) {
		const logic = logicOfLine(lines[i]);
		if (logic) return logic;
	}
	return null;
}

/**
 * Who changed the logic, as n8n knows it: the n8n user who ran the execution (manual runs) and the
 * authors n8n's workflow history gives the version that ran.
 */
export interface LogicAuthor {
	n8nUserId: string | null;
	workflowVersionId: string | null;
	/** n8n's workflow history names the authors of a version (first and last names, comma-separated). */
	authors: string | null;
	savedAt: string | null;
}

/**
 * The logic_changed entry that goes before the first entry recorded under a new logic version: made
 * by the n8n user who ran it when n8n names one, else by the workflow; about no ticket, at the first entry's recording time, with the parameter diff and
 * both versions; its idempotency key names the move, so the same change is one entry.
 */
export function logicChangeEntry(first: AuditEntry, previous: LogicSnapshot | null, current: LogicSnapshot, made: { id: string; workflowId: string; author?: LogicAuthor | null }): AuditEntry {
	const { subject: _subject, ...base } = first;
	const author = made.author ?? null;
	return {
		...base,
		id: made.id,
		action: 'logic_changed',
		actor: author?.n8nUserId ? { type: 'user', id: author.n8nUserId } : { type: 'workflow', id: made.workflowId },
		ticket: { id: null },
		rule: { id: null, version: null },
		occurredAt: first.recordedAt,
		changes: logicChanges(previous, current),
		idempotencyKey: `logic:${current.version}:${previous?.version ?? 'none'}`,
		// the subject's key version is theirs, not the change's
		pii: { ...first.pii, keyVersion: first.subject ? null : first.pii.keyVersion, redacted: 0 },
		details: { previousVersion: previous?.version ?? null, logic: current, ...(author ? { changedBy: author } : {}) },
	};
}
