import { Tokenizer } from 'htmlparser2';

/**
 * The text a ticket's customer actually wrote: HTML turned into plain text, quoted reply chains and
 * signatures cut off, whitespace tidied, and a documented length limit.
 *
 * Every step is linear in the length of its input, whatever the input: HTML goes through
 * htmlparser2's tokenizer (a state machine that reads each character once) with the little state
 * this needs kept in counters, not a stack of open elements (htmlparser2's own Parser, parse5 and
 * node-html-parser all search or shift such a stack per tag and turn quadratic on deeply nested
 * unclosed tags); the reply-chain rules look at lines of bounded length and a bounded number of
 * lines ahead; no regular expression here has an unbounded run next to another that overlaps it.
 */

/** Longest text analysed, in characters; the rest of a longer text is ignored (and reported as truncated). */
export const DEFAULT_MAX_TEXT_LENGTH = 20000;

export interface TicketText {
	/** Subject and body joined, cleaned and possibly truncated: what classification and detection read. */
	text: string;
	subject: string;
	body: string;
	truncated: boolean;
	/** Length of subject + body before cleaning. */
	originalLength: number;
}

const TAGS = [
	'html', 'head', 'body', 'meta', 'title', 'style', 'script', 'link', 'base', 'div', 'p', 'br', 'hr', 'span', 'font', 'a', 'b', 'i', 'u', 's', 'em', 'strong',
	'small', 'big', 'sub', 'sup', 'code', 'pre', 'tt', 'kbd', 'blockquote', 'q', 'cite', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot',
	'tr', 'td', 'th', 'caption', 'col', 'colgroup', 'img', 'picture', 'source', 'section', 'article', 'header', 'footer', 'nav', 'main', 'aside', 'figure',
	'figcaption', 'center', 'address', 'details', 'summary', 'form', 'input', 'button', 'label', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'wbr', 'mark', 'del',
	'ins', 'abbr', 'xml', 'o:p', 'v:shape', 'template', 'iframe', 'svg',
];

/** A known element's start or end tag (`<h1>`, `</section>`, a lone `<img src=…>`), a comment or a doctype. */
const HTML_MARKUP = new RegExp(`<(?:!--|!doctype\\b|/?(?:${TAGS.join('|')})(?=[\\s/>]))`, 'i');

export function looksLikeHtml(text: string): boolean {
	return HTML_MARKUP.test(text);
}

