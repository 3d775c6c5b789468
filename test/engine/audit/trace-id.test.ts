import { traceIdOf } from '../../../engine/audit/trace-id';

const random = Uint8Array.from({ length: 16 }, (_, i) => i);
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('the trace id of an entry', () => {
	it('is the one given, and the trace id of a given traceparent header', () => {
		expect(traceIdOf('my-trace', { traceId: 'other' }, random)).toBe('my-trace');
		expect(traceIdOf(TRACEPARENT, {}, random)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
	});

	it("is the ticket's own traceId when none is given, so it follows the ticket", () => {
		expect(traceIdOf('', { traceId: 'c'.repeat(32) }, random)).toBe('c'.repeat(32));
		expect(traceIdOf('  ', { traceId: ` ${TRACEPARENT} ` }, random)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
	});

	it('is new, from the random bytes, when neither the parameter nor the ticket has one', () => {
		expect(traceIdOf('', {}, random)).toBe('000102030405060708090a0b0c0d0e0f');
		expect(traceIdOf('', { traceId: 42 }, random)).toBe('000102030405060708090a0b0c0d0e0f');
	});
});
