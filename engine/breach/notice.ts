import type { BreachIdentification } from './identification';
import { isSeverity, type Severity } from './severity-level';
import { formatInstant, parseInstant } from '../core';
import type { SlaMetric } from '../sla';

/**
 * Step 3 of the breach SOP, Communicate: the client notice, drafted from a template per severity and
 * language, with what happened, what is being done and when the next update comes. The texts are
 * clear and empathetic by default and the builder may replace any of them. The notice is due a set
 * time after the breach was identified, shorter for worse breaches; updates follow at a set rhythm.
 */
export const PLACEHOLDERS = ['greeting', 'customer', 'ticket', 'subject', 'whatHappened', 'whatWeAreDoing', 'nextUpdate', 'team'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The parts a clear notice must contain; a template that leaves one out is flagged, not refused. */
const REQUIRED_PARTS: Record<string, Placeholder> = {
	'ticket reference': 'ticket',
	'what happened': 'whatHappened',
	'what is being done': 'whatWeAreDoing',
	'next update time': 'nextUpdate',
};

export interface NoticeTemplate {
	subject: string;
	body: string;
}

export type NoticeTemplates = Record<string, Partial<Record<Severity, NoticeTemplate>>>;

interface LanguagePack {
	locale: string;
	team: string;
	greeting: (name: string | null) => string;
	metrics: Record<SlaMetric, string>;
	happened: (metric: string, target: string) => string;
	units: { hour: [string, string]; minute: [string, string]; and: string };
	doing: Record<Severity, string>;
	templates: Record<Severity, NoticeTemplate>;
}

const LANGUAGES: Record<string, LanguagePack> = {
	en: {
		locale: 'en-GB',
		team: 'Customer Support',
		greeting: (name) => (name ? `Dear ${name},` : 'Dear customer,'),
		metrics: {
			firstResponse: 'our first response to your request',
			nextResponse: 'our reply to your latest message',
			resolution: 'resolving your request',
			periodicUpdate: 'our regular status update',
		},
		happened: (metric, target) => `${metric} has taken longer than the ${target} we committed to`,
		units: { hour: ['hour', 'hours'], minute: ['minute', 'minutes'], and: 'and' },
		doing: {
			minor: 'A support specialist is now working on your request as a priority.',
			major: 'Your request has been escalated to a senior specialist, and our support team lead is following it personally.',
			critical: 'Your request has been escalated to our incident team, which is treating it as its top priority under the oversight of a support manager.',
		},
		templates: {
			minor: {
				subject: 'Update on your request {{ticket}}',
				body: '{{greeting}}\n\nWe are sorry: {{whatHappened}}.\n\nWhat we are doing: {{whatWeAreDoing}}\n\nWe will update you by {{nextUpdate}} at the latest.\n\nThank you for your patience.\n\nKind regards,\n{{team}}',
			},
			major: {
				subject: 'Your request {{ticket}}: we missed our response commitment',
				body: '{{greeting}}\n\nWe apologise: {{whatHappened}}. We understand that this delay affects your work.\n\nWhat we are doing: {{whatWeAreDoing}}\n\nWe will update you by {{nextUpdate}} at the latest, sooner if we have news.\n\nIf anything changes on your side, simply reply to this email.\n\nKind regards,\n{{team}}',
			},
			critical: {
				subject: 'Urgent update on your request {{ticket}}',
				body: '{{greeting}}\n\nWe sincerely apologise: {{whatHappened}}. We know how much depends on this for you, and we take it very seriously.\n\nWhat we are doing: {{whatWeAreDoing}}\n\nYour next update will come by {{nextUpdate}} at the latest, and sooner as soon as there is progress.\n\nYou can reply to this email at any time; it goes straight to the team handling your request.\n\nKind regards,\n{{team}}',
			},
		},
	},
	de: {
		locale: 'de-DE',
		team: 'Ihr Support-Team',
		greeting: (name) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
		metrics: {
			firstResponse: 'unsere erste Antwort auf Ihre Anfrage',
			nextResponse: 'unsere Antwort auf Ihre letzte Nachricht',
			resolution: 'die Lösung Ihrer Anfrage',
			periodicUpdate: 'unsere regelmäßige Statusmeldung',
		},
		happened: (metric, target) => `${metric} hat die zugesagte Frist von ${target} überschritten`,
		units: { hour: ['Stunde', 'Stunden'], minute: ['Minute', 'Minuten'], and: 'und' },
		doing: {
			minor: 'Eine Support-Spezialistin bzw. ein Support-Spezialist bearbeitet Ihre Anfrage jetzt mit Vorrang.',
			major: 'Ihre Anfrage wurde an einen erfahrenen Spezialisten eskaliert, und unsere Support-Teamleitung verfolgt sie persönlich.',
			critical: 'Ihre Anfrage wurde an unser Incident-Team eskaliert, das sie mit höchster Priorität und unter Aufsicht der Support-Leitung bearbeitet.',
		},
		templates: {
			minor: {
				subject: 'Neuigkeiten zu Ihrer Anfrage {{ticket}}',
				body: '{{greeting}}\n\nEs tut uns leid: {{whatHappened}}.\n\nWas wir tun: {{whatWeAreDoing}}\n\nSpätestens am {{nextUpdate}} melden wir uns wieder bei Ihnen.\n\nVielen Dank für Ihre Geduld.\n\nMit freundlichen Grüßen\n{{team}}',
			},
			major: {
				subject: 'Ihre Anfrage {{ticket}}: Wir haben unsere Zusage nicht eingehalten',
				body: '{{greeting}}\n\nBitte entschuldigen Sie: {{whatHappened}}. Uns ist bewusst, dass diese Verzögerung Ihre Arbeit beeinträchtigt.\n\nWas wir tun: {{whatWeAreDoing}}\n\nSpätestens am {{nextUpdate}} melden wir uns wieder, früher, sobald es Neuigkeiten gibt.\n\nWenn sich bei Ihnen etwas ändert, antworten Sie einfach auf diese E-Mail.\n\nMit freundlichen Grüßen\n{{team}}',
			},
			critical: {
				subject: 'Dringende Information zu Ihrer Anfrage {{ticket}}',
				body: '{{greeting}}\n\nWir entschuldigen uns ausdrücklich: {{whatHappened}}. Wir wissen, wie viel für Sie davon abhängt, und nehmen das sehr ernst.\n\nWas wir tun: {{whatWeAreDoing}}\n\nSpätestens am {{nextUpdate}} erhalten Sie die nächste Nachricht, bei Fortschritten auch früher.\n\nSie können jederzeit auf diese E-Mail antworten; sie erreicht direkt das Team, das Ihre Anfrage bearbeitet.\n\nMit freundlichen Grüßen\n{{team}}',
			},
		},
	},
	es: {
		locale: 'es-ES',
		team: 'El equipo de soporte',
		greeting: (name) => (name ? `Estimado/a ${name}:` : 'Estimado/a cliente:'),
		metrics: {
			firstResponse: 'nuestra primera respuesta a su solicitud',
			nextResponse: 'nuestra respuesta a su último mensaje',
			resolution: 'la resolución de su solicitud',
			periodicUpdate: 'nuestra actualización periódica de estado',
		},
		happened: (metric, target) => `${metric} ha superado el plazo comprometido de ${target}`,
		units: { hour: ['hora', 'horas'], minute: ['minuto', 'minutos'], and: 'y' },
		doing: {
			minor: 'Un especialista de soporte está trabajando ahora en su solicitud de forma prioritaria.',
			major: 'Su solicitud se ha escalado a un especialista sénior, y la persona responsable de nuestro equipo de soporte la sigue personalmente.',
			critical: 'Su solicitud se ha escalado a nuestro equipo de incidencias, que la trata con la máxima prioridad bajo la supervisión de la dirección de soporte.',
		},
		templates: {
			minor: {
				subject: 'Novedades sobre su solicitud {{ticket}}',
				body: '{{greeting}}\n\nLo sentimos: {{whatHappened}}.\n\nLo que estamos haciendo: {{whatWeAreDoing}}\n\nLe informaremos de nuevo, a más tardar, el {{nextUpdate}}.\n\nGracias por su paciencia.\n\nAtentamente,\n{{team}}',
			},
			major: {
				subject: 'Su solicitud {{ticket}}: no hemos cumplido nuestro compromiso',
				body: '{{greeting}}\n\nLe pedimos disculpas: {{whatHappened}}. Entendemos que este retraso afecta a su trabajo.\n\nLo que estamos haciendo: {{whatWeAreDoing}}\n\nLe informaremos de nuevo, a más tardar, el {{nextUpdate}}, y antes si hay novedades.\n\nSi algo cambia por su parte, basta con responder a este correo.\n\nAtentamente,\n{{team}}',
			},
			critical: {
				subject: 'Información urgente sobre su solicitud {{ticket}}',
				body: '{{greeting}}\n\nLe pedimos sinceras disculpas: {{whatHappened}}. Sabemos lo importante que es esto para usted y nos lo tomamos muy en serio.\n\nLo que estamos haciendo: {{whatWeAreDoing}}\n\nRecibirá la próxima actualización, a más tardar, el {{nextUpdate}}, y antes en cuanto haya avances.\n\nPuede responder a este correo en cualquier momento; llega directamente al equipo que gestiona su solicitud.\n\nAtentamente,\n{{team}}',
			},
		},
	},
	fr: {
		locale: 'fr-FR',
		team: "L'équipe support",
		greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
		metrics: {
			firstResponse: 'notre première réponse à votre demande',
			nextResponse: 'notre réponse à votre dernier message',
			resolution: 'la résolution de votre demande',
			periodicUpdate: 'notre point d’avancement régulier',
		},
		happened: (metric, target) => `${metric} a dépassé le délai de ${target} auquel nous nous étions engagés`,
		units: { hour: ['heure', 'heures'], minute: ['minute', 'minutes'], and: 'et' },
		doing: {
			minor: 'Un spécialiste du support traite désormais votre demande en priorité.',
			major: 'Votre demande a été transmise à un spécialiste senior, et la responsable de notre équipe support la suit personnellement.',
			critical: "Votre demande a été transmise à notre équipe de gestion des incidents, qui la traite en priorité absolue sous la supervision de la direction du support.",
		},
		templates: {
			minor: {
				subject: 'Point sur votre demande {{ticket}}',
				body: "{{greeting}}\n\nNous sommes désolés : {{whatHappened}}.\n\nCe que nous faisons : {{whatWeAreDoing}}\n\nNous vous tiendrons informé(e) au plus tard le {{nextUpdate}}.\n\nMerci de votre patience.\n\nBien cordialement,\n{{team}}",
			},
			major: {
				subject: "Votre demande {{ticket}} : nous n'avons pas tenu notre engagement",
				body: "{{greeting}}\n\nNous vous présentons nos excuses : {{whatHappened}}. Nous comprenons que ce retard perturbe votre travail.\n\nCe que nous faisons : {{whatWeAreDoing}}\n\nNous reviendrons vers vous au plus tard le {{nextUpdate}}, plus tôt si nous avons du nouveau.\n\nSi quelque chose change de votre côté, répondez simplement à cet e-mail.\n\nBien cordialement,\n{{team}}",
			},
			critical: {
				subject: 'Information urgente sur votre demande {{ticket}}',
				body: "{{greeting}}\n\nNous vous présentons nos sincères excuses : {{whatHappened}}. Nous savons combien cela compte pour vous et nous le prenons très au sérieux.\n\nCe que nous faisons : {{whatWeAreDoing}}\n\nVous recevrez le prochain point au plus tard le {{nextUpdate}}, et plus tôt dès qu'il y aura des progrès.\n\nVous pouvez répondre à cet e-mail à tout moment ; il parvient directement à l'équipe qui traite votre demande.\n\nBien cordialement,\n{{team}}",
			},
		},
	},
	pt: {
		locale: 'pt-PT',
		team: 'A equipa de suporte',
		greeting: (name) => (name ? `Olá ${name},` : 'Olá,'),
		metrics: {
			firstResponse: 'a nossa primeira resposta ao seu pedido',
			nextResponse: 'a nossa resposta à sua última mensagem',
			resolution: 'a resolução do seu pedido',
			periodicUpdate: 'a nossa atualização periódica de estado',
		},
		happened: (metric, target) => `${metric} ultrapassou o prazo acordado de ${target}`,
		units: { hour: ['hora', 'horas'], minute: ['minuto', 'minutos'], and: 'e' },
		doing: {
			minor: 'Um especialista de suporte está agora a tratar o seu pedido com prioridade.',
			major: 'O seu pedido foi escalado para um especialista sénior, e a chefia da nossa equipa de suporte está a acompanhá-lo pessoalmente.',
			critical: 'O seu pedido foi escalado para a nossa equipa de incidentes, que o trata com prioridade máxima sob a supervisão da direção de suporte.',
		},
		templates: {
			minor: {
				subject: 'Novidades sobre o seu pedido {{ticket}}',
				body: '{{greeting}}\n\nLamentamos: {{whatHappened}}.\n\nO que estamos a fazer: {{whatWeAreDoing}}\n\nVoltaremos a contactá-lo até {{nextUpdate}}, no máximo.\n\nObrigado pela sua paciência.\n\nCom os melhores cumprimentos,\n{{team}}',
			},
			major: {
				subject: 'O seu pedido {{ticket}}: não cumprimos o nosso compromisso',
				body: '{{greeting}}\n\nPedimos desculpa: {{whatHappened}}. Compreendemos que este atraso afeta o seu trabalho.\n\nO que estamos a fazer: {{whatWeAreDoing}}\n\nVoltaremos a contactá-lo até {{nextUpdate}}, no máximo, e antes se houver novidades.\n\nSe algo mudar do seu lado, basta responder a este e-mail.\n\nCom os melhores cumprimentos,\n{{team}}',
			},
			critical: {
				subject: 'Informação urgente sobre o seu pedido {{ticket}}',
				body: '{{greeting}}\n\nPedimos sinceras desculpas: {{whatHappened}}. Sabemos o quanto isto é importante para si e levamo-lo muito a sério.\n\nO que estamos a fazer: {{whatWeAreDoing}}\n\nReceberá a próxima atualização até {{nextUpdate}}, no máximo, e antes assim que houver progressos.\n\nPode responder a este e-mail a qualquer momento; chega diretamente à equipa que trata o seu pedido.\n\nCom os melhores cumprimentos,\n{{team}}',
			},
		},
	},
};

export const NOTICE_LANGUAGES = Object.keys(LANGUAGES);
export const FALLBACK_LANGUAGE = 'en';

/** Minutes after identification by which the client must have been told, per severity. */
export const DEFAULT_NOTICE_DUE_MINUTES: Record<Severity, number> = { minor: 240, major: 60, critical: 30 };
/** Minutes from the notice to the promised next update, per severity. */
export const DEFAULT_UPDATE_EVERY_MINUTES: Record<Severity, number> = { minor: 1440, major: 240, critical: 60 };

export class NoticeTemplateError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}

