import { buildEntry, idempotencyKeyOf, type EntryInput, type RedactionPolicy } from '../../../engine/audit/entry';
import { canonicalJson } from '../../../engine/audit/canonical-json';

const key = { key: 'entry-test-key-0123456789', version: 'k7' };

function input(overrides: Partial<EntryInput> = {}): EntryInput {
	return {
		id: '01J00000000000000000000000',
		occurredAt: Date.UTC(2026, 4, 4, 10),
		recordedAt: Date.UTC(2026, 4, 4, 10, 0, 1),
		actor: { type: 'workflow', id: 'wf-1' },
		action: 'status_changed',
		ticket: { id: 'T-1', source: 'zendesk' },
		rule: { id: 'gold-first-response', version: '4' },
		logicVersion: 'lv-aaaa',
		context: { workflowId: 'wf-1', workflowVersion: null, executionId: '42', nodeName: 'Audit Log', retryOf: null, mode: 'webhook' },
		traceId: 'f'.repeat(32),
		...overrides,
	};
}

const policy = (overrides: Partial<RedactionPolicy> = {}): RedactionPolicy => ({ fields: ['customer.email', 'customer.name'], findings: [], mode: 'pseudonymise', key, ...overrides });

describe('audit entries', () => {
	it('record the field-level diff between before and after', () => {
		const entry = buildEntry(input({ before: { status: 'open', priority: 'low' }, after: { status: 'pending', priority: 'low' } }), policy());
		expect(entry.changes).toEqual([{ path: 'status', kind: 'changed', old: 'open', new: 'pending' }]);
		expect(entry.occurredAt).toBe('2026-05-04T10:00:00.000Z');
		expect(entry.recordedAt).toBe('2026-05-04T10:00:01.000Z');
	});

	it('pseudonymise listed fields before diffing, recording the key version', () => {
		const entry = buildEntry(
			input({ before: { customer: { email: 'ana@example.com', name: 'Ana Pérez' } }, after: { customer: { email: 'ana.p@example.org', name: 'Ana Pérez' } } }),
			policy(),
		);
		expect(entry.changes).toHaveLength(1);
		expect(entry.changes[0]).toMatchObject({ path: 'customer.email', kind: 'changed' });
		expect(String(entry.changes[0].old)).toMatch(/^email:k7:[0-9a-f]{24}$/);
		expect(entry.pii).toEqual({ mode: 'pseudonymise', keyVersion: 'k7', redacted: 4 });
	});

	it('keep raw PII found in the ticket text out of every field of the entry', () => {
		const body = 'Call me on +34 600 123 456 or write to ana@example.com, card 4111 1111 1111 1111';
		const entry = buildEntry(
			input({ before: { body: '' }, after: { body }, details: { note: 'customer ana@example.com asked twice' }, actor: { type: 'user', id: 'ana@example.com' } }),
			policy({ findings: [{ type: 'phone', value: '+34 600 123 456' }, { type: 'email', value: 'ana@example.com' }, { type: 'card', value: '4111 1111 1111 1111' }] }),
		);
		const text = canonicalJson(entry);
		for (const raw of ['+34 600 123 456', 'ana@example.com', '4111 1111 1111 1111']) expect(text).not.toContain(raw);
		expect(text).toContain('email:k7:');
		expect(text).toContain('card:k7:');
	});

	it('mask instead of pseudonymising when asked, with no key version recorded', () => {
		const entry = buildEntry(input({ after: { customer: { email: 'ana@example.com' } } }), policy({ mode: 'mask' }));
		expect(entry.changes).toEqual([{ path: 'customer', kind: 'added', new: { email: 'a***@***.com' } }]);
		expect(entry.pii.keyVersion).toBeNull();
	});

	it('derive the same idempotency key for the same event, and another for another event', () => {
		const a = buildEntry(input({ after: { status: 'pending' } }), policy());
		const b = buildEntry(input({ id: 'other', recordedAt: 99, after: { status: 'pending' } }), policy());
		const c = buildEntry(input({ occurredAt: Date.UTC(2026, 4, 4, 11), after: { status: 'pending' } }), policy());
		expect(a.idempotencyKey).toBe(b.idempotencyKey);
		expect(a.idempotencyKey).not.toBe(c.idempotencyKey);
		expect(buildEntry(input({ idempotencyKey: 'given' }), policy()).idempotencyKey).toBe('given');
		expect(idempotencyKeyOf({ ticketId: 'T', action: 'a', occurredAt: 'x', ruleId: null })).toHaveLength(32);
	});

	it('name the field that is missing or wrong', () => {
		expect(() => buildEntry(input({ action: '' }), policy())).toThrow('action');
		expect(() => buildEntry(input({ actor: { type: 'robot' as 'user', id: 'x' } }), policy())).toThrow('actor.type');
		expect(() => buildEntry(input({ actor: { type: 'user', id: '' } }), policy())).toThrow('actor.id');
	});

	it('scan free text for PII by default, so a ticket body enters the trail without raw emails, cards, phones or IBANs', () => {
		const body = 'Hi, ana.lopez@example.com here. Card 4111 1111 1111 1111 was charged twice; call me on +49 30 12345678. IBAN DE89 3704 0044 0532 0130 00.';
		const entry = buildEntry(input({ after: { id: 'T-2026-0314-0001', createdAt: '2026-03-14T10:00:00Z', body } }), policy());
		const text = canonicalJson(entry);
		for (const raw of ['ana.lopez@example.com', '4111 1111 1111 1111', '12345678', 'DE89 3704']) expect(text).not.toContain(raw);
		expect(text).toContain('T-2026-0314-0001');
		expect(text).toContain('2026-03-14T10:00:00Z');
		expect(entry.pii.redacted).toBe(4);
		const again = buildEntry(input({ after: { body } }), policy());
		expect(canonicalJson(again.changes)).toBe(canonicalJson(entry.changes.filter((change) => change.path === 'body')));
	});

	it('leave free text as it is when the scan is turned off', () => {
		const entry = buildEntry(input({ after: { body: 'mail ana@example.com' } }), policy({ scanText: false }));
		expect(canonicalJson(entry)).toContain('ana@example.com');
	});
});
