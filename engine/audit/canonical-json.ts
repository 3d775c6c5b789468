/**
 * Canonical JSON in the spirit of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers in their shortest ECMAScript form (so 1.0 and 1 hash the same), `undefined`
 * members dropped. The same value always yields the same bytes, which is what a hash chain needs.
 */

export class CanonicalJsonError extends Error {
	constructor(readonly field: string, message: string) {
		super(`${field}: ${message}`);
		this.name = 'CanonicalJsonError';
	}
}

export function canonicalJson(value: unknown, field = 'value'): string {
	if (value === null) return 'null';
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'boolean':
			return value ? 'true' : 'false';
		case 'number':
			if (!Number.isFinite(value)) throw new CanonicalJsonError(field, `${value} has no JSON form`);
			return Object.is(value, -0) ? '0' : String(value);
		case 'object':
			break;
		default:
			throw new CanonicalJsonError(field, `a ${typeof value} has no JSON form`);
	}
	if (Array.isArray(value)) {
		return `[${value.map((element, index) => (element === undefined ? 'null' : canonicalJson(element, `${field}[${index}]`))).join(',')}]`;
	}
	if (value instanceof Date) return JSON.stringify(value.toISOString());
	const record = value as Record<string, unknown>;
	const members: string[] = [];
	for (const key of Object.keys(record).sort()) {
		if (record[key] === undefined) continue;
		members.push(`${JSON.stringify(key)}:${canonicalJson(record[key], `${field}.${key}`)}`);
	}
	return `{${members.join(',')}}`;
}
