/**
 * Things a customer names that routing and agents need: order and invoice numbers, amounts with
 * their currency, email addresses, phone numbers, URLs, and products or plans from a builder's list.
 * Every match carries its offsets in the analysed text.
 */
import { allMatches } from './all-matches';

export interface Span {
	value: string;
	start: number;
	end: number;
}

export interface Amount extends Span {
	amount: number;
	currency: string;
}

export interface Entities {
	orderNumbers: Span[];
	invoiceNumbers: Span[];
	amounts: Amount[];
	emails: Span[];
	phones: Span[];
	urls: Span[];
	products: Span[];
}

// Every pattern here has bounded repetitions next to each other (or a single unbounded run that nothing
// after it can give back to), so matching costs a bounded amount of work per starting position.
const ORDER = /\b(?:order|ord|bestellung|bestellnummer|pedido|commande|encomenda)(?:\s{0,3}(?:number|num|no|nr|n[º°o]|#|id|nummer|número|numero|numéro))?\.?\s{0,3}[:#]?\s{0,3}#?\s{0,3}([A-Z]{0,4}-?\d[A-Z0-9-]{2,40})\b/giu;
const INVOICE = /\b(?:invoice|inv|rechnung|rechnungsnummer|factura|facture|fatura|nota fiscal)(?:\s{0,3}(?:number|num|no|nr|n[º°o]|#|id|nummer|número|numero|numéro))?\.?\s{0,3}[:#]?\s{0,3}#?\s{0,3}([A-Z]{0,4}-?\d[A-Z0-9-]{2,40})\b/giu;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]{0,2048}[^\s<>"')\].,;:!?]/gi;
const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', 'R$': 'BRL', CHF: 'CHF' };
const CODES = 'USD|EUR|GBP|CHF|JPY|CAD|AUD|BRL|MXN|SEK|NOK|DKK|PLN|INR|COP';
/** Up to 21 digits in thousands groups ("1.234.567,89", "1 234 567.89") or plain; longer runs are not amounts. */
const NUMBER = String.raw`\d{1,3}(?:[.,\s]\d{3}){1,6}(?:[.,]\d{1,2})?|\d{1,15}(?:[.,]\d{1,2})?`;
const AMOUNT = new RegExp(
	String.raw`(?:(R\$|[$€£¥]|\b(?:${CODES})\b)\s?(${NUMBER}))|(?:\b(${NUMBER})\s?(R\$|[$€£¥]|\b(?:${CODES})\b|euros?\b|dollars?\b|pounds?\b))`,
	'giu',
);

function spans(text: string, pattern: RegExp, group = 0): Span[] {
	const found: Span[] = [];
	for (const match of allMatches(text, pattern)) {
		const value = match[group];
		const start = match.index! + match[0].lastIndexOf(value);
		found.push({ value, start, end: start + value.length });
	}
	return found;
}

/** Parses "1.234,56", "1,234.56", "12,50" and "12.5" the way the writer meant them. */
export function parseAmount(raw: string): number {
	const compact = raw.replace(/\s/g, '');
	const lastSeparator = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
	if (lastSeparator < 0) return Number(compact);
	const decimals = compact.length - lastSeparator - 1;
	if (decimals === 3) return Number(compact.replace(/[.,]/g, ''));
	return Number(`${compact.slice(0, lastSeparator).replace(/[.,]/g, '')}.${compact.slice(lastSeparator + 1)}`);
}

function currencyOf(token: string): string {
	const upper = token.toUpperCase();
	if (SYMBOLS[token]) return SYMBOLS[token];
	if (upper.startsWith('EURO')) return 'EUR';
	if (upper.startsWith('DOLLAR')) return 'USD';
	if (upper.startsWith('POUND')) return 'GBP';
	return upper;
}

export function findAmounts(text: string): Amount[] {
	const amounts: Amount[] = [];
	for (const match of allMatches(text, AMOUNT)) {
		const symbol = match[1] ?? match[4];
		const number = match[2] ?? match[3];
		const amount = parseAmount(number);
		if (!Number.isFinite(amount)) continue;
		amounts.push({ value: match[0], start: match.index!, end: match.index! + match[0].length, amount, currency: currencyOf(symbol) });
	}
	return amounts;
}

// ---------------------------------------------------------------------------------------------
// Email addresses: found from each '@' outwards, so a long run of address characters without one
// (or a run of '@') is read once, not once per starting position as a left-to-right pattern would.

const isLocalChar = (code: number) =>
	(code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45;
const isLabelChar = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 45;
const isLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
/** File name endings that are no top-level domain: "logo@2x.png" is an image, not an address. */
const FILE_ENDINGS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'tif', 'tiff', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'txt', 'css', 'js', 'htm', 'html', 'heic']);

/** Email addresses: a local part, '@', dot-separated labels and a top-level domain of two or more letters. */
export function findEmails(text: string): Span[] {
	const found: Span[] = [];
	let floor = 0; // nothing before this is part of a later address
	for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
		let start = at;
		while (start > floor && isLocalChar(text.charCodeAt(start - 1))) start--;
		while (start < at && text.charCodeAt(start) === 46) start++;
		if (start === at) continue;
		// Labels after the '@': the address ends after the letters following the last dot that is preceded by a label.
		let end = -1;
		let i = at + 1;
		let labelLength = 0;
		while (i < text.length && isLabelChar(text.charCodeAt(i))) {
			i++;
			labelLength++;
		}
		while (labelLength > 0 && i < text.length && text.charCodeAt(i) === 46) {
			let letters = 0;
			while (i + 1 + letters < text.length && isLetter(text.charCodeAt(i + 1 + letters))) letters++;
			if (letters >= 2) end = i + 1 + letters;
			i++;
			labelLength = 0;
			while (i < text.length && isLabelChar(text.charCodeAt(i))) {
				i++;
				labelLength++;
			}
		}
		if (end < 0) continue;
		const lastDot = text.lastIndexOf('.', end - 1);
		if (FILE_ENDINGS.has(text.slice(lastDot + 1, end).toLowerCase())) continue;
		found.push({ value: text.slice(start, end), start, end });
		floor = end;
		if (end > at) at = end - 1;
	}
	return found;
}

// ---------------------------------------------------------------------------------------------
// Runs of digit groups (phone numbers, and the card, IBAN, date and reference numbers they must not
// be confused with), with the words just before them.

const isDigit = (code: number) => code >= 48 && code <= 57;
const isWordChar = (code: number) => isDigit(code) || isLetter(code) || code === 95 || code > 127;
/** Separators between the groups of a written number: space, dot, dash, slash. */
const isGroupSeparator = (code: number) => code === 32 || code === 46 || code === 45 || code === 47;

export interface NumberRun extends Span {
	/** Digits of each group, in order; a parenthesised group like "(030)" or "(0)" counts as one. */
	groups: string[];
	/** The separator before each group after the first ('' when none). */
	separators: string[];
	digits: number;
	plus: boolean;
	parenthesised: boolean;
}

/**
 * Where a number may start: not inside a word or another number: not after a letter or digit, "+",
 * "@" or "#"; not after a digit and a space, comma or colon ("3704 0044", "1,234", "10:30"; a "+"
 * may: "030 1234567 +49 …"); not
 * after a letter or digit and a dot, dash or slash ("v2.1", "RE-12", "INV/2026").
 */
function canStartNumber(text: string, index: number): boolean {
	if (index === 0) return true;
	const previous = text.charCodeAt(index - 1);
	if (isWordChar(previous) || previous === 43 || previous === 64 || previous === 35) return false;
	if (index < 2) return true;
	const before = text.charCodeAt(index - 2);
	if (previous === 32 || previous === 44 || previous === 58) return !isDigit(before) || text.charCodeAt(index) === 43;
	if (previous === 46 || previous === 45 || previous === 47) return !isWordChar(before);
	return true;
}

/** Digits of the last {@link walkRun}. */
let walkedDigits = 0;

/**
 * Reads the run of digit groups starting at `index` and returns where it ends (`index` when there
 * is none), counting its digits in `walkedDigits`; collects the groups and separators when given
 * lists (so that runs too short to matter cost no allocation).
 */
function walkRun(text: string, index: number, groups: string[] | null, separators: string[] | null): number {
	let i = index;
	if (text.charCodeAt(i) === 43) i++;
	let separator = '';
	let digits = 0;
	let end = index;
	for (;;) {
		const code = text.charCodeAt(i);
		let groupStart = i;
		let groupEnd = i;
		if (code === 40) {
			let j = i + 1;
			while (j < text.length && j - i <= 5 && isDigit(text.charCodeAt(j))) j++;
			if (j === i + 1 || text.charCodeAt(j) !== 41) break;
			groupStart = i + 1;
			groupEnd = j;
			i = j + 1;
		} else if (isDigit(code)) {
			let j = i;
			while (j < text.length && isDigit(text.charCodeAt(j))) j++;
			groupEnd = j;
			i = j;
		} else break;
		groups?.push(text.slice(groupStart, groupEnd));
		separators?.push(separator);
		digits += groupEnd - groupStart;
		end = i;
		// A parenthesised group may be followed directly by digits: "(0)30".
		const next = text.charCodeAt(i);
		if (text.charCodeAt(i - 1) === 41 && (isDigit(next) || next === 40)) {
			separator = '';
			continue;
		}
		if (isGroupSeparator(next) && (isDigit(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 40)) {
			separator = text[i];
			i++;
			continue;
		}
		break;
	}
	walkedDigits = digits;
	return end;
}

/** The run of digit groups starting at `index` ("+49 (0)30 123-4567", "4111.1111.1111.1111"), or null. */
export function readNumberRun(text: string, index: number): NumberRun | null {
	const groups: string[] = [];
	const separators: string[] = [];
	const end = walkRun(text, index, groups, separators);
	if (groups.length === 0) return null;
	const plus = text.charCodeAt(index) === 43;
	return { value: text.slice(index, end), start: index, end, groups, separators, digits: walkedDigits, plus, parenthesised: text.charCodeAt(plus ? index + 1 : index) === 40 };
}

/**
 * Every run of digit groups in the text that starts where a number may start and has `minDigits` to
 * `maxDigits` digits (no phone number, card or id has more than 19), each read once (a run is never
 * read again from a position inside it, and a longer one is skipped without collecting its groups).
 */
export function numberRuns(text: string, minDigits = 7, maxDigits = 19): NumberRun[] {
	const runs: NumberRun[] = [];
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (!isDigit(code) && code !== 43 && code !== 40) continue;
		if (!canStartNumber(text, i)) continue;
		const end = walkRun(text, i, null, null);
		if (end === i) continue;
		if (walkedDigits >= minDigits && walkedDigits <= maxDigits) runs.push(readNumberRun(text, i)!);
		i = end - 1;
	}
	return runs;
}

const PHONE_WORDS = [
	'phone', 'tel', 'telephone', 'call', 'ring', 'mobile', 'cell', 'whatsapp', 'sms', 'fax', 'telefon', 'telefonnummer', 'handy', 'rufnummer', 'anrufen',
	'mobil', 'teléfono', 'telefono', 'móvil', 'movil', 'llámame', 'llamar', 'llame', 'llámenme', 'téléphone', 'portable', 'joindre', 'appeler', 'rappeler',
	'telefone', 'telemóvel', 'celular', 'ligar', 'cellulare', 'chiamare', 'chiamatemi', 'bel', 'bellen', 'mobiel', 'telefoonnummer', 'contact', 'reach',
];
const REFERENCE_WORDS = [
	'order', 'ord', 'bestellung', 'bestellnummer', 'bestellnr', 'auftrag', 'pedido', 'commande', 'encomenda', 'ordine', 'bestelling', 'invoice', 'inv',
	'rechnung', 'factura', 'facture', 'fatura', 'fattura', 'factuur', 'tracking', 'sendung', 'sendungsnummer', 'seguimiento', 'suivi', 'rastreio',
	'tracciamento', 'reference', 'ref', 'referenz', 'referencia', 'référence', 'riferimento', 'ticket', 'case', 'build', 'version', 'serial', 'sku',
	'ean', 'gtin', 'isbn', 'imei', 'barcode', 'article', 'artikel', 'artikelnummer', 'product', 'produkt', 'producto', 'produit', 'artículo',
];
const CARD_WORDS = ['card', 'karte', 'kreditkarte', 'tarjeta', 'carte', 'cartão', 'cartao', 'carta', 'kaart', 'visa', 'mastercard', 'amex'];

export type NumberContext = 'phone' | 'reference' | 'card' | null;
const CONTEXT_WORDS = new Map<string, NumberContext>([
	...PHONE_WORDS.map((word) => [word, 'phone'] as const),
	...REFERENCE_WORDS.map((word) => [word, 'reference'] as const),
	...CARD_WORDS.map((word) => [word, 'card'] as const),
]);
const CONTEXT_WINDOW = 40;
/** Letters of the seven languages: ASCII, Latin-1 and Latin Extended-A/B (no symbols, no punctuation). */
const isWordLetter = (code: number) => isLetter(code) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7);
const isSentenceEnd = (code: number) => code === 46 || code === 33 || code === 63;

/**
 * What the nearest telling word in the few words before `start` says the number is, within the
 * sentence: a word before another number, on an earlier line or before a full stop belongs to
 * something else (the dot of an abbreviation such as "Tel." or "Nr." does not end the sentence).
 */
export function contextBefore(text: string, start: number): NumberContext {
	const floor = Math.max(0, start - CONTEXT_WINDOW);
	let i = start;
	while (i > floor) {
		const code = text.charCodeAt(i - 1);
		if (code === 10 || isDigit(code)) return null;
		if (code === 35) return 'reference';
		if (!isWordLetter(code)) {
			if (isSentenceEnd(code) && i < start && text.charCodeAt(i) === 32) {
				let word = 0;
				while (i - 2 - word >= 0 && isLetter(text.charCodeAt(i - 2 - word))) word++;
				if (word > 4) return null;
			}
			i--;
			continue;
		}
		const end = i;
		while (i > 0 && isWordLetter(text.charCodeAt(i - 1))) i--;
		if (end - i <= 16) {
			const context = CONTEXT_WORDS.get(text.slice(i, end).toLowerCase());
			if (context) return context;
		}
	}
	return null;
}

/** A date at the start of the run (14.03.2026, 03/14/2026, 2026-03-14, 14-03-26), alone or followed by the hour of a time. */
function startsWithDate(text: string, run: NumberRun): boolean {
	const { groups, separators } = run;
	if (groups.length < 3 || run.plus || run.parenthesised) return false;
	const [a, b, c] = groups.map(Number);
	const [la, lb, lc] = groups.map((group) => group.length);
	const separator = separators[1];
	if (separator === ' ' || separators[2] !== separator) return false;
	const dayMonth = la <= 2 && lb <= 2 && (lc === 4 || lc === 2) && a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
	const yearFirst = la === 4 && lb <= 2 && lc <= 2 && b >= 1 && b <= 12 && c >= 1 && c <= 31;
	if (!dayMonth && !yearFirst) return false;
	if (groups.length === 3) return true;
	// "14.03.2026 10:30": the hour is read as a fourth group; a date with more groups is something else.
	return groups.length === 4 && separators[3] === ' ' && groups[3].length <= 2 && text.charCodeAt(run.end) === 58;
}

/** What an IBAN looks like (two letters, two digits, groups of four), any case, whatever its check digits. */
export const IBAN_SHAPE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])/giu;

