/**
 * What a ticket says, reduced for comparison: the set of words of its subject and the start of its
 * body, lower case, with reply and forward prefixes ("Re:", "Fwd:", "AW:") dropped. Two tickets say
 * nearly the same when their word sets overlap by `similarity` or more (Jaccard: shared words over
 * all words). Only the first 1,000 characters of the subject and 4,000 of the body are read, so a
 * fingerprint costs the same for any length of text.
 */
export type TextFingerprint = ReadonlySet<string>;

const SUBJECT_READ = 1_000;
const BODY_READ = 4_000;
const LONGEST_WORD = 40;
const REPLY_PREFIX = /^(?:(?:re|fwd?|aw|wg|sv|tr)(?:\[\d{1,3}\])?:\s*)+/i;
const WORD = /[\p{L}\p{N}]+/gu;

/** Default share of shared words for "nearly the same text". */
export const DEFAULT_TEXT_SIMILARITY = 0.8;

export function textFingerprint(subject: unknown, body: unknown): TextFingerprint {
	const words = new Set<string>();
	const add = (text: string) => {
		for (const [word] of text.toLowerCase().matchAll(WORD)) words.add(word.slice(0, LONGEST_WORD));
	};
	if (typeof subject === 'string') add(subject.slice(0, SUBJECT_READ).trimStart().replace(REPLY_PREFIX, ''));
	if (typeof body === 'string') add(body.slice(0, BODY_READ));
	return words;
}

/** Shared words over all words, 0 when either text has none. */
export function textSimilarity(a: TextFingerprint, b: TextFingerprint): number {
	if (a.size === 0 || b.size === 0) return 0;
	const [small, large] = a.size <= b.size ? [a, b] : [b, a];
	let shared = 0;
	for (const word of small) if (large.has(word)) shared++;
	return shared / (a.size + b.size - shared);
}
