import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { subjectLookup, subjectPiiKey } from '../../../../engine/audit/data-subject';
import { pseudonym as pseudonymOf } from '../../../../engine/audit/pseudonym';
import { auditReport } from '../../../../engine/audit/report';
import { verifyTrail } from '../../../../engine/audit/verifier';
import { AuditLog } from '../../../../nodes/AuditLog/AuditLog.node';
import { readTrailLines } from '../../../../nodes/AuditLog/file-sink';
import { auditContext, ticket } from '../audit-context';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'audit-erase-'));
	process.env.SLA_AUDIT_TRAIL_DIRS = dir;
	// a relative Subject Key File is taken from n8n's folder
	process.env.N8N_USER_FOLDER = dir;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'node-test-key-0123456789';
const node = new AuditLog();
const trail = () => join(dir, 'trail.jsonl');
const subjects = () => join(dir, '.n8n', 'subjects.jsonl');
const keyed = { subjectKeyStore: 'file', subjectFile: 'subjects.jsonl', subjectFields: 'customer.email' };
const ana = { ...ticket, id: 'T-1', customer: { email: 'Ana@Example.com', tier: 'gold' }, body: 'Please call +34 600 123 456' };
const ben = { ...ticket, id: 'T-2', customer: { email: 'ben@example.com', tier: 'gold' }, body: 'Card 4111 1111 1111 1111 was charged twice', intent: { pii: [] } };
const entries = () => readTrailLines(trail()).lines.map((line) => JSON.parse(line)).filter((line) => line.type === 'entry');
const erase = (parameters: Record<string, unknown>) => auditContext(trail(), { operation: 'erase', ...keyed, subjectValue: 'ANA@example.com ', requestReference: 'DSAR-7', requestedBy: 'dpo-1', ...parameters }, [{ email: 'ana@example.com' }]);

