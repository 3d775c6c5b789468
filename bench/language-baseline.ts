/**
 * The language detector Normalize Intent shipped before issue 16 (tinyld's detectAll, the best score's
 * share of all scores as confidence), kept as the baseline of bench/language.bench.ts.
 */
import { detectAll } from 'tinyld';

interface DetectedLanguage {
	code: string;
	confidence: number;
}

interface LanguageOptions {
	/** Restrict the answer to these ISO 639-1 codes (an empty list allows every language tinyld knows). */
	only?: readonly string[];
	/** Fewer letters than this gives `und`. */
	minLetters?: number;
	/** A best guess whose share of all candidates' scores is below this gives `und`. */
	minConfidence?: number;
}

const UNDETERMINED: DetectedLanguage = { code: 'und', confidence: 0 };

export function detectLanguageBaseline(text: string, options: LanguageOptions = {}): DetectedLanguage {
	const letters = text.match(/\p{L}/gu)?.length ?? 0;
	if (letters < (options.minLetters ?? 12)) return UNDETERMINED;
	const only = options.only && options.only.length > 0 ? [...options.only] : undefined;
	const ranked = detectAll(text, only ? { only } : undefined);
	if (ranked.length === 0) return UNDETERMINED;
	// tinyld's scores are not probabilities; the best one's share of all scores is a usable confidence.
	const total = ranked.reduce((sum, candidate) => sum + candidate.accuracy, 0);
	const confidence = total > 0 ? ranked[0].accuracy / total : 0;
	if (confidence < (options.minConfidence ?? 0.15)) return UNDETERMINED;
	return { code: ranked[0].lang, confidence: Math.round(confidence * 1000) / 1000 };
}
