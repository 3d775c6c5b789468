import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json';
import { diffValues, type FieldChange } from './diff';

/**
 * The version of a workflow's automation logic: a stable hash over the parameters of its rule nodes
 * (policies, routing matrix, ladder), so any change to them is a new version in the trail. Policy sets
 * may also come as versioned documents with an author and an approver; change control can refuse a
 * version without approval or approved by its own author (segregation of duties).
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

export interface PolicyDocument {
	name?: string;
	version: string;
	author?: string;
	approvedBy?: string;
	approvedAt?: string;
	content?: unknown;
}

export interface ChangeControl {
	requireApproval: boolean;
	segregationOfDuties: boolean;
}

export class ChangeControlError extends Error {
	constructor(readonly field: string, message: string) {
		super(`${field}: ${message}`);
		this.name = 'ChangeControlError';
	}
}

/** Throws when change control refuses the document; returns the version label that ran. */
export function checkChangeControl(document: PolicyDocument, control: ChangeControl, field = 'policy'): string {
	if (!document || typeof document !== 'object') throw new ChangeControlError(field, 'must be a policy document object');
	if (typeof document.version !== 'string' || !document.version) throw new ChangeControlError(`${field}.version`, 'is required');
	const label = document.name ? `${document.name}@${document.version}` : document.version;
	if (control.requireApproval && !document.approvedBy) {
		throw new ChangeControlError(`${field}.approvedBy`, `version ${label} has no approval and change control requires one`);
	}
	if (control.segregationOfDuties && document.approvedBy && document.author && document.approvedBy.trim().toLowerCase() === document.author.trim().toLowerCase()) {
		throw new ChangeControlError(`${field}.approvedBy`, `version ${label} was approved by its own author (${document.author}); segregation of duties needs a second person`);
	}
	return label;
}

export function documentHash(document: PolicyDocument): string {
	return createHash('sha256').update(canonicalJson(document.content ?? null)).digest('hex').slice(0, 16);
}