/** Elements that start and end a line of text. */
const BLOCKS = new Set([
	'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
	'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section',
	'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);
/** Elements whose content is not shown as text. */
const HIDDEN = new Set(['script', 'style', 'title', 'template', 'xml', 'head']);
const CELLS = new Set(['td', 'th']);
const LONGEST_TAG_NAME = 12;
/** Quote markers for nested blockquotes: `>` per level, up to this many (so the output stays linear in the input). */
const MAX_QUOTE_MARKERS = 8;

/**
 * HTML as the text a mail client shows: tags removed, entities decoded (`&eacute;` → é), block
 * elements and `<br>` as line breaks, white space collapsed as a browser does (kept in `<pre>`),
 * script, style, head and template content dropped, and each line inside a `<blockquote>` marked
 * with `> ` like a quoted line of a plain-text mail (so the reply-chain rules treat both alike).
 */
export function htmlToText(html: string): string {
	const out: string[] = [];
	let last = 10; // the last character written; starts as if after a line break
	let hidden = 0;
	// <head> is left by </head> or by <body> (browsers close it there too), so it is not counted in `hidden`.
	let headOpen = false;
	let quoteDepth = 0;
	let preDepth = 0;
	let tagName = '';
	// Adjacent text sections are written as one slice.
	let textStart = -1;
	let textEnd = -1;

	const write = (text: string) => {
		if (text.length === 0) return;
		out.push(text);
		last = text.charCodeAt(text.length - 1);
	};
	const lineBreak = (hard: boolean) => {
		if (hard || (last !== 10 && out.length > 0)) write('\n');
	};
	const space = () => {
		if (last !== 10 && last !== 32) write(' ');
	};
	const marker = () => `${'>'.repeat(Math.min(quoteDepth, MAX_QUOTE_MARKERS))} `;
	const writeText = (raw: string) => {
		if (hidden > 0 || headOpen || raw.length === 0) return;
		let text = preDepth > 0 ? raw.replace(/\r\n?/g, '\n') : raw.replace(/[\t\n\f\r ]{2,}|[\t\n\f\r]/g, ' ');
		if (quoteDepth > 0) {
			if (preDepth > 0) text = text.replace(/\n/g, `\n${marker()}`);
			if (last === 10) text = marker() + text;
		}
		write(text);
	};
	const flush = () => {
		if (textStart >= 0) writeText(html.slice(textStart, textEnd));
		textStart = -1;
	};
	const open = (name: string, selfClosing: boolean) => {
		if (name === 'br') return lineBreak(true);
		if (name === 'body') headOpen = false;
		if (HIDDEN.has(name)) {
			space();
			if (selfClosing) return;
			if (name === 'head') headOpen = true;
			else hidden++;
			return;
		}
		if (CELLS.has(name)) return space();
		if (BLOCKS.has(name)) {
			lineBreak(false);
			if (selfClosing) return;
			if (name === 'blockquote') quoteDepth++;
			if (name === 'pre') preDepth++;
		}
	};
	const close = (name: string) => {
		if (name === 'br') return lineBreak(true);
		if (HIDDEN.has(name)) {
			if (name === 'head') headOpen = false;
			else if (hidden > 0) hidden--;
			return space();
		}
		if (BLOCKS.has(name)) {
			if (name === 'blockquote' && quoteDepth > 0) quoteDepth--;
			if (name === 'pre' && preDepth > 0) preDepth--;
			lineBreak(false);
		}
	};
	const nameOf = (start: number, end: number) => (end - start <= LONGEST_TAG_NAME ? html.slice(start, end).toLowerCase() : '');
	const ignore = () => undefined;

	const tokenizer = new Tokenizer(
		{ decodeEntities: true },
		{
			ontext(start, end) {
				if (textStart >= 0 && start === textEnd) {
					textEnd = end;
					return;
				}
				flush();
				textStart = start;
				textEnd = end;
			},
			ontextentity(codepoint) {
				flush();
				writeText(String.fromCodePoint(codepoint));
			},
			onopentagname(start, end) {
				flush();
				tagName = nameOf(start, end);
			},
			onopentagend() {
				open(tagName, false);
			},
			onselfclosingtag() {
				open(tagName, true);
			},
			onclosetag(start, end) {
				flush();
				close(nameOf(start, end));
			},
			oncomment: flush,
			oncdata: flush,
			ondeclaration: flush,
			onprocessinginstruction: flush,
			onattribdata: ignore,
			onattribentity: ignore,
			onattribend: ignore,
			onattribname: ignore,
			onend: flush,
		},
	);
	tokenizer.write(html);
	tokenizer.end();
	return out.join('');
}

/** @deprecated the old name of {@link htmlToText}. */
export const stripHtml = htmlToText;

/** Character references with their semicolon (`&amp;`, `&#233;`, `&#xE9;`, `&eacute;`), as plain-text fields sometimes carry them. */
const ENTITY = /&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;
const decodedNames = new Map<string, string>();

function decodeEntity(entity: string): string {
	let decoded = decodedNames.get(entity);
	if (decoded === undefined) {
		decoded = htmlToText(entity);
		if (decodedNames.size < 512) decodedNames.set(entity, decoded);
	}
	return decoded;
}

/** Plain text with its character references decoded; only complete ones (with the semicolon), so "AT&T" and "&copy 2026" stay as written. */
export function decodeEntities(text: string): string {
	return text.includes('&') ? text.replace(ENTITY, decodeEntity) : text;
}

/** Header lines longer than this are sentences, not reply headers; rules are not tried on them. */
const MAX_HEADER_LENGTH = 320;

/** Lines that start the quoted earlier message in English, German, Spanish, French, Portuguese, Italian and Dutch mail clients. */
const QUOTE_HEADERS = [
	/^\s*on\b.{0,240}\bwrote:\s*$/i,
	/^\s*am\b.{0,240}\bschrieb\b.{0,80}:\s*$/i,
	/^\s*el\b.{0,240}\bescribi[oó]:\s*$/i,
	/^\s*le\b.{0,240}\ba [ée]crit\s*:\s*$/i,
	/^\s*em\b.{0,240}\bescreveu:\s*$/i,
	/^\s*il\b.{0,240}\bha scritto:\s*$/i,
	/^\s*op\b.{0,240}\bschreef\b.{0,80}:\s*$/i,
	/^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|mensaje original|message d'origine|mensagem original|messaggio originale|oorspronkelijk bericht)\s*-{2,}\s*$/i,
	/^_{10,}\s*$/,
];
/** The first words of a reply header that mail clients wrap over two or three lines. */
const WRAPPED_HEADER_START = /^\s*(?:on|am|el|le|em|il|op)\b/i;
/** The first line of an Outlook-style header block… */
const FROM_FIELD = /^\s*\*?(?:from|von|de|da|van|från)\s*:\s*\*?\s*\S/i;
/** …and the fields that follow it within a few lines. */
const HEADER_FIELD = /^\s*\*?(?:sent|date|to|cc|subject|gesendet|datum|an|betreff|enviado|enviada|fecha|para|asunto|envoy[ée]|[àa]|objet|data|assunto|inviato|oggetto|verzonden|aan|onderwerp|skickat|till|ämne)\s*:/i;
/** A line holding nothing but an email address, as when the sender's address wrapped. */
const WRAPPED_ADDRESS = /^\s*[<[(]?[^\s@<>]{1,64}@[^\s@<>]{1,255}[>\])]?\s*$/;
const SIGNATURES = [
	/^--\s*$/,
	/^\s*sent from my \w+/i,
	/^\s*get outlook for\b/i,
	/^\s*gesendet von meinem\b/i,
	/^\s*enviado desde mi\b/i,
	/^\s*envoy[ée] de mon\b/i,
	/^\s*enviado do meu\b/i,
	/^\s*inviato da\b/i,
];

/** Up to `count` non-empty lines among the next few from `start` on, each no longer than a header line; stops at a longer one. */
function nextNonEmpty(lines: readonly string[], start: number, count: number): string[] {
	const found: string[] = [];
	for (let index = start; index < lines.length && index < start + 8 && found.length < count; index++) {
		if (lines[index].trim() === '') continue;
		if (lines[index].length > MAX_HEADER_LENGTH) break;
		found.push(lines[index]);
	}
	return found;
}

const isHeader = (line: string) => line.length <= MAX_HEADER_LENGTH && QUOTE_HEADERS.some((header) => header.test(line));

/** Whether line `index` starts a quoted message: a reply header (also one wrapped over up to three lines) or an Outlook header block. */
function startsQuotedMessage(lines: readonly string[], index: number): boolean {
	const line = lines[index];
	if (line.length > MAX_HEADER_LENGTH) return false;
	if (isHeader(line)) return true;
	if (WRAPPED_HEADER_START.test(line)) {
		// "On Mon, 4 May 2026 at 10:00, Support Team <support@example.com>" / "wrote:": a header has a date or an address.
		let joined = line;
		for (let next = index + 1; next <= index + 2 && next < lines.length && lines[next].length <= MAX_HEADER_LENGTH; next++) {
			joined = `${joined.trimEnd()} ${lines[next].trim()}`;
			if (/[\d@]/.test(joined) && isHeader(joined)) return true;
		}
	}
	if (FROM_FIELD.test(line)) {
		// "De: …" alone is a sentence; "De: …" with "Enviado: …" (or "Para:", "Asunto:", …) on the next line is a header
		// block, also when the sender's address wrapped onto a line of its own in between.
		const following = nextNonEmpty(lines, index + 1, 2);
		if (following.length > 0 && HEADER_FIELD.test(following[0])) return true;
		if (following.length > 1 && WRAPPED_ADDRESS.test(following[0]) && HEADER_FIELD.test(following[1])) return true;
	}
	return false;
}

/** Cuts the quoted reply chain and the signature: everything from the first quote header or signature line on; drops `>` lines. */
export function stripQuotedReplies(text: string): string {
	const lines = text.split(/\r?\n/);
	const kept: string[] = [];
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index];
		if (!/\S/.test(line)) {
			kept.push(line);
			continue;
		}
		if (startsQuotedMessage(lines, index) || (line.length <= MAX_HEADER_LENGTH && SIGNATURES.some((signature) => signature.test(line)))) break;
		if (/^\s*>/.test(line)) continue;
		kept.push(line);
	}
	return kept.join('\n');
}

