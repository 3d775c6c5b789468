import { SlaClock } from '../../../nodes/SlaClock/SlaClock.node';
import { executeContext } from '../../support/execute-context';

/*
 * SLA Clock on versioned policy sets: the version in effect for each ticket computes it, and names
 * itself in sla.policy.set; with Require Approval on, a version not approved by a second n8n user
 * stops the item with a message naming the version.
 */
const OUTPUTS = ['On Track', 'At Risk', 'Breached', 'Paused', 'Met'];
const document = (firstResponse: number) => ({
	calendars: [{ name: '24/7', timezone: 'UTC', alwaysOpen: true }],
	policies: [{ name: 'Standard', calendar: '24/7', targets: { firstResponse } }],
});
const v1 = {
	set: 'support',
	version: 1,
	document: document(240),
	author: { id: 'user-alice' },
	createdAt: '2026-03-01T09:00:00Z',
	approver: { id: 'user-bob' },
	approvedAt: '2026-03-01T10:00:00Z',
	effectiveAt: '2026-03-01T10:00:00Z',
};
const v2 = { ...v1, version: 2, document: document(60), createdAt: '2026-03-09T09:00:00Z', approvedAt: '2026-03-09T10:00:00Z', effectiveAt: '2026-03-10T00:00:00Z' };
const ticket = (createdAt: string, extra: Record<string, unknown> = {}) => ({ id: 'T-1', createdAt, events: [], ...extra });

async function run(items: Array<Record<string, unknown>>, parameters: Record<string, unknown> = {}, continueOnFail = false) {
	const ctx = executeContext({
		items,
		parameters: {
			policySource: 'versions',
			policyVersions: (_: number, item: any) => item.json.policyVersions,
			requireApproval: true,
			ticketId: (_: number, item: any) => item.json.id,
			createdAt: (_: number, item: any) => item.json.createdAt,
			events: (_: number, item: any) => item.json.events,
			pauseStatuses: 'pending',
			now: '2026-03-10T02:00:00Z',
			options: {},
			...parameters,
		},
		continueOnFail,
	});
	const outputs = await new SlaClock().execute.call(ctx);
	const flat = OUTPUTS.flatMap((name, index) => outputs[index].map((item) => ({ output: name, json: item.json as Record<string, any>, pairedItem: item.pairedItem as { item: number } })));
	return flat.sort((a, b) => a.pairedItem.item - b.pairedItem.item);
}

