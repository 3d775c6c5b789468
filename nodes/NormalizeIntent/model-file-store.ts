/**
 * Trained models kept as files under n8n's folder ($N8N_USER_FOLDER/.n8n, else ~/.n8n), in
 * sla-orchestrator/intent-models/<training key>.model, so a restarted process (or another worker on
 * the same disk) loads the model instead of training it again. The key is a hash of the training
 * examples and options, so a changed training set never loads an old model. A file that cannot be
 * read or written is ignored: the model is then trained as without a store.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

import { type ClassifierModel, decodeModel, encodeModel, type ModelStore } from '../../engine/intent';

export function modelFolder(): string {
	return join(process.env.N8N_USER_FOLDER || homedir(), '.n8n', 'sla-orchestrator', 'intent-models');
}

export function modelFileStore(folder = modelFolder()): ModelStore {
	const fileOf = (key: string) => join(folder, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.model`);
	return {
		load(key: string): ClassifierModel | null {
			try {
				return decodeModel(readFileSync(fileOf(key)));
			} catch {
				return null;
			}
		},
		save(key: string, model: ClassifierModel): void {
			try {
				mkdirSync(folder, { recursive: true });
				// Written aside and renamed, so a reader never sees half a file.
				const temporary = `${fileOf(key)}.${process.pid}.tmp`;
				writeFileSync(temporary, encodeModel(model));
				renameSync(temporary, fileOf(key));
			} catch {
				// No store: the next process trains again.
			}
		},
	};
}
