import { findEntities, parseAmount } from '../../../engine/intent/entities';

const values = (spans: Array<{ value: string }>) => spans.map((span) => span.value);

describe('entity extraction', () => {
	it('finds order numbers written in several ways and languages', () => {
		expect(values(findEntities('Order #A-12345 arrived broken').orderNumbers)).toEqual(['A-12345']);
		expect(values(findEntities('order number: 998877').orderNumbers)).toEqual(['998877']);
		expect(values(findEntities('Bestellung Nr. 4711-22').orderNumbers)).toEqual(['4711-22']);
		expect(values(findEntities('mi pedido 55821 no llega').orderNumbers)).toEqual(['55821']);
	});

	it('does not take ordinary words after "order" for an order number', () => {
		expect(findEntities('I want to order something new').orderNumbers).toEqual([]);
	});

	it('finds invoice numbers', () => {
		expect(values(findEntities('Invoice INV-2024-001 is wrong').invoiceNumbers)).toEqual(['INV-2024-001']);
		expect(values(findEntities('Rechnung 2024-77 doppelt').invoiceNumbers)).toEqual(['2024-77']);
	});

	it('finds amounts with their currency in US and European notation', () => {
		const { amounts } = findEntities('Charged $49.99, then 1.234,56 € and 20 EUR, plus £5');
		expect(amounts.map(({ amount, currency }) => [amount, currency])).toEqual([
			[49.99, 'USD'],
			[1234.56, 'EUR'],
			[20, 'EUR'],
			[5, 'GBP'],
		]);
		expect(parseAmount('1,234.56')).toBe(1234.56);
		expect(parseAmount('12,50')).toBe(12.5);
	});

	it('does not read a bare number as an amount', () => {
		expect(findEntities('I have 3 accounts').amounts).toEqual([]);
	});

	it('finds email addresses, phone numbers and URLs with offsets', () => {
		const entities = findEntities('Write to ana@example.com, call (030) 1234 5678 or see https://status.example.com/incidents/12.');
		expect(entities.emails).toEqual([{ value: 'ana@example.com', start: 9, end: 24 }]);
		expect(values(entities.phones)).toEqual(['(030) 1234 5678']);
		expect(values(entities.urls)).toEqual(['https://status.example.com/incidents/12']);
	});

	it('does not read a date or a short number as a phone number', () => {
		expect(findEntities('Since 2026-05-04 and ticket 1234').phones).toEqual([]);
	});

	it('finds products and plans from the builder list as whole words, any case', () => {
		const { products } = findEntities('We are on the pro plan and want Enterprise Plan; Prohibit is a word', ['Pro Plan', 'Enterprise Plan', 'Pro']);
		expect(values(products)).toEqual(['Pro Plan', 'Pro', 'Enterprise Plan']);
		expect(findEntities('Prohibited', ['Pro']).products).toEqual([]);
	});
});
