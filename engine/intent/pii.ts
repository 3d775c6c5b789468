import { EMAIL, findPhones } from './entities';

/**
 * Personal data in a ticket's text, with offsets, and a redacted copy. Numbers count as card numbers,
 * IBANs or national ids only when their check digits are right, so "a 16-digit number that fails
 * Luhn" is not a card.
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

/** IBAN lengths of the countries most tickets come from; other countries are checked by mod-97 only. */
const IBAN_LENGTHS: Record<string, number> = {
	AT: 20, BE: 16, CH: 21, DE: 22, DK: 18, ES: 24, FI: 18, FR: 27, GB: 22, IE: 22, IT: 27, LU: 20, NL: 18, NO: 15, PL: 28, PT: 25, SE: 24,
};

export function ibanValid(iban: string): boolean {
	const compact = iban.replace(/\s/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
	const expected = IBAN_LENGTHS[compact.slice(0, 2)];
	if (expected !== undefined && compact.length !== expected) return false;
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

interface Detector {
	type: PiiType;
	pattern: RegExp;
	valid: (value: string) => boolean;
}

const DETECTORS: Detector[] = [
	{ type: 'card', pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g, valid: (value) => luhnValid(value.replace(/\D/g, '')) },
	{ type: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, valid: ibanValid },
	{ type: 'us_ssn', pattern: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g, valid: ssnValid },
	{ type: 'uk_nino', pattern: /\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi, valid: ninoValid },
	{ type: 'es_nie', pattern: /\b[XYZ]-?\d{7}-?[A-Z]\b/gi, valid: spanishIdValid },
	{ type: 'es_dni', pattern: /\b\d{8}-?[A-Z]\b/gi, valid: spanishIdValid },
	{ type: 'de_tax_id', pattern: /(?<![\d-])\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\d-])/g, valid: germanTaxIdValid },
];

function overlaps(a: PiiMatch, b: PiiMatch): boolean {
	return a.start < b.end && b.start < a.end;
}

export function findPii(text: string): PiiMatch[] {
	const found: PiiMatch[] = [];
	const add = (match: PiiMatch) => {
		if (!found.some((existing) => overlaps(existing, match))) found.push(match);
	};
	for (const match of text.matchAll(EMAIL)) add({ type: 'email', value: match[0], start: match.index!, end: match.index! + match[0].length });
	for (const detector of DETECTORS) {
		for (const match of text.matchAll(detector.pattern)) {
			if (detector.valid(match[0])) add({ type: detector.type, value: match[0], start: match.index!, end: match.index! + match[0].length });
		}
	}
	// Phones last: a valid card, IBAN or id number wins over "a long run of digits".
	for (const phone of findPhones(text)) add({ type: 'phone', ...phone });
	return found.sort((a, b) => a.start - b.start);
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