export interface NoticeInput {
	identification: BreachIdentification;
	severity: Severity;
	/** Language tag of the ticket (`de`, `pt-BR`); unknown languages fall back to English. */
	language?: string | null;
	customerName?: string | null;
	ticketId: string;
	ticketSubject?: string | null;
	to?: string | null;
	/** Replace the generated "what happened" or "what is being done" sentences. */
	whatHappened?: string | null;
	whatWeAreDoing?: string | null;
	team?: string | null;
	/** Time zone the client reads times in (IANA); default UTC. */
	timezone?: string | null;
	templates?: NoticeTemplates;
	dueMinutes?: Partial<Record<Severity, number>>;
	updateEveryMinutes?: Partial<Record<Severity, number>>;
}

export interface ClientNotice {
	severity: Severity;
	language: string;
	/** True when the ticket's language had no template and English was used. */
	languageFallback: boolean;
	to: string | null;
	subject: string;
	text: string;
	html: string;
	draftedAt: string;
	/** The client must have been told by then (identification + due minutes of the severity). */
	dueAt: string;
	nextUpdateAt: string;
	/** Set by the workflow once the notice went out (for the checklist); never set here. */
	sentAt: string | null;
	/** The breach the notice is about (BreachIdentification.key). */
	breachKey: string | null;
	clarity: { complete: boolean; missing: string[] };
}

