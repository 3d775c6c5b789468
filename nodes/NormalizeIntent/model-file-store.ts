/**
 * Trained models kept as files under n8n's folder ($N8N_USER_FOLDER/.n8n, else ~/.n8n), in
 * sla-orchestrator/intent-models/<training key>.model, so a restarted process (or another worker on
 * the same disk) loads the model instead of training it again. The key is a hash of the training
 * examples and options, so a changed training set never loads an old model. A file that cannot be
 * read or written is ignored: the model is then trained as without a store. The language table
 * (eld's n-gram database as typed arrays) is kept there too, as language-<eld version>.table, so a
 * restarted process does not parse eld's database again. With Use Sentence Encoder, the sentence
 * model trained on the encoder's vectors is kept there too, as <training key>-<encoder>.sentence.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

import {
	type ClassifierModel,
	decodeModel,
	decodeSentenceModel,
	encodeModel,
	encodeSentenceModel,
	type LanguageTableStore,
	type ModelStore,
	type SentenceModel,
} from '../../engine/intent';

export function modelFolder(): string {
	return join(process.env.N8N_USER_FOLDER || homedir(), '.n8n', 'sla-orchestrator', 'intent-models');
}

/** Writes aside and renames, so a reader never sees half a file; a file that cannot be written is skipped. */
function writeWhole(folder: string, file: string, bytes: Uint8Array): void {
	try {
		mkdirSync(folder, { recursive: true });
		const temporary = `${file}.${process.pid}.tmp`;
		writeFileSync(temporary, bytes);
		renameSync(temporary, file);
	} catch {
		// No store: the next process does the work again.
	}
}

export function languageTableFileStore(folder = modelFolder()): LanguageTableStore {
	const fileOf = (version: string) => join(folder, `language-${version.replace(/[^A-Za-z0-9_.-]/g, '_')}.table`);
	return {
		load(version: string): Uint8Array | null {
			try {
				return readFileSync(fileOf(version));
			} catch {
				return null;
			}
		},
		save(version: string, bytes: Uint8Array): void {
			writeWhole(folder, fileOf(version), bytes);
		},
	};
}

/** Values kept one file each under `folder`, as `<key><extension>`; a file that cannot be read answers null. */
function fileStore<Value>(folder: string, extension: string, encode: (value: Value) => Uint8Array, decode: (bytes: Uint8Array) => Value | null) {
	const fileOf = (key: string) => join(folder, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}${extension}`);
	return {
		load(key: string): Value | null {
			try {
				return decode(readFileSync(fileOf(key)));
			} catch {
				return null;
			}
		},
		save(key: string, value: Value): void {
			writeWhole(folder, fileOf(key), encode(value));
		},
	};
}

export function modelFileStore(folder = modelFolder()): ModelStore {
	return fileStore<ClassifierModel>(folder, '.model', encodeModel, decodeModel);
}

/** Where sentence models are kept, keyed by the training key and the encoder's id. */
export interface SentenceModelStore {
	load(key: string): SentenceModel | null;
	save(key: string, model: SentenceModel): void;
}

/** Sentence models as `<key>.sentence` files beside the classifier's models. */
export function sentenceModelFileStore(folder = modelFolder()): SentenceModelStore {
	return fileStore<SentenceModel>(folder, '.sentence', encodeSentenceModel, decodeSentenceModel);
}
