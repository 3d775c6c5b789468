import { cleanText, stripHtml, stripQuotedReplies, ticketText } from '../../../engine/intent/text';

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
});
