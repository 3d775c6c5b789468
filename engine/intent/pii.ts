import { allMatches } from './all-matches';
import { contextBefore, findEmails, hasDigit, ibanShapedSpans, isPhoneRun, numberRuns, runsOutside, type NumberRun, type Span } from './entities';

/**
 * Personal data in a ticket's text, with offsets, and a redacted copy. Numbers count as card numbers,
 * IBANs or national ids only when their check digits are right, so "a 16-digit number that fails
 * Luhn" is not a card.
 *
 * Linear in the length of the text: emails are found from each '@' outwards, numbers are read once
 * as runs of digit groups (so a fragment of a card, an IBAN or a date is never read again as a phone
 * number), the remaining patterns have bounded repetitions, and overlaps are settled in one sweep per
 * type. Precision and recall per type on a generated corpus: `npx tsx bench/pii.bench.ts`.
 */

export type PiiType = 'email' | 'phone' | 'card' | 'iban' | 'us_ssn' | 'uk_nino' | 'es_dni' | 'es_nie' | 'de_tax_id';

export interface PiiMatch {
	type: PiiType;
	value: string;
	start: number;
	end: number;
}

export function luhnValid(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return digits.length > 0 && sum % 10 === 0;
}

/** IBAN length of every country in the IBAN registry (SWIFT); a code not listed here is not an IBAN. */
const IBAN_LENGTHS: Record<string, number> = {
	AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20,
	EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
	KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28,
	PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24,
	XK: 20,
};

