/**
 * eld's language reading (npm `eld`, its "small" n-gram database) over that database held in typed
 * arrays. eld's own entry builds 81,000 JavaScript objects when it loads (well over a second) and a
 * string-keyed object per text; here the database is an open-addressing table that loads from bytes
 * in milliseconds (a restarted process or another worker reads the bytes the first process kept) and
 * a text is read without building strings. The scores are eld's, to the bit: the text is cut,
 * cleaned and UTF-8 encoded as eld's `detect` does, each distinct n-gram adds eld's weights, and
 * test/engine/intent/language-table.test.ts compares every score with eld's on the language samples.
 */
import { framed, unframed } from './framed-bytes';

/** eld's n-gram database as its `ngrams/*.js` modules export it. */
export interface EldNgramData {
	type: string;
	languages: Record<string, string>;
	ngrams: Record<string, Record<string, number>>;
}

/** What the table needs of eld besides its database: its separators and its byte dictionary. */
export interface EldParts {
	/** eld's package version and database ("2.1.0/S60"): a kept table of another eld is not loaded. */
	version: string;
	data: EldNgramData;
	separators: RegExp;
	/** eld's character for each byte of the UTF-8 encoding (one character each, codes below 256). */
	dictionary: readonly string[];
}

export interface LanguageTable {
	readonly version: string;
	readonly languages: readonly string[];
	readonly separators: RegExp;
	/** eld's character code for each UTF-8 byte. */
	readonly dictionary: Uint8Array;
	/** Entry i's n-gram is keyCodes[keyStart[i] .. keyStart[i + 1]). */
	readonly keyStart: Uint32Array;
	readonly keyCodes: Uint8Array;
	/** Entry i's languages and weights are at postingStart[i] .. postingStart[i + 1]. */
	readonly postingStart: Uint32Array;
	readonly postingLanguage: Uint8Array;
	/** eld's weight of the n-gram for the language, its base n-gram score included. */
	readonly postingWeight: Uint16Array;
	/** Open addressing over the n-gram hashes: entry + 1, 0 for an empty slot. */
	readonly slots: Int32Array;
	readonly slotMask: number;
}

/** eld adds this to every stored weight (its database keeps the weights minus it). */
const BASE_NGRAM_SCORE = 53;
/** eld reads the first this many characters. */
const MAX_CHARACTERS = 1000;
/** eld stops at the next space after this many UTF-8 bytes, and after any character beyond the second. */
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;
/** eld takes n-grams from at most this many bytes of a word (the last one runs to the word's end). */
const MAX_WORD_BYTES = 70;
const SPACE = 0x20;

function hashOf(codes: Uint8Array, start: number, end: number, lead: boolean, trail: boolean): number {
	let hash = 0x811c9dc5;
	if (lead) hash = Math.imul(hash ^ SPACE, 0x01000193);
	for (let i = start; i < end; i++) hash = Math.imul(hash ^ codes[i], 0x01000193);
	if (trail) hash = Math.imul(hash ^ SPACE, 0x01000193);
	return hash >>> 0;
}

function withSlots(parts: Omit<LanguageTable, 'slots' | 'slotMask'>): LanguageTable {
	const entries = parts.keyStart.length - 1;
	let size = 1024;
	while (size < entries * 3) size *= 2;
	const slots = new Int32Array(size);
	const slotMask = size - 1;
	for (let entry = 0; entry < entries; entry++) {
		let slot = hashOf(parts.keyCodes, parts.keyStart[entry], parts.keyStart[entry + 1], false, false) & slotMask;
		while (slots[slot] !== 0) slot = (slot + 1) & slotMask;
		slots[slot] = entry + 1;
	}
	return { ...parts, slots, slotMask };
}

function dictionaryCodes(dictionary: readonly string[]): Uint8Array {
	if (dictionary.length !== 256 || dictionary.some((char) => char.length !== 1 || char.charCodeAt(0) > 0xff)) {
		throw new Error('eld: its byte dictionary is not 256 one-byte characters; this eld is not supported');
	}
	return Uint8Array.from(dictionary, (char) => char.charCodeAt(0));
}

