/**
 * Policy change control in real n8n, through the sla-policy-change template: two n8n users (the
 * owner and an invited member), each acting with their own n8n API key. The author cannot approve
 * their own version, an unapproved one cannot be activated, a version approved by the second user
 * takes effect at its instant (tickets created before keep the version they had), and the audit
 * trail holds the logic_changed entry with the diff, the author, the approver and the instant, once
 * even when the activation is sent twice. The intake template clocks new tickets with the version in
 * effect, and with the store's configuration document before there is any.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { genericEvent, INTAKE_TOKEN, type SlaOperation, startSlaOperation } from './sla-operation';

const MEMBER = { email: 'approver@example.com', password: 'E2e-Approver-Passw0rd!', firstName: 'Second', lastName: 'Approver' };
const SCOPES = ['workflow:list', 'workflow:read'];

const documentWith = (firstResponseMinutes: number) => ({
	calendars: [{ name: '24/7', timezone: 'UTC', alwaysOpen: true }],
	policies: [{ name: 'Standard', calendar: '24/7', targets: { firstResponse: firstResponseMinutes, resolution: 1440 } }],
});

let op: SlaOperation;
const owner = { id: '', key: '' };
const member = { id: '', key: '' };

/** The invited member signs up through the invitation, as a new colleague would, and creates an API key. */
async function inviteMember(): Promise<{ id: string; key: string }> {
	const [invited] = await op.n8n.rest('POST', '/invitations', [{ email: MEMBER.email, role: 'global:member' }]);
	const inviteeId = invited.user.id as string;
	const me = await op.n8n.rest('GET', '/login');
	const person = { firstName: MEMBER.firstName, lastName: MEMBER.lastName, password: MEMBER.password };
	// n8n 2.41 accepts an invitation by the token of its link; 2.8.4 by the invitee and inviter ids
	const token = typeof invited.user.inviteAcceptUrl === 'string' ? new URL(invited.user.inviteAcceptUrl).searchParams.get('token') : null;
	const accepted = await fetch(token ? `${op.n8n.baseUrl}/rest/invitations/accept` : `${op.n8n.baseUrl}/rest/invitations/${inviteeId}/accept`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': 'sla-e2e-member' },
		body: JSON.stringify(token ? { token, ...person } : { inviterId: me.id, ...person }),
	});
	if (!accepted.ok) throw new Error(`accepting the invitation failed: ${accepted.status} ${await accepted.text()}`);
	const cookie = (accepted.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
	const response = await fetch(`${op.n8n.baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': 'sla-e2e-member' },
		body: JSON.stringify({ label: 'approver', expiresAt: null, scopes: SCOPES }),
	});
	if (!response.ok) throw new Error(`the member's API key could not be created: ${response.status} ${await response.text()}`);
	const key = ((await response.json()) as { data: { rawApiKey: string } }).data.rawApiKey;
	return { id: inviteeId, key };
}

beforeAll(async () => {
	const started = Date.now();
	// the store (sla-setup), the error handler the templates name, and the intake that clocks tickets on the versions
	op = await startSlaOperation('sla-policy-change', { templates: ['workflows/sla-setup.json', 'workflows/sla-error-handler.json', 'workflows/sla-intake.json'], publish: ['workflows/sla-policy-change.json', 'workflows/audit-trail.json'] });
	if (process.env.SLA_E2E_KEEP) console.log(`operation started in ${Date.now() - started} ms`);
	owner.id = (await op.n8n.rest('GET', '/login')).id;
	owner.key = (await op.n8n.rest('POST', '/api-keys', { label: 'author', expiresAt: null, scopes: SCOPES })).rawApiKey;
	Object.assign(member, await inviteMember());
}, 600_000);
afterAll(async () => await op?.stop());

const as = (user: { key: string }) => ({ 'X-SLA-Token': INTAKE_TOKEN, 'X-N8N-API-KEY': user.key });
const propose = (user: { key: string }, document: unknown) => op.post('sla-policy-propose', { set: 'support', document }, as(user));
const approve = (user: { key: string }, version: number) => op.post('sla-policy-approve', { set: 'support', version }, as(user));
const activate = (user: { key: string }, version: number, effectiveAt?: string) => op.post('sla-policy-activate', { set: 'support', version, ...(effectiveAt ? { effectiveAt } : {}) }, as(user));
const clock = (ticket: Record<string, unknown>, now?: string) => op.post('sla-policy-clock', { ticket, ...(now ? { now } : {}) });
const trailEntries = () =>
	readFileSync(join(op.userFolder, '.n8n', 'sla-audit', 'trail.jsonl'), 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line))
		.filter((line) => line.type === 'entry')
		.map((line) => line.entry);

