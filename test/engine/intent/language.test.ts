import { detectLanguage, languageCodeOf } from '../../../engine/intent/language';
import { heldOutSamples, LANGUAGES, type Sample } from '../../fixtures/language/samples';

const SUBJECTS: Record<string, string[]> = {
	en: ['My invoice was charged twice this month', 'Cannot log in to my account since Monday', 'Where is my order? It has not arrived yet', 'Please cancel my subscription right away'],
	de: ['Meine Rechnung wurde doppelt abgebucht', 'Ich kann mich nicht mehr anmelden', 'Wo bleibt meine Bestellung? Noch nichts da', 'Bitte kündigen Sie mein Abonnement sofort'],
	es: ['Me cobraron dos veces la factura este mes', 'No puedo iniciar sesión en mi cuenta', '¿Dónde está mi pedido? Todavía no llega', 'Por favor cancelen mi suscripción ya'],
	fr: ['Ma facture a été débitée deux fois ce mois', 'Je ne peux plus me connecter à mon compte', 'Où est ma commande ? Toujours pas reçue', 'Merci de résilier mon abonnement tout de suite'],
	pt: ['Minha fatura foi cobrada duas vezes este mês', 'Não consigo entrar na minha conta desde ontem', 'Cadê meu pedido? Ainda não chegou aqui', 'Por favor cancelem minha assinatura agora'],
	it: ['La fattura mi è stata addebitata due volte', 'Non riesco ad accedere al mio account', 'Dove è finito il mio ordine? Non è arrivato', 'Vi prego di disdire il mio abbonamento'],
	nl: ['Mijn factuur is twee keer afgeschreven', 'Ik kan niet meer inloggen op mijn account', 'Waar blijft mijn bestelling? Nog niets ontvangen', 'Graag mijn abonnement direct opzeggen'],
};

function accuracy(samples: readonly Sample[], only?: readonly string[], knownLanguage = false): { overall: number; worst: number } {
	const right = new Map<string, number>();
	const total = new Map<string, number>();
	for (const sample of samples) {
		total.set(sample.language, (total.get(sample.language) ?? 0) + 1);
		if (detectLanguage(sample.text, { only, known: knownLanguage ? sample.language : undefined }).code === sample.language) right.set(sample.language, (right.get(sample.language) ?? 0) + 1);
	}
	const correct = [...right.values()].reduce((sum, count) => sum + count, 0);
	return { overall: correct / samples.length, worst: Math.min(...LANGUAGES.map((language) => (right.get(language) ?? 0) / (total.get(language) ?? 1))) };
}

describe('language detection', () => {
	it.each(Object.entries(SUBJECTS))('recognises %s in subject lines of about 40 characters', (language, subjects) => {
		for (const subject of subjects) expect(detectLanguage(subject)).toMatchObject({ code: language, source: 'text' });
	});

	it('recognises a long body with high confidence', () => {
		const body = 'Hallo, seit dem letzten Update funktioniert der Export nicht mehr. Wir haben es mit mehreren Browsern versucht und bekommen immer dieselbe Fehlermeldung. Bitte melden Sie sich schnell.';
		const detected = detectLanguage(body);
		expect(detected.code).toBe('de');
		expect(detected.confidence).toBeGreaterThan(0.3);
	});

	it('answers und for too little text instead of guessing', () => {
		expect(detectLanguage('ok')).toEqual({ code: 'und', confidence: 0, source: 'none' });
		expect(detectLanguage('#4711 !!!')).toEqual({ code: 'und', confidence: 0, source: 'none' });
		expect(detectLanguage('')).toEqual({ code: 'und', confidence: 0, source: 'none' });
	});

	it('answers und for a subject that is only a ticket number and a reply prefix', () => {
		expect(detectLanguage('Re: Ticket #4711')).toEqual({ code: 'und', confidence: 0, source: 'none' });
	});

	it('keeps to the languages a builder allows', () => {
		expect(detectLanguage('Obrigado pela ajuda com o pedido', { only: ['es', 'en'] }).code).toBe('es');
	});
});

