import { createHmac } from 'node:crypto';

/**
 * Pseudonyms and masks for personal data. A pseudonym is a keyed HMAC of the value, tagged with the
 * key version, so the same person gets the same token (counts and joins still work) while the value
 * cannot be recovered without the key; rotating the key changes the version tag. A mask keeps only a
 * hint of the shape.
 */

export type PiiMode = 'pseudonymise' | 'mask';

export interface PiiKey {
	key: string;
	version: string;
}

export function pseudonym(value: string, key: PiiKey, type = 'pii'): string {
	if (!key.key) throw new Error('key: a pseudonymisation key is needed');
	const mac = createHmac('sha256', key.key).update(`${type}\u0000${value}`).digest('hex').slice(0, 24);
	return `${type}:${key.version}:${mac}`;
}

export function mask(value: string, type = 'pii'): string {
	if (type === 'email') {
		const at = value.lastIndexOf('@');
		const dot = value.lastIndexOf('.');
		const tld = dot > at ? value.slice(dot) : '';
		return `${value.slice(0, at > 0 ? 1 : 0)}***@***${tld}`;
	}
	const visible = value.length >= 8 ? value.slice(-2) : '';
	return `***${visible}`;
}

export function redactValue(value: string, mode: PiiMode, key: PiiKey | null, type = 'pii'): string {
	if (mode === 'mask' || !key) return mask(value, type);
	return pseudonym(value, key, type);
}
