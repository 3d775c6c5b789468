import { findTriggers, sentimentOf, urgencyOf } from '../../../engine/intent/signals';

describe('urgency and sentiment signals', () => {
	it('reports an outage marked urgent as critical, with the trigger words', () => {
		const urgency = urgencyOf(findTriggers('URGENT: the service is down for all users'));
		expect(urgency.level).toBe('critical');
		expect(urgency.triggers).toEqual(expect.arrayContaining([{ signal: 'urgent', word: 'urgent' }, { signal: 'outage', word: 'is down' }]));
	});

	it('treats a legal threat as critical and negative', () => {
		const triggers = findTriggers('I will contact my lawyer about this');
		expect(urgencyOf(triggers).level).toBe('critical');
		expect(sentimentOf(triggers).label).toBe('negative');
	});

	it('reads anger and churn threats as negative sentiment', () => {
		const sentiment = sentimentOf(findTriggers('This is unacceptable. I am switching to a competitor.'));
		expect(sentiment.label).toBe('negative');
		expect(sentiment.triggers.map((trigger) => trigger.signal)).toEqual(expect.arrayContaining(['anger', 'churn']));
	});

	it('finds trigger words in other languages', () => {
		expect(urgencyOf(findTriggers('Dringend: die App funktioniert nicht')).level).toBe('critical');
		expect(urgencyOf(findTriggers('Es urgente, el servicio no funciona')).level).toBe('critical');
	});

	it('leaves a calm question normal and a thank-you positive and low', () => {
		expect(urgencyOf(findTriggers('How do I export a report?')).level).toBe('normal');
		const thanks = findTriggers('Thanks, that was helpful');
		expect(urgencyOf(thanks).level).toBe('low');
		expect(sentimentOf(thanks).label).toBe('positive');
	});

	it('does not fire on words that merely contain a trigger', () => {
		expect(findTriggers('The courtyard is lovely')).toEqual([]);
	});
});
