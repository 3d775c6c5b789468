import { detectLanguage } from '../../../engine/intent/language';

const SUBJECTS: Record<string, string[]> = {
	en: ['My invoice was charged twice this month', 'Cannot log in to my account since Monday', 'Where is my order? It has not arrived yet', 'Please cancel my subscription right away'],
	de: ['Meine Rechnung wurde doppelt abgebucht', 'Ich kann mich nicht mehr anmelden', 'Wo bleibt meine Bestellung? Noch nichts da', 'Bitte kündigen Sie mein Abonnement sofort'],
	es: ['Me cobraron dos veces la factura este mes', 'No puedo iniciar sesión en mi cuenta', '¿Dónde está mi pedido? Todavía no llega', 'Por favor cancelen mi suscripción ya'],
	fr: ['Ma facture a été débitée deux fois ce mois', 'Je ne peux plus me connecter à mon compte', 'Où est ma commande ? Toujours pas reçue', 'Merci de résilier mon abonnement tout de suite'],
	pt: ['Minha fatura foi cobrada duas vezes este mês', 'Não consigo entrar na minha conta desde ontem', 'Cadê meu pedido? Ainda não chegou aqui', 'Por favor cancelem minha assinatura agora'],
};

describe('language detection', () => {
	it.each(Object.entries(SUBJECTS))('recognises %s in subject lines of about 40 characters', (language, subjects) => {
		for (const subject of subjects) expect(detectLanguage(subject).code).toBe(language);
	});

	it('recognises a long body with high confidence', () => {
		const body = 'Hallo, seit dem letzten Update funktioniert der Export nicht mehr. Wir haben es mit mehreren Browsern versucht und bekommen immer dieselbe Fehlermeldung. Bitte melden Sie sich schnell.';
		const detected = detectLanguage(body);
		expect(detected.code).toBe('de');
		expect(detected.confidence).toBeGreaterThan(0.5);
	});

	it('answers und for too little text instead of guessing', () => {
		expect(detectLanguage('ok')).toEqual({ code: 'und', confidence: 0 });
		expect(detectLanguage('#4711 !!!')).toEqual({ code: 'und', confidence: 0 });
		expect(detectLanguage('')).toEqual({ code: 'und', confidence: 0 });
	});

	it('keeps to the languages a builder allows', () => {
		expect(detectLanguage('Obrigado pela ajuda com o pedido', { only: ['es', 'en'] }).code).toBe('es');
	});
});