describe('SLA Clock on policy versions from the SLA Store', () => {
	it('a ticket created after v2 took effect is computed by v2; one created before keeps v1', async () => {
		const [after, before] = await run([ticket('2026-03-10T00:30:00Z', { policyVersions: [v1, v2] }), ticket('2026-03-09T23:00:00Z', { policyVersions: [v1, v2] })]);
		expect(after.json.sla).toMatchObject({ policy: { name: 'Standard', set: 'support@v2' }, firstResponse: { target: 60, state: 'breached' } });
		expect(before.json.sla).toMatchObject({ policy: { set: 'support@v1' }, firstResponse: { target: 240, state: 'at_risk' } });
	});

	it('a version activated for open tickets takes over a ticket open at its instant', async () => {
		const [item] = await run([ticket('2026-03-09T23:00:00Z', { policyVersions: [v1, { ...v2, applyToOpenTickets: true }] })]);
		expect(item.json.sla.policy.set).toBe('support@v2');
	});

	it('refuses an unapproved version, naming it', async () => {
		const unapproved = { ...v2, approver: null, approvedAt: null };
		await expect(run([ticket('2026-03-10T00:30:00Z', { policyVersions: [v1, unapproved] })])).rejects.toThrow(/Item 0: support@v2: has not been approved/);
	});

	it('refuses a version approved by its own author, naming it', async () => {
		const selfApproved = { ...v2, approver: { id: 'user-alice' } };
		await expect(run([ticket('2026-03-10T00:30:00Z', { policyVersions: [v1, selfApproved] })])).rejects.toThrow(/support@v2: was approved by its own author \(n8n user user-alice\)/);
	});

	it('with Require Approval off, an unapproved version runs (for a sandbox)', async () => {
		const [item] = await run([ticket('2026-03-10T00:30:00Z', { policyVersions: [v1, { ...v2, approver: null, approvedAt: null }] })], { requireApproval: false });
		expect(item.json.sla.policy.set).toBe('support@v2');
	});

	it('an item without versions, or before any took effect, is an error item naming the field; the others go on', async () => {
		const items = [ticket('2026-03-10T00:30:00Z', { policyVersions: [v1, v2] }), ticket('2026-03-10T00:30:00Z'), ticket('2026-03-10T00:30:00Z', { policyVersions: [{ ...v1, effectiveAt: '2026-04-01T00:00:00Z' }] })];
		const out = await run(items, {}, true);
		expect(out).toHaveLength(3);
		expect(out[0].json.sla.policy.set).toBe('support@v2');
		expect(out[1].json.error).toMatch(/Item 1: policyVersions: must be the list/);
		expect(out[2].json.error).toMatch(/Item 2: policyVersions: no version is in effect/);
	});

	describe('with the policy set before any version (the store\'s configuration document)', () => {
		const configuration = document(30);
		const withBaseline = { policyBaseline: (_: number, item: any) => item.json.config?.policySet ?? '' };

		it('clocks every ticket with it while the set has no versions, written as "configuration"', async () => {
			const [item] = await run([ticket('2026-03-10T00:30:00Z', { policyVersions: [], config: { policySet: configuration } })], withBaseline);
			expect(item.json.sla).toMatchObject({ policy: { name: 'Standard', set: 'configuration' }, firstResponse: { target: 30, state: 'breached' } });
		});

		it('a ticket created before the first version keeps it; one created after gets the version', async () => {
			const versions = [{ ...v2, version: 1 }];
			const [before, after] = await run(
				[ticket('2026-03-09T23:00:00Z', { policyVersions: versions, config: { policySet: configuration } }), ticket('2026-03-10T00:30:00Z', { policyVersions: versions, config: { policySet: configuration } })],
				withBaseline,
			);
			expect(before.json.sla).toMatchObject({ policy: { set: 'configuration' }, firstResponse: { target: 30 } });
			expect(after.json.sla).toMatchObject({ policy: { set: 'support@v1' }, firstResponse: { target: 60 } });
		});

		it('the first version activated for open tickets takes over an older open ticket', async () => {
			const [item] = await run([ticket('2026-03-09T23:00:00Z', { policyVersions: [{ ...v2, version: 1, applyToOpenTickets: true }], config: { policySet: configuration } })], withBaseline);
			expect(item.json.sla.policy.set).toBe('support@v1');
		});

		it('needs no approval, while the stored versions still do; a stored version cannot pass for it', async () => {
			const unapproved = { ...v2, version: 1, approver: null, approvedAt: null };
			await expect(run([ticket('2026-03-10T00:30:00Z', { policyVersions: [unapproved], config: { policySet: configuration } })], withBaseline)).rejects.toThrow(/support@v1: has not been approved/);
			const posing = { ...unapproved, set: 'configuration', version: 0, author: { id: 'configuration' }, effectiveAt: '1970-01-01T00:00:00.000Z' };
			await expect(run([ticket('2026-03-10T00:30:00Z', { policyVersions: [posing], config: { policySet: configuration } })], withBaseline)).rejects.toThrow(/configuration@v0: has not been approved/);
		});

		it('a baseline that is not a policy set is an error item naming the field', async () => {
			const out = await run([ticket('2026-03-10T00:30:00Z', { policyVersions: [v1], config: { policySet: '[1, 2' } })], withBaseline, true);
			expect(out[0].json.error).toMatch(/Item 0: policyBaseline: is not valid JSON/);
		});
	});

	it('Explain Clocks adds each clock\'s stretches', async () => {
		const [item] = await run([ticket('2026-03-10T00:30:00Z', { policyVersions: [v1, v2] })], { options: { explain: true } });
		expect(item.json.sla.firstResponse.explain).toMatchObject({ countedMs: 90 * 60_000, spans: [{ kind: 'open', countedMs: 90 * 60_000 }] });
	});
});
