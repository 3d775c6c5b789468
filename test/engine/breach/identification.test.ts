import { formatDuration, identifyBreach } from '../../../engine/breach/identification';
import { TicketFieldError } from '../../../engine/core/ticket';
import { MINUTE } from '../../support/time';
import { at, clock, slaWith } from './breach-fixtures';

describe('Identify: is it an SLA breach, of which metric, by how much, since when', () => {
	it('names the breached metric, the overrun in business time and share of the target, and when it began', () => {
		const result = identifyBreach(slaWith(165), at(165));
		expect(result.isBreach).toBe(true);
		expect(result.status).toBe('breached');
		expect(result.metric).toBe('firstResponse');
		expect(Date.parse(result.since!)).toBe(at(120));
		expect(result.since).toBe('2026-03-10T11:00:00.000+01:00');
		expect(result.overrunMinutes).toBe(45);
		expect(result.overrunPercent).toBe(37.5);
		expect(result.breaches).toHaveLength(1);
		expect(result.breaches[0]).toMatchObject({ ongoing: true, basis: 'sla_clock', targetMinutes: 120 });
		expect(result.policy).toEqual({ name: 'Enterprise', version: '3' });
		expect(result.summary).toBe('First response breached since 2026-03-10T11:00:00.000+01:00: 45 min over its 2 h target (37.5%), still open.');
	});

	it('is not a breach while every clock is within target, and says how far each has run', () => {
		const result = identifyBreach(slaWith(30), at(30));
		expect(result.isBreach).toBe(false);
		expect(result.status).toBe('within_sla');
		expect(result.metric).toBeNull();
		expect(result.overrunMs).toBe(0);
		expect(result.summary).toMatch(/^Not a breach: First response is within its 2 h target, due 2026-03-10T11:00:00.000\+01:00 \(25% used\)/);
	});

	it('reports a clock close to its due time as at risk, not as a breach', () => {
		const result = identifyBreach(slaWith(100), at(100));
		expect(result.status).toBe('at_risk');
		expect(result.isBreach).toBe(false);
		expect(result.atRisk).toEqual(['firstResponse']);
	});

	it('checks a clock read earlier against the current time: a due time passed since is a breach now', () => {
		const sla = slaWith(100);
		const result = identifyBreach(sla, at(150));
		expect(result.isBreach).toBe(true);
		expect(result.breaches[0]).toMatchObject({ metric: 'firstResponse', basis: 'due_time', overrunMinutes: 30, overrunPercent: 25 });
		expect(Date.parse(result.since!)).toBe(at(120));
	});

	it('does not count a paused clock past its old due time as a breach', () => {
		const sla = slaWith(60, { firstResponse: { ...clock(120, 60), state: 'paused', dueAt: null } });
		expect(identifyBreach(sla, at(300)).isBreach).toBe(false);
	});

	it('keeps a metric fulfilled late as a breach with its final overrun', () => {
		const late = clock(120, 150, { fulfilledAt: new Date(at(150)).toISOString() });
		const result = identifyBreach(slaWith(150, { firstResponse: late }), at(200));
		expect(result.breaches[0]).toMatchObject({ ongoing: false, overrunMinutes: 30 });
		expect(result.summary).toContain('fulfilled late at');
	});

	it('leads with the metric breached first and lists every breached metric', () => {
		const sla = slaWith(1100);
		const result = identifyBreach(sla, at(1100));
		expect(result.breaches.map((breach) => breach.metric)).toEqual(['firstResponse', 'resolution']);
		expect(result.metric).toBe('firstResponse');
	});

	it('only counts the metrics chosen', () => {
		expect(identifyBreach(slaWith(165), at(165), { metrics: ['resolution'] }).isBreach).toBe(false);
	});

	it('refuses to decide without the SLA clock, naming the field', () => {
		expect(() => identifyBreach(undefined, at(0))).toThrow(TicketFieldError);
		expect(() => identifyBreach(undefined, at(0))).toThrow(/^sla: is missing: put the SLA Clock node before Breach SOP/);
		expect(() => identifyBreach({ firstResponse: { ...clock(120, 10), dueAt: 'soon' } }, at(0))).toThrow('sla.firstResponse.dueAt: "soon" is not an ISO-8601 timestamp');
		expect(() => identifyBreach({ firstResponse: { state: 'running' } }, at(0))).toThrow('sla.firstResponse.target');
	});

	describe('a client reports a delayed response (the SOP knowledge check)', () => {
		it('first identifies whether it is an SLA breach: confirmed when the response clock is past its target', () => {
			const result = identifyBreach(slaWith(165), at(165), { report: { reportedAt: at(160) } });
			expect(result.report).toMatchObject({ verdict: 'confirmed_breach', metrics: ['firstResponse', 'nextResponse', 'periodicUpdate'] });
			expect(result.report!.reportedAt).toBe('2026-03-10T11:40:00.000+01:00');
			expect(result.report!.explanation).toMatch(/^The reported delay is an SLA breach\. First response breached since/);
		});

		it('answers "not an SLA breach" when the response is still within its target', () => {
			const result = identifyBreach(slaWith(40), at(40), { report: { reportedAt: at(40) } });
			expect(result.isBreach).toBe(false);
			expect(result.report!.verdict).toBe('not_a_breach');
			expect(result.report!.explanation).toContain('not an SLA breach: First response is within its 2 h target');
		});

		it('answers "at risk" when the response is close to its target', () => {
			expect(identifyBreach(slaWith(110), at(110), { report: { reportedAt: null } }).report!.verdict).toBe('at_risk');
		});

		it('notes another breached metric without calling the response late', () => {
			const answered = clock(120, 30, { state: 'met', fulfilledAt: new Date(at(30)).toISOString() });
			const sla = slaWith(30, { firstResponse: answered, resolution: clock(960, 1000) });
			const result = identifyBreach(sla, at(1000), { report: { reportedAt: null } });
			expect(result.report!.verdict).toBe('not_a_breach');
			expect(result.report!.explanation).toContain('First response was met at 2026-03-10T09:30:00.000+01:00');
			expect(result.report!.explanation).toContain('Note: Resolution breached since');
			expect(result.isBreach).toBe(true);
		});
	});

	it('writes durations in short words', () => {
		expect([formatDuration(45 * MINUTE), formatDuration(90 * MINUTE), formatDuration(120 * MINUTE), formatDuration(27 * 60 * MINUTE)]).toEqual(['45 min', '1 h 30 min', '2 h', '1 d 3 h']);
	});
});
