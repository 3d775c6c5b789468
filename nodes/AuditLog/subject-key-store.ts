import { randomBytes } from 'node:crypto';

import type { SubjectKeyMaterial } from '../../engine/audit';

/**
 * Where the data subjects' salts are kept, apart from the trail (engine/audit/data-subject.ts):
 * found by a keyed lookup, never by the person's email or id. Erasing a subject deletes their row.
 * Backups of this store must expire within the erasure deadline, or an old copy keeps the link.
 */
export interface SubjectKeyStore {
	/** Where the keys are kept, for messages. */
	readonly name: string;
	/**
	 * The material of each lookup, created for a lookup not known yet; when two writers create one at
	 * once, both get the one stored first.
	 */
	materialFor(lookups: ReadonlyArray<string>, now: number): Promise<Map<string, SubjectKeyMaterial>>;
	/** The subject's material, or null; creates nothing. */
	find(lookup: string): Promise<SubjectKeyMaterial | null>;
	/** Deletes the subject's material and returns what it was; null when the subject has none (never keyed, or erased already). */
	erase(lookup: string): Promise<SubjectKeyMaterial | null>;
}

export interface StoredSubjectKey extends SubjectKeyMaterial {
	lookup: string;
	createdAt: number;
}

export function newSubjectKey(lookup: string, now: number): StoredSubjectKey {
	return { lookup, subjectId: randomBytes(8).toString('hex'), salt: randomBytes(32).toString('hex'), createdAt: now };
}
