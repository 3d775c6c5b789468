import { piiFindingsOf } from '../../../engine/audit/pii-finding';

describe('PII that Normalize Intent found', () => {
	it('takes each value as found, or cuts it from the body by its offsets', () => {
		const ticket = { body: 'Please call +34 600 123 456', intent: { pii: [{ type: 'phone', start: 12, end: 27 }, { type: 'email', value: 'ana@example.com' }, { start: 0, end: 6 }] } };
		expect(piiFindingsOf(ticket)).toEqual([
			{ type: 'phone', value: '+34 600 123 456' },
			{ type: 'email', value: 'ana@example.com' },
			{ type: 'pii', value: 'Please' },
		]);
	});

	it('is nothing when the ticket has no intent.pii list', () => {
		expect(piiFindingsOf({ body: 'hi' })).toEqual([]);
		expect(piiFindingsOf({ intent: { pii: 'phone' } })).toEqual([]);
		expect(piiFindingsOf({ intent: { pii: [{ type: 'phone', start: 3 }] } })).toEqual([{ type: 'phone', value: undefined }]);
	});
});