/** The table of eld's database. */
export function buildLanguageTable(eld: EldParts): LanguageTable {
	const languageCount = Object.keys(eld.data.languages).length;
	const languages = Array.from({ length: languageCount }, (_, index) => eld.data.languages[index]);
	if (languages.some((code) => typeof code !== 'string') || languageCount > 255) throw new Error('eld: its languages are not numbered 0 to n - 1; this eld is not supported');
	const keys = Object.keys(eld.data.ngrams);
	let codeCount = 0;
	let postingCount = 0;
	for (const key of keys) {
		codeCount += key.length;
		postingCount += Object.keys(eld.data.ngrams[key]).length;
	}
	const keyStart = new Uint32Array(keys.length + 1);
	const keyCodes = new Uint8Array(codeCount);
	const postingStart = new Uint32Array(keys.length + 1);
	const postingLanguage = new Uint8Array(postingCount);
	const postingWeight = new Uint16Array(postingCount);
	let code = 0;
	let posting = 0;
	keys.forEach((key, entry) => {
		keyStart[entry] = code;
		for (let i = 0; i < key.length; i++) {
			const char = key.charCodeAt(i);
			if (char > 0xff) throw new Error(`eld: n-gram "${key}" is not in its byte dictionary; this eld is not supported`);
			keyCodes[code++] = char;
		}
		postingStart[entry] = posting;
		const weights = eld.data.ngrams[key];
		for (const language in weights) {
			const index = Number(language);
			const weight = weights[language] + BASE_NGRAM_SCORE;
			if (!(index >= 0 && index < languageCount) || !Number.isInteger(weight) || weight < 0 || weight > 0xffff) {
				throw new Error(`eld: n-gram "${key}" has weight ${weights[language]} for language ${language}; this eld is not supported`);
			}
			postingLanguage[posting] = index;
			postingWeight[posting++] = weight;
		}
	});
	keyStart[keys.length] = code;
	postingStart[keys.length] = posting;
	return withSlots({ version: eld.version, languages, separators: eld.separators, dictionary: dictionaryCodes(eld.dictionary), keyStart, keyCodes, postingStart, postingLanguage, postingWeight });
}

// ---------------------------------------------------------------------------------------------
// The table as bytes: a JSON header (format, version, languages, separators, lengths) with its
// length, then the arrays, widest first so that each starts aligned, little-endian.

const FORMAT = 'normalize-intent-language/1';

interface Header {
	format: string;
	version: string;
	languages: string[];
	separators: { source: string; flags: string };
	entries: number;
	codes: number;
	postings: number;
}

