import { supportTrainingExamples, SUPPORT_TYPES } from '../../../engine/intent/support-intents';
import { fingerprintOf, intentEngine, normalizeIntent, type IntentSettings } from '../../../engine/intent/intent';

const settings: IntentSettings = {
	examples: supportTrainingExamples(),
	rules: [{ type: 'billing', keywords: ['chargeback'] }, { type: 'complaint', patterns: ['\\bmanager\\b'] }],
	threshold: 0.5,
	redactPii: true,
	products: ['Pro Plan'],
	directory: [{ id: 'cus_1', emails: ['ana@example.com'], tier: 'vip' }],
	duplicateWindowMs: 24 * 3_600_000,
};
const engine = intentEngine(settings);
const run = (subject: unknown, body: unknown = '', extra = {}) => normalizeIntent(engine, { subject, body, at: 0, ...extra });

describe('Normalize Intent', () => {
	it.each([
		['I was charged twice for my subscription', 'billing'],
		['Please cancel my subscription', 'cancellation'],
		['My package has not arrived yet', 'shipping'],
		['I cannot log in, the password reset email never arrives', 'account_access'],
		['Quiero un reembolso', 'refund'],
		['Die App stürzt beim Start immer ab', 'technical_issue'],
	])('classifies "%s" as %s with the built-in taxonomy', (subject, type) => {
		const result = run(subject);
		expect(result.type).toBe(type);
		expect(result.classified).toBe(true);
		expect(result.decidedBy).toBe('classifier');
	});

	it('ships a taxonomy covering the usual support categories', () => {
		expect(SUPPORT_TYPES).toEqual(expect.arrayContaining(['billing', 'technical_issue', 'account_access', 'shipping', 'refund', 'cancellation', 'feature_request', 'complaint', 'general_question']));
	});

	it('lets keyword and regex rules take precedence over the classifier', () => {
		expect(run('I opened a Chargeback with my bank')).toMatchObject({ type: 'billing', decidedBy: 'rule', matchedRule: 'Chargeback', confidence: 1 });
		expect(run('Let me talk to your manager about my parcel')).toMatchObject({ type: 'complaint', decidedBy: 'rule' });
	});

	it('sends text unlike any category to Unclassified with its top candidates', () => {
		const result = run('Tell me a joke about cats');
		expect(result.classified).toBe(false);
		expect(result.confidence).toBeLessThan(0.5);
		expect(result.candidates.length).toBeGreaterThan(1);
	});

	it('sends text the model barely knows to Unclassified as out of scope, even at a threshold of 0', () => {
		const anyConfidence = intentEngine({ ...settings, threshold: 0 });
		const result = normalizeIntent(anyConfidence, { subject: 'play jazz music', body: '', at: 0 });
		expect(result).toMatchObject({ classified: false, decidedBy: 'out_of_scope' });
		expect(result.candidates.length).toBeGreaterThan(0);
		expect(normalizeIntent(anyConfidence, { subject: 'I was charged twice for my subscription', body: '', at: 0 })).toMatchObject({ classified: true, decidedBy: 'classifier' });
	});

	it('sends a ticket with no text to Unclassified rather than guessing', () => {
		expect(run(undefined, null)).toMatchObject({ type: null, classified: false, decidedBy: 'no_text', candidates: [] });
		expect(run('<p> </p>', '> only a quote')).toMatchObject({ decidedBy: 'no_text' });
	});

	it('names the field when the input is not text', () => {
		expect(() => run({ text: 'x' })).toThrow('subject: must be text, not object');
		expect(() => run('ok', ['a'])).toThrow('body: must be text, not a list');
	});

	it('analyses an enormous body within the documented truncation limit', () => {
		const result = normalizeIntent(intentEngine({ ...settings, maxTextLength: 5000 }), { subject: 'Refund', body: 'please '.repeat(2_000_000), at: 0 });
		expect(result.text).toMatchObject({ length: 5000, truncated: true, originalLength: 14_000_006 });
	});

	it('strips HTML and the quoted reply chain before classifying', () => {
		const result = run('Re: your ticket', '<p>Where is my order 55812? It is late.</p><div>On Tue, 3 Mar 2026, Support wrote:</div><blockquote>Please cancel your subscription here</blockquote>');
		expect(result.type).toBe('shipping');
		expect(result.entities.orderNumbers.map((entity) => entity.value)).toEqual(['55812']);
	});

	it('writes language, urgency, sentiment, entities, PII with a redacted copy, and the customer', () => {
		const result = run('URGENT: charged twice on the Pro Plan', 'Card 4111 1111 1111 1111, this is unacceptable. ana@example.com', {
			sender: { email: 'ANA@example.com' },
		});
		expect(result.language.code).toBe('en');
		expect(result.urgency.level).not.toBe('normal');
		expect(result.sentiment.label).toBe('negative');
		expect(result.entities.products.map((entity) => entity.value)).toEqual(['Pro Plan']);
		expect(result.pii.map((match) => match.type)).toEqual(['card', 'email']);
		expect(result.redactedText).toContain('Card [CARD], this is unacceptable. [EMAIL]');
		expect(result.customer).toMatchObject({ status: 'known', customer: { id: 'cus_1', tier: 'vip' } });
	});

	it('marks unknown senders as unknown', () => {
		expect(run('Where is my order?', '', { sender: { email: 'x@y.z' } }).customer.status).toBe('unknown');
	});

	it('flags a second ticket of the same customer and type within the window as a duplicate of the first', () => {
		const first = { id: 'T-1', subject: 'My package has not arrived', body: '', sender: { email: 'ana@example.com' }, at: 0 };
		const firstResult = normalizeIntent(engine, first);
		const second = normalizeIntent(engine, { ...first, id: 'T-2', subject: 'Where is my parcel? Still not delivered', at: 3_600_000, earlier: [fingerprintOf(first, firstResult)] });
		expect(second.duplicate).toEqual({ isDuplicate: true, of: 'T-1', earlierAt: 0 });
	});

	it('names a broken rule or example', () => {
		expect(() => intentEngine({ ...settings, rules: [{ type: 'billing', patterns: ['(unclosed'] }] })).toThrow('rules[0].patterns');
		expect(() => intentEngine({ ...settings, examples: [{ text: '', type: 'billing' }] })).toThrow('examples[0].text');
		expect(() => intentEngine({ ...settings, threshold: 2 })).toThrow('threshold');
	});

	it('with Redact PII lets no raw PII out: masked values, redacted subject and body, the quoted chain scanned too', () => {
		const body =
			'<p>My card 4111.1111.1111.1111 was charged twice, IBAN de89 3704 0044 0532 0130 00. Call +49 30 1234567 or mail <a href="mailto:ana@example.com">ana@example.com</a>.</p>' +
			'<div>On Mon, 4 May 2026, Support &lt;support@example.com&gt;<br>wrote:</div><blockquote>Your DNI 12345678Z and phone 0171 2345678 are on file.</blockquote>';
		const result = run('Refund for ana@example.com', body, { id: 'T-9' });
		const json = JSON.stringify(result);
		for (const raw of ['4111', 'de89 3704', '1234567', 'ana@example.com', 'support@example.com', '12345678Z', '0171 2345678']) expect([raw, json.includes(raw)]).toEqual([raw, false]);
		expect(result.pii.map(({ type, field, quoted }) => `${field}:${type}${quoted ? ':quoted' : ''}`)).toEqual([
			'subject:email',
			'body:card',
			'body:iban',
			'body:phone',
			'body:email',
			'body:email:quoted',
			'body:es_dni:quoted',
			'body:phone:quoted',
		]);
		expect(result.pii[1]).toMatchObject({ type: 'card', value: '****1111' });
		expect(result.redactedSubject).toBe('Refund for [EMAIL]');
		expect(result.redactedBody).toBe(
			'My card [CARD] was charged twice, IBAN [IBAN]. Call [PHONE] or mail [EMAIL].\nOn Mon, 4 May 2026, Support <[EMAIL]>\nwrote:\n> Your DNI [ES_DNI] and phone [PHONE] are on file.',
		);
		expect(result.redactedText).toBe('Refund for [EMAIL]\nMy card [CARD] was charged twice, IBAN [IBAN]. Call [PHONE] or mail [EMAIL].');
		expect(result.entities.emails.map((entity) => entity.value)).toEqual(['a***@***.com', 'a***@***.com']);
		expect(result.entities.phones.map((entity) => entity.value)).toEqual(['***67']);
	});

	it('without Redact PII reports raw values with offsets into the analysed text, as before', () => {
		const plain = intentEngine({ ...settings, redactPii: false });
		const result = normalizeIntent(plain, { subject: 'Card 4111 1111 1111 1111', body: '', at: 0 });
		expect(result.pii).toEqual([{ type: 'card', value: '4111 1111 1111 1111', start: 5, end: 24 }]);
		expect(result.redactedText).toBeUndefined();
		expect(result.redactedBody).toBeUndefined();
	});
});
