import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json';

/**
 * Versioned policy documents with an author and an approver. Change control can refuse a version
 * without approval or approved by its own author (segregation of duties); each entry records the
 * version of every document that ran.
 */

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

/** Policy documents as pasted or mapped: a list, a single document, or the JSON text of either. */
export function readPolicyDocuments(value: unknown, field = 'Policy Documents'): PolicyDocument[] {
	let parsed = value;
	if (typeof value === 'string') {
		let problem = '';
		try {
			parsed = JSON.parse(value || '[]') as unknown;
		} catch (error) {
			problem = (error as Error).message;
		}
		if (problem) throw new ChangeControlError(field, `is not valid JSON (${problem})`);
	}
	if (parsed && !Array.isArray(parsed) && typeof parsed === 'object') parsed = [parsed];
	if (!Array.isArray(parsed)) throw new ChangeControlError(field, 'must be a list of { name, version, author, approvedBy }');
	return parsed as PolicyDocument[];
}

/**
 * The version of each policy document in force, by name (`policy<n>` for the n-th if unnamed), once
 * change control accepts every one; undefined when no documents are given, so the entry omits them.
 */
export function policyVersionsInForce(value: unknown, control: ChangeControl, field = 'Policy Documents'): Record<string, string> | undefined {
	const documents = value ? readPolicyDocuments(value, field) : [];
	if (documents.length === 0) return undefined;
	const versions: Record<string, string> = {};
	documents.forEach((document, index) => {
		const label = checkChangeControl(document, control, `${field}[${index}]`);
		versions[document.name ?? `policy${index}`] = label.includes('@') ? label.slice(label.lastIndexOf('@') + 1) : label;
	});
	return versions;
}
