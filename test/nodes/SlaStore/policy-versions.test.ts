jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));
// Who acts is tested in n8n-identity.test.ts; here each run says which n8n user it is.
jest.mock('../../../nodes/SlaStore/n8n-identity', () => ({
	...jest.requireActual('../../../nodes/SlaStore/n8n-identity'),
	actingUser: jest.fn(async (ctx: { getNodeParameter: (name: string, index: number) => unknown }, itemIndex: number) => ({ id: String(ctx.getNodeParameter('asUser', itemIndex)) })),
}));

import { run, storeWithTables, table } from './store-harness';

/*
 * Policy sets as versioned documents in the store: proposed with their author and diff, approved by
 * a second n8n user, activated from an instant with what the Audit Log records as logic_changed.
 */
const documentWith = (firstResponse: number) => ({
	calendars: [{ name: '24/7', timezone: 'UTC', alwaysOpen: true }],
	policies: [{ name: 'Standard', calendar: '24/7', targets: { firstResponse } }],
});
const NOW = '2026-03-10T09:00:00.000Z';

async function propose(fake: ReturnType<typeof storeWithTables>, document: unknown, asUser: string) {
	return await run(fake, 'proposePolicyVersion', { parameters: { policySetName: 'support', policySetDocument: document, asUser, now: NOW } });
}
const approveAs = (fake: ReturnType<typeof storeWithTables>, version: number, asUser: string) => run(fake, 'approvePolicyVersion', { parameters: { policySetName: 'support', policyVersion: version, asUser, now: NOW } });
const activateAs = (fake: ReturnType<typeof storeWithTables>, version: number, asUser: string, effectiveAt = '') =>
	run(fake, 'activatePolicyVersion', { parameters: { policySetName: 'support', policyVersion: version, asUser, effectiveAt, applyToOpenTickets: false, now: NOW } });