const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Validates builder templates: `{ lang: { severity: { subject, body } } }` with known placeholders only. */
export function compileNoticeTemplates(raw: unknown, field = 'Notice Templates'): NoticeTemplates {
	if (raw === undefined || raw === null || raw === '') return {};
	if (typeof raw !== 'object' || Array.isArray(raw)) throw new NoticeTemplateError(field, 'must be an object keyed by language, e.g. { "en": { "major": { "subject": "…", "body": "…" } } }');
	const templates: NoticeTemplates = {};
	for (const [language, bySeverity] of Object.entries(raw as Record<string, unknown>)) {
		const at = `${field}.${language}`;
		if (bySeverity === null || typeof bySeverity !== 'object' || Array.isArray(bySeverity)) throw new NoticeTemplateError(at, 'must be an object keyed by minor, major, critical');
		const entry: Partial<Record<Severity, NoticeTemplate>> = {};
		for (const [severity, template] of Object.entries(bySeverity as Record<string, unknown>)) {
			if (!isSeverity(severity)) throw new NoticeTemplateError(`${at}.${severity}`, 'is not a severity: use minor, major or critical');
			const value = template as Record<string, unknown> | null;
			if (value === null || typeof value !== 'object' || typeof value.subject !== 'string' || typeof value.body !== 'string') {
				throw new NoticeTemplateError(`${at}.${severity}`, 'must have a "subject" and a "body" text');
			}
			for (const part of ['subject', 'body'] as const) {
				for (const match of (value[part] as string).matchAll(PLACEHOLDER_PATTERN)) {
					if (!(PLACEHOLDERS as readonly string[]).includes(match[1])) {
						throw new NoticeTemplateError(`${at}.${severity}.${part}`, `{{${match[1]}}} is not a placeholder; use ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`);
					}
				}
			}
			entry[severity] = { subject: value.subject, body: value.body };
		}
		templates[language.toLowerCase()] = entry;
	}
	return templates;
}

