import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

import type { SubjectKeyMaterial } from '../../engine/audit';
import { acquireLock, releaseLock } from './file-lock';
import { newSubjectKey, type StoredSubjectKey, type SubjectKeyStore } from './subject-key-store';

/**
 * Subject keys as JSON Lines in a file beside the trail (for one n8n process, or workers sharing a
 * volume): new keys are appended and fsynced under a lock; an erasure rewrites the file without the
 * subject's line and renames it into place, so the salt leaves the file at once.
 */
export class FileSubjectKeyStore implements SubjectKeyStore {
	private readonly lockPath: string;

	constructor(
		readonly path: string,
		readonly name: string = path,
	) {
		this.lockPath = `${path}.lock`;
	}

	private readAll(): StoredSubjectKey[] {
		if (!existsSync(this.path)) return [];
		const keys: StoredSubjectKey[] = [];
		for (const line of readFileSync(this.path, 'utf8').split('\n')) {
			if (!line.trim()) continue;
			const key = JSON.parse(line) as StoredSubjectKey;
			if (typeof key.lookup === 'string' && typeof key.salt === 'string') keys.push(key);
		}
		return keys;
	}

	private async locked<T>(use: () => T): Promise<T> {
		mkdirSync(dirname(this.path), { recursive: true });
		await acquireLock(this.lockPath, {});
		try {
			return use();
		} finally {
			releaseLock(this.lockPath);
		}
	}

	async materialFor(lookups: ReadonlyArray<string>, now: number): Promise<Map<string, SubjectKeyMaterial>> {
		const found = new Map<string, SubjectKeyMaterial>();
		if (lookups.length === 0) return found;
		return await this.locked(() => {
			for (const key of this.readAll()) if (!found.has(key.lookup)) found.set(key.lookup, { subjectId: key.subjectId, salt: key.salt });
			const created = [...new Set(lookups)].filter((lookup) => !found.has(lookup)).map((lookup) => newSubjectKey(lookup, now));
			if (created.length) {
				const fd = openSync(this.path, constants.O_CREAT | constants.O_WRONLY | constants.O_APPEND, 0o600);
				try {
					const data = Buffer.from(created.map((key) => `${JSON.stringify(key)}\n`).join(''));
					let written = 0;
					while (written < data.length) written += writeSync(fd, data, written, data.length - written);
					fsyncSync(fd);
				} finally {
					closeSync(fd);
				}
				for (const key of created) found.set(key.lookup, { subjectId: key.subjectId, salt: key.salt });
			}
			return new Map(lookups.map((lookup) => [lookup, found.get(lookup) as SubjectKeyMaterial]));
		});
	}

	async find(lookup: string): Promise<SubjectKeyMaterial | null> {
		const key = this.readAll().find((stored) => stored.lookup === lookup);
		return key ? { subjectId: key.subjectId, salt: key.salt } : null;
	}

	async erase(lookup: string): Promise<SubjectKeyMaterial | null> {
		return await this.locked(() => {
			const keys = this.readAll();
			const erased = keys.find((key) => key.lookup === lookup);
			if (!erased) return null;
			const temporary = `${this.path}.tmp`;
			const fd = openSync(temporary, constants.O_CREAT | constants.O_TRUNC | constants.O_WRONLY, 0o600);
			try {
				writeSync(fd, keys.filter((key) => key.lookup !== lookup).map((key) => `${JSON.stringify(key)}\n`).join(''));
				fsyncSync(fd);
			} finally {
				closeSync(fd);
			}
			renameSync(temporary, this.path);
			const folder = openSync(dirname(this.path), constants.O_RDONLY);
			try {
				fsyncSync(folder);
			} finally {
				closeSync(folder);
			}
			return { subjectId: erased.subjectId, salt: erased.salt };
		});
	}
}
