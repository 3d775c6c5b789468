import { findDuplicate } from '../../../engine/intent/duplicates';
import { HOUR } from '../../support/time';

const earlier = [
	{ id: 'T-1', customer: 'cus_1', type: 'billing', at: 0 },
	{ id: 'T-2', customer: 'cus_1', type: 'billing', at: 2 * HOUR },
	{ id: 'T-3', customer: 'cus_1', type: 'shipping', at: 3 * HOUR },
	{ id: 'T-4', customer: 'cus_2', type: 'billing', at: 3 * HOUR },
];

describe('probable duplicates', () => {
	it('flags the most recent earlier ticket of the same customer and type within the window', () => {
		expect(findDuplicate({ id: 'T-9', customer: 'CUS_1', type: 'billing', at: 4 * HOUR }, earlier, 24 * HOUR)).toEqual({ isDuplicate: true, of: 'T-2', earlierAt: 2 * HOUR });
	});

	it('does not flag a ticket outside the window, of another type or from another customer', () => {
		expect(findDuplicate({ id: 'T-9', customer: 'cus_1', type: 'billing', at: 30 * HOUR }, earlier, 24 * HOUR).isDuplicate).toBe(false);
		expect(findDuplicate({ id: 'T-9', customer: 'cus_1', type: 'refund', at: 4 * HOUR }, earlier, 24 * HOUR).isDuplicate).toBe(false);
		expect(findDuplicate({ id: 'T-9', customer: 'cus_3', type: 'billing', at: 4 * HOUR }, earlier, 24 * HOUR).isDuplicate).toBe(false);
	});

	it('does not flag a ticket as a duplicate of itself (a webhook delivered twice)', () => {
		expect(findDuplicate({ id: 'T-2', customer: 'cus_1', type: 'billing', at: 2 * HOUR }, [earlier[1]], 24 * HOUR).isDuplicate).toBe(false);
	});

	it('is off when the window is 0 or the customer is unknown', () => {
		expect(findDuplicate({ id: 'T-9', customer: 'cus_1', type: 'billing', at: 4 * HOUR }, earlier, 0).isDuplicate).toBe(false);
		expect(findDuplicate({ id: 'T-9', type: 'billing', at: 4 * HOUR }, earlier, 24 * HOUR).isDuplicate).toBe(false);
	});
});
