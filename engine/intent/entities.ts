/**
 * Things a customer names that routing and agents need: order and invoice numbers, amounts with
 * their currency, email addresses, phone numbers, URLs, and products or plans from a builder's list.
 * Every match carries its offsets in the analysed text.
 */

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

const ORDER = /\b(?:order|ord|bestellung|bestellnummer|pedido|commande|encomenda)(?:\s*(?:number|num|no|nr|n[º°o]|#|id|nummer|número|numero|numéro))?\.?\s*[:#]?\s*#?\s*([A-Z]{0,4}-?\d[A-Z0-9-]{2,})\b/giu;
const INVOICE = /\b(?:invoice|inv|rechnung|rechnungsnummer|factura|facture|fatura|nota fiscal)(?:\s*(?:number|num|no|nr|n[º°o]|#|id|nummer|número|numero|numéro))?\.?\s*[:#]?\s*#?\s*([A-Z]{0,4}-?\d[A-Z0-9-]{2,})\b/giu;
export const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi;
/** International (+CC …) or national (leading 0 or (area)) numbers with 8–15 digits. */
export const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?|\(?0\d{1,4}\)?[\s.-]?|\(\d{3}\)\s?)\d[\d\s.-]{5,14}\d(?!\w)/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+[^\s<>"')\].,;:!?]/gi;
const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', 'R$': 'BRL', CHF: 'CHF' };
const CODES = 'USD|EUR|GBP|CHF|JPY|CAD|AUD|BRL|MXN|SEK|NOK|DKK|PLN|INR';
const NUMBER = String.raw`\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const AMOUNT = new RegExp(
	String.raw`(?:(R\$|[$€£¥]|\b(?:${CODES})\b)\s?(${NUMBER}))|(?:\b(${NUMBER})\s?(R\$|[$€£¥]|\b(?:${CODES})\b|euros?\b|dollars?\b|pounds?\b))`,
	'giu',
);

function spans(text: string, pattern: RegExp, group = 0): Span[] {
	const found: Span[] = [];
	for (const match of text.matchAll(pattern)) {
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
	for (const match of text.matchAll(AMOUNT)) {
		const symbol = match[1] ?? match[4];
		const number = match[2] ?? match[3];
		const amount = parseAmount(number);
		if (!Number.isFinite(amount)) continue;
		amounts.push({ value: match[0], start: match.index!, end: match.index! + match[0].length, amount, currency: currencyOf(symbol) });
	}
	return amounts;
}

export function findPhones(text: string): Span[] {
	return spans(text, PHONE).filter((span) => {
		const digits = span.value.replace(/\D/g, '').length;
		return digits >= 8 && digits <= 15 && !/^\d{4}-\d{2}-\d{2}/.test(span.value);
	});
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

export function findEntities(text: string, products: readonly string[] = []): Entities {
	return {
		orderNumbers: spans(text, ORDER, 1),
		invoiceNumbers: spans(text, INVOICE, 1),
		amounts: findAmounts(text),
		emails: spans(text, EMAIL),
		phones: findPhones(text),
		urls: spans(text, URL),
		products: findProducts(text, products),
	};
}
