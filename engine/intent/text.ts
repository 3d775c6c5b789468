/**
 * The text a ticket's customer actually wrote: HTML turned into plain text, quoted reply chains and
 * signatures cut off, whitespace tidied, and a documented length limit.
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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function looksLikeHtml(text: string): boolean {
	return /<(?:html|body|div|p|br|span|table|a|b|i|strong|em|blockquote|ul|li|font)\b[^>]*>/i.test(text);
}

export function stripHtml(html: string): string {
	return html
		.replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
		.replace(/<blockquote\b[^>]*>[\s\S]*?<\/blockquote\s*>/gi, '\n')
		.replace(/<br\s*\/?>|<\/(?:p|div|li|tr|h[1-6])\s*>/gi, '\n')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (match, name: string) => {
			const lower = name.toLowerCase();
			if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
			if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
			return ENTITIES[lower] ?? match;
		});
}

/** Lines that start the quoted earlier message in English, German, Spanish, French and Portuguese mail clients. */
const QUOTE_HEADERS = [
	/^\s*on\b.{0,200}\bwrote:\s*$/i,
	/^\s*am\b.{0,200}\bschrieb\b.{0,80}:\s*$/i,
	/^\s*el\b.{0,200}\bescribi[oó]:\s*$/i,
	/^\s*le\b.{0,200}\ba [ée]crit\s*:\s*$/i,
	/^\s*em\b.{0,200}\bescreveu:\s*$/i,
	/^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|mensaje original|message d'origine|mensagem original)\s*-{2,}\s*$/i,
	/^\s*(?:from|von|de):\s.+$/i,
	/^_{10,}\s*$/,
];

const SIGNATURES = [/^--\s*$/, /^\s*sent from my \w+/i, /^\s*gesendet von meinem\b/i, /^\s*enviado desde mi\b/i, /^\s*envoy[ée] de mon\b/i];

/** Cuts the quoted reply chain and the signature: everything from the first quote header or signature line on. */
export function stripQuotedReplies(text: string): string {
	const kept: string[] = [];
	for (const line of text.split(/\r?\n/)) {
		if (QUOTE_HEADERS.some((header) => header.test(line)) || SIGNATURES.some((signature) => signature.test(line))) break;
		if (/^\s*>/.test(line)) continue;
		kept.push(line);
	}
	return kept.join('\n');
}

function tidy(text: string): string {
	return text
		.replace(/[\t\f\v\u00a0 ]+/g, ' ')
		.replace(/ *\n */g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** Cleans one field (HTML when it looks like HTML, then quotes and signatures). */
export function cleanText(raw: string): string {
	const plain = looksLikeHtml(raw) ? stripHtml(raw) : raw;
	return tidy(stripQuotedReplies(plain));
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
