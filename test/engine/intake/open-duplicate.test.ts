import { findOpenDuplicate, linkDuplicate } from '../../../engine/intake';
import type { StoredTicket } from '../../../engine/intake';
import { HOUR } from '../../support/time';
import { fastestMs } from './intake-fixtures';

function stored(id: string, fields: Partial<StoredTicket> = {}): StoredTicket {
	return {
		key: `zendesk:${id}`,
		source: 'zendesk',
		id,
		createdAt: '2026-03-10T09:00:00Z',
		subject: 'Invoice INV-204 shows the wrong VAT rate',
		body: 'Hello, our March invoice charges 19% VAT but we are a reverse-charge customer in Austria. Please correct it.',
		status: 'open',
		customer: { id: 'cus_1', email: 'ana@example.com' },
		events: [],
		tags: [],
		intake: { fieldAt: {}, lastEventAt: '2026-03-10T09:00:00Z' },
		...fields,
	};
}

const original = stored('100');
const repeat = stored('101', { createdAt: '2026-03-10T10:30:00Z', subject: 'Re: Invoice INV-204 shows the wrong VAT rate' });

describe('merging duplicates of an open ticket', () => {
	it('finds the open ticket the same customer already wrote nearly the same text in, within the window', () => {
		expect(findOpenDuplicate(repeat, [original], 24 * HOUR)?.key).toBe('zendesk:100');
	});

	it('recognises the customer by email when the helpdesk made a new customer id', () => {
		const fromEmail = stored('101', { createdAt: '2026-03-10T10:30:00Z', customer: { id: 'cus_9', email: 'ANA@example.com' } });
		expect(findOpenDuplicate(fromEmail, [original], 24 * HOUR)?.key).toBe('zendesk:100');
	});

	it('does not merge another customer, another issue, a resolved ticket, or one outside the window', () => {
		const otherCustomer = stored('101', { createdAt: '2026-03-10T10:30:00Z', customer: { id: 'cus_2', email: 'bo@example.com' } });
		const otherIssue = stored('101', { createdAt: '2026-03-10T10:30:00Z', subject: 'Cannot log in', body: 'The password reset mail never arrives.' });
		expect(findOpenDuplicate(otherCustomer, [original], 24 * HOUR)).toBeNull();
		expect(findOpenDuplicate(otherIssue, [original], 24 * HOUR)).toBeNull();
		expect(findOpenDuplicate(repeat, [stored('100', { status: 'Solved' })], 24 * HOUR)).toBeNull();
		expect(findOpenDuplicate(repeat, [original], HOUR)).toBeNull();
		expect(findOpenDuplicate(repeat, [original], 0)).toBeNull();
	});

	it('never merges a ticket into itself, into a later ticket, or into one that is itself merged', () => {
		expect(findOpenDuplicate(original, [original], 24 * HOUR)).toBeNull();
		expect(findOpenDuplicate(original, [repeat], 24 * HOUR)).toBeNull();
		expect(findOpenDuplicate(stored('102', { createdAt: '2026-03-10T11:00:00Z' }), [{ ...repeat, mergedInto: 'zendesk:100' }], 24 * HOUR)).toBeNull();
	});

	it('of several open tickets about the issue, picks the earliest', () => {
		const third = stored('102', { createdAt: '2026-03-10T11:00:00Z' });
		expect(findOpenDuplicate(third, [repeat, original], 24 * HOUR)?.key).toBe('zendesk:100');
	});

	it('of two tickets created at the same instant, merges the one with the larger key into the other', () => {
		const twin = stored('101');
		expect(findOpenDuplicate(twin, [original], HOUR)?.key).toBe('zendesk:100');
		expect(findOpenDuplicate(original, [twin], HOUR)).toBeNull();
	});

	it('links both tickets, once', () => {
		const { primary, duplicate } = linkDuplicate(original, repeat);
		expect(duplicate.mergedInto).toBe('zendesk:100');
		expect(primary.duplicates).toEqual(['zendesk:101']);
		expect(linkDuplicate(primary, repeat).primary.duplicates).toEqual(['zendesk:101']);
		expect(original.duplicates).toBeUndefined();
		expect(() => linkDuplicate(original, original)).toThrow('zendesk:100 cannot be a duplicate of itself');
	});

	it('compares a 1 MB body of one run without spaces in no more time than a short one', () => {
		const huge = stored('101', { createdAt: '2026-03-10T10:30:00Z', body: 'x'.repeat(1_000_000) });
		const double = stored('101', { createdAt: '2026-03-10T10:30:00Z', body: 'x'.repeat(2_000_000) });
		const open = Array.from({ length: 50 }, (_, i) => stored(String(i), { subject: `Shipment ${i} is late`, body: 'y'.repeat(1_000_000) }));
		expect(findOpenDuplicate(huge, open, 24 * HOUR)).toBeNull();
		const ratio = fastestMs(() => findOpenDuplicate(double, open, 24 * HOUR)) / fastestMs(() => findOpenDuplicate(huge, open, 24 * HOUR));
		expect(ratio).toBeLessThan(3);
	});
});
