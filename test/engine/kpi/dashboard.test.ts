import { slaDashboard, slaReport } from '../../../engine/kpi';
import { NOW, TICKETS } from './kpi-fixtures';

const MIN = 60_000;
const HOUR = 60 * MIN;
const dashboard = slaDashboard({ tickets: TICKETS, now: NOW, days: 3, timezone: 'UTC' });

describe('the SLA dashboard over the report fixtures, seen at 06:00 on 11 March (UTC), the last 3 days', () => {
	it('covers 9, 10 and 11 March, from midnight of the first day to now', () => {
		expect(dashboard.days).toEqual(['2026-03-09', '2026-03-10', '2026-03-11']);
		expect(dashboard.period).toEqual({ from: '2026-03-09T00:00:00.000Z', to: '2026-03-11T06:00:00.000Z' });
		expect(dashboard.evaluatedAt).toBe('2026-03-11T06:00:00.000Z');
	});

	it('lists the overdue tickets longest overdue first (T3 and T8 breached without a due time, T9 15 min past its first response)', () => {
		expect(dashboard.attention.breachedCount).toBe(3);
		expect(dashboard.attention.breached.map(({ id, metric, state, dueAt, byMs, escalationLevel }) => ({ id, metric, state, dueAt, byMs, escalationLevel }))).toEqual([
			{ id: 'T3', metric: 'firstResponse', state: 'breached', dueAt: null, byMs: null, escalationLevel: 2 },
			{ id: 'T8', metric: 'resolution', state: 'breached', dueAt: null, byMs: null, escalationLevel: 0 },
			{ id: 'T9', metric: 'firstResponse', state: 'running', dueAt: '2026-03-11T05:45:00.000Z', byMs: 15 * MIN, escalationLevel: 0 },
		]);
	});

	it('lists T6 at risk with its resolution due in 2 hours; T9 is overdue, so not also at risk', () => {
		expect(dashboard.attention.atRiskCount).toBe(1);
		expect(dashboard.attention.atRisk).toEqual([
			expect.objectContaining({ id: 'T6', key: 'zendesk:T6', metric: 'resolution', state: 'at_risk', dueAt: '2026-03-11T08:00:00.000Z', byMs: 2 * HOUR }),
		]);
	});

	it('counts at risk and overdue exactly as the daily report does', () => {
		expect(dashboard.summary.now).toEqual({ atRisk: dashboard.attention.atRiskCount, overdue: dashboard.attention.breachedCount, clocksDue: 2 });
	});

	it('gives the breach rate per metric of the tickets created each day (none on the 9th, T1–T6 on the 10th, T9 on the 11th)', () => {
		const none = { measured: 0, breached: 0, rate: null };
		expect(dashboard.breachRate).toEqual({
			firstResponse: [none, { measured: 6, breached: 2, rate: 2 / 6 }, { measured: 1, breached: 0, rate: 0 }],
			nextResponse: [none, { measured: 1, breached: 0, rate: 0 }, none],
			resolution: [none, { measured: 5, breached: 1, rate: 1 / 5 }, { measured: 1, breached: 0, rate: 0 }],
			periodicUpdate: [none, none, none],
		});
	});

	it('counts the reopen of T4 and the manual override of T5 on the 10th', () => {
		expect(dashboard.activity).toEqual({ escalations: [0, 0, 0], reopens: [0, 1, 0], manualOverrides: [0, 1, 0] });
	});

	it('takes medians, backlog age and rates from the daily report over the same period', () => {
		expect(dashboard.summary).toEqual(slaReport({ tickets: TICKETS, from: Date.parse('2026-03-09T00:00:00Z'), to: NOW + 1, now: NOW }));
		expect(dashboard.summary.firstResponseTime.businessMs).toBe(17.5 * MIN);
		expect(dashboard.summary.backlogAge.count).toBe(8);
	});

	it('reports the audit trail as not read when no audit report is given', () => {
		expect(dashboard.audit).toEqual({ status: 'not read', message: null, entries: null, manualOverrideCount: 0, manualOverrides: [] });
	});
});

const created = (at: string, fields: Record<string, unknown> = {}) => ({ key: `generic:${at}`, id: at, createdAt: at, status: 'open', events: [], ...fields });