/** Spans of IBAN-shaped text (valid or not): the digit groups inside one are no phone or card number. */
export function ibanShapedSpans(text: string): Span[] {
	return spans(text, IBAN_SHAPE);
}

/** The runs that lie outside every span (both sorted by start), in one sweep. */
export function runsOutside(runs: readonly NumberRun[], excluded: readonly Span[]): NumberRun[] {
	const kept: NumberRun[] = [];
	let e = 0;
	for (const run of runs) {
		while (e < excluded.length && excluded[e].end <= run.start) e++;
		if (e < excluded.length && excluded[e].start < run.end) continue;
		kept.push(run);
	}
	return kept;
}

/** Whether a run of digit groups is written like a phone number (see {@link findPhones}). */
export function isPhoneRun(text: string, run: NumberRun, context: NumberContext = contextBefore(text, run.start)): boolean {
	const { digits, groups, separators } = run;
	if (digits < 7 || digits > 15) return false;
	const after = text.charCodeAt(run.end);
	if (run.end < text.length && (isWordChar(after) || after === 64)) return false;
	if (startsWithDate(text, run)) return false;
	// 123-45-6789 is written like a US social security number, not a phone number.
	if (groups.length === 3 && groups[0].length === 3 && groups[1].length === 2 && groups[2].length === 4 && separators[1] === '-' && separators[2] === '-') return false;
	if (!run.plus && (context === 'reference' || context === 'card')) return false;
	const first = groups[0];
	if (run.plus) return digits >= 8;
	if (first.startsWith('00') && first.length <= 5 && groups.length >= 2) return digits >= 9;
	if (run.parenthesised) return digits >= 9 && digits <= 12;
	if (/^0[1-9]/.test(first)) return groups.length >= 2 ? digits >= 8 && digits <= 12 : digits >= 10 && digits <= 11;
	// North American 415-555-0132 or 415.555.0132.
	if (groups.length === 3 && first.length === 3 && first[0] >= '2' && groups[1].length === 3 && groups[2].length === 4 && separators[1] !== ' ' && separators[1] === separators[2]) return true;
	// Numbers without + or trunk 0 (Spain's 600 123 456, 415 555 0132) only after a word such as "call" or "teléfono".
	return context === 'phone' && digits >= 9 && digits <= 12 && !first.startsWith('0');
}

