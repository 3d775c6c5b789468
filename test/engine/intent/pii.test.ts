import { findPii, germanTaxIdValid, ibanValid, luhnValid, ninoValid, redact, spanishIdValid, ssnValid } from '../../../engine/intent/pii';

const types = (text: string) => findPii(text).map((match) => match.type);

describe('PII detection', () => {
	it('finds a card number that passes Luhn, with its offsets', () => {
		const text = 'My card 4111 1111 1111 1111 was charged';
		expect(findPii(text)).toEqual([{ type: 'card', value: '4111 1111 1111 1111', start: 8, end: 27 }]);
	});

	it('does not take a 16-digit number that fails Luhn for a card', () => {
		expect(luhnValid('4111111111111112')).toBe(false);
		expect(types('Reference 4111 1111 1111 1112 please')).not.toContain('card');
	});

	it('finds IBANs with a valid mod-97 check and rejects a mistyped one', () => {
		expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
		expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
		expect(ibanValid('DE89 3704 0044 0532 0130 01')).toBe(false);
		expect(ibanValid('DE89 3704 0044 0532 0130')).toBe(false);
		expect(types('Pay to DE89370400440532013000 today')).toEqual(['iban']);
		expect(types('Pay to DE89370400440532013001 today')).not.toContain('iban');
	});

	it('finds US social security numbers and rejects numbers the SSA never issues', () => {
		expect(ssnValid('123-45-6789')).toBe(true);
		expect(ssnValid('000-45-6789')).toBe(false);
		expect(ssnValid('666-45-6789')).toBe(false);
		expect(ssnValid('923-45-6789')).toBe(false);
		expect(ssnValid('123-00-6789')).toBe(false);
		expect(types('SSN 123-45-6789')).toEqual(['us_ssn']);
		expect(types('SSN 666-45-6789')).toEqual([]);
	});

	it('finds UK National Insurance numbers and rejects unused prefixes and suffixes', () => {
		expect(ninoValid('AB 12 34 56 C')).toBe(true);
		expect(ninoValid('GB 12 34 56 C')).toBe(false);
		expect(ninoValid('DA 12 34 56 C')).toBe(false);
		expect(ninoValid('AB 12 34 56 E')).toBe(false);
		expect(types('NI number AB123456C')).toEqual(['uk_nino']);
	});

	it('checks the letter of Spanish DNI and NIE numbers', () => {
		expect(spanishIdValid('12345678Z')).toBe(true);
		expect(spanishIdValid('12345678A')).toBe(false);
		expect(spanishIdValid('X1234567L')).toBe(true);
		expect(spanishIdValid('X1234567A')).toBe(false);
		expect(types('DNI 12345678Z')).toEqual(['es_dni']);
		expect(types('NIE X1234567L')).toEqual(['es_nie']);
		expect(types('DNI 12345678A')).toEqual([]);
	});

	it('checks the German tax id check digit and digit repetition rule', () => {
		expect(germanTaxIdValid('86095742719')).toBe(true);
		expect(germanTaxIdValid('86095742718')).toBe(false);
		expect(germanTaxIdValid('01234567890')).toBe(false);
		expect(germanTaxIdValid('12345678903')).toBe(false);
		expect(types('Steuer-ID 86095742719')).toEqual(['de_tax_id']);
	});

	it('finds emails and phone numbers', () => {
		expect(findPii('Mail ana@example.com or call +49 30 1234567')).toEqual([
			{ type: 'email', value: 'ana@example.com', start: 5, end: 20 },
			{ type: 'phone', value: '+49 30 1234567', start: 29, end: 43 },
		]);
	});

	it('redacts every match with its type', () => {
		const text = 'Card 4111111111111111, mail ana@example.com, IBAN DE89370400440532013000.';
		expect(redact(text, findPii(text))).toBe('Card [CARD], mail [EMAIL], IBAN [IBAN].');
	});
});
