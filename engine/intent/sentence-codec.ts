/**
 * A trained sentence model as bytes and back (the twin of model-codec.ts), kept beside the word
 * classifier's model so a restarted process neither embeds the training texts nor trains again.
 * Layout: the JSON header, then the weights and the centroids as 32-bit floats, little-endian.
 */
import { framed, unframed } from './framed-bytes';
import type { SentenceModel } from './sentence-model';

const FORMAT = 'normalize-intent-sentence-model/1';

interface Header {
	format: string;
	labels: string[];
	dimension: number;
	temperature: number;
	familiarFloor: number;
}

export function encodeSentenceModel(model: SentenceModel): Uint8Array {
	const header: Header = { format: FORMAT, labels: [...model.labels], dimension: model.dimension, temperature: model.temperature, familiarFloor: model.familiarFloor };
	const { bytes, view, bodyStart } = framed(header, 4 * (model.weights.length + model.centroids.length));
	let at = bodyStart;
	for (const array of [model.weights, model.centroids]) for (let i = 0; i < array.length; i++, at += 4) view.setFloat32(at, array[i], true);
	return bytes;
}

/** The model, or null when the bytes are not a sentence model of this format. */
export function decodeSentenceModel(bytes: Uint8Array): SentenceModel | null {
	const frame = unframed<Header>(bytes);
	if (!frame || frame.header.format !== FORMAT) return null;
	const { header, view, bodyStart } = frame;
	const labelCount = header.labels.length;
	const weights = new Float32Array(labelCount * (header.dimension + 1));
	const centroids = new Float32Array(labelCount * header.dimension);
	if (bytes.length !== bodyStart + 4 * (weights.length + centroids.length)) return null;
	let at = bodyStart;
	for (const array of [weights, centroids]) for (let i = 0; i < array.length; i++, at += 4) array[i] = view.getFloat32(at, true);
	return { labels: header.labels, dimension: header.dimension, weights, centroids, temperature: header.temperature, familiarFloor: header.familiarFloor };
}
