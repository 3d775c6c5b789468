import { mask, pseudonym, redactValue } from '../../../engine/audit/pseudonym';

const key = { key: 'a-very-secret-audit-key', version: 'v2' };

describe('pseudonyms', () => {
	it('give the same person the same token, so counts and joins still work', () => {
		expect(pseudonym('ana@example.com', key, 'email')).toBe(pseudonym('ana@example.com', key, 'email'));
		expect(pseudonym('ana@example.com', key, 'email')).not.toBe(pseudonym('bob@example.com', key, 'email'));
	});

	it('carry the key version and never the value', () => {
		const token = pseudonym('ana@example.com', key, 'email');
		expect(token).toMatch(/^email:v2:[0-9a-f]{24}$/);
		expect(token).not.toContain('ana');
	});

	it('change when the key rotates', () => {
		expect(pseudonym('ana@example.com', key)).not.toBe(pseudonym('ana@example.com', { key: 'another-secret-key-123', version: 'v3' }));
	});

	it('need a key', () => {
		expect(() => pseudonym('x', { key: '', version: 'v1' })).toThrow('key');
	});
});

describe('masks', () => {
	it('keep only a hint of an email address', () => {
		expect(mask('ana.perez@example.com', 'email')).toBe('a***@***.com');
	});

	it('keep at most the last two characters of longer values and nothing of short ones', () => {
		expect(mask('+34 600 123 456', 'phone')).toBe('***56');
		expect(mask('1234')).toBe('***');
	});

	it('are used when no key is given even if pseudonyms were asked for', () => {
		expect(redactValue('ana@example.com', 'pseudonymise', null, 'email')).toBe('a***@***.com');
		expect(redactValue('ana@example.com', 'pseudonymise', key, 'email')).toMatch(/^email:v2:/);
	});
});