describe('SLA Store: policy versions', () => {
	it('propose, approve by a second user, activate: the version, its approval and its effective instant are kept', async () => {
		const fake = storeWithTables();
		const proposed = await propose(fake, documentWith(240), 'user-alice');
		expect(proposed.json[0][0].policyVersion).toMatchObject({ set: 'support', version: 1, author: { id: 'user-alice' }, approver: null });
		const approved = await approveAs(fake, 1, 'user-bob');
		expect(approved.json[0][0].policyVersion).toMatchObject({ approver: { id: 'user-bob' }, approvedAt: NOW });
		const activated = await activateAs(fake, 1, 'user-bob', '2026-03-11T00:00:00Z');
		expect(activated.json[0][0].logicChange).toMatchObject({ action: 'logic_changed', version: 'support@v1', previousVersion: null, before: null, author: 'user-alice', approver: 'user-bob', effectiveAt: '2026-03-11T00:00:00Z', repeated: false });
		const rows = fake.dump(table('policyVersions'));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ set: 'support', version: 1, state: 'active', authorId: 'user-alice', approverId: 'user-bob' });
	});

	it('the author cannot approve their own version; the message names it', async () => {
		const fake = storeWithTables();
		await propose(fake, documentWith(240), 'user-alice');
		const refused = await approveAs(fake, 1, 'user-alice');
		expect(refused.json[0]).toHaveLength(0);
		expect(refused.json[1][0].policyRefusal).toMatchObject({ kind: 'changeControl', version: 'support@v1', message: expect.stringMatching(/support@v1: cannot be approved by its author \(n8n user user-alice\)/) });
		expect(fake.dump(table('policyVersions'))[0]).toMatchObject({ state: 'proposed', approverId: '' });
	});

	it('an unapproved version cannot be activated', async () => {
		const fake = storeWithTables();
		await propose(fake, documentWith(240), 'user-alice');
		const refused = await activateAs(fake, 1, 'user-bob');
		expect(refused.json[1][0].policyRefusal).toMatchObject({ kind: 'changeControl', version: 'support@v1', message: expect.stringMatching(/support@v1: has not been approved/) });
		expect(fake.dump(table('policyVersions'))[0]).toMatchObject({ state: 'proposed' });
	});

	it('a version the set does not have is refused as not found, and the request (its API key) is not copied', async () => {
		const fake = storeWithTables();
		await propose(fake, documentWith(240), 'user-alice');
		const refused = await run(fake, 'approvePolicyVersion', { items: [{ headers: { 'x-n8n-api-key': 'secret' } }], parameters: { policySetName: 'support', policyVersion: 7, asUser: 'user-bob', now: NOW } });
		expect(refused.json[1]).toEqual([{ policyRefusal: { kind: 'notFound', message: 'Version: support@v7 does not exist (the set has support@v1)' } }]);
	});

	it('activating again with no instant, or the same one, answers the activation unchanged; another instant is refused', async () => {
		const fake = storeWithTables();
		await propose(fake, documentWith(240), 'user-alice');
		await approveAs(fake, 1, 'user-bob');
		const first = await activateAs(fake, 1, 'user-bob', '2026-03-11T00:00:00Z');
		const again = await activateAs(fake, 1, 'user-carol', '2026-03-11T01:00:00+01:00');
		expect(again.json[0][0].logicChange).toEqual({ ...first.json[0][0].logicChange, repeated: true });
		expect(again.json[0][0].policyVersion.activatedBy).toEqual({ id: 'user-bob' });
		expect((await activateAs(fake, 1, 'user-carol')).json[0][0].logicChange.repeated).toBe(true);
		const moved = await activateAs(fake, 1, 'user-bob', '2026-03-12T00:00:00Z');
		expect(moved.json[1][0].policyRefusal.message).toMatch(/support@v1: is already active from 2026-03-11T00:00:00Z/);
	});

	it('the next version carries its diff against the one before, and activating it hands the Audit Log both documents', async () => {
		const fake = storeWithTables();
		await propose(fake, documentWith(240), 'user-alice');
		await approveAs(fake, 1, 'user-bob');
		await activateAs(fake, 1, 'user-bob');
		const v2 = await propose(fake, documentWith(60), 'user-alice');
		expect(v2.json[0][0].policyVersion).toMatchObject({ version: 2, diff: [{ path: 'policies.Standard.targets.firstResponse', kind: 'changed', old: 240, new: 60 }] });
		await approveAs(fake, 2, 'user-bob');
		const activated = await activateAs(fake, 2, 'user-bob', '2026-03-12T00:00:00Z');
		expect(activated.json[0][0].logicChange).toMatchObject({ previousVersion: 'support@v1', before: documentWith(240), after: documentWith(60), diff: [{ path: 'policies.Standard.targets.firstResponse' }] });
	});

	it('a document SLA Clock could not run is refused before it is stored, naming the field', async () => {
		const fake = storeWithTables();
		const refused = await propose(fake, { ...documentWith(240), policies: [{ name: 'Standard', calendar: 'Nope', targets: { firstResponse: 1 } }] }, 'user-alice');
		expect(refused.json[1][0].policyRefusal).toMatchObject({ kind: 'invalidDocument', message: expect.stringMatching(/policies\[0\]\.calendar/) });
		expect(fake.dump(table('policyVersions'))).toHaveLength(0);
	});

	it('Get Policy Versions puts every version on every item, read once', async () => {
		const fake = storeWithTables();
		await propose(fake, documentWith(240), 'user-alice');
		await propose(fake, documentWith(60), 'user-alice');
		fake.resetCalls();
		const got = await run(fake, 'getPolicyVersions', { items: [{ id: 'T-1' }, { id: 'T-2' }], parameters: { policySetName: 'support' } });
		expect(got.json[0].map((item) => [item.id, item.policyVersions.map((version: { version: number }) => version.version)])).toEqual([
			['T-1', [1, 2]],
			['T-2', [1, 2]],
		]);
		expect(fake.count('rows', table('policyVersions'))).toBe(1);
		await expect(run(fake, 'getPolicyVersions', { parameters: { policySetName: 'billing' } })).rejects.toThrow(/no versions of "billing"/);
	});
});
