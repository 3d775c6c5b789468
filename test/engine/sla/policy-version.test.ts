import { activate, approvalProblem, approve, assertApproved, policyDiff, PolicyVersionError, proposeVersion, versionForTicket, versionLabel } from '../../../engine/sla/policy-version';
import type { PolicyVersion } from '../../../engine/sla/policy-version';

/*
 * Change control of policy sets as a compliance lead would state it: every change is a numbered
 * version with its diff; a second n8n user approves it; it runs from the instant it takes effect,
 * for tickets created from then on (or every ticket still open, when activated that way).
 */
const v1Document = {
	calendars: [{ name: '24/7', timezone: 'UTC', alwaysOpen: true }],
	policies: [
		{ name: 'Urgent', calendar: '24/7', match: { priority: ['urgent'] }, targets: { firstResponse: 60, resolution: 480 } },
		{ name: 'Standard', calendar: '24/7', targets: { firstResponse: 480 } },
	],
};
const v2Document = {
	calendars: [{ name: '24/7', timezone: 'UTC', alwaysOpen: true }],
	policies: [
		{ name: 'Standard', calendar: '24/7', targets: { firstResponse: 240 } },
		{ name: 'Urgent', calendar: '24/7', match: { priority: ['urgent'] }, targets: { firstResponse: 30, resolution: 480 } },
	],
};
const alice = { id: 'user-alice', name: 'Alice' };
const bob = { id: 'user-bob', name: 'Bob' };

const v1 = proposeVersion([], 'support', v1Document, alice, '2026-03-01T09:00:00Z');
const activeV1 = activate(approve(v1, bob, '2026-03-01T10:00:00Z'), { by: bob, at: '2026-03-01T10:00:00Z', effectiveAt: '2026-03-01T12:00:00Z', applyToOpenTickets: false });

describe('proposing a version', () => {
	it('numbers versions per set and records the author and its diff against the version before', () => {
		expect(v1).toMatchObject({ set: 'support', version: 1, author: alice, approver: null, effectiveAt: null });
		const v2 = proposeVersion([activeV1], 'support', v2Document, bob, '2026-03-05T09:00:00Z');
		expect(v2.version).toBe(2);
		expect(versionLabel(v2)).toBe('support@v2');
		expect(proposeVersion([activeV1], 'billing', v1Document, bob, '2026-03-05T09:00:00Z').version).toBe(1);
	});

	it('the diff names policies by name: a reorder is one change, not every field', () => {
		expect(policyDiff(v1Document, v2Document)).toEqual([
			{ path: 'policies.Standard.targets.firstResponse', kind: 'changed', old: 480, new: 240 },
			{ path: 'policies.Urgent.targets.firstResponse', kind: 'changed', old: 60, new: 30 },
			{ path: 'policyOrder[0]', kind: 'changed', old: 'Urgent', new: 'Standard' },
			{ path: 'policyOrder[1]', kind: 'changed', old: 'Standard', new: 'Urgent' },
		]);
	});

	it('the first version\'s diff lists the whole document as added', () => {
		expect(v1.diff!.map((change) => change.kind)).toEqual(['added']);
	});

	it('names with spaces are quoted in paths; added and removed policies are one change each', () => {
		const added = { ...v1Document, policies: [...v1Document.policies, { name: 'Key Accounts', calendar: '24/7', targets: { resolution: 60 } }] };
		expect(policyDiff(v1Document, added)).toEqual([
			{ path: 'policies["Key Accounts"]', kind: 'added', new: added.policies[2] },
			{ path: 'policyOrder[2]', kind: 'added', new: 'Key Accounts' },
		]);
		expect(policyDiff(added, v1Document)[0]).toMatchObject({ path: 'policies["Key Accounts"]', kind: 'removed' });
	});
});

