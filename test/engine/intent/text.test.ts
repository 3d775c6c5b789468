import { cleanText, decodeEntities, htmlToText, looksLikeHtml, plainText, stripHtml, stripQuotedReplies, ticketText } from '../../../engine/intent/text';

describe('ticket text cleaning', () => {
	it('turns HTML into text, dropping styles and decoding entities', () => {
		expect(cleanText('<html><style>p{color:red}</style><p>Price &amp; tax:&nbsp;5&#8364;</p><br>Thanks</html>')).toBe('Price & tax: 5€\n\nThanks');
		expect(cleanText('<div>a</div><div>b</div>')).toBe('a\nb');
		expect(stripHtml('a<script>alert(1)</script>b')).toBe('a b');
	});

	it('cuts the quoted reply chain in several languages', () => {
		expect(stripQuotedReplies('New problem\n\nOn Mon, 4 May 2026, Support <s@x.com> wrote:\n> old text')).toBe('New problem\n');
		expect(cleanText('Neues Problem\nAm 04.05.2026 um 10:00 schrieb Support:\nalt')).toBe('Neues Problem');
		expect(cleanText('Hola\nEl lun, 4 may 2026, Soporte escribió:\nviejo')).toBe('Hola');
		expect(cleanText('Bonjour\nLe lun. 4 mai 2026, Support a écrit :\nancien')).toBe('Bonjour');
		expect(cleanText('Olá\nEm seg, 4 de mai de 2026, Suporte escreveu:\nantigo')).toBe('Olá');
		expect(cleanText('Text\n-----Original Message-----\nFrom: x')).toBe('Text');
	});

	it('drops quoted lines, HTML blockquotes and signatures', () => {
		expect(cleanText('Hi\n> quoted\nstill mine\n-- \nAna, CEO')).toBe('Hi\nstill mine');
		expect(cleanText('<p>Mine</p><blockquote>theirs</blockquote>')).toBe('Mine');
		expect(cleanText('Broken again\nSent from my iPhone')).toBe('Broken again');
	});

	it('joins subject and body and truncates at the documented limit', () => {
		const short = ticketText('Subject', 'Body');
		expect(short).toMatchObject({ text: 'Subject\nBody', truncated: false, originalLength: 11 });
		const long = ticketText('S', 'x'.repeat(5_000_000), 1000);
		expect(long.text.length).toBe(1000);
		expect(long.truncated).toBe(true);
		expect(long.originalLength).toBe(5_000_001);
	});

	it('reads any HTML element, lone tags and named entities (found surviving the old regular expressions)', () => {
		expect(cleanText('<section><h1>Refund</h1><p>Caf&eacute; &amp; cr&egrave;me</p></section>')).toBe('Refund\nCafé & crème');
		expect(cleanText('<img src="cid:logo.png" alt="logo"> Hello')).toBe('Hello');
		expect(looksLikeHtml('<h1>Title</h1>')).toBe(true);
		expect(looksLikeHtml('if a < b and 3<5 then <no tag>')).toBe(false);
		expect(cleanText('if a < b and 3<5 then')).toBe('if a < b and 3<5 then');
	});

	it('turns block elements and <br> into line breaks, inline ones into nothing, and drops script, style, head and comments', () => {
		expect(htmlToText('<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>')).toBe('one\ntwo\na b\n');
		expect(cleanText('<p>Hel<b>lo</b> <i>there</i></p><p>next</p>')).toBe('Hello there\nnext');
		expect(cleanText('<html><head><title>T</title><meta charset="utf-8"><style>.x{}</style></head><body><script>var a = "<p>";</script>Text<!-- hidden --></body></html>')).toBe('Text');
		expect(cleanText('<p>white\n   space   collapses</p><pre>but  not\n  here</pre>')).toBe('white space collapses\nbut not\nhere');
	});

	it('decodes complete character references in plain text too, and leaves bare ampersands alone', () => {
		expect(decodeEntities('caf&eacute; &#233; &#xE9; AT&T &copy 2026 &nosuch;')).toBe('café é é AT&T &copy 2026 &nosuch;');
		expect(cleanText('Tom &amp; Jerry')).toBe('Tom & Jerry');
	});

	it('cuts reply headers wrapped over two or three lines', () => {
		expect(cleanText('New problem\nOn Mon, 4 May 2026 at 10:00, Support Team <support@example.com>\nwrote:\n> old')).toBe('New problem');
		expect(cleanText('Neu\nAm 04.05.2026 um 10:00 schrieb Support Team\n<support@example.com>:\nalt')).toBe('Neu');
		expect(cleanText('Nuevo\nEl lun, 4 may 2026 a las 10:00, Soporte\n<soporte@example.com>\nescribió:\nviejo')).toBe('Nuevo');
		expect(cleanText('<p>Mine</p><div>On Mon, 4 May 2026, Support &lt;s@x.com&gt;<br>wrote:</div><div>old</div>')).toBe('Mine');
		// A sentence starting with "On" followed by one ending in "wrote:" is no header: it has no date or address.
		expect(cleanText('On second thought it is fine\nmy colleague wrote:\nthe rest')).toBe('On second thought it is fine\nmy colleague wrote:\nthe rest');
	});

	it('cuts an Outlook header block but keeps a line that merely starts with "De: " or "From: "', () => {
		expect(cleanText('Hola\nDe: mi parte, gracias.\nSigue roto.')).toBe('Hola\nDe: mi parte, gracias.\nSigue roto.');
		expect(cleanText('Hi\nFrom: my point of view this is broken.\nPlease fix.')).toBe('Hi\nFrom: my point of view this is broken.\nPlease fix.');
		expect(cleanText('Hola\nDe: mi parte, gracias.\n\nDe: Soporte <s@x.com>\nEnviado: lunes, 4 de mayo de 2026 10:00\nPara: Ana\nAsunto: Pedido\nviejo')).toBe('Hola\nDe: mi parte, gracias.');
		expect(cleanText('Bonjour\n<div><b>De :</b> Support &lt;s@x.com&gt;<br><b>Envoyé :</b> lundi<br><b>À :</b> Ana</div>ancien')).toBe('Bonjour');
	});

	it('keeps the quoted reply chain in plainText, quoted HTML marked like quoted mail lines', () => {
		expect(plainText('<p>Mine</p><blockquote>theirs<blockquote>older</blockquote></blockquote>')).toBe('Mine\n> theirs\n>> older');
		expect(plainText('Hi\nOn Mon, 4 May 2026, Support wrote:\n> old')).toBe('Hi\nOn Mon, 4 May 2026, Support wrote:\n> old');
	});
});
