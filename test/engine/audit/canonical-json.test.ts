import { canonicalJson, CanonicalJsonError } from '../../../engine/audit/canonical-json';

describe('canonical JSON', () => {
	it('sorts object keys at every depth so key order never changes the bytes', () => {
		const a = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } });
		const b = canonicalJson({ a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 });
		expect(a).toBe(b);
		expect(a).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
	});

	it('sorts keys by UTF-16 code units as RFC 8785 does', () => {
		expect(canonicalJson({ 'é': 1, z: 2, Z: 3, '1': 4 })).toBe('{"1":4,"Z":3,"z":2,"é":1}');
	});

	it('writes numbers in their shortest form: 1.0 is 1, -0 is 0, large and small use exponents', () => {
		expect(canonicalJson([1.0, -0, 1e21, 1e-7, 0.1 + 0.2, 100])).toBe('[1,0,1e+21,1e-7,0.30000000000000004,100]');
	});

	it('escapes strings as JSON and drops undefined members', () => {
		expect(canonicalJson({ s: 'line\n"q"\u2028', gone: undefined })).toBe('{"s":"line\\n\\"q\\"\u2028"}');
		expect(canonicalJson([undefined])).toBe('[null]');
	});

	it('refuses values JSON cannot represent, naming the field', () => {
		expect(() => canonicalJson({ a: { b: Number.NaN } })).toThrow(CanonicalJsonError);
		expect(() => canonicalJson({ a: { b: Infinity } })).toThrow('value.a.b');
		expect(() => canonicalJson({ f: () => 1 })).toThrow('value.f');
	});
});
