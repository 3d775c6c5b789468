import { join } from 'path';

import { buildLanguageTable, decodeLanguageTable, type EldNgramData, type EldParts, encodeLanguageTable, type LanguageTable, languageScores } from './language-table';

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

/**
 * Where the language table (language-table.ts) is kept beyond this process, keyed by eld's version;
 * the node layer implements it (a file under n8n's folder). A store that fails to load answers null.
 */
export interface LanguageTableStore {
	load(version: string): Uint8Array | null;
	save(version: string, bytes: Uint8Array): void;
}

let table: LanguageTable | undefined;
let eldFolder: string | undefined;

/**
 * eld ships as ES modules whose package exports only an `import` entry, which `require` cannot
 * resolve; its files are required by path from the module search paths (Node ≥ 20.19 loads an
 * ES module through `require`).
 */
function eldFile(file: string): unknown {
	if (eldFolder) return require(join(eldFolder, file));
	let problem = 'it is not installed';
	for (const folder of require.resolve.paths('eld') ?? []) {
		try {
			const loaded: unknown = require(join(folder, 'eld', file));
			eldFolder = join(folder, 'eld');
			return loaded;
		} catch (error) {
			const { code, message } = error as { code?: string; message?: string };
			if (code !== 'MODULE_NOT_FOUND') problem = `it did not load (${message}; Node.js 20.19 or later is needed)`;
		}
	}
	throw new Error(`Language detection needs the eld package, and ${problem}`);
}

/** The eld version and database the table is made from ("2.1.0/small"). */
function eldVersion(): string {
	return `${(eldFile('package.json') as { version: string }).version}/small`;
}

/** eld's "small" database and the parts of eld that read a text; parsing the database takes a second or more. */
function eldParts(version: string): EldParts {
	return {
		version,
		data: (eldFile(join('src', 'ngrams', 'small.js')) as { ngramsData: EldNgramData }).ngramsData,
		separators: (eldFile(join('src', 'regexPatterns.js')) as { separators: RegExp }).separators,
		dictionary: (eldFile(join('src', 'dictionary.js')) as { dictionary: string[] }).dictionary,
	};
}

/**
 * Makes the language table ready: kept in this process once made, else loaded from the store, else
 * made from eld's database (and kept in the store), so that only the first process pays for eld.
 */
export function prepareLanguageTable(store?: LanguageTableStore): void {
	if (table) return;
	const version = eldVersion();
	const kept = store?.load(version);
	const decoded = kept ? decodeLanguageTable(kept, version) : null;
	if (decoded) {
		table = decoded;
		return;
	}
	table = buildLanguageTable(eldParts(version));
	store?.save(version, encodeLanguageTable(table));
}

function languageTable(): LanguageTable {
	if (!table) prepareLanguageTable();
	return table!;
}

/** Per language index, whether `only` allows it; null for every language. Kept for the last list seen. */
let allowedFor: { only: readonly string[] | undefined; table: LanguageTable; allowed: Uint8Array | null } | undefined;

function allowedLanguages(current: LanguageTable, only: readonly string[] | undefined): Uint8Array | null {
	if (!allowedFor || allowedFor.only !== only || allowedFor.table !== current) {
		allowedFor = { only, table: current, allowed: only ? Uint8Array.from(current.languages, (code) => (only.includes(code) ? 1 : 0)) : null };
	}
	return allowedFor.allowed;
}

/** eld's reading of the last text read, as its getScores() ranks the languages `only` allows. */
const reading = {
	/** The best language's code; null when no allowed language scored. */
	best: null as string | null,
	top: 0,
	/** The next language's score, 0 when there is none. */
	second: 0,
	/** eld's score by language index (0 when it did not score or is not allowed). */
	shares: new Float64Array(256),
	languages: [] as readonly string[],
};

/** eld's score of a language in the last reading, 0 when it did not score. */
function shareOf(code: string): number {
	const index = reading.languages.indexOf(code);
	return index < 0 ? 0 : reading.shares[index];
}

/**
 * eld's scores (LanguageResult.getScores: a language's weights per n-gram, s / (s + 25), over the
 * languages that scored) without building its objects; the best is the first of eld's order (ties
 * to the lower language index, as its stable sort leaves them).
 */
function read(text: string, only: readonly string[] | undefined): typeof reading {
	const current = languageTable();
	const allowed = allowedLanguages(current, only);
	const { scores, ngrams } = languageScores(current, text);
	const { shares } = reading;
	let best = -1;
	let top = 0;
	let second = 0;
	for (let index = 0; index < current.languages.length; index++) {
		const raw = scores[index];
		if (raw <= 0 || (allowed !== null && allowed[index] === 0)) {
			shares[index] = 0;
			continue;
		}
		const ngramScore = raw / ngrams;
		const share = ngramScore / (ngramScore + 25);
		shares[index] = share;
		if (best < 0 || share > top) {
			second = best < 0 ? 0 : top;
			top = share;
			best = index;
		} else if (share > second) {
			second = share;
		}
	}
	reading.best = best < 0 ? null : current.languages[best];
	reading.top = top;
	reading.second = second;
	reading.languages = current.languages;
	return reading;
}

const LETTER = /\p{L}/gu;

/** Whether the text has at least `minimum` letters (counted only that far). */
function hasLetters(text: string, minimum: number): boolean {
	if (minimum <= 0) return true;
	LETTER.lastIndex = 0;
	let count = 0;
	while (LETTER.exec(text) !== null) if (++count >= minimum) return true;
	return false;
}

const rounded = (value: number) => Math.round(value * 1000) / 1000;

export function detectLanguage(text: string, options: LanguageOptions = {}): DetectedLanguage {
	const only = options.only && options.only.length > 0 ? options.only : undefined;
	const known = options.known && (!only || only.includes(options.known)) ? options.known : undefined;
	const fallback: DetectedLanguage = known ? { code: known, confidence: 0, source: 'known' } : UNDETERMINED;
	if (!hasLetters(text, options.minLetters ?? DEFAULT_MIN_LETTERS)) return fallback;
	const { best, top, second } = read(text, only);
	if (best === null) return fallback;
	// eld's scores are not probabilities; the best one's lead over the next is a usable confidence.
	const confidence = top > 0 ? Math.max(0, 1 - second / top) : 0;
	if (known && known !== best) {
		const knownScore = shareOf(known);
		if (knownScore >= top * KNOWN_SHARE) return fallback;
	}
	if (confidence < (options.minConfidence ?? DEFAULT_MIN_CONFIDENCE)) return fallback;
	return { code: best, confidence: rounded(confidence), source: 'text' };
}