export function encodeLanguageTable(table: LanguageTable): Uint8Array {
	const entries = table.keyStart.length - 1;
	const header: Header = {
		format: FORMAT,
		version: table.version,
		languages: [...table.languages],
		separators: { source: table.separators.source, flags: table.separators.flags },
		entries,
		codes: table.keyCodes.length,
		postings: table.postingLanguage.length,
	};
	const { bytes, view, bodyStart: headerBytes } = framed(header, 8 * (entries + 1) + 2 * header.postings + 256 + header.codes + header.postings);
	let at = headerBytes;
	for (const value of table.keyStart) view.setUint32((at += 4) - 4, value, true);
	for (const value of table.postingStart) view.setUint32((at += 4) - 4, value, true);
	for (const value of table.postingWeight) view.setUint16((at += 2) - 2, value, true);
	bytes.set(table.dictionary, at);
	bytes.set(table.keyCodes, (at += 256));
	bytes.set(table.postingLanguage, (at += table.keyCodes.length));
	return bytes;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The table, or null when the bytes are not a table of this format and eld version (another eld, a cut file). */
export function decodeLanguageTable(bytes: Uint8Array, version: string): LanguageTable | null {
	const frame = unframed<Header>(bytes);
	if (!frame) return null;
	const { header, view, bodyStart: headerBytes } = frame;
	if (header.format !== FORMAT || header.version !== version) return null;
	const { entries, codes, postings } = header;
	if (bytes.length !== headerBytes + 8 * (entries + 1) + 2 * postings + 256 + codes + postings) return null;
	// One copy into a buffer of our own, so that the wider arrays are aligned views of it.
	const own = new Uint8Array(bytes.length);
	own.set(bytes);
	let at = headerBytes;
	const keyStart = LITTLE_ENDIAN ? new Uint32Array(own.buffer, at, entries + 1) : Uint32Array.from({ length: entries + 1 }, (_, i) => view.getUint32(at + 4 * i, true));
	at += 4 * (entries + 1);
	const postingStart = LITTLE_ENDIAN ? new Uint32Array(own.buffer, at, entries + 1) : Uint32Array.from({ length: entries + 1 }, (_, i) => view.getUint32(at + 4 * i, true));
	at += 4 * (entries + 1);
	const postingWeight = LITTLE_ENDIAN ? new Uint16Array(own.buffer, at, postings) : Uint16Array.from({ length: postings }, (_, i) => view.getUint16(at + 2 * i, true));
	at += 2 * postings;
	const dictionary = own.subarray(at, (at += 256));
	const keyCodes = own.subarray(at, (at += codes));
	const postingLanguage = own.subarray(at, (at += postings));
	if (keyStart[entries] !== codes || postingStart[entries] !== postings || header.languages.length > 255) return null;
	for (let entry = 0; entry < entries; entry++) {
		if (keyStart[entry] > keyStart[entry + 1] || postingStart[entry] > postingStart[entry + 1]) return null;
	}
	for (const language of postingLanguage) if (language >= header.languages.length) return null;
	let separators: RegExp;
	try {
		separators = new RegExp(header.separators.source, header.separators.flags);
	} catch {
		return null;
	}
	return withSlots({ version, languages: header.languages, separators, dictionary, keyStart, keyCodes, postingStart, postingLanguage, postingWeight });
}

// ---------------------------------------------------------------------------------------------
// Reading a text: eld's detect() up to its raw scores, into reused buffers.

/** Raw scores by language index (eld's sums of weights) and the number of distinct n-grams; valid until the next call. */
export interface LanguageScores {
	scores: Int32Array;
	ngrams: number;
}

const result: LanguageScores = { scores: new Int32Array(256), ngrams: 0 };
/** The text's UTF-8 bytes as eld's characters; word w is codes[wordStart[w] .. wordEnd[w]). */
const codes = new Uint8Array(ENFORCE_CUT_AFTER + 8);
const wordStart = new Int32Array(ENFORCE_CUT_AFTER + 8);
const wordEnd = new Int32Array(ENFORCE_CUT_AFTER + 8);
/** Per table entry: the text it was last counted for. */
let entryStamps = new Uint32Array(0);
let stampedTable: LanguageTable | null = null;
let epoch = 0;
/** The n-grams of this text that are not in the table (they count towards eld's n-gram total): a set over `unknownCodes`. */
const UNKNOWN_SLOTS = 2048;
const unknownSlot = new Int32Array(UNKNOWN_SLOTS);
const unknownStamp = new Uint32Array(UNKNOWN_SLOTS);
const unknownStart = new Int32Array(UNKNOWN_SLOTS);
const unknownLength = new Int32Array(UNKNOWN_SLOTS);
let unknownCodes = new Uint8Array(4096);
let unknownCount = 0;
let unknownUsed = 0;

function gramLength(start: number, end: number, lead: boolean, trail: boolean): number {
	return end - start + (lead ? 1 : 0) + (trail ? 1 : 0);
}

/** Whether stored codes equal the n-gram (lead space, codes[start..end), trail space). */
function sameGram(stored: Uint8Array, at: number, start: number, end: number, lead: boolean, trail: boolean): boolean {
	if (lead && stored[at++] !== SPACE) return false;
	for (let i = start; i < end; i++) if (stored[at++] !== codes[i]) return false;
	return !trail || stored[at] === SPACE;
}

/** Counts an n-gram not in the table once per text. */
function countUnknown(hash: number, start: number, end: number, lead: boolean, trail: boolean): void {
	const length = gramLength(start, end, lead, trail);
	let slot = hash & (UNKNOWN_SLOTS - 1);
	while (unknownStamp[slot] === epoch) {
		const index = unknownSlot[slot];
		if (unknownLength[index] === length && sameGram(unknownCodes, unknownStart[index], start, end, lead, trail)) return;
		slot = (slot + 1) & (UNKNOWN_SLOTS - 1);
	}
	if (unknownUsed + length > unknownCodes.length) {
		const grown = new Uint8Array(Math.max(unknownCodes.length * 2, unknownUsed + length));
		grown.set(unknownCodes);
		unknownCodes = grown;
	}
	let at = unknownUsed;
	if (lead) unknownCodes[at++] = SPACE;
	for (let i = start; i < end; i++) unknownCodes[at++] = codes[i];
	if (trail) unknownCodes[at++] = SPACE;
	unknownStamp[slot] = epoch;
	unknownSlot[slot] = unknownCount;
	unknownStart[unknownCount] = unknownUsed;
	unknownLength[unknownCount++] = length;
	unknownUsed = at;
	result.ngrams++;
}

function addGram(table: LanguageTable, start: number, end: number, lead: boolean, trail: boolean): void {
	const hash = hashOf(codes, start, end, lead, trail);
	const length = gramLength(start, end, lead, trail);
	const { slots, slotMask, keyStart, keyCodes } = table;
	let slot = hash & slotMask;
	let entry = slots[slot];
	while (entry !== 0) {
		const at = keyStart[entry - 1];
		if (keyStart[entry] - at === length && sameGram(keyCodes, at, start, end, lead, trail)) break;
		slot = (slot + 1) & slotMask;
		entry = slots[slot];
	}
	if (entry === 0) {
		countUnknown(hash, start, end, lead, trail);
		return;
	}
	entry--;
	if (entryStamps[entry] === epoch) return;
	entryStamps[entry] = epoch;
	result.ngrams++;
	const { postingStart, postingLanguage, postingWeight } = table;
	const scores = result.scores;
	for (let k = postingStart[entry], last = postingStart[entry + 1]; k < last; k++) scores[postingLanguage[k]] += postingWeight[k];
}

/**
 * eld's raw scores of a text: the first 1,000 characters, separators made spaces, trimmed and
 * lower-cased, encoded as UTF-8 up to its cut, and each word's 4-byte n-grams at a stride of 3
 * (the first with a leading space, the last with a trailing one), each distinct n-gram counted once.
 */
export function languageScores(table: LanguageTable, text: string): LanguageScores {
	if (stampedTable !== table) {
		// Zero stamps: no entry counted yet; the epoch runs on, so the stamps of the unknown set stay valid.
		entryStamps = new Uint32Array(table.keyStart.length - 1);
		stampedTable = table;
	}
	if (epoch === 0xffffffff) {
		entryStamps.fill(0);
		unknownStamp.fill(0);
		epoch = 0;
	}
	epoch++;
	unknownCount = 0;
	unknownUsed = 0;
	result.scores.fill(0, 0, table.languages.length);
	result.ngrams = 0;
	const cleaned = text.substring(0, MAX_CHARACTERS).replace(table.separators, ' ').trim().toLowerCase();
	const dictionary = table.dictionary;
	let length = 0;
	let words = 0;
	let start = 0;
	let bytes = 0;
	for (let i = 0; i < cleaned.length; i++) {
		let code = cleaned.charCodeAt(i);
		if (code < 0x80) {
			if (code === SPACE) {
				if (length > start) {
					wordStart[words] = start;
					wordEnd[words++] = length;
					start = length;
				}
				if (bytes > CUT_AFTER) break;
			} else {
				codes[length++] = code;
			}
			bytes++;
		} else if (code < 0x800) {
			codes[length++] = dictionary[0xc0 | (code >> 6)];
			codes[length++] = dictionary[0x80 | (code & 0x3f)];
			bytes += 2;
		} else if (code < 0xd800 || code >= 0xe000) {
			codes[length++] = dictionary[0xe0 | (code >> 12)];
			codes[length++] = dictionary[0x80 | ((code >> 6) & 0x3f)];
			codes[length++] = dictionary[0x80 | (code & 0x3f)];
			bytes += 3;
		} else {
			i++;
			code = 0x10000 + (((code & 0x3ff) << 10) | (cleaned.charCodeAt(i) & 0x3ff));
			codes[length++] = dictionary[0xf0 | (code >> 18)];
			codes[length++] = dictionary[0x80 | ((code >> 12) & 0x3f)];
			codes[length++] = dictionary[0x80 | ((code >> 6) & 0x3f)];
			codes[length++] = dictionary[0x80 | (code & 0x3f)];
			bytes += 4;
		}
		if (bytes > ENFORCE_CUT_AFTER) break;
	}
	if (length > start) {
		wordStart[words] = start;
		wordEnd[words++] = length;
	}
	for (let w = 0; w < words; w++) {
		const first = wordStart[w];
		const end = wordEnd[w];
		const capped = Math.min(end - first, MAX_WORD_BYTES);
		let j = 0;
		for (; j + 4 < capped; j += 3) addGram(table, first + j, first + j + 4, j === 0, false);
		addGram(table, first + Math.max(0, capped - 4), end, j === 0, true);
	}
	return result;
}
