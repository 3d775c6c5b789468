import { parseDirectory, resolveIdentity } from '../../../engine/intent/identity';

const directory = parseDirectory([
	{ id: 'cus_1', accountId: 'acc_1', emails: ['Ana@Example.com'], phones: ['+34 600 123 456'], handles: ['@ana'], tier: 'enterprise', region: 'EMEA', timezone: 'Europe/Madrid', plan: 'Pro', csm: 'Eve' },
	{ id: 'cus_2', emails: ['bob@example.org'], requesterIds: ['zd-42'], tier: 'standard' },
	{ id: 'cus_3', emails: ['shared@example.net'] },
	{ id: 'cus_4', emails: ['shared@example.net'] },
]);

describe('identity stitching', () => {
	it('resolves an email in any case to the customer with tier, region, time zone and named CRM fields', () => {
		expect(resolveIdentity({ email: ' ana@example.COM ' }, directory, ['plan'])).toEqual({
			status: 'known',
			matchedBy: 'email',
			customer: { id: 'cus_1', accountId: 'acc_1', tier: 'enterprise', region: 'EMEA', timezone: 'Europe/Madrid', plan: 'Pro' },
		});
	});

	it('resolves a phone number written differently and a chat handle', () => {
		expect(resolveIdentity({ phone: '0034 600-123-456' }, directory).customer?.id).toBe('cus_1');
		expect(resolveIdentity({ phone: '600 123 456' }, directory).customer?.id).toBe('cus_1');
		expect(resolveIdentity({ handle: 'ANA' }, directory).customer?.id).toBe('cus_1');
	});

	it('prefers the helpdesk requester id', () => {
		expect(resolveIdentity({ requesterId: 'zd-42', email: 'ana@example.com' }, directory)).toMatchObject({ status: 'known', matchedBy: 'requesterId', customer: { id: 'cus_2' } });
	});

	it('marks unknown senders as unknown and shared addresses as ambiguous', () => {
		expect(resolveIdentity({ email: 'nobody@example.com' }, directory)).toEqual({ status: 'unknown' });
		expect(resolveIdentity({}, directory)).toEqual({ status: 'unknown' });
		expect(resolveIdentity({ email: 'shared@example.net' }, directory)).toEqual({ status: 'ambiguous', matchedBy: 'email', candidates: ['cus_3', 'cus_4'] });
	});

	it('names the entry of a directory without ids', () => {
		expect(() => parseDirectory([{ id: 'a' }, { emails: [] }], 'Customer Directory')).toThrow('Customer Directory[1].id');
		expect(() => parseDirectory({ id: 'a' })).toThrow('directory: must be an array');
	});
});
