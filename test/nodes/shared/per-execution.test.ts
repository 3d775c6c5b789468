import { DateTime } from 'luxon';

import { perExecution, readItemParameter, sameForEveryItem } from '../../../nodes/shared/per-execution';
import { executeContext } from '../../support/execute-context';

const context = (parameters: Record<string, unknown>) => {
	const ctx = executeContext({ items: [{}], parameters: { ticketId: 'RESOLVED', options: { languages: 'en' } }, node: { parameters } as never });
	return ctx;
};

describe('parameters read once per execution', () => {
	it('reads once when no parameter named holds an expression, per item otherwise', () => {
		let reads = 0;
		const plain = perExecution(context({ options: { languages: 'en' } }), ['options.languages'], () => ++reads);
		expect([plain(0), plain(1), plain(2)]).toEqual([1, 1, 1]);
		reads = 0;
		const expression = perExecution(context({ options: { languages: '={{ $json.lang }}' } }), ['options.languages'], () => ++reads);
		expect([expression(0), expression(1)]).toEqual([1, 2]);
		expect(sameForEveryItem(context({ rules: { rule: [{ keywords: '={{ 1 }}' }] } }), ['rules'])).toBe(false);
	});

	it('tries a read that failed again for the next item', () => {
		let calls = 0;
		const read = perExecution(context({}), ['policySet'], () => {
			calls++;
			throw new Error('bad policy');
		});
		expect(() => read(0)).toThrow('bad policy');
		expect(() => read(1)).toThrow('bad policy');
		expect(calls).toBe(2);
	});
});

describe('readItemParameter', () => {
	it("reads the item's field for a `{{ $json.field }}` parameter, and asks n8n for anything else", () => {
		expect(readItemParameter(context({ ticketId: '={{ $json.id }}' }), 'ticketId', { id: 'T-1' }, 0)).toBe('T-1');
		expect(readItemParameter(context({ ticketId: '={{ $json.ticket.id }}' }), 'ticketId', { id: 'T-1' }, 0)).toBe('RESOLVED');
		expect(readItemParameter(context({ ticketId: 'fixed' }), 'ticketId', { id: 'T-1' }, 0)).toBe('RESOLVED');
		expect(readItemParameter(context({ ticketId: '={{ $json.id }}' }), 'ticketId', {}, 0)).toBe('RESOLVED');
	});

	it('reads a nested field directly, and leaves a luxon DateTime to n8n, which turns it into text', () => {
		expect(readItemParameter(context({ ticketId: '={{ $json.ticket.id }}' }), 'ticketId', { ticket: { id: 'T-2' } }, 0)).toBe('T-2');
		expect(readItemParameter(context({ ticketId: '={{ $json.at }}' }), 'ticketId', { at: DateTime.fromMillis(0) }, 0)).toBe('RESOLVED');
	});

	it("asks n8n for the node once per execution, not per item (n8n's getNode() deep-copies the node)", () => {
		const ctx = context({ ticketId: '={{ $json.id }}' });
		for (let itemIndex = 0; itemIndex < 100; itemIndex++) expect(readItemParameter(ctx, 'ticketId', { id: `T-${itemIndex}` }, itemIndex)).toBe(`T-${itemIndex}`);
		expect(ctx.getNode).toHaveBeenCalledTimes(1);
	});
});
