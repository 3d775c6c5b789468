import { createTransport } from 'nodemailer';

import { decodeHeader, startSmtpServer, type SmtpServer } from './smtp-server';

describe('local SMTP server for tests', () => {
	let smtp: SmtpServer;
	beforeAll(async () => {
		smtp = await startSmtpServer({ user: 'sla', password: 'secret' });
	});
	afterAll(async () => smtp.stop());
	beforeEach(() => smtp.reset());

	const transport = (password = 'secret') =>
		createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, auth: { user: 'sla', pass: password } });

	it('captures a multipart message as nodemailer sends it, decoding subject, text and HTML', async () => {
		await transport().sendMail({
			from: 'support@example.com',
			to: 'dana@acme.example',
			subject: 'Ihre Anfrage T-1: Verzögerung – Entschuldigung',
			text: 'Guten Tag,\n\nes tut uns leid: die Lösung dauert länger.',
			html: '<p>Guten Tag &amp; Grüße</p>',
		});
		const [mail] = await smtp.waitForMessages(1);
		expect(mail.from).toBe('support@example.com');
		expect(mail.to).toEqual(['dana@acme.example']);
		expect(mail.subject).toBe('Ihre Anfrage T-1: Verzögerung – Entschuldigung');
		expect(mail.text).toBe('Guten Tag,\n\nes tut uns leid: die Lösung dauert länger.');
		expect(mail.html).toBe('<p>Guten Tag &amp; Grüße</p>');
	});

	it('refuses a wrong password and a message it is told to fail', async () => {
		await expect(transport('wrong').sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' })).rejects.toThrow(/Invalid username or password/);
		smtp.failNext(1);
		await expect(transport().sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' })).rejects.toThrow(/451/);
		expect(smtp.messages).toHaveLength(0);
	});

	it('decodes encoded words split over several parts', () => {
		expect(decodeHeader('=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?B?IMOcYmVy?=')).toBe('Grüße Über');
	});
});