/** The default templates, for the editor and for builders who want to start from them. */
export function defaultNoticeTemplates(): NoticeTemplates {
	return Object.fromEntries(Object.entries(LANGUAGES).map(([language, pack]) => [language, pack.templates]));
}

function durationWords(minutes: number, pack: LanguagePack): string {
	const hours = Math.floor(minutes / 60);
	const rest = Math.round(minutes % 60);
	const word = (count: number, [one, many]: [string, string]) => `${count} ${count === 1 ? one : many}`;
	if (hours === 0) return word(rest, pack.units.minute);
	if (rest === 0) return word(hours, pack.units.hour);
	return `${word(hours, pack.units.hour)} ${pack.units.and} ${word(rest, pack.units.minute)}`;
}

function localTime(ms: number, locale: string, timezone: string): string {
	return new Intl.DateTimeFormat(locale, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		hour: '2-digit',
		minute: '2-digit',
		timeZone: timezone,
		timeZoneName: 'short',
	}).format(new Date(ms));
}

export function escapeHtml(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function render(template: string, values: Record<Placeholder, string>, escape: (value: string) => string): string {
	return template.replace(PLACEHOLDER_PATTERN, (whole, name: string) => (name in values ? escape(values[name as Placeholder]) : whole));
}

/** Paragraphs (blank-line separated) become `<p>`, single line breaks `<br>`; all text is escaped. */
function toHtml(body: string, values: Record<Placeholder, string>): string {
	const paragraphs = body
		.split(/\n\s*\n/)
		.map((paragraph) => paragraph.trim())
		.filter((paragraph) => paragraph !== '')
		.map((paragraph) => `<p>${paragraph.split('\n').map((line) => render(escapeHtml(line), values, escapeHtml)).join('<br>\n')}</p>`);
	return `<div style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.5; color: #1f2328;">\n${paragraphs.join('\n')}\n</div>`;
}

function languageOf(tag: string | null | undefined, templates: NoticeTemplates): { language: string; locale: string | null; fallback: boolean } {
	const full = (tag ?? '').trim().toLowerCase().replace('_', '-');
	const base = full.split('-')[0];
	// A regional tag (pt-BR) keeps its region for dates and numbers while using the language's texts.
	const locale = full.includes('-') && Intl.DateTimeFormat.supportedLocalesOf([full]).length > 0 ? full : null;
	for (const candidate of [full, base]) {
		if (candidate !== '' && (templates[candidate] !== undefined || LANGUAGES[candidate] !== undefined)) return { language: candidate, locale, fallback: false };
	}
	return { language: FALLBACK_LANGUAGE, locale: null, fallback: full !== '' && full !== FALLBACK_LANGUAGE };
}

function dueIn(table: Partial<Record<Severity, number>> | undefined, defaults: Record<Severity, number>, severity: Severity): number {
	const minutes = table?.[severity];
	return typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0 ? minutes : defaults[severity];
}

/** Drafts the client notice for an identified breach at `nowMs`. */
export function draftNotice(input: NoticeInput, nowMs: number): ClientNotice {
	const templates = input.templates ?? {};
	const { language, locale, fallback } = languageOf(input.language, templates);
	const pack = LANGUAGES[language] ?? LANGUAGES[language.split('-')[0]] ?? LANGUAGES[FALLBACK_LANGUAGE];
	const template = templates[language]?.[input.severity] ?? pack.templates[input.severity];
	const timezone = input.timezone && input.timezone.trim() !== '' ? input.timezone.trim() : 'UTC';
	if (!isTimeZone(timezone)) throw new NoticeTemplateError('customer.timezone', `"${timezone}" is not an IANA time zone such as Europe/Berlin`);
	const identification = input.identification;
	const breach = identification.breaches.find((entry) => entry.metric === identification.metric) ?? identification.breaches[0];

	const identifiedMs = parseInstant(identification.identifiedAt);
	const base = identifiedMs === null ? nowMs : Math.min(identifiedMs, nowMs);
	const dueAt = base + dueIn(input.dueMinutes, DEFAULT_NOTICE_DUE_MINUTES, input.severity) * 60_000;
	const nextUpdateAt = nowMs + dueIn(input.updateEveryMinutes, DEFAULT_UPDATE_EVERY_MINUTES, input.severity) * 60_000;

	const happened = breach ? pack.happened(pack.metrics[breach.metric], durationWords(breach.targetMinutes, pack)) : '';
	const values: Record<Placeholder, string> = {
		greeting: pack.greeting(input.customerName?.trim() || null),
		customer: input.customerName?.trim() ?? '',
		ticket: input.ticketId,
		subject: input.ticketSubject?.trim() ?? '',
		whatHappened: stripEndPunctuation(input.whatHappened?.trim() || happened),
		whatWeAreDoing: input.whatWeAreDoing?.trim() || pack.doing[input.severity],
		nextUpdate: localTime(nextUpdateAt, locale ?? pack.locale, timezone),
		team: input.team?.trim() || pack.team,
	};
	const missing = Object.entries(REQUIRED_PARTS)
		.filter(([, placeholder]) => !new RegExp(`\\{\\{\\s*${placeholder}\\s*\\}\\}`).test(template.subject + template.body) || values[placeholder] === '')
		.map(([part]) => part);
	const zone = timezone;
	return {
		severity: input.severity,
		language,
		languageFallback: fallback,
		to: input.to?.trim() || null,
		// A subject is one header line: line breaks from a template or a value must not reach the mail.
		subject: render(template.subject, values, (value) => value).replace(/[\r\n]+/g, ' ').trim(),
		text: render(template.body, values, (value) => value),
		html: toHtml(template.body, values),
		draftedAt: formatInstant(nowMs, zone),
		dueAt: formatInstant(dueAt, zone),
		nextUpdateAt: formatInstant(nextUpdateAt, zone),
		sentAt: null,
		breachKey: identification.key,
		clarity: { complete: missing.length === 0, missing },
	};
}

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** The generated sentence ends in the template's own full stop; a builder's sentence should not double it. */
function stripEndPunctuation(sentence: string): string {
	return sentence.replace(/[.!。]+$/u, '');
}
