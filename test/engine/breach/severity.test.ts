import { identifyBreach } from '../../../engine/breach/identification';
import { DEFAULT_SEVERITY_CRITERIA, SeverityCriteriaError, assessSeverity, compileSeverityCriteria, readRecentBreaches } from '../../../engine/breach/severity';
import { DAY } from '../../support/time';
import { at, slaWith } from './breach-fixtures';

const breach = (usedMinutes: number) => identifyBreach(slaWith(usedMinutes), at(usedMinutes));
const assess = (usedMinutes: number, facts: Record<string, string>, recent: unknown[] = [], criteria = DEFAULT_SEVERITY_CRITERIA) =>
	assessSeverity(breach(usedMinutes), { ticketId: 'T-1', ...facts }, criteria, readRecentBreaches(recent), at(usedMinutes), 'Europe/Berlin');

describe('Assess: minor, major or critical from the builder’s criteria', () => {
	it('rates a short overrun for a standard customer as minor, saying no rule applied', () => {
		const result = assess(130, { tier: 'standard', priority: 'normal', customerId: 'C-1' });
		expect(result.level).toBe('minor');
		expect(result.reason).toBe('Minor: no severity rule applies, so the default severity is used.');
		expect(result.overrunPercent).toBe(8.33);
	});

	it('rates any enterprise breach as major, and says why', () => {
		const result = assess(130, { tier: 'Enterprise', customerId: 'C-1' });
		expect(result.level).toBe('major');
		expect(result.reason).toBe('Major: the customer is Enterprise tier (rule "Enterprise customer").');
	});

	it('rates an enterprise breach at half the target again as critical', () => {
		const result = assess(185, { tier: 'enterprise', customerId: 'C-1' });
		expect(result.level).toBe('critical');
		expect(result.reason).toBe(
			'Critical: the customer is enterprise tier and the first response overran its target by 54.17% (threshold 50%) (rule "Enterprise customer, far over target").',
		);
		expect(result.matched.map((match) => match.rule)).toContain('Far over target');
	});

	it('matches a contract by name', () => {
		expect(assess(125, { contract: 'Premium Support 24/7' }).level).toBe('major');
	});

	it('counts earlier breaches of the same customer in the window; the same ticket and older ones do not count', () => {
		const recent = [
			{ ticketId: 'T-0', customer: { id: 'C-9' }, breachedAt: new Date(at(125) - 3 * DAY).toISOString() },
			{ ticketId: 'T-1', customerId: 'C-9', at: new Date(at(125) - DAY).toISOString() },
			{ ticketId: 'T-old', customerId: 'C-9', occurredAt: new Date(at(125) - 45 * DAY).toISOString() },
			{ ticketId: 'T-other', customerId: 'C-2', breachedAt: new Date(at(125) - DAY).toISOString() },
		];
		const second = assess(125, { customerId: 'C-9' }, recent);
		expect(second.customerBreaches).toBe(2);
		expect(second.level).toBe('major');
		expect(second.reason).toBe('Major: this is breach 2 for customer C-9 in 30 days (rule "Second breach for this customer").');
		const third = assess(125, { customerId: 'C-9' }, [...recent, { ticketId: 'T-5', customerId: 'C-9', breachedAt: new Date(at(125) - 2 * DAY).toISOString() }]);
		expect(third.level).toBe('critical');
	});

	it('counts breaches of the same issue type, read loosely from incident records', () => {
		const recent = Array.from({ length: 4 }, (_, index) => ({ id: `B-${index}`, intent: { type: 'billing' }, incident: { identification: { since: new Date(at(0) - DAY).toISOString() } } }));
		const result = assess(125, { issueType: 'billing' }, recent);
		expect(result.issueTypeBreaches).toBe(5);
		expect(result.level).toBe('major');
		expect(result.reason).toContain('this is breach 5 of issue type billing in 30 days');
	});

	it('uses the builder’s own rules, window and default', () => {
		const criteria = compileSeverityCriteria({
			windowDays: 7,
			otherwise: 'major',
			rules: [{ name: 'Resolution missed on urgent', severity: 'critical', priorities: 'urgent', metrics: ['firstResponse'] }],
		});
		expect(assess(125, { priority: 'normal' }, [], criteria).level).toBe('major');
		const critical = assess(125, { priority: 'URGENT' }, [], criteria);
		expect(critical.level).toBe('critical');
		expect(critical.reason).toBe('Critical: the ticket has URGENT priority and the first response target was missed (rule "Resolution missed on urgent").');
	});

	it('rejects criteria a builder mistyped, naming the field', () => {
		expect(() => compileSeverityCriteria({ rules: [{ severity: 'huge' }] })).toThrow('Severity Criteria.rules[0].severity: must be minor, major or critical');
		expect(() => compileSeverityCriteria({ rules: [{ severity: 'major', tier: ['gold'] }] })).toThrow(/Severity Criteria.rules\[0\].tier: is not a criterion/);
		expect(() => compileSeverityCriteria({ rules: [{ severity: 'major', overrunPercentAtLeast: '50' }] })).toThrow(SeverityCriteriaError);
		expect(() => compileSeverityCriteria({ rules: [{ severity: 'major', metrics: ['response'] }] })).toThrow('"response" is not firstResponse');
		expect(() => compileSeverityCriteria({ windowDays: 0 })).toThrow('Severity Criteria.windowDays');
		expect(() => compileSeverityCriteria([])).toThrow('Severity Criteria: must be an object');
	});

	it('takes the default criteria when none are given', () => {
		expect(compileSeverityCriteria('')).toBe(DEFAULT_SEVERITY_CRITERIA);
		expect(compileSeverityCriteria({}).rules).toEqual(DEFAULT_SEVERITY_CRITERIA.rules);
	});
});
