import { parseInstant } from '../core';
import { isRecord } from './policy-fields';

/**
 * Policy sets under change control: each change is a new numbered version of a named set, written
 * by an author, approved by a second n8n user, then activated from an instant on. Rules:
 * - A version is **approved** when it names an approver and an approval time, and the approver is
 *   not its author (segregation of duties; both are n8n user ids, never typed names).
 * - A version **takes effect** at its `effectiveAt` (set by activation; absent: never active). It
 *   applies to tickets created at or after that instant; tickets created before keep the version in
 *   force when they were created (as Zendesk does). A version activated with `applyToOpenTickets`
 *   also takes over every ticket still open at its instant; tickets resolved by then keep theirs.
 * - A ticket created before any version took effect has the first version that did, unless the set
 *   has a **baseline**: the policy set tickets ran on before change control (the store's
 *   configuration document), in effect from the beginning and approved by no one. Then a ticket
 *   created before the first version keeps the baseline, as it would keep any earlier version.
 */
export interface PolicyUser {
	/** The n8n user id. */
	id: string;
	name?: string;
}

export interface PolicyVersion {
	/** The policy set's name, e.g. "support". */
	set: string;
	/** 1, 2, 3, … per set. */
	version: number;
	document: unknown;
	author: PolicyUser;
	createdAt: string;
	approver?: PolicyUser | null;
	approvedAt?: string | null;
	/** When the version takes effect; null until activated. */
	effectiveAt?: string | null;
	applyToOpenTickets?: boolean;
	/** Who activated it, and when. */
	activatedBy?: PolicyUser | null;
	activatedAt?: string | null;
	/** The changes from the version before. */
	diff?: PolicyChange[];
}

export interface PolicyChange {
	/** Policies and calendars are named by name: `policies["Urgent"].targets.resolution`. */
	path: string;
	kind: 'added' | 'removed' | 'changed';
	old?: unknown;
	new?: unknown;
}

/** A version change control refuses, with the version named. */
export class PolicyVersionError extends Error {
	constructor(
		readonly version: string,
		message: string,
	) {
		super(`${version}: ${message}`);
		this.name = 'PolicyVersionError';
	}
}

/** `support@v3`. */
export function versionLabel(version: Pick<PolicyVersion, 'set' | 'version'>): string {
	return `${version.set}@v${version.version}`;
}

/** Why the version is not approved, or null when it is. */
export function approvalProblem(version: PolicyVersion): string | null {
	if (!version.approver?.id) return 'has not been approved; a second n8n user must approve it before it can run';
	if (!version.approvedAt || parseInstant(version.approvedAt) === null) return 'has an approver but no approval time';
	if (version.approver.id === version.author?.id) {
		return `was approved by its own author (n8n user ${version.author.id}); segregation of duties needs a different n8n user to approve it`;
	}
	return null;
}

export function assertApproved(version: PolicyVersion): void {
	const problem = approvalProblem(version);
	if (problem !== null) throw new PolicyVersionError(versionLabel(version), problem);
}

/** The version with its approval recorded; PolicyVersionError when the approver is its author or it is approved already. */
export function approve(version: PolicyVersion, approver: PolicyUser, at: string): PolicyVersion {
	const label = versionLabel(version);
	if (version.approver?.id) throw new PolicyVersionError(label, `is already approved by n8n user ${version.approver.id}`);
	if (approver.id === version.author.id) {
		throw new PolicyVersionError(label, `cannot be approved by its author (n8n user ${approver.id}); segregation of duties needs a different n8n user`);
	}
	return { ...version, approver, approvedAt: at };
}

/**
 * Whether an activation request repeats the one the version already had (a redelivered webhook, a
 * retry after the audit entry could not be written): it names no instant, or the same one.
 */
export function repeatsActivation(version: PolicyVersion, requestedEffectiveAt: string | null): boolean {
	if (!version.effectiveAt) return false;
	if (requestedEffectiveAt === null) return true;
	const requested = parseInstant(requestedEffectiveAt);
	return requested !== null && requested === parseInstant(version.effectiveAt);
}

/** The version activated from `effectiveAt`; PolicyVersionError unless it is approved (and not active already). */
export function activate(version: PolicyVersion, options: { by: PolicyUser; at: string; effectiveAt: string; applyToOpenTickets: boolean }): PolicyVersion {
	assertApproved(version);
	if (version.effectiveAt) throw new PolicyVersionError(versionLabel(version), `is already active from ${version.effectiveAt}`);
	if (parseInstant(options.effectiveAt) === null) throw new PolicyVersionError(versionLabel(version), `"${options.effectiveAt}" is not an instant to take effect at`);
	return { ...version, effectiveAt: options.effectiveAt, applyToOpenTickets: options.applyToOpenTickets, activatedBy: options.by, activatedAt: options.at };
}

