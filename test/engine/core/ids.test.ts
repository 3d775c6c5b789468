import { newTraceId, timeOfId, timeOrderedId, traceIdFromTraceparent } from '../../../engine/core/ids';

const bytes = (fill: number) => new Uint8Array(16).fill(fill);

describe('time-ordered ids', () => {
	it('are 26 Crockford characters that sort by time and give the time back', () => {
		const early = timeOrderedId(Date.UTC(2026, 0, 1), bytes(255));
		const late = timeOrderedId(Date.UTC(2026, 0, 1) + 1, bytes(0));
		expect(early).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
		expect(early < late).toBe(true);
		expect(timeOfId(late)).toBe(Date.UTC(2026, 0, 1) + 1);
	});

	it('differ when the random bytes differ at the same millisecond', () => {
		expect(timeOrderedId(5, bytes(1))).not.toBe(timeOrderedId(5, bytes(2)));
		expect(timeOrderedId(5, bytes(1))).toBe(timeOrderedId(5, bytes(1)));
	});
});

describe('trace ids', () => {
	it('are taken from a W3C traceparent header', () => {
		expect(traceIdFromTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
	});

	it('reject malformed or all-zero traceparent headers', () => {
		expect(traceIdFromTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
		expect(traceIdFromTraceparent('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeNull();
		expect(traceIdFromTraceparent('4bf92f3577b34da6a3ce929d0e0e4736')).toBeNull();
		expect(traceIdFromTraceparent(undefined)).toBeNull();
	});

	it('are created as 32 hex characters from given random bytes', () => {
		expect(newTraceId(bytes(171))).toBe('ab'.repeat(16));
	});
});
