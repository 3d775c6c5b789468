import { identifyBreach } from '../../../engine/breach/identification';
import type { Severity } from '../../../engine/breach/severity-level';
import { NOTICE_LANGUAGES, NoticeTemplateError, compileNoticeTemplates, draftNotice, escapeHtml, type NoticeInput } from '../../../engine/breach/notice';
import { at, slaWith } from './breach-fixtures';

const identification = identifyBreach(slaWith(165), at(165));
const draft = (overrides: Partial<NoticeInput> = {}, severity: Severity = 'major') =>
	draftNotice({ identification, severity, ticketId: 'T-1001', customerName: 'Dana Fischer', timezone: 'Europe/Berlin', ...overrides }, at(170));

describe('Communicate: the client notice', () => {
	it('drafts a clear, empathetic English notice with what happened, what is done and the next update', () => {
		const notice = draft({ language: 'en', to: 'dana@acme.example' });
		expect(notice.subject).toBe('Your request T-1001: we missed our response commitment');
		expect(notice.text).toBe(
			[
				'Dear Dana Fischer,',
				'',
				'We apologise: our first response to your request has taken longer than the 2 hours we committed to. We understand that this delay affects your work.',
				'',
				'What we are doing: Your request has been escalated to a senior specialist, and our support team lead is following it personally.',
				'',
				'We will update you by Tuesday 10 March at 15:50 CET at the latest, sooner if we have news.',
				'',
				'If anything changes on your side, simply reply to this email.',
				'',
				'Kind regards,',
				'Customer Support',
			].join('\n'),
		);
		expect(notice.to).toBe('dana@acme.example');
		expect(notice.clarity).toEqual({ complete: true, missing: [] });
	});

	it('is due sooner for worse breaches, counted from when the breach was identified', () => {
		const due = (severity: Severity) => (Date.parse(draft({}, severity).dueAt) - at(165)) / 60_000;
		expect([due('minor'), due('major'), due('critical')]).toEqual([240, 60, 30]);
		expect((Date.parse(draft({}, 'critical').nextUpdateAt) - at(170)) / 60_000).toBe(60);
		expect((Date.parse(draft({ dueMinutes: { major: 15 }, updateEveryMinutes: { major: 30 } }).dueAt) - at(165)) / 60_000).toBe(15);
	});

	it.each([
		['de', 'Ihre Anfrage T-1001: Wir haben unsere Zusage nicht eingehalten', 'unsere erste Antwort auf Ihre Anfrage hat die zugesagte Frist von 2 Stunden überschritten', 'Guten Tag Dana Fischer,'],
		['es', 'Su solicitud T-1001: no hemos cumplido nuestro compromiso', 'nuestra primera respuesta a su solicitud ha superado el plazo comprometido de 2 horas', 'Estimado/a Dana Fischer:'],
		['fr', "Votre demande T-1001 : nous n'avons pas tenu notre engagement", 'notre première réponse à votre demande a dépassé le délai de 2 heures', 'Bonjour Dana Fischer,'],
		['pt', 'O seu pedido T-1001: não cumprimos o nosso compromisso', 'a nossa primeira resposta ao seu pedido ultrapassou o prazo acordado de 2 horas', 'Olá Dana Fischer,'],
	])('writes the notice in %s', (language, subject, happened, greeting) => {
		const notice = draft({ language });
		expect(notice.language).toBe(language);
		expect(notice.subject).toBe(subject);
		expect(notice.text).toContain(happened);
		expect(notice.text.startsWith(greeting)).toBe(true);
		expect(notice.text).not.toMatch(/\{\{|\}\}/);
	});

	it('has a template for every severity in every built-in language', () => {
		expect(NOTICE_LANGUAGES).toEqual(['en', 'de', 'es', 'fr', 'pt']);
		for (const language of NOTICE_LANGUAGES) {
			for (const severity of ['minor', 'major', 'critical'] as const) expect(draft({ language }, severity).clarity.complete).toBe(true);
		}
	});

	it('writes German dates for a German ticket and keeps a regional tag for dates', () => {
		expect(draft({ language: 'de-AT' }).text).toContain('Spätestens am Dienstag, 10. März um 15:50 MEZ');
		expect(draft({ language: 'pt-BR' }).language).toBe('pt');
	});

	it('falls back to English for a language without templates and says so', () => {
		const notice = draft({ language: 'it' });
		expect(notice.language).toBe('en');
		expect(notice.languageFallback).toBe(true);
	});

	it('greets politely when the contact’s name is unknown', () => {
		expect(draft({ customerName: null, language: 'en' }).text.startsWith('Dear customer,')).toBe(true);
		expect(draft({ customerName: '', language: 'de' }).text.startsWith('Guten Tag,')).toBe(true);
	});

	it('uses the builder’s sentences and templates', () => {
		const templates = compileNoticeTemplates({ en: { critical: { subject: '[{{ticket}}] Incident update', body: '{{greeting}} {{whatHappened}}. {{whatWeAreDoing}} Next: {{nextUpdate}}. {{team}}' } } });
		const notice = draft({ language: 'en', templates, whatHappened: 'Our platform was down for 3 hours.', whatWeAreDoing: 'Engineers restored it.', team: 'Acme Support' }, 'critical');
		expect(notice.subject).toBe('[T-1001] Incident update');
		expect(notice.text).toBe('Dear Dana Fischer, Our platform was down for 3 hours. Engineers restored it. Next: Tuesday 10 March at 12:50 CET. Acme Support');
		expect(draft({ language: 'en', templates }, 'major').subject).toBe('Your request T-1001: we missed our response commitment');
	});

	it('flags a template that leaves out a part of a clear notice', () => {
		const templates = compileNoticeTemplates({ en: { major: { subject: 'Sorry', body: '{{greeting}} We are late: {{whatHappened}}.' } } });
		expect(draft({ language: 'en', templates }).clarity).toEqual({ complete: false, missing: ['ticket reference', 'what is being done', 'next update time'] });
	});

	it('rejects an unknown placeholder or severity, naming where', () => {
		expect(() => compileNoticeTemplates({ en: { major: { subject: '{{ticketId}}', body: '' } } })).toThrow('Notice Templates.en.major.subject: {{ticketId}} is not a placeholder');
		expect(() => compileNoticeTemplates({ en: { severe: { subject: '', body: '' } } })).toThrow(NoticeTemplateError);
		expect(() => compileNoticeTemplates({ en: { major: { subject: 'x' } } })).toThrow('Notice Templates.en.major: must have a "subject" and a "body" text');
		expect(() => draft({ timezone: 'Mars/Olympus' })).toThrow('customer.timezone: "Mars/Olympus" is not an IANA time zone');
	});

	it('escapes every value in the HTML and keeps the subject on one line', () => {
		const notice = draft({ language: 'en', customerName: '<script>alert("x")</script> & Co', whatWeAreDoing: 'Fixing it.\r\nBcc: victim@example.com' });
		expect(notice.html).toContain('Dear &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co,');
		expect(notice.html).not.toContain('<script>');
		expect(notice.html).toMatch(/^<div style="[^"]+">\n<p>/);
		expect(notice.html.match(/<p>/g)).toHaveLength(6);
		const injected = draftNotice(
			{ identification, severity: 'major', ticketId: 'T-1\r\nBcc: x@example.com', templates: compileNoticeTemplates({ en: { major: { subject: 'Re {{ticket}}', body: '{{ticket}}' } } }) },
			at(170),
		);
		expect(injected.subject).toBe('Re T-1 Bcc: x@example.com');
		expect(escapeHtml(`a'b`)).toBe('a&#39;b');
	});
});