describe('Audit Log node: data subjects and Erase Data Subject', () => {
	it("pseudonymises each customer's PII with their own key, tagged with a random subject id", async () => {
		await node.execute.call(auditContext(trail(), keyed, [ana, ben]));
		const [anaEntry, benEntry] = entries().filter((line) => line.entry.action === 'status_changed').map((line) => line.entry);
		expect(anaEntry.subject).toMatch(/^[0-9a-f]{16}$/);
		expect(benEntry.subject).toMatch(/^[0-9a-f]{16}$/);
		expect(anaEntry.subject).not.toBe(benEntry.subject);
		expect(anaEntry.pii.keyVersion).toBe(`s-${anaEntry.subject}`);
		const text = readFileSync(trail(), 'utf8');
		expect(text).toContain(`phone:s-${anaEntry.subject}:`);
		expect(text).toContain(`card:s-${benEntry.subject}:`);
		for (const raw of ['ana@example.com', 'Ana@Example.com', '+34 600 123 456', '4111 1111 1111 1111']) expect(text).not.toContain(raw);
		// the store holds neither the email nor the key, only a keyed lookup and a salt
		const store = readFileSync(subjects(), 'utf8');
		expect(store).not.toContain('example.com');
		expect(store).toContain(subjectLookup(KEY, 'ana@example.com'));
	});

	it('keeps the same subject key for a customer across executions, so their tokens still join', async () => {
		await node.execute.call(auditContext(trail(), keyed, [ana]));
		await node.execute.call(auditContext(trail(), { ...keyed, action: 'note' }, [ana]));
		const [first, second] = entries().filter((line) => line.entry.action !== 'logic_changed').map((line) => line.entry);
		expect(second.subject).toBe(first.subject);
		const phoneToken = (entry: unknown) => JSON.stringify(entry).match(/phone:s-[0-9a-f]+:[0-9a-f]+/)?.[0];
		expect(phoneToken(second)).toBeDefined();
		expect(phoneToken(second)).toBe(phoneToken(first));
	});

	it('erases one customer: their key is gone, their tokens can no longer be computed, the trail still verifies and the report lists the erasure', async () => {
		await node.execute.call(auditContext(trail(), keyed, [ana, ben]));
		const before = entries().filter((line) => line.entry.action === 'status_changed').map((line) => line.entry);
		const anaSalt = JSON.parse(readFileSync(subjects(), 'utf8').split('\n')[0]).salt as string;
		const anaToken = pseudonymOf('+34 600 123 456', subjectPiiKey(KEY, { subjectId: before[0].subject, salt: anaSalt }), 'phone');
		expect(readFileSync(trail(), 'utf8')).toContain(anaToken);

		const [erased, notFound] = await node.execute.call(erase({}));
		expect(notFound).toHaveLength(0);
		expect(erased[0].json.erasure).toMatchObject({ erased: true, subject: before[0].subject, reference: 'DSAR-7' });
		expect(erased[0].pairedItem).toEqual({ item: 0 });

		const store = readFileSync(subjects(), 'utf8');
		expect(store).not.toContain(subjectLookup(KEY, 'ana@example.com'));
		expect(store).not.toContain(anaSalt);
		expect(store).toContain(subjectLookup(KEY, 'ben@example.com'));

		const lines = readTrailLines(trail()).lines;
		expect(verifyTrail(lines, { keys: { v3: KEY } })).toMatchObject({ intact: true });
		const erasure = entries().find((line) => line.entry.action === 'subject_erased')!.entry;
		expect(erasure).toMatchObject({ subject: before[0].subject, actor: { type: 'user', id: 'dpo-1' }, details: { subject: before[0].subject, reference: 'DSAR-7' } });
		expect(JSON.stringify(erasure)).not.toContain('example.com');
		expect(auditReport(lines.map((line) => JSON.parse(line)), null, null).erasures).toEqual([{ subject: before[0].subject, erasedAt: erasure.occurredAt, actor: 'user:dpo-1', reference: 'DSAR-7' }]);

		// the customer writes again: a new subject and key, so new tokens do not join the erased ones
		await node.execute.call(auditContext(trail(), { ...keyed, action: 'note' }, [ana]));
		const after = entries().filter((line) => line.entry.action === 'note')[0].entry;
		expect(after.subject).not.toBe(before[0].subject);
		expect(readFileSync(trail(), 'utf8').split(anaToken).length - 1).toBe(1);
	});

	it('answers a second erasure of the same customer on the second output, recording nothing', async () => {
		await node.execute.call(auditContext(trail(), keyed, [ana]));
		await node.execute.call(erase({}));
		const count = entries().length;
		const [erased, notFound] = await node.execute.call(erase({}));
		expect(erased).toHaveLength(0);
		expect(notFound[0].json.erasure).toMatchObject({ erased: false, subject: null });
		expect(entries()).toHaveLength(count);
	});

	it('finds a customer keyed under a previous audit key version', async () => {
		await node.execute.call(auditContext(trail(), keyed, [ana]));
		const ctx = erase({});
		ctx.getCredentials.mockResolvedValue({ secret: 'rotated-key-abcdefghijklmnop', version: 'v4', previousSecrets: JSON.stringify({ v3: KEY }) });
		const [erased] = await node.execute.call(ctx);
		expect(erased[0].json.erasure).toMatchObject({ erased: true });
		expect(existsSync(subjects()) && readFileSync(subjects(), 'utf8').trim()).toBe('');
	});

	it('names the item and the field when the data subject is empty or no subject key place is chosen', async () => {
		await expect(node.execute.call(erase({ subjectValue: '  ' }))).rejects.toThrow(/Data Subject/);
		const ctx = erase({ subjectKeyStore: 'none' });
		ctx.continueOnFail.mockReturnValue(true);
		const [items] = await node.execute.call(ctx);
		expect(String(items[0].json.error)).toMatch(/Item 0.*Data Subject Keys/);
		await expect(node.execute.call(erase({ subjectKeyStore: 'dataTable', anchorStore: 'none' }))).rejects.toThrow(/Data Subject Keys: in a Data Table needs the SLA Store credential/);
	});
});
