/**
 * The sentence model of an engine's training set: from this process's memory, else from the store,
 * else trained now on the encoder's vectors of the training texts (and kept in the store).
 */
import { type IntentEngine, type SentenceModel, trainingKey, trainSentenceModel } from '../../engine/intent';
import type { SentenceModelStore } from './model-file-store';
import type { SentenceEncoder } from './sentence-encoder';

/** Keyed by the classifier model, which the process keeps one of per training set. */
const trained = new WeakMap<IntentEngine['model'], Map<string, SentenceModel>>();

export async function withSentenceModel(engine: IntentEngine, encoder: SentenceEncoder, store?: SentenceModelStore): Promise<IntentEngine> {
	let byEncoder = trained.get(engine.model);
	if (!byEncoder) trained.set(engine.model, (byEncoder = new Map()));
	let sentence = byEncoder.get(encoder.id);
	if (!sentence) {
		const key = `${trainingKey(engine.examples)}-${encoder.id}`;
		sentence = store?.load(key) ?? undefined;
		if (!sentence || sentence.labels.join('\n') !== engine.model.labels.join('\n')) {
			const vectors = await encoder.embed(engine.examples.map((example) => example.text));
			sentence = trainSentenceModel(engine.examples, vectors, engine.model);
			store?.save(key, sentence);
		}
		byEncoder.set(encoder.id, sentence);
	}
	return { ...engine, sentence };
}
