import { join } from 'path';

/**
 * The language a ticket is written in. The text is read by eld (npm `eld`, Apache-2.0, its "small"
 * n-gram database): chosen by bench/language.bench.ts over tinyld, franc, lande, cld3-asm and
 * languagedetect on held-out UDHR, Uppy and support texts. When the text is too short or too
 * uncertain, the customer's known language or locale decides, and without one the answer is `und`.
 */
export interface DetectedLanguage {
	/** ISO 639-1 code, or `und` when it cannot be told. */
	code: string;
	/** 0–1: how far the language read from the text is ahead of the next one; 0 for `und` and for a known language the text did not tell. */
	confidence: number;
	/** `text`: read from the text; `known`: the customer's known language (text too short or uncertain); `none`: `und`. */
	source: 'text' | 'known' | 'none';
}

export interface LanguageOptions {
	/** Restrict the answer to these ISO 639-1 codes (an empty list allows every language eld knows). */
	only?: readonly string[];
	/**
	 * The customer's known language or locale (`de`, `de-AT`, `pt_BR`, `deu`), already read with
	 * languageCodeOf: the answer when the text cannot tell.
	 */
	known?: string;
	/** Fewer letters than this is too short to read. */
	minLetters?: number;
	/** A reading with less confidence than this is too uncertain. */
	minConfidence?: number;
}

/** The part of eld's interface used here. */
interface Eld {
	detect(text: string): { language: string; getScores(): Record<string, number> };
}

export const DEFAULT_MIN_LETTERS = 6;
/** Chosen on the tuning split (SPLIT=tuning npx tsx bench/language.bench.ts). */
export const DEFAULT_MIN_CONFIDENCE = 0.03;
/** A known language whose score is at least this share of the best one's wins a close reading (chosen on the tuning split). */
const KNOWN_SHARE = 0.95;

const UNDETERMINED: DetectedLanguage = { code: 'und', confidence: 0, source: 'none' };

/** ISO 639-2/3 codes (bibliographic and terminology) of common support languages, to ISO 639-1. */
const THREE_LETTER: Record<string, string> = {
	eng: 'en', deu: 'de', ger: 'de', spa: 'es', fra: 'fr', fre: 'fr', por: 'pt', ita: 'it', nld: 'nl', dut: 'nl',
	pol: 'pl', swe: 'sv', dan: 'da', nor: 'no', nob: 'no', fin: 'fi', ces: 'cs', cze: 'cs', tur: 'tr', rus: 'ru',
	jpn: 'ja', zho: 'zh', chi: 'zh', kor: 'ko', ara: 'ar', hin: 'hi', ell: 'el', gre: 'el', hun: 'hu', ron: 'ro', rum: 'ro',
};

/**
 * The ISO 639-1 code of a language or locale as helpdesks write it (`de`, `DE`, `de-AT`, `pt_BR`,
 * `deu`, `zh-Hant-TW`); `null` when it is none of these. Empty means "not known" (`undefined`).
 */
export function languageCodeOf(value: string): string | null | undefined {
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	const primary = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/.exec(trimmed)?.[1].toLowerCase();
	if (!primary) return null;
	if (primary.length === 2) return primary;
	return THREE_LETTER[primary] ?? null;
}

let loaded: Eld | undefined;

/**
 * eld ships as an ES module whose package exports only an `import` entry, which `require` cannot
 * resolve; its entry file is required by path from the module search paths (Node ≥ 20.19 loads an
 * ES module through `require`). Loaded on first use: parsing the n-gram database takes a moment.
 */
function eld(): Eld {
	if (loaded) return loaded;
	let problem = 'it is not installed';
	for (const folder of require.resolve.paths('eld') ?? []) {
		try {
			loaded = (require(join(folder, 'eld', 'src', 'entries', 'static.small.js')) as { eld: Eld }).eld;
			return loaded;
		} catch (error) {
			const { code, message } = error as { code?: string; message?: string };
			if (code !== 'MODULE_NOT_FOUND') problem = `it did not load (${message}; Node.js 20.19 or later is needed)`;
		}
	}
	throw new Error(`Language detection needs the eld package, and ${problem}`);
}

function ranked(text: string, only: readonly string[] | undefined): Array<[string, number]> {
	const scores = Object.entries(eld().detect(text).getScores());
	const allowed = only && only.length > 0 ? scores.filter(([code]) => only.includes(code)) : scores;
	return allowed.sort((a, b) => b[1] - a[1]);
}

const rounded = (value: number) => Math.round(value * 1000) / 1000;

export function detectLanguage(text: string, options: LanguageOptions = {}): DetectedLanguage {
	const only = options.only && options.only.length > 0 ? options.only : undefined;
	const known = options.known && (!only || only.includes(options.known)) ? options.known : undefined;
	const fallback: DetectedLanguage = known ? { code: known, confidence: 0, source: 'known' } : UNDETERMINED;
	const letters = text.match(/\p{L}/gu)?.length ?? 0;
	if (letters < (options.minLetters ?? DEFAULT_MIN_LETTERS)) return fallback;
	const candidates = ranked(text, only);
	if (candidates.length === 0) return fallback;
	const [[best, top], second] = candidates;
	// eld's scores are not probabilities; the best one's lead over the next is a usable confidence.
	const confidence = top > 0 ? Math.max(0, 1 - (second?.[1] ?? 0) / top) : 0;
	if (known && known !== best) {
		const knownScore = candidates.find(([code]) => code === known)?.[1] ?? 0;
		if (knownScore >= top * KNOWN_SHARE) return fallback;
	}
	if (confidence < (options.minConfidence ?? DEFAULT_MIN_CONFIDENCE)) return fallback;
	return { code: best, confidence: rounded(confidence), source: 'text' };
}
