/**
 * A generated corpus of ticket texts with the personal data in them marked, for measuring PII
 * detection: valid card numbers, IBANs, emails, phone numbers and national ids (US SSN, UK NINO,
 * ES DNI/NIE, DE Steuer-ID) written the ways customers write them, inside ticket sentences in
 * English, German, Spanish, French, Portuguese, Italian and Dutch; plus things that must not be
 * reported: the same kinds of numbers with a wrong check digit or shape, and dates, timestamps,
 * order and invoice numbers, amounts, tracking numbers, versions and IP addresses.
 *
 * Deterministic: the same seed gives the same corpus (mulberry32).
 */
import { int, mulberry32, pick, type Random } from './random';

export type GoldType = 'email' | 'phone' | 'card' | 'iban' | 'us_ssn' | 'uk_nino' | 'es_dni' | 'es_nie' | 'de_tax_id';
export const GOLD_TYPES: readonly GoldType[] = ['email', 'phone', 'card', 'iban', 'us_ssn', 'uk_nino', 'es_dni', 'es_nie', 'de_tax_id'];

export interface GoldSpan {
	type: GoldType;
	value: string;
	start: number;
	end: number;
}

/** Something that looks like PII or a number but is not personal data; no detector should report it. */
export interface DecoySpan {
	kind: string;
	value: string;
	start: number;
	end: number;
}

export interface CorpusDoc {
	language: string;
	text: string;
	pii: GoldSpan[];
	decoys: DecoySpan[];
}

