import { createHmac } from 'node:crypto';

import type { PiiKey } from './pseudonym';

/**
 * Erasure without breaking the chain (GDPR art. 17): the personal data of one data subject (a
 * customer) is pseudonymised with a key of their own, derived from the audit key and a random salt
 * kept in a subject key store, apart from the trail. Erasing the subject deletes the salt; their
 * tokens stay in the trail, every hash still verifies, but no one (not even the holder of the audit
 * key) can compute them again, so they no longer link to the person. The store finds a subject by a
 * keyed lookup of the identifying value, so it never holds the value itself, and the trail names
 * the subject only by a random id.
 */

export interface SubjectKeyMaterial {
	/** Random id of the subject, written to the trail's entries (`subject`) and tokens (`s-<id>`). */
	subjectId: string;
	/** Random salt: with the audit key, it makes the subject's pseudonym key; deleting it erases them. */
	salt: string;
}

/** The identifying value as matched: trimmed, lower case (emails differ only in case). */
export function normaliseSubjectValue(value: string): string {
	return value.trim().toLowerCase();
}

/** The store's key for a subject: a keyed hash of the value, so the store never holds the value. */
export function subjectLookup(auditKey: string, value: string): string {
	return createHmac('sha256', auditKey).update(`subject\u0000${normaliseSubjectValue(value)}`).digest('hex').slice(0, 40);
}

/** The subject's own pseudonym key; its version tag names the subject, so a token tells whose it is. */
export function subjectPiiKey(auditKey: string, material: SubjectKeyMaterial): PiiKey {
	return { key: createHmac('sha256', auditKey).update(`subject-key\u0000${material.salt}`).digest('hex'), version: `s-${material.subjectId}` };
}

function valueAt(json: unknown, path: string): unknown {
	let value: unknown = json;
	for (const part of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/** The first non-empty value of the listed field paths (`customer.email, requester.email`), or null. */
export function subjectValueOf(json: unknown, fields: ReadonlyArray<string>): string | null {
	for (const field of fields) {
		const value = valueAt(json, field.trim());
		if ((typeof value === 'string' && value.trim()) || typeof value === 'number') return normaliseSubjectValue(String(value));
	}
	return null;
}