describe('sla-policy-change template', () => {
	it('refuses a caller without the intake token, and one whose API key n8n does not know', async () => {
		expect((await op.n8n.webhook('sla-policy-propose', { set: 'support', document: documentWith(60) }, { headers: { 'X-N8N-API-KEY': owner.key } })).status).toBe(403);
		const forged = `${owner.key.split('.').slice(0, 2).join('.')}.forged-signature`;
		const answer = await propose({ key: forged }, documentWith(60));
		expect(answer).toMatchObject({ status: 403, body: { refused: true, kind: 'identity', message: expect.stringMatching(/n8n refused it/) } });
	});

	it('before any version, the intake clocks a new ticket with the store\'s configuration document', async () => {
		const answer = await op.post('sla-intake', genericEvent('PC-config'));
		expect(answer).toMatchObject({ status: 200, body: { change: 'created', sla: { policy: { set: 'configuration' } } } });
	});

	it('v1: proposed by the owner, refused for self-approval and for activation unapproved, approved by the member, active at once', async () => {
		const proposed = await propose(owner, documentWith(60));
		expect(proposed).toMatchObject({ status: 201, body: { proposed: 'support@v1', version: 1, author: { id: owner.id } } });
		expect(await approve(owner, 1)).toMatchObject({ status: 409, body: { kind: 'changeControl', version: 'support@v1', message: expect.stringMatching(/cannot be approved by its author \(n8n user /) } });
		expect(await activate(owner, 1)).toMatchObject({ status: 409, body: { kind: 'changeControl', message: expect.stringMatching(/support@v1: has not been approved/) } });
		expect(await approve(member, 1)).toMatchObject({ status: 200, body: { approved: 'support@v1', approver: { id: member.id } } });
		expect(await activate(owner, 1, new Date(Date.now() - 3_600_000).toISOString())).toMatchObject({ status: 200, body: { activated: 'support@v1', previousVersion: null, repeated: false } });
		expect(await approve(member, 9)).toMatchObject({ status: 404, body: { kind: 'notFound' } });
	});

	it('v2 takes effect at its instant: a ticket created before keeps v1, one created after gets v2, and the trail shows the change once', async () => {
		const proposed = await propose(member, documentWith(30));
		expect(proposed.body).toMatchObject({ proposed: 'support@v2', diff: [{ path: 'policies.Standard.targets.firstResponse', kind: 'changed', old: 60, new: 30 }] });
		expect(await approve(owner, 2)).toMatchObject({ status: 200, body: { approver: { id: owner.id } } });
		const effectiveAt = new Date(Date.now() + 4_000).toISOString();
		const before = { id: 'PC-before', status: 'new', priority: 'normal', createdAt: new Date().toISOString(), events: [] };

		expect((await activate(member, 2, effectiveAt)).body).toMatchObject({ activated: 'support@v2', previousVersion: 'support@v1', effectiveAt, repeated: false });
		// still v1 for everyone until the instant
		const early = await clock({ ...before, id: 'PC-early', createdAt: new Date().toISOString() });
		expect(early).toMatchObject({ status: 200, body: { policy: { set: 'support@v1' } } });
		expect(early.body.sla.firstResponse.target).toBe(60);

		await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(effectiveAt) - Date.now() + 500)));
		const after = await clock({ ...before, id: 'PC-after', createdAt: new Date().toISOString() });
		expect(after.body).toMatchObject({ policy: { set: 'support@v2' } });
		expect(after.body.sla.firstResponse.target).toBe(30);
		const kept = await clock(before);
		expect(kept.body).toMatchObject({ policy: { set: 'support@v1' } });
		expect(kept.body.sla.firstResponse.target).toBe(60);
		// the running intake clocks a ticket created now with the version in effect
		const createdAt = new Date().toISOString();
		const intake = await op.post('sla-intake', genericEvent('PC-intake', { at: createdAt }, { createdAt }));
		expect(intake).toMatchObject({ status: 200, body: { change: 'created', sla: { policy: { name: 'Standard', set: 'support@v2' }, firstResponse: { target: 30 } } } });

		// a redelivered activation is a repeat: one entry in the trail
		expect((await activate(member, 2, effectiveAt)).body).toMatchObject({ activated: 'support@v2', repeated: true });
		expect(await activate(member, 2, new Date(Date.now() + 86_400_000).toISOString())).toMatchObject({ status: 409, body: { message: expect.stringMatching(/support@v2: is already active from/) } });

		const changes = trailEntries().filter((entry) => entry.action === 'logic_changed' && entry.rule?.id === 'support');
		expect(changes.map((entry) => entry.rule.version)).toEqual(['support@v1', 'support@v2']);
		const v2 = changes[1];
		expect(v2.actor).toMatchObject({ type: 'user', id: member.id });
		// the entry keeps the change field by field (before → after), not the two documents
		const changed = Object.fromEntries(v2.changes.map((change: { path: string; new?: unknown }) => [change.path, change.new]));
		expect(changed).toMatchObject({ version: 'support@v2', author: member.id, approver: owner.id, activatedBy: member.id, effectiveAt });
		expect(v2.changes).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/firstResponse$/), old: 60, new: 30 }));
		const verified = await op.n8n.webhook('sla-audit-verify', undefined, { method: 'GET', headers: { 'X-SLA-Token': INTAKE_TOKEN } });
		expect(verified).toMatchObject({ status: 200, body: { intact: true } });
	});

	it('lists every version with its state and approval', async () => {
		const listed = await op.n8n.webhook('sla-policy-versions?set=support', undefined, { method: 'GET', headers: { 'X-SLA-Token': INTAKE_TOKEN } });
		expect(listed.body.versions.map((version: { version: string; state: string }) => [version.version, version.state])).toEqual([
			['support@v1', 'active'],
			['support@v2', 'active'],
		]);
		expect(listed.body.versions[1]).toMatchObject({ author: { id: member.id }, approver: { id: owner.id } });
	});
});
