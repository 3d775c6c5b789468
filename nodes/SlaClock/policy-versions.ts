/**
 * The "Versions From SLA Store" policy source: the policy-set versions SLA Store's Get Policy
 * Versions puts on each item, the one that applies to the ticket (engine/sla versionForTicket), and,
 * with Require Approval on, a refusal naming a version that is not approved by a second n8n user.
 * The baseline (Policy Set Before Any Version) is outside change control: it needs no approval.
 */
import type { IDataObject } from 'n8n-workflow';

import { TicketFieldError, type Ticket } from '../../engine/core';
import { assertApproved, BASELINE_LABEL, baselineVersion, type PolicySet, type PolicyVersion, ticketOpenAt, versionForTicket, versionLabel } from '../../engine/sla';
import { compileCached } from './parameters';

export interface ChosenVersion {
	set: PolicySet;
	label: string;
}

/** The value, parsed when it is JSON text; TicketFieldError naming the field when it is not JSON. */
function parsedIfText(value: unknown, field: string): unknown {
	if (typeof value !== 'string') return value;
	let problem: string;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new TicketFieldError(field, `is not valid JSON (${problem})`);
}

/**
 * The versions as given (a list, or its JSON text); TicketFieldError naming the bad entry. An empty
 * list is refused unless there is a baseline to clock with.
 */
export function readVersions(value: unknown, hasBaseline = false): PolicyVersion[] {
	const list = parsedIfText(value, 'policyVersions');
	if (!Array.isArray(list) || (list.length === 0 && !hasBaseline)) {
		throw new TicketFieldError('policyVersions', 'must be the list of policy-set versions from SLA Store\'s "Get Policy Versions" (none was given)');
	}
	list.forEach((entry: unknown, index) => {
		const version = entry as Partial<PolicyVersion> | null;
		if (!version || typeof version !== 'object' || typeof version.set !== 'string' || typeof version.version !== 'number' || version.document === undefined) {
			throw new TicketFieldError(`policyVersions[${index}]`, 'must be a version like { set, version, document, author, approver, approvedAt, effectiveAt }');
		}
	});
	return list as PolicyVersion[];
}

// One baseline version per document object, so items sharing a document share its compiled set.
const baselines = new WeakMap<object, PolicyVersion>();

/** The Policy Set Before Any Version as the baseline version, or null when it is empty. */
export function readBaseline(value: unknown): PolicyVersion | null {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
	const document = parsedIfText(value, 'policyBaseline');
	if (typeof document !== 'object' || document === null || Array.isArray(document)) {
		throw new TicketFieldError('policyBaseline', 'must be a policy set ({ calendars, policies }), such as the store\'s configuration document config.policySet');
	}
	let version = baselines.get(document);
	if (version === undefined) {
		version = baselineVersion(document);
		baselines.set(document, version);
	}
	return version;
}

// Items of one execution share the versions Get Policy Versions read: compile each document once
// by identity, and by content (compileCached) across executions.
const compiledDocuments = new WeakMap<object, PolicySet>();

function compileVersion(version: PolicyVersion): PolicySet {
	const document = version.document as IDataObject;
	if (typeof document !== 'object' || document === null) return compileCached(document);
	let set = compiledDocuments.get(document);
	if (set === undefined) {
		set = compileCached(document);
		compiledDocuments.set(document, set);
	}
	return set;
}

/**
 * The version that computes the ticket at `now`, compiled. Throws a PolicyVersionError naming the
 * version when approval is required and it is not approved, TicketFieldError when none is in effect.
 */
export function chooseVersion(ticket: Ticket, stored: PolicyVersion[], createdAt: number, now: number, requireApproval: boolean, baseline: PolicyVersion | null = null): ChosenVersion {
	const versions = baseline === null ? stored : [baseline, ...stored];
	const before = (at: number) => versionForTicket(versions, createdAt, at, () => false);
	const openAt = (at: number) => {
		const inForce = before(at - 1) ?? before(at);
		return inForce === null ? true : ticketOpenAt(ticket, compileVersion(inForce), at);
	};
	const version = versionForTicket(versions, createdAt, now, openAt);
	if (version === null) {
		const sets = [...new Set(versions.map(versionLabel))].join(', ');
		throw new TicketFieldError('policyVersions', `no version is in effect at this instant (given: ${sets}); activate one with SLA Store's "Activate Policy Version"`);
	}
	if (version === baseline) return { set: compileVersion(version), label: BASELINE_LABEL };
	if (requireApproval) assertApproved(version);
	return { set: compileVersion(version), label: versionLabel(version) };
}