/** The next version of a set: numbered after the highest, with its diff against the latest. */
export function proposeVersion(existing: readonly PolicyVersion[], set: string, document: unknown, author: PolicyUser, at: string): PolicyVersion {
	const ofSet = existing.filter((version) => version.set === set).sort((a, b) => a.version - b.version);
	const previous = ofSet[ofSet.length - 1];
	return { set, version: (previous?.version ?? 0) + 1, document, author, createdAt: at, approver: null, approvedAt: null, effectiveAt: null, diff: policyDiff(previous?.document ?? null, document) };
}

/**
 * The version that computes a ticket's clocks at `now`: among the set's versions in effect by then,
 * the last that took effect at or before the ticket's creation (the first, for an older ticket), or a
 * later one with `applyToOpenTickets` whose instant found the ticket open (`openAt`). Null when none
 * is in effect. Approval is not checked here: see `assertApproved`.
 */
export function versionForTicket(versions: readonly PolicyVersion[], createdAt: number, now: number, openAt: (at: number) => boolean): PolicyVersion | null {
	const inEffect = versions
		.map((version) => ({ version, at: version.effectiveAt ? (parseInstant(version.effectiveAt) ?? NaN) : NaN }))
		.filter((entry) => Number.isFinite(entry.at) && entry.at <= now)
		.sort((a, b) => a.at - b.at || a.version.version - b.version.version);
	if (inEffect.length === 0) return null;
	let chosen = 0;
	inEffect.forEach((entry, index) => {
		if (entry.at <= createdAt) chosen = index;
	});
	for (let index = chosen + 1; index < inEffect.length; index++) {
		const entry = inEffect[index];
		if (entry.at > createdAt && entry.version.applyToOpenTickets === true && openAt(entry.at)) chosen = index;
	}
	return inEffect[chosen].version;
}

/**
 * The changes between two policy-set documents, one per changed leaf. Calendars and policies are
 * matched by name, not by position, so reordering is one change of `policyOrder` rather than every
 * field of every policy.
 */
export function policyDiff(before: unknown, after: unknown): PolicyChange[] {
	const changes: PolicyChange[] = [];
	collect(keyed(before), keyed(after), '', changes);
	return changes;
}

function keyed(document: unknown): unknown {
	if (!isRecord(document)) return document;
	const out: Record<string, unknown> = { ...document };
	for (const list of ['calendars', 'policies']) {
		const entries = document[list];
		if (!Array.isArray(entries) || !entries.every((entry) => isRecord(entry) && typeof entry.name === 'string')) continue;
		out[list] = Object.fromEntries(entries.map((entry) => [(entry as { name: string }).name, entry]));
		if (list === 'policies') out.policyOrder = entries.map((entry) => (entry as { name: string }).name);
	}
	return out;
}

function childPath(parent: string, key: string | number): string {
	if (typeof key === 'number') return `${parent}[${key}]`;
	if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
	return `${parent}[${JSON.stringify(key)}]`;
}

function collect(before: unknown, after: unknown, path: string, into: PolicyChange[]): void {
	if (before === undefined && after === undefined) return;
	if (before === undefined || before === null) {
		if (after !== undefined && after !== null) into.push({ path, kind: 'added', new: after });
		return;
	}
	if (after === undefined || after === null) {
		into.push({ path, kind: 'removed', old: before });
		return;
	}
	const shape = (value: unknown) => (Array.isArray(value) ? 'array' : isRecord(value) ? 'object' : 'scalar');
	if (shape(before) !== shape(after)) {
		into.push({ path, kind: 'changed', old: before, new: after });
		return;
	}
	if (shape(before) === 'scalar') {
		if (before !== after) into.push({ path, kind: 'changed', old: before, new: after });
		return;
	}
	if (Array.isArray(before) && Array.isArray(after)) {
		for (let i = 0; i < Math.max(before.length, after.length); i++) collect(before[i], after[i], childPath(path, i), into);
		return;
	}
	const a = before as Record<string, unknown>;
	const b = after as Record<string, unknown>;
	for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) collect(a[key], b[key], childPath(path, key), into);
}

const BEGINNING = new Date(0).toISOString();

/** The label a ticket clocked with the baseline gets in `policy.set`. */
export const BASELINE_LABEL = 'configuration';

/**
 * The baseline as the earliest version, in effect from the beginning. Callers tell it from the
 * stored versions by identity, never by a field a table row could also carry.
 */
export function baselineVersion(document: unknown): PolicyVersion {
	return { set: BASELINE_LABEL, version: 0, document, author: { id: BASELINE_LABEL }, createdAt: BEGINNING, approver: null, approvedAt: null, effectiveAt: BEGINNING };
}