export function ibanValid(iban: string): boolean {
	const compact = iban.replace(/\s/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
	if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
	const rearranged = compact.slice(4) + compact.slice(0, 4);
	let remainder = 0;
	for (const char of rearranged) {
		const value = char >= 'A' ? String(char.charCodeAt(0) - 55) : char;
		for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
	}
	return remainder === 1;
}

/** US Social Security number rules: no area 000, 666 or 9xx, no group 00, no serial 0000. */
export function ssnValid(ssn: string): boolean {
	const match = /^(\d{3})-?(\d{2})-?(\d{4})$/.exec(ssn);
	if (!match) return false;
	const [, area, group, serial] = match;
	return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/** UK National Insurance number: prefix letters and suffix A–D as HMRC allocates them. */
export function ninoValid(nino: string): boolean {
	const compact = nino.replace(/\s/g, '').toUpperCase();
	if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(compact)) return false;
	return !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(compact.slice(0, 2));
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): the letter is the number mod 23. */
export function spanishIdValid(id: string): boolean {
	const compact = id.replace(/[\s-]/g, '').toUpperCase();
	const match = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(compact);
	if (!match) return false;
	const [, prefix, digits, letter] = match;
	if (prefix === '' && digits.length !== 8) return false;
	if (prefix !== '' && digits.length !== 7) return false;
	const number = Number(`${prefix === '' ? '' : 'XYZ'.indexOf(prefix)}${digits}`);
	return DNI_LETTERS[number % 23] === letter;
}

/** German tax id (Steuer-IdNr): 11 digits, no leading 0, ISO 7064 MOD 11,10 check digit, one digit repeated in the first ten. */
export function germanTaxIdValid(id: string): boolean {
	const compact = id.replace(/\s/g, '');
	if (!/^[1-9]\d{10}$/.test(compact)) return false;
	const counts = new Map<string, number>();
	for (const digit of compact.slice(0, 10)) counts.set(digit, (counts.get(digit) ?? 0) + 1);
	const repeated = [...counts.values()].filter((count) => count > 1);
	if (repeated.length !== 1 || repeated[0] > 3) return false;
	let product = 10;
	for (const digit of compact.slice(0, 10)) {
		let sum = (Number(digit) + product) % 10;
		if (sum === 0) sum = 10;
		product = (sum * 2) % 11;
	}
	const check = (11 - product) % 10;
	return check === Number(compact[10]);
}

/** Whether a card number's first digits and length fit a card scheme (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
export function cardSchemeValid(digits: string): boolean {
	const length = digits.length;
	const two = Number(digits.slice(0, 2));
	const four = Number(digits.slice(0, 4));
	if (digits[0] === '4') return length === 13 || length === 16 || length === 19;
	if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16;
	if (two === 34 || two === 37) return length === 15;
	if (two === 36 || (four >= 3000 && four <= 3059) || two === 38 || two === 39) return length >= 14 && length <= 16;
	if (four >= 3528 && four <= 3589) return length >= 16 && length <= 19;
	if (digits[0] === '6' || two === 50 || (two >= 56 && two <= 58)) return length >= 13 && length <= 19;
	return false;
}

/** How card numbers are grouped when they are not written in one block: 4-4-4-4(-3), 4-4-5, 4-6-5 (Amex), 4-6-4 (Diners). */
const CARD_LAYOUTS = ['4-4-4-4', '4-4-4-4-3', '4-4-4-1', '4-4-4-2', '4-4-4-3', '4-4-5', '4-6-5', '4-6-4', '4-4-4-4-1', '4-4-4-4-2'];

function cardOf(run: NumberRun): boolean {
	if (run.plus || run.parenthesised || run.digits < 13 || run.digits > 19) return false;
	if (run.groups.length > 1) {
		const separator = run.separators[1];
		if (separator === '/' || run.separators.slice(1).some((other) => other !== separator)) return false;
		if (!CARD_LAYOUTS.includes(run.groups.map((group) => group.length).join('-'))) return false;
	}
	const digits = run.groups.join('');
	return cardSchemeValid(digits) && luhnValid(digits);
}

function ssnOf(run: NumberRun): boolean {
	return run.groups.length === 3 && run.separators[1] === '-' && run.separators[2] === '-' && ssnValid(run.value);
}

function taxIdOf(run: NumberRun): boolean {
	const layout = run.groups.map((group) => group.length).join('-');
	if (layout !== '11' && !(layout === '2-3-3-3' && run.separators.slice(1).every((separator) => separator === ' '))) return false;
	return germanTaxIdValid(run.groups.join(''));
}

const isWordCode = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;

/** The PII type of a run of digit groups: a card, SSN or Steuer-ID when its checks pass, a phone number when written like one. */
function numberType(text: string, run: NumberRun): PiiType | null {
	// Fewer than 7 digits is no card, SSN, Steuer-ID or phone number; most runs (amounts, dates, counts) end here.
	if (run.digits < 7) return null;
	if (run.end < text.length && (isWordCode(text.charCodeAt(run.end)) || text.charCodeAt(run.end) === 64)) return null;
	const context = contextBefore(text, run.start);
	if (context !== 'reference' && cardOf(run)) return 'card';
	if (ssnOf(run)) return 'us_ssn';
	if (context !== 'reference' && taxIdOf(run)) return 'de_tax_id';
	return isPhoneRun(text, run, context) ? 'phone' : null;
}

/** IBANs, any case, compact or in groups of four: the longest IBAN-shaped text (in whole groups) that checks out. */
function findIbans(shapes: readonly Span[]): PiiMatch[] {
	const found: PiiMatch[] = [];
	for (const shape of shapes) {
		let value = shape.value;
		// "DE89 3704 0044 0532 0130 00 please": the regular expression took a word too; drop groups from the end until it checks out.
		while (value.length >= 15 && !ibanValid(value)) {
			const space = value.lastIndexOf(' ');
			if (space < 0) break;
			value = value.slice(0, space);
		}
		if (ibanValid(value)) found.push({ type: 'iban', value, start: shape.start, end: shape.start + value.length });
	}
	return found;
}

interface Detector {
	type: PiiType;
	pattern: RegExp;
	valid: (value: string) => boolean;
}

const LETTER_DETECTORS: Detector[] = [
	{ type: 'uk_nino', pattern: /\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi, valid: ninoValid },
	{ type: 'es_nie', pattern: /\b[XYZ]-?\d{7}-?[A-Z]\b/gi, valid: spanishIdValid },
	{ type: 'es_dni', pattern: /\b\d{8}-?[A-Z]\b/gi, valid: spanishIdValid },
];

/** Which type wins when two matches overlap: the better-checked and longer one. */
const PRIORITY: PiiType[] = ['email', 'iban', 'card', 'us_ssn', 'uk_nino', 'es_nie', 'es_dni', 'de_tax_id', 'phone'];

/** `accepted` (sorted, disjoint) with the candidates (sorted) that overlap none of it added, in one sweep. */
function mergeDisjoint(accepted: PiiMatch[], candidates: PiiMatch[]): PiiMatch[] {
	const merged: PiiMatch[] = [];
	let a = 0;
	let lastEnd = -1;
	for (const candidate of candidates) {
		while (a < accepted.length && accepted[a].end <= candidate.start) {
			merged.push(accepted[a]);
			lastEnd = accepted[a].end;
			a++;
		}
		const blockedByNext = a < accepted.length && accepted[a].start < candidate.end;
		if (!blockedByNext && candidate.start >= lastEnd) {
			merged.push(candidate);
			lastEnd = candidate.end;
		}
	}
	while (a < accepted.length) merged.push(accepted[a++]);
	return merged;
}

export function findPii(text: string): PiiMatch[] {
	const byType = new Map<PiiType, PiiMatch[]>(PRIORITY.map((type) => [type, []]));
	for (const email of findEmails(text)) byType.get('email')!.push({ type: 'email', ...email });
	// Every other type has digits (IBANs, cards, phones, national ids).
	if (!hasDigit(text)) return mergeDisjoint([], byType.get('email')!);
	const ibanShapes = ibanShapedSpans(text);
	byType.set('iban', findIbans(ibanShapes));
	for (const run of runsOutside(numberRuns(text), ibanShapes)) {
		const type = numberType(text, run);
		if (type) byType.get(type)!.push({ type, value: run.value, start: run.start, end: run.end });
	}
	for (const detector of LETTER_DETECTORS) {
		for (const match of allMatches(text, detector.pattern)) {
			if (detector.valid(match[0])) byType.get(detector.type)!.push({ type: detector.type, value: match[0], start: match.index!, end: match.index! + match[0].length });
		}
	}
	let found: PiiMatch[] = [];
	for (const type of PRIORITY) found = mergeDisjoint(found, byType.get(type)!);
	return found;
}

/**
 * A value as it may leave the node when PII is redacted: the type's shape with almost nothing of
 * the value (`a***@***.com`, `****1111`, `DE***00`, `***67`, `***`), enough for a person to tell two
 * findings apart, not to recover either.
 */
export function maskPii(type: PiiType, value: string): string {
	if (type === 'email') {
		const at = value.lastIndexOf('@');
		const dot = value.lastIndexOf('.');
		return `${value.slice(0, 1)}***@***${dot > at ? value.slice(dot) : ''}`;
	}
	const compact = value.replace(/[^A-Za-z0-9]/g, '');
	if (type === 'card') return `****${compact.slice(-4)}`;
	if (type === 'iban') return `${compact.slice(0, 2).toUpperCase()}***${compact.slice(-2)}`;
	if (type === 'phone') return `***${compact.slice(-2)}`;
	return '***';
}

/** The match with its value masked ({@link maskPii}). */
export function maskMatch(match: PiiMatch): PiiMatch {
	return { ...match, value: maskPii(match.type, match.value) };
}

/** The text with every match replaced by `[TYPE]`, e.g. `[EMAIL]`, `[CARD]`. */
export function redact(text: string, matches: readonly PiiMatch[]): string {
	let result = '';
	let cursor = 0;
	for (const match of [...matches].sort((a, b) => a.start - b.start)) {
		if (match.start < cursor) continue;
		result += `${text.slice(cursor, match.start)}[${match.type.toUpperCase()}]`;
		cursor = match.end;
	}
	return result + text.slice(cursor);
}