function tidy(text: string): string {
	return text
		// Runs of two or more and the other blanks only: replacing every single space with itself costs a match each.
		.replace(/[\t\f\v\u00a0 ]{2,}|[\t\f\v\u00a0]/g, ' ')
		.replace(/ ?\r?\n ?/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** The field as plain text: HTML converted when it looks like HTML, character references decoded. */
function toPlain(raw: string): string {
	return looksLikeHtml(raw) ? htmlToText(raw) : decodeEntities(raw);
}

/** Cleans one field (HTML when it looks like HTML, then quotes and signatures). */
export function cleanText(raw: string): string {
	return tidy(stripQuotedReplies(toPlain(raw)));
}

/**
 * One field as plain text with everything kept: HTML converted, whitespace tidied, but the quoted
 * reply chain and the signature left in (quoted HTML lines marked `> `). What PII redaction reads,
 * so personal data in the quoted messages is found too.
 */
export function plainText(raw: string): string {
	return tidy(toPlain(raw));
}

/**
 * Subject and body cleaned and joined. Texts longer than `maxLength` are cut at `maxLength`
 * characters (before cleaning too, so an enormous body never costs more than a bounded amount of work).
 */
export function ticketText(subject: string, body: string, maxLength = DEFAULT_MAX_TEXT_LENGTH): TicketText {
	const originalLength = subject.length + body.length;
	const rawLimit = maxLength * 4;
	const cleanSubject = cleanText(subject.slice(0, rawLimit));
	const cleanBody = cleanText(body.slice(0, rawLimit));
	let text = [cleanSubject, cleanBody].filter((part) => part.length > 0).join('\n');
	const truncated = text.length > maxLength || subject.length > rawLimit || body.length > rawLimit;
	if (text.length > maxLength) text = text.slice(0, maxLength);
	return { text, subject: cleanSubject, body: cleanBody, truncated, originalLength };
}