const digits = (random: Random, count: number) => Array.from({ length: count }, () => int(random, 10)).join('');
const letters = (random: Random, count: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') => Array.from({ length: count }, () => pick(random, alphabet.split(''))).join('');

function luhnCheckDigit(payload: string): number {
	let sum = 0;
	for (let i = 0; i < payload.length; i++) {
		let digit = Number(payload[payload.length - 1 - i]);
		if (i % 2 === 0) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return (10 - (sum % 10)) % 10;
}

function group(value: string, sizes: readonly number[], separator: string): string {
	const parts: string[] = [];
	let at = 0;
	for (const size of sizes) {
		if (at >= value.length) break;
		parts.push(value.slice(at, at + size));
		at += size;
	}
	if (at < value.length) parts.push(value.slice(at));
	return parts.join(separator);
}

const CARD_BRANDS: Array<{ prefixes: string[]; length: number; groups: number[] }> = [
	{ prefixes: ['4'], length: 16, groups: [4, 4, 4, 4] },
	{ prefixes: ['4'], length: 13, groups: [4, 4, 5] },
	{ prefixes: ['51', '52', '53', '54', '55', '2221', '2500', '2720'], length: 16, groups: [4, 4, 4, 4] },
	{ prefixes: ['34', '37'], length: 15, groups: [4, 6, 5] },
	{ prefixes: ['6011', '65'], length: 16, groups: [4, 4, 4, 4] },
	{ prefixes: ['3528', '3589'], length: 16, groups: [4, 4, 4, 4] },
	{ prefixes: ['36'], length: 14, groups: [4, 6, 4] },
	{ prefixes: ['62'], length: 19, groups: [4, 4, 4, 4, 3] },
];

/** A card number that passes (or, `valid` false, fails) the Luhn check, written plain or in groups with spaces, dashes or dots. */
export function cardNumber(random: Random, valid = true): string {
	const brand = pick(random, CARD_BRANDS);
	const prefix = pick(random, brand.prefixes);
	const payload = prefix + digits(random, brand.length - prefix.length - 1);
	const check = luhnCheckDigit(payload);
	const number = payload + String(valid ? check : (check + 1 + int(random, 9)) % 10);
	const style = int(random, 5);
	if (style === 0) return number;
	return group(number, brand.groups, [' ', ' ', '-', '.'][style - 1]);
}

const IBAN_FORMATS: Array<{ country: string; bban: (random: Random) => string }> = [
	{ country: 'DE', bban: (random) => digits(random, 18) },
	{ country: 'GB', bban: (random) => letters(random, 4) + digits(random, 14) },
	{ country: 'FR', bban: (random) => digits(random, 10) + letters(random, 1, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789') + digits(random, 10) + digits(random, 2) },
	{ country: 'ES', bban: (random) => digits(random, 20) },
	{ country: 'IT', bban: (random) => letters(random, 1) + digits(random, 10) + digits(random, 12) },
	{ country: 'NL', bban: (random) => letters(random, 4) + digits(random, 10) },
	{ country: 'BE', bban: (random) => digits(random, 12) },
	{ country: 'AT', bban: (random) => digits(random, 16) },
	{ country: 'CH', bban: (random) => digits(random, 17) },
	{ country: 'PT', bban: (random) => digits(random, 21) },
	{ country: 'PL', bban: (random) => digits(random, 24) },
	{ country: 'IE', bban: (random) => letters(random, 4) + digits(random, 14) },
];

function mod97(text: string): number {
	let remainder = 0;
	for (const char of text) {
		const value = char >= 'A' ? String(char.charCodeAt(0) - 55) : char;
		for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
	}
	return remainder;
}

/** An IBAN with a right (or, `valid` false, wrong) mod-97 check, compact or in groups of four, sometimes in lower case. */
export function iban(random: Random, valid = true): string {
	const format = pick(random, IBAN_FORMATS);
	const bban = format.bban(random);
	const check = 98 - mod97(`${bban}${format.country}00`);
	const wrong = (check + 1 + int(random, 90)) % 97;
	const checkDigits = String(valid ? check : wrong < 2 ? wrong + 2 : wrong).padStart(2, '0');
	const compact = `${format.country}${checkDigits}${bban}`;
	const written = int(random, 2) === 0 ? compact : group(compact, Array(9).fill(4), ' ');
	return int(random, 5) === 0 ? written.toLowerCase() : written;
}

const FIRST = ['ana', 'jonas', 'maria', 'pierre', 'joao', 'giulia', 'sanne', 'john', 'li', 'fatima', 'oliver', 'lucia'];
const LAST = ['garcia', 'mueller', 'schmidt', 'dupont', 'silva', 'rossi', 'dejong', 'smith', 'nguyen', 'kowalski', 'oconnor'];
const DOMAINS = ['example.com', 'gmail.com', 'web.de', 'empresa.es', 'orange.fr', 'sapo.pt', 'libero.it', 'ziggo.nl', 'mail.example.co.uk', 'support.acme-corp.io', 'uni-hamburg.de'];

export function email(random: Random): string {
	const first = pick(random, FIRST);
	const last = pick(random, LAST);
	const local = [`${first}.${last}`, `${first[0]}${last}`, `${first}_${last}${int(random, 100)}`, `${first}+tickets`, `${first}.${last}-${int(random, 10)}`][int(random, 5)];
	const address = `${local}@${pick(random, DOMAINS)}`;
	return int(random, 6) === 0 ? address[0].toUpperCase() + address.slice(1) : address;
}

/** Phone numbers as people write them in the seven languages' countries, international and national. */
const PHONES: Array<(random: Random) => string> = [
	(random) => `+49 30 ${digits(random, 7)}`,
	(random) => `+49 (0)30 ${digits(random, 7)}`,
	(random) => `030 ${digits(random, 7)}`,
	(random) => `030/${digits(random, 7)}`,
	(random) => `0171 ${digits(random, 7)}`,
	(random) => `0049 89 ${digits(random, 8)}`,
	(random) => `+1 415 555 ${digits(random, 4)}`,
	(random) => `+1 (415) 555-${digits(random, 4)}`,
	(random) => `(212) 555-${digits(random, 4)}`,
	(random) => `415-555-${digits(random, 4)}`,
	(random) => `+44 20 7946 ${digits(random, 4)}`,
	(random) => `020 7946 ${digits(random, 4)}`,
	(random) => `07700 ${digits(random, 6)}`,
	(random) => `+34 600 ${digits(random, 3)} ${digits(random, 3)}`,
	(random) => `+34 912 ${digits(random, 3)} ${digits(random, 3)}`,
	(random) => `+33 6 ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)}`,
	(random) => `06 ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)}`,
	(random) => `01.${digits(random, 2)}.${digits(random, 2)}.${digits(random, 2)}.${digits(random, 2)}`,
	(random) => `+351 912 ${digits(random, 3)} ${digits(random, 3)}`,
	(random) => `+39 06 ${digits(random, 4)} ${digits(random, 4)}`,
	(random) => `+39 347 ${digits(random, 3)} ${digits(random, 4)}`,
	(random) => `+31 20 ${digits(random, 3)} ${digits(random, 4)}`,
	(random) => `020-${digits(random, 7)}`,
	(random) => `06-${digits(random, 8)}`,
];
/** Numbers that only read as phone numbers after a word such as "call" or "teléfono" (no + or trunk 0). */
const CONTEXT_PHONES: Array<(random: Random) => string> = [
	(random) => `600 ${digits(random, 3)} ${digits(random, 3)}`,
	(random) => `912 ${digits(random, 3)} ${digits(random, 3)}`,
	(random) => `415 555 ${digits(random, 4)}`,
];

export function phone(random: Random): string {
	return pick(random, PHONES)(random);
}

function ssnParts(random: Random): [string, string, string] {
	let area = '';
	do area = digits(random, 3);
	while (area === '000' || area === '666' || area[0] === '9');
	let groupPart = '';
	do groupPart = digits(random, 2);
	while (groupPart === '00');
	let serial = '';
	do serial = digits(random, 4);
	while (serial === '0000');
	return [area, groupPart, serial];
}

export function ssn(random: Random, valid = true): string {
	const [area, groupPart, serial] = ssnParts(random);
	return `${valid ? area : pick(random, ['000', '666', `9${digits(random, 2)}`])}-${groupPart}-${serial}`;
}

export function nino(random: Random, valid = true): string {
	const first = 'ABCEGHJKLMNOPRSTWXYZ';
	const second = 'ABCEGHJKLMNPRSTWXYZ';
	let prefix = '';
	do prefix = letters(random, 1, first) + letters(random, 1, second);
	while (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix));
	const suffix = valid ? letters(random, 1, 'ABCD') : 'E';
	const numbers = digits(random, 6);
	const written = valid || int(random, 2) === 0 ? `${prefix}${numbers}${suffix}` : `GB${numbers}${letters(random, 1, 'ABCD')}`;
	return int(random, 2) === 0 ? written : `${written.slice(0, 2)} ${written.slice(2, 4)} ${written.slice(4, 6)} ${written.slice(6, 8)} ${written.slice(8)}`;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function dni(random: Random, valid = true): string {
	const number = digits(random, 8);
	const right = DNI_LETTERS[Number(number) % 23];
	const letter = valid ? right : DNI_LETTERS[(DNI_LETTERS.indexOf(right) + 1 + int(random, 22)) % 23];
	return int(random, 3) === 0 ? `${number}-${letter}` : `${number}${letter}`;
}

export function nie(random: Random, valid = true): string {
	const prefix = pick(random, ['X', 'Y', 'Z']);
	const number = digits(random, 7);
	const right = DNI_LETTERS[Number(`${'XYZ'.indexOf(prefix)}${number}`) % 23];
	const letter = valid ? right : DNI_LETTERS[(DNI_LETTERS.indexOf(right) + 1 + int(random, 22)) % 23];
	return `${prefix}${number}${letter}`;
}

function taxIdCheck(first10: string): number {
	let product = 10;
	for (const digit of first10) {
		let sum = (Number(digit) + product) % 10;
		if (sum === 0) sum = 10;
		product = (sum * 2) % 11;
	}
	return (11 - product) % 10;
}

/** A German Steuer-IdNr: ten digits in which exactly one digit repeats (twice or three times), no leading 0, and the check digit. */
export function germanTaxId(random: Random, valid = true): string {
	let first10 = '';
	for (;;) {
		const pool = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
		for (let i = pool.length - 1; i > 0; i--) {
			const j = int(random, i + 1);
			[pool[i], pool[j]] = [pool[j], pool[i]];
		}
		const repeats = 2 + int(random, 2);
		const chosen = pool.slice(0, 11 - repeats);
		const list = [...chosen, ...Array(repeats - 1).fill(chosen[0])];
		for (let i = list.length - 1; i > 0; i--) {
			const j = int(random, i + 1);
			[list[i], list[j]] = [list[j], list[i]];
		}
		first10 = list.join('');
		if (first10[0] !== '0') break;
	}
	const check = taxIdCheck(first10);
	const id = first10 + String(valid ? check : (check + 1 + int(random, 9)) % 10);
	return int(random, 3) === 0 ? `${id.slice(0, 2)} ${id.slice(2, 5)} ${id.slice(5, 8)} ${id.slice(8)}` : id;
}

const pad2 = (value: number) => String(value).padStart(2, '0');

/** Dates, times, order and invoice numbers, amounts, tracking numbers, timestamps, versions and IP addresses, by the sentences they fit. */
type DecoyGroup = 'time' | 'reference' | 'amount' | 'technical';
const DECOYS: Record<DecoyGroup, Array<{ kind: string; make: (random: Random) => string }>> = {
	time: [
		{ kind: 'date', make: (random) => `2026-${pad2(1 + int(random, 12))}-${pad2(1 + int(random, 28))}` },
		{ kind: 'date', make: (random) => `${pad2(1 + int(random, 28))}.${pad2(1 + int(random, 12))}.2026` },
		{ kind: 'date', make: (random) => `${pad2(1 + int(random, 12))}/${pad2(1 + int(random, 28))}/2026` },
		{ kind: 'date', make: (random) => `${pad2(1 + int(random, 28))}/${pad2(1 + int(random, 12))}/2025` },
		{ kind: 'date', make: (random) => `${pad2(1 + int(random, 28))}-${pad2(1 + int(random, 12))}-2026` },
		{ kind: 'date', make: (random) => `${pad2(1 + int(random, 28))}.${pad2(1 + int(random, 12))}.26` },
		{ kind: 'timestamp', make: (random) => `2026-03-${pad2(1 + int(random, 28))} ${pad2(int(random, 24))}:${pad2(int(random, 60))}` },
		{ kind: 'timestamp', make: (random) => `2026-03-${pad2(1 + int(random, 28))}T${pad2(int(random, 24))}:${pad2(int(random, 60))}:00Z` },
		{ kind: 'timestamp', make: (random) => `2026-03-${pad2(1 + int(random, 28))}T${pad2(int(random, 24))}:${pad2(int(random, 60))}:00+01:00` },
		{ kind: 'timestamp', make: (random) => `${pad2(1 + int(random, 28))}.03.2026 ${pad2(int(random, 24))}:${pad2(int(random, 60))}` },
		{ kind: 'timestamp', make: (random) => `03/${pad2(1 + int(random, 28))}/2026 ${pad2(int(random, 24))}:${pad2(int(random, 60))}` },
	],
	reference: [
		{ kind: 'order', make: (random) => `#${digits(random, 9)}` },
		{ kind: 'order', make: (random) => `${3 + int(random, 6)}${digits(random, 2)}-${digits(random, 7)}-${digits(random, 7)}` },
		{ kind: 'order', make: (random) => `00${digits(random, 8)}` },
		{ kind: 'order', make: (random) => `45${digits(random, 8)}` },
		{ kind: 'order', make: (random) => `${1 + int(random, 9)}${digits(random, 15)}` },
		{ kind: 'order', make: (random) => `SO-${digits(random, 6)}` },
		{ kind: 'invoice', make: (random) => `INV-2026-${digits(random, 6)}` },
		{ kind: 'invoice', make: (random) => `RE-${digits(random, 4)}/${digits(random, 2)}` },
		{ kind: 'tracking', make: (random) => `1Z${letters(random, 3, 'ABCDEFGHJKLMNPRSTVWXY0123456789')}${digits(random, 3)}${digits(random, 10)}` },
		{ kind: 'tracking', make: (random) => `9400 ${digits(random, 4)} ${digits(random, 4)} ${digits(random, 4)} ${digits(random, 4)} ${digits(random, 2)}` },
		{ kind: 'tracking', make: (random) => `00340${digits(random, 15)}` },
		{ kind: 'tracking', make: (random) => `JJD${digits(random, 18)}` },
		{ kind: 'tracking', make: (random) => `${1 + int(random, 9)}${digits(random, 3)} ${digits(random, 4)} ${digits(random, 4)}` },
		{ kind: 'barcode', make: (random) => `EAN ${pick(random, ['40', '41', '42', '43', '50', '54', '62', '69'])}${digits(random, 11)}` },
		{ kind: 'imei', make: (random) => `IMEI ${pick(random, ['35', '86', '01'])}${digits(random, 13)}` },
		{ kind: 'postcode', make: (random) => `${digits(random, 5)} ${pick(random, ['Berlin', 'Madrid', 'Paris', 'Milano'])}` },
	],
	amount: [
		{ kind: 'amount', make: (random) => `€${int(random, 9) + 1}.${digits(random, 3)},${digits(random, 2)}` },
		{ kind: 'amount', make: (random) => `$${int(random, 9) + 1},${digits(random, 3)}.${digits(random, 2)}` },
		{ kind: 'amount', make: (random) => `${int(random, 900) + 100} ${digits(random, 3)},${digits(random, 2)} €` },
		{ kind: 'amount', make: (random) => `EUR ${int(random, 90) + 10}.${digits(random, 3)},00` },
		{ kind: 'amount', make: (random) => `${int(random, 9) + 1}.${digits(random, 3)}.${digits(random, 3)} COP` },
	],
	technical: [
		{ kind: 'timestamp', make: (random) => `2026-03-14 09:30:${pad2(int(random, 60))},${digits(random, 3)}` },
		{ kind: 'timestamp', make: (random) => `17${digits(random, 8)}` },
		{ kind: 'timestamp', make: (random) => `17${digits(random, 11)}` },
		{ kind: 'version', make: (random) => `v${int(random, 5)}.${int(random, 20)}.${int(random, 10)}` },
		{ kind: 'ip', make: (random) => `192.168.${int(random, 255)}.${int(random, 255)}` },
		{ kind: 'build', make: (random) => `${digits(random, 4)}.${digits(random, 4)}.${digits(random, 4)}.${digits(random, 4)}` },
		{ kind: 'image', make: () => 'logo@2x.png' },
	],
};

/** PII look-alikes that fail a check digit or a shape rule: written where the real value would be (a mistyped card, an old address). */
const INVALID: Partial<Record<GoldType, (random: Random) => string>> = {
	card: (random) => cardNumber(random, false),
	iban: (random) => iban(random, false),
	email: (random) => pick(random, [`${pick(random, FIRST)}@localhost`, `${pick(random, FIRST)}.${pick(random, LAST)}.example.com`, `${pick(random, FIRST)}@@example.com`, `${pick(random, FIRST)} at example dot com`]),
	phone: (random) => pick(random, [`030 ${digits(random, 3)}`, `+49 ${digits(random, 3)}`, `0${digits(random, 3)}`]),
	us_ssn: (random) => ssn(random, false),
	uk_nino: (random) => nino(random, false),
	es_dni: (random) => dni(random, false),
	es_nie: (random) => nie(random, false),
	de_tax_id: (random) => germanTaxId(random, false),
};

type Slot = { pii: GoldType } | { decoy: DecoyGroup } | { contextPhone: true };
interface Template {
	text: string;
	slot: Slot;
}

const t = (text: string, slot: Slot): Template => ({ text, slot });
const P = (type: GoldType) => ({ pii: type });
const TIME = { decoy: 'time' } as const;
const REF = { decoy: 'reference' } as const;
const AMOUNT = { decoy: 'amount' } as const;
const TECH = { decoy: 'technical' } as const;
const CP = { contextPhone: true } as const;

/** Sentences with one `{}` for the value, per language. */
const TEMPLATES: Record<string, Template[]> = {
	en: [
		t('My card {} was charged twice this month.', P('card')),
		t('Please refund the payment to card number {}, thanks.', P('card')),
		t('You can send the money to my IBAN {} instead.', P('iban')),
		t('Reply to {} as I no longer read the old inbox.', P('email')),
		t('Call me back on {} after 5pm.', P('phone')),
		t('My phone: {}.', P('phone')),
		t('My SSN is {} if you need to verify me.', P('us_ssn')),
		t('National Insurance number {} for the payroll export.', P('uk_nino')),
		t('Can you call me at {} please?', CP),
		t('Here it is: {}.', P('card')),
		t('Details: {}.', P('iban')),
		t('From <{}> originally.', P('email')),
		t('{} is my number.', P('phone')),
		t('Forwarding from {} (my work account).', P('email')),
		t('The package was sent on {} and has not arrived.', TIME),
		t('Reference {} still shows as pending.', REF),
		t('I paid {} but the invoice says something else.', AMOUNT),
		t('Order {} is missing one item.', REF),
		t('Tracking number {} has not moved since Monday.', REF),
		t('The log line shows {} before it crashed.', TECH),
		t('It started on {} after the update.', TIME),
	],
	de: [
		t('Meine Kreditkarte {} wurde doppelt belastet.', P('card')),
		t('Bitte überweisen Sie den Betrag auf IBAN {} zurück.', P('iban')),
		t('Bitte antworten Sie an {} und nicht an die alte Adresse.', P('email')),
		t('Rufen Sie mich bitte unter {} zurück.', P('phone')),
		t('Tel.: {}.', P('phone')),
		t('Hier die Daten: {}.', P('card')),
		t('Konto {} (Sparkasse)', P('iban')),
		t('Meine Steuer-ID lautet {}.', P('de_tax_id')),
		t('Die Sendung ist seit dem {} unterwegs.', TIME),
		t('Bestellnummer {} fehlt noch.', REF),
		t('Ich habe {} bezahlt, aber nichts erhalten.', AMOUNT),
		t('Die Rechnung {} ist falsch.', REF),
		t('Seit {} funktioniert die App nicht mehr.', TIME),
	],
	es: [
		t('Me cobraron dos veces en la tarjeta {}.', P('card')),
		t('Devuelvan el dinero a la cuenta {} por favor.', P('iban')),
		t('Escríbanme a {} por favor.', P('email')),
		t('Mi teléfono es {} por las mañanas.', P('phone')),
		t('Mi DNI es {} y el titular soy yo.', P('es_dni')),
		t('Tengo NIE {} desde el año pasado.', P('es_nie')),
		t('Llámame al {} cuando puedas.', CP),
		t('El pedido {} no ha llegado.', REF),
		t('Pagué {} y no recibí nada.', AMOUNT),
		t('Desde el {} no puedo entrar.', TIME),
		t('El número de seguimiento {} no existe.', REF),
	],
	fr: [
		t('Ma carte {} a été débitée deux fois.', P('card')),
		t('Merci de rembourser sur mon IBAN {}.', P('iban')),
		t('Répondez-moi à {} s’il vous plaît.', P('email')),
		t('Vous pouvez me joindre au {} demain.', P('phone')),
		t('La commande {} est incomplète.', REF),
		t('J’ai payé {} pour rien.', AMOUNT),
		t('Depuis le {} rien ne marche.', TIME),
		t('La facture {} est erronée.', REF),
	],
	pt: [
		t('O meu cartão {} foi cobrado duas vezes.', P('card')),
		t('Devolvam o valor para o IBAN {}.', P('iban')),
		t('Respondam para {} por favor.', P('email')),
		t('O meu telefone é {}.', P('phone')),
		t('A encomenda {} ainda não chegou.', REF),
		t('Paguei {} e não recebi nada.', AMOUNT),
		t('Desde {} não consigo entrar.', TIME),
	],
	it: [
		t('La mia carta {} è stata addebitata due volte.', P('card')),
		t('Rimborsate sul conto {} per favore.', P('iban')),
		t('Scrivetemi a {} grazie.', P('email')),
		t('Il mio numero di telefono è {}.', P('phone')),
		t('L’ordine {} non è mai arrivato.', REF),
		t('Ho pagato {} senza ricevere nulla.', AMOUNT),
		t('Dal {} non riesco ad accedere.', TIME),
	],
	nl: [
		t('Mijn kaart {} is twee keer belast.', P('card')),
		t('Stort het bedrag terug op {} alstublieft.', P('iban')),
		t('Mail mij op {} graag.', P('email')),
		t('Bel me op {} na vijf uur.', P('phone')),
		t('Bestelling {} is niet compleet.', REF),
		t('Ik heb {} betaald en niets ontvangen.', AMOUNT),
		t('Sinds {} werkt de app niet.', TIME),
	],
};

const FILLER: Record<string, string[]> = {
	en: ['Hello support,', 'Hi team,', 'Thanks in advance.', 'This is really urgent for us.', 'Best regards, Ana'],
	de: ['Hallo zusammen,', 'Guten Tag,', 'Vielen Dank im Voraus.', 'Mit freundlichen Grüßen'],
	es: ['Hola,', 'Buenos días,', 'Gracias de antemano.', 'Un saludo'],
	fr: ['Bonjour,', 'Merci d’avance.', 'Cordialement'],
	pt: ['Olá,', 'Bom dia,', 'Obrigado desde já.', 'Cumprimentos'],
	it: ['Buongiorno,', 'Grazie mille.', 'Cordiali saluti'],
	nl: ['Hallo,', 'Alvast bedankt.', 'Met vriendelijke groet'],
};

const GENERATORS: Record<GoldType, (random: Random) => string> = {
	email,
	phone,
	card: (random) => cardNumber(random),
	iban: (random) => iban(random),
	us_ssn: (random) => ssn(random),
	uk_nino: (random) => nino(random),
	es_dni: (random) => dni(random),
	es_nie: (random) => nie(random),
	de_tax_id: (random) => germanTaxId(random),
};

/** `count` tickets of one to four sentences each; every value's offsets are exact. */
export function piiCorpus(seed = 16, count = 3000): CorpusDoc[] {
	const random = mulberry32(seed);
	const languages = Object.keys(TEMPLATES);
	const docs: CorpusDoc[] = [];
	for (let n = 0; n < count; n++) {
		const language = pick(random, languages);
		const pii: GoldSpan[] = [];
		const decoys: DecoySpan[] = [];
		let text = '';
		const append = (part: string) => {
			text += text === '' ? part : pick(random, [' ', ' ', '\n']) + part;
		};
		if (int(random, 2) === 0) append(pick(random, FILLER[language]));
		const sentences = 1 + int(random, 3);
		for (let s = 0; s < sentences; s++) {
			const template = pick(random, TEMPLATES[language]);
			let value: string;
			let mark: (start: number) => void;
			const invalid = 'pii' in template.slot ? INVALID[template.slot.pii] : undefined;
			if ('pii' in template.slot && invalid && int(random, 4) === 0) {
				const kind = `invalid_${template.slot.pii}`;
				value = invalid(random);
				mark = (start) => decoys.push({ kind, value, start, end: start + value.length });
			} else if ('pii' in template.slot) {
				const type = template.slot.pii;
				value = GENERATORS[type](random);
				mark = (start) => pii.push({ type, value, start, end: start + value.length });
			} else if ('contextPhone' in template.slot) {
				value = pick(random, CONTEXT_PHONES)(random);
				mark = (start) => pii.push({ type: 'phone', value, start, end: start + value.length });
			} else {
				const decoy = pick(random, DECOYS[template.slot.decoy]);
				value = decoy.make(random);
				mark = (start) => decoys.push({ kind: decoy.kind, value, start, end: start + value.length });
			}
			const [before, after] = template.text.split('{}');
			const prefix = text === '' ? '' : ' ';
			mark(text.length + prefix.length + before.length);
			text += prefix + before + value + after;
		}
		if (int(random, 3) === 0) append(pick(random, FILLER[language]));
		docs.push({ language, text, pii, decoys });
	}
	return docs;
}

export interface TypeScore {
	type: GoldType;
	truePositives: number;
	falsePositives: number;
	falseNegatives: number;
	precision: number;
	recall: number;
}

export interface CorpusScore {
	byType: TypeScore[];
	/** Share of all marked values covered by some reported match, of any type: what redaction cares about. */
	redactionRecall: number;
	/** Reported matches that overlap a decoy, by decoy kind. */
	decoyHits: Record<string, number>;
	falsePositiveExamples: string[];
	falseNegativeExamples: string[];
}

interface Found {
	type: string;
	start: number;
	end: number;
	value: string;
}

/**
 * Scores a detector on the corpus: a reported match is right when it has the value's type and
 * covers the whole value, reaching at most 3 characters beyond it on either side.
 */
export function scoreCorpus(docs: readonly CorpusDoc[], detect: (text: string) => Found[]): CorpusScore {
	const counts = new Map(GOLD_TYPES.map((type) => [type, { tp: 0, fp: 0, fn: 0 }]));
	let covered = 0;
	let total = 0;
	const decoyHits: Record<string, number> = {};
	const falsePositiveExamples: string[] = [];
	const falseNegativeExamples: string[] = [];
	for (const doc of docs) {
		const found = detect(doc.text);
		const matched = new Set<Found>();
		for (const gold of doc.pii) {
			total++;
			if (found.some((match) => match.start <= gold.start && match.end >= gold.end)) covered++;
			const hit = found.find((match) => match.type === gold.type && match.start <= gold.start && match.end >= gold.end && gold.start - match.start <= 3 && match.end - gold.end <= 3);
			if (hit) {
				matched.add(hit);
				counts.get(gold.type)!.tp++;
			} else {
				counts.get(gold.type)!.fn++;
				if (falseNegativeExamples.length < 40) {
					const got = found.filter((match) => match.start < gold.end && gold.start < match.end).map((match) => `${match.type}:${JSON.stringify(match.value)}`);
					falseNegativeExamples.push(`${gold.type} ${JSON.stringify(gold.value)} → ${got.join(', ') || 'nothing'}`);
				}
			}
		}
		for (const match of found) {
			if (matched.has(match)) continue;
			const count = counts.get(match.type as GoldType);
			if (count) count.fp++;
			const decoy = doc.decoys.find((candidate) => candidate.start < match.end && match.start < candidate.end);
			if (decoy) decoyHits[decoy.kind] = (decoyHits[decoy.kind] ?? 0) + 1;
			if (falsePositiveExamples.length < 40) falsePositiveExamples.push(`${match.type} ${JSON.stringify(match.value)}${decoy ? ` (${decoy.kind} ${JSON.stringify(decoy.value)})` : ''}`);
		}
	}
	const byType = GOLD_TYPES.map((type) => {
		const { tp, fp, fn } = counts.get(type)!;
		return { type, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
	});
	return { byType, redactionRecall: total === 0 ? 1 : covered / total, decoyHits, falsePositiveExamples, falseNegativeExamples };
}