/**
 * Phone numbers: international (+CC or 00CC), national with a trunk 0 or an area code in
 * parentheses, North American 415-555-0132, and numbers without either after a word such as "call"
 * or "teléfono"; 8–15 digits in groups. Not a phone number: a run of digit groups that is part of a
 * longer number (a card, an IBAN, a tracking number: more than 15 digits, or a fragment of one), a
 * date or a date with a time, the digits of something shaped like an IBAN, or a number after
 * "order", "invoice", "tracking", "EAN", "#" and the like.
 */
export function findPhones(text: string): Span[] {
	return runsOutside(numberRuns(text), ibanShapedSpans(text))
		.filter((run) => isPhoneRun(text, run))
		.map(({ value, start, end }) => ({ value, start, end }));
}

/** Product or plan names from the builder's list, matched as whole words regardless of case; `value` is the listed name. */
export function findProducts(text: string, products: readonly string[]): Span[] {
	const found: Span[] = [];
	for (const product of products) {
		const name = product.trim();
		if (name === '') continue;
		const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'giu');
		for (const match of text.matchAll(pattern)) found.push({ value: name, start: match.index!, end: match.index! + match[0].length });
	}
	return found.sort((a, b) => a.start - b.start);
}

/** Whether the text has an ASCII digit: order and invoice numbers, amounts, phones and IBANs all need one. */
export function hasDigit(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code >= 48 && code <= 57) return true;
	}
	return false;
}

export function findEntities(text: string, products: readonly string[] = []): Entities {
	// Most tickets have no digit, and the number patterns cost more than everything else here.
	const digits = hasDigit(text);
	return {
		orderNumbers: digits ? spans(text, ORDER, 1) : [],
		invoiceNumbers: digits ? spans(text, INVOICE, 1) : [],
		amounts: digits ? findAmounts(text) : [],
		emails: findEmails(text),
		phones: digits ? findPhones(text) : [],
		urls: spans(text, URL),
		products: findProducts(text, products),
	};
}