describe("the customer's known language", () => {
	it('answers for a subject too short to read, and says so', () => {
		expect(detectLanguage('Hola', { known: 'es' })).toEqual({ code: 'es', confidence: 0, source: 'known' });
		expect(detectLanguage('Re: Ticket #4711', { known: 'nl' })).toEqual({ code: 'nl', confidence: 0, source: 'known' });
	});

	it('does not override a text that clearly reads as another language', () => {
		expect(detectLanguage('Meine Rechnung wurde doppelt abgebucht', { known: 'en' })).toMatchObject({ code: 'de', source: 'text' });
		expect(detectLanguage('Por favor cancelen mi suscripción ya', { known: 'pt' })).toMatchObject({ code: 'es', source: 'text' });
	});

	it('is ignored when the builder does not allow that language', () => {
		expect(detectLanguage('ok', { known: 'ja', only: ['en', 'de'] })).toEqual({ code: 'und', confidence: 0, source: 'none' });
	});

	it('is read from the codes and locales helpdesks write', () => {
		expect(languageCodeOf('de')).toBe('de');
		expect(languageCodeOf('DE-at')).toBe('de');
		expect(languageCodeOf('pt_BR')).toBe('pt');
		expect(languageCodeOf('zh-Hant-TW')).toBe('zh');
		expect(languageCodeOf('deu')).toBe('de');
		expect(languageCodeOf('dut')).toBe('nl');
		expect(languageCodeOf('  ')).toBeUndefined();
		expect(languageCodeOf('German')).toBeNull();
		expect(languageCodeOf('xyz')).toBeNull();
		expect(languageCodeOf('12')).toBeNull();
	});
});

describe('mixed text', () => {
	it('reads the language most of a bilingual message is written in', () => {
		const text = 'Bonjour, ma commande n\'est toujours pas arrivée et le suivi ne bouge plus depuis une semaine. Order #4711, sent from my iPhone';
		expect(detectLanguage(text).code).toBe('fr');
	});

	it('is less confident about a text half in one language and half in another than about either alone', () => {
		const english = 'My order has not arrived and the tracking has not moved for a week.';
		const german = 'Meine Bestellung ist nicht angekommen und die Sendung bewegt sich seit einer Woche nicht.';
		const mixed = detectLanguage(`${english} ${german}`);
		expect(['en', 'de', 'und']).toContain(mixed.code);
		expect(mixed.confidence).toBeLessThan(Math.min(detectLanguage(english).confidence, detectLanguage(german).confidence));
	});
});

describe('accuracy on the held-out samples (UDHR even articles, Uppy strings, held-out support subjects)', () => {
	const samples = heldOutSamples();
	const seven = [...LANGUAGES];

	// Floors a little under what bench/language.bench.ts measured (94.4% overall, Portuguese 86.2%, 3.7% und).
	it('short subjects (≤ 60 characters), the seven languages allowed: at least 93% overall, 85% in each', () => {
		expect(samples.short.length).toBeGreaterThan(1500);
		const { overall, worst } = accuracy(samples.short, seven);
		expect(overall).toBeGreaterThanOrEqual(0.93);
		expect(worst).toBeGreaterThanOrEqual(0.85);
	});

	it('short subjects with the customer\'s known language: at least 95% in each of the seven languages', () => {
		const { overall, worst } = accuracy(samples.short, seven, true);
		expect(overall).toBeGreaterThanOrEqual(0.98);
		expect(worst).toBeGreaterThanOrEqual(0.95);
	});

	it('short subjects with any language allowed: at least 92% overall', () => {
		expect(accuracy(samples.short).overall).toBeGreaterThanOrEqual(0.92);
	});

	it('subject and body: at least 98%', () => {
		expect(samples.long.length).toBeGreaterThan(150);
		expect(accuracy(samples.long).overall).toBeGreaterThanOrEqual(0.98);
		expect(accuracy(samples.long, seven).worst).toBeGreaterThanOrEqual(0.98);
	});
});
