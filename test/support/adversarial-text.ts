/**
 * Inputs that make text cleaning and detection slow when a regular expression backtracks or a loop
 * rescans: each builds a string of about `size` characters. Shared by bench/text-linear.bench.ts and
 * the linear-time unit test, so both measure the same shapes.
 */

/** `unit` repeated until the string is `size` characters long (the last copy cut). */
export function repeatTo(unit: string, size: number, prefix = ''): string {
	const body = unit.repeat(Math.ceil(Math.max(0, size - prefix.length) / unit.length));
	return prefix + body.slice(0, Math.max(0, size - prefix.length));
}

export interface AdversarialCase {
	name: string;
	make(size: number): string;
}

const PROSE =
	'Hello support team, my order 55812 arrived broken and I was charged $49.99 twice on 2026-03-14. ' +
	'Please refund it to my card or call me on +49 30 1234567; my email is ana.garcia@example.com. ' +
	'<p>Gracias por la ayuda, el pedido sigue sin llegar.</p>\n';

export const ADVERSARIAL_CASES: AdversarialCase[] = [
	{ name: 'ticket-like prose (reference)', make: (size) => repeatTo(PROSE, size) },
	{ name: "unclosed tags '<p>' + '<'×n", make: (size) => repeatTo('<', size, '<p>') },
	{ name: "unclosed '<p<p<p…'", make: (size) => repeatTo('<p', size) },
	{ name: "unclosed '<script>' / '<style>'", make: (size) => repeatTo('<script>a<style>b', size, '<p>') },
	{ name: "unclosed '<blockquote>'", make: (size) => repeatTo('<blockquote>x', size, '<p>') },
	{ name: 'attribute never closed', make: (size) => repeatTo('x', size, '<p><a href="') },
	{ name: 'comment never closed', make: (size) => repeatTo('-', size, '<p><!--') },
	{ name: 'entity-like runs', make: (size) => repeatTo('&#1&amp&x', size, '<p>') },
	{ name: 'letters without spaces', make: (size) => repeatTo('a', size) },
	{ name: 'word chars and dots without spaces', make: (size) => repeatTo('ab.c-', size) },
	{ name: 'upper case without spaces', make: (size) => repeatTo('AÄ', size, 'A') },
	{ name: 'digit run', make: (size) => repeatTo('1', size) },
	{ name: "digit groups '123 456 …'", make: (size) => repeatTo('123 ', size) },
	{ name: "dotted digit groups '1.234.567…'", make: (size) => repeatTo('234.', size, '1.') },
	{ name: "spaced digits '1 1 1 …'", make: (size) => repeatTo('1 ', size) },
	{ name: "dashed digits '12-34-…'", make: (size) => repeatTo('12-', size) },
	{ name: "plus-digits '+1+1+1…'", make: (size) => repeatTo('+1(0', size) },
	{ name: 'repeated punctuation', make: (size) => repeatTo('!?.,;:-_', size) },
	{ name: "deep quote nesting '>>>>>'", make: (size) => repeatTo('>', size) },
	{ name: "quoted lines '>>>>> text'", make: (size) => repeatTo('>>>>> quoted text\n', size) },
	{ name: "many '@'", make: (size) => repeatTo('@', size) },
	{ name: "'a@' repeated", make: (size) => repeatTo('a@', size) },
	{ name: 'long email-like string, no TLD', make: (size) => repeatTo('b1.', size, `${'a'.repeat(Math.floor(size / 2))}@`) },
	{ name: 'email local part, no @', make: (size) => repeatTo('a.b+c', size) },
	{ name: "'www.' and 'http://' runs", make: (size) => repeatTo('www.http://', size) },
	{ name: "reply headers 'On … ' never ending in 'wrote:'", make: (size) => repeatTo('On Monday Support\n', size) },
	{ name: "'order'/'invoice' runs", make: (size) => repeatTo('order #A-1invoice ', size) },
	{ name: 'spaces and newlines', make: (size) => repeatTo('  \t \n', size, 'x') },
	{ name: 'IBAN-like runs', make: (size) => repeatTo('DE89 3704 ', size) },
];