describe('days, lists and the audit trail', () => {
	it('puts a ticket on the day of the dashboard\'s time zone: 23:30 UTC on the 10th is the 11th in Berlin', () => {
		const tickets = [created('2026-03-10T23:30:00Z', { sla: { firstResponse: { state: 'breached', breachedAt: '2026-03-11T00:30:00Z' } } })];
		const now = Date.parse('2026-03-11T10:00:00Z');
		expect(slaDashboard({ tickets, now, days: 2, timezone: 'UTC' }).breachRate.firstResponse.map((day) => day.breached)).toEqual([1, 0]);
		const berlin = slaDashboard({ tickets, now, days: 2, timezone: 'Europe/Berlin' });
		expect(berlin.days).toEqual(['2026-03-10', '2026-03-11']);
		expect(berlin.breachRate.firstResponse.map((day) => day.breached)).toEqual([0, 1]);
		expect(berlin.period.from).toBe('2026-03-10T00:00:00.000+01:00');
	});

	it('starts the first day at local midnight across a daylight-saving change (Berlin, 29 March 2026 is 23 hours long)', () => {
		const now = Date.parse('2026-03-30T10:00:00+02:00');
		const board = slaDashboard({ tickets: [], now, days: 2, timezone: 'Europe/Berlin' });
		expect(board.days).toEqual(['2026-03-29', '2026-03-30']);
		expect(board.period.from).toBe('2026-03-29T00:00:00.000+01:00');
	});

	it('counts escalation levels on the day they were sent', () => {
		const tickets = [created('2026-03-10T08:00:00Z', { escalation: { level: 2, levels: [{ level: 1, sentAt: '2026-03-10T09:00:00Z' }, { level: 2, sentAt: '2026-03-11T01:00:00Z' }, { level: 3 }] } })];
		expect(slaDashboard({ tickets, now: Date.parse('2026-03-11T10:00:00Z'), days: 2, timezone: 'UTC' }).activity.escalations).toEqual([1, 1]);
	});

	it('cuts each list at the limit but counts every ticket, soonest due first, with assignee and queue from routing', () => {
		const now = Date.parse('2026-03-11T10:00:00Z');
		const tickets = [3, 1, 2].map((hours) =>
			created(`2026-03-11T0${hours}:00:00Z`, {
				subject: `due in ${hours} h`,
				routing: { assignee: `agent-${hours}`, queue: 'billing' },
				sla: { resolution: { state: 'at_risk', dueAt: new Date(now + hours * HOUR).toISOString() } },
			}),
		);
		const board = slaDashboard({ tickets, now, days: 1, timezone: 'UTC', listLimit: 2 });
		expect(board.attention.atRiskCount).toBe(3);
		expect(board.attention.atRisk.map(({ subject, assignee, queue, byMs }) => ({ subject, assignee, queue, byMs }))).toEqual([
			{ subject: 'due in 1 h', assignee: 'agent-1', queue: 'billing', byMs: HOUR },
			{ subject: 'due in 2 h', assignee: 'agent-2', queue: 'billing', byMs: 2 * HOUR },
		]);
	});

	it('leaves resolved, drill and merged tickets off the lists', () => {
		const now = Date.parse('2026-03-11T10:00:00Z');
		const breached = { firstResponse: { state: 'breached' } };
		const tickets = [
			created('2026-03-11T01:00:00Z', { status: 'solved', sla: breached }),
			created('2026-03-11T02:00:00Z', { drill: true, sla: breached }),
			created('2026-03-11T03:00:00Z', { mergedInto: 'generic:x', sla: breached }),
			created('2026-03-11T04:00:00Z', { sla: breached }),
		];
		const board = slaDashboard({ tickets, now, days: 1, timezone: 'UTC' });
		expect(board.attention.breached.map((ticket) => ticket.id)).toEqual(['2026-03-11T04:00:00Z']);
		expect(slaDashboard({ tickets, now, days: 1, timezone: 'UTC', includeDrill: true }).attention.breachedCount).toBe(2);
	});

	it('shows the audit trail\'s manual overrides latest first with who made them, and a broken or unreadable trail as such', () => {
		const audit = {
			verify: { intact: true },
			report: {
				entries: 12,
				manualOverrides: [
					{ id: 'a', occurredAt: '2026-03-10T09:00:00.000Z', actor: 'user:ana@example.com', ticketId: '17', rule: 'priority' },
					{ id: 'b', occurredAt: '2026-03-10T11:00:00.000Z', actor: 'user:bo@example.com', ticketId: null, rule: null },
				],
			},
		};
		const board = (fields: object) => slaDashboard({ tickets: [], now: NOW, days: 1, timezone: 'UTC', ...fields }).audit;
		expect(board({ audit })).toEqual({
			status: 'intact',
			message: null,
			entries: 12,
			manualOverrideCount: 2,
			manualOverrides: [
				{ occurredAt: '2026-03-10T11:00:00.000Z', actor: 'user:bo@example.com', ticketId: null, rule: null },
				{ occurredAt: '2026-03-10T09:00:00.000Z', actor: 'user:ana@example.com', ticketId: '17', rule: 'priority' },
			],
		});
		expect(board({ audit: { ...audit, verify: { intact: false, message: 'line 7: hash mismatch' } } })).toMatchObject({ status: 'broken', message: 'line 7: hash mismatch' });
		expect(board({ auditError: { message: 'The trail file does not exist' } })).toMatchObject({ status: 'unavailable', message: 'The trail file does not exist' });
	});

	it('refuses an unknown time zone and a number of days out of range, naming them', () => {
		expect(() => slaDashboard({ tickets: [], now: NOW, days: 7, timezone: 'Mars/Olympus' })).toThrow(/"Mars\/Olympus" is not an IANA time zone/);
		expect(() => slaDashboard({ tickets: [], now: NOW, days: 0, timezone: 'UTC' })).toThrow(/days must be a whole number from 1 to 366, got 0/);
		expect(() => slaDashboard({ tickets: [], now: NOW, days: 1.5, timezone: 'UTC' })).toThrow(/days must be/);
	});
});
