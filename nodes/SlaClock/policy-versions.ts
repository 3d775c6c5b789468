/**
 * The "Versions From SLA Store" policy source: the policy-set versions SLA Store's Get Policy
 * Versions puts on each item, the one that applies to the ticket (engine/sla versionForTicket), and,
 * with Require Approval on, a refusal naming a version that is not approved by a second n8n user.
 */
import type { IDataObject } from 'n8n-workflow';

import { TicketFieldError, type Ticket } from '../../engine/core';
import { assertApproved, type PolicySet, type PolicyVersion, ticketOpenAt, versionForTicket, versionLabel } from '../../engine/sla';
import { compileCached } from './parameters';

export interface ChosenVersion {
	set: PolicySet;
	label: string;
}

/** The versions as given (a list, or its JSON text); TicketFieldError naming the bad entry. */
export function readVersions(value: unknown): PolicyVersion[] {
	let list = value;
	let problem: string | null = null;
	if (typeof list === 'string') {
		try {
			list = JSON.parse(list);
		} catch (error) {
			problem = (error as Error).message;
		}
	}
	if (problem !== null) throw new TicketFieldError('policyVersions', `is not valid JSON (${problem})`);
	if (!Array.isArray(list) || list.length === 0) {
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
export function chooseVersion(ticket: Ticket, versions: PolicyVersion[], createdAt: number, now: number, requireApproval: boolean): ChosenVersion {
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
	if (requireApproval) assertApproved(version);
	return { set: compileVersion(version), label: versionLabel(version) };
}