describe('approval (segregation of duties)', () => {
	it('an unapproved version is refused, naming it', () => {
		expect(approvalProblem(v1)).toMatch(/has not been approved/);
		expect(() => assertApproved(v1)).toThrow(new PolicyVersionError('support@v1', 'has not been approved; a second n8n user must approve it before it can run'));
	});

	it('its author cannot approve it', () => {
		expect(() => approve(v1, { id: alice.id, name: 'Alice again' }, '2026-03-01T10:00:00Z')).toThrow(/support@v1: cannot be approved by its author \(n8n user user-alice\)/);
	});

	it('a version written as approved by its author (straight into the store) is refused when it would run', () => {
		const forged: PolicyVersion = { ...v1, approver: alice, approvedAt: '2026-03-01T10:00:00Z' };
		expect(() => assertApproved(forged)).toThrow(/support@v1: was approved by its own author \(n8n user user-alice\)/);
	});

	it('an approval without a time is not an approval', () => {
		expect(approvalProblem({ ...v1, approver: bob, approvedAt: null })).toMatch(/no approval time/);
	});

	it('a second n8n user approves it; it is approved once', () => {
		const approved = approve(v1, bob, '2026-03-01T10:00:00Z');
		expect(approvalProblem(approved)).toBeNull();
		expect(approved).toMatchObject({ approver: bob, approvedAt: '2026-03-01T10:00:00Z' });
		expect(() => approve(approved, { id: 'user-carol' }, '2026-03-01T11:00:00Z')).toThrow(/already approved by n8n user user-bob/);
	});

	it('only an approved version can be activated, and only once', () => {
		expect(() => activate(v1, { by: bob, at: '2026-03-01T10:00:00Z', effectiveAt: '2026-03-01T12:00:00Z', applyToOpenTickets: false })).toThrow(/has not been approved/);
		expect(activeV1).toMatchObject({ effectiveAt: '2026-03-01T12:00:00Z', activatedBy: bob });
		expect(() => activate(activeV1, { by: bob, at: '2026-03-02T10:00:00Z', effectiveAt: '2026-03-02T12:00:00Z', applyToOpenTickets: false })).toThrow(/already active/);
	});
});

describe('which version computes a ticket', () => {
	const approvedV2 = approve(proposeVersion([activeV1], 'support', v2Document, alice, '2026-03-05T09:00:00Z'), bob, '2026-03-05T10:00:00Z');
	const scheduled = (applyToOpenTickets: boolean) => activate(approvedV2, { by: bob, at: '2026-03-05T10:00:00Z', effectiveAt: '2026-03-10T00:00:00Z', applyToOpenTickets });
	const at = (text: string) => Date.parse(text);
	const alwaysOpen = () => true;

	it('a scheduled version is not in effect before its instant', () => {
		expect(versionForTicket([activeV1, scheduled(false)], at('2026-03-09T12:00:00Z'), at('2026-03-09T23:59:59Z'), alwaysOpen)!.version).toBe(1);
	});

	it('from its instant it computes tickets created from then on; tickets created before keep theirs', () => {
		const versions = [activeV1, scheduled(false)];
		expect(versionForTicket(versions, at('2026-03-10T00:00:00Z'), at('2026-03-10T08:00:00Z'), alwaysOpen)!.version).toBe(2);
		expect(versionForTicket(versions, at('2026-03-09T23:00:00Z'), at('2026-03-10T08:00:00Z'), alwaysOpen)!.version).toBe(1);
	});

	it('applied to open tickets, it takes over tickets open at its instant; those resolved by then keep theirs', () => {
		const versions = [activeV1, scheduled(true)];
		const now = at('2026-03-11T08:00:00Z');
		expect(versionForTicket(versions, at('2026-03-09T23:00:00Z'), now, () => true)!.version).toBe(2);
		expect(versionForTicket(versions, at('2026-03-09T23:00:00Z'), now, () => false)!.version).toBe(1);
	});

	it('a ticket older than every version has the first; nothing in effect yet gives null; unactivated versions never apply', () => {
		expect(versionForTicket([activeV1], at('2026-02-01T00:00:00Z'), at('2026-03-02T00:00:00Z'), alwaysOpen)!.version).toBe(1);
		expect(versionForTicket([activeV1], at('2026-02-01T00:00:00Z'), at('2026-03-01T11:00:00Z'), alwaysOpen)).toBeNull();
		expect(versionForTicket([activeV1, approvedV2], at('2026-03-20T00:00:00Z'), at('2026-03-20T00:00:00Z'), alwaysOpen)!.version).toBe(1);
	});
});
