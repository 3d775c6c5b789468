import { acknowledgementAt, latestAcknowledgement } from '../../../engine/escalation/acknowledgement';
import { compileCalendar } from '../../../engine/calendar/calendar';
import { planEscalation, type EscalationSettings } from '../../../engine/escalation/escalation';
import { deliveryKey, escalationKey } from '../../../engine/escalation/escalation-key';
import {
	DEFAULT_LADDER,
	evaluateMetric,
	metricSnapshots,
	nextCheckFor,
	parseLadder,
	SLA_METRICS,
	type MetricSnapshot,
	type SentLevel,
} from '../../../engine/escalation/ladder';
import { pagingDecision } from '../../../engine/escalation/quiet-hours';
import { raisedPriority } from '../../../engine/escalation/ticket-actions';
import { TicketFieldError } from '../../../engine/core/ticket';

const T0 = Date.parse('2026-03-10T09:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/** A running metric with a 2-hour target that has used `percent` of it, measured at T0. */
function metric(percent: number, extra: Partial<MetricSnapshot> = {}): MetricSnapshot {
	const target = 2 * HOUR;
	const elapsed = (percent / 100) * target;
	return {
		metric: 'firstResponse',
		state: percent >= 100 ? 'breached' : 'running',
		cycle: 1,
		instance: 1,
		fulfilled: false,
		dueAt: T0 + target - elapsed,
		elapsedMs: elapsed,
		remainingMs: target - elapsed,
		percentUsed: percent,
		...extra,
	};
}

/** The `sla` object the SLA Clock writes, for a first-response clock at `percent` used. */
function slaAt(percent: number, extra: Record<string, unknown> = {}) {
	const m = metric(percent);
	return {
		state: m.state,
		cycle: 1,
		firstResponse: {
			target: 120,
			startedAt: new Date(T0 - (m.elapsedMs ?? 0)).toISOString(),
			dueAt: new Date(m.dueAt!).toISOString(),
			elapsedMs: m.elapsedMs,
			remainingMs: m.remainingMs,
			percentUsed: percent,
			state: m.state,
			breachedAt: percent >= 100 ? new Date(m.dueAt!).toISOString() : null,
			cycle: 1,
		},
		...extra,
	};
}

const settings = (overrides: Partial<EscalationSettings> = {}): EscalationSettings => ({
	ladder: DEFAULT_LADDER,
	metrics: SLA_METRICS,
	rearmAfterMs: HOUR,
	paging: { calendar: null, alwaysPageTiers: [], alwaysPagePriorities: [] },
	outsideHours: 'notifyQuietly',
	...overrides,
});

describe('the escalation ladder', () => {
	it('defaults to ServiceNow’s 50 / 75 / 100 % levels', () => {
		expect(DEFAULT_LADDER.levels.map((level) => level.trigger)).toEqual([
			{ kind: 'percentUsed', percent: 50 },
			{ kind: 'percentUsed', percent: 75 },
			{ kind: 'percentUsed', percent: 100 },
		]);
		expect(DEFAULT_LADDER.levels[2].actions.map((action) => action.type)).toEqual(['notifyChannel', 'mention', 'raisePriority', 'nudgeLeadership']);
	});

	it('has nothing due before the first threshold', () => {
		expect(evaluateMetric(DEFAULT_LADDER, metric(49.9), [], T0).status).toBe('nothingDue');
	});

	it('reaches a level exactly at its percent threshold', () => {
		const verdict = evaluateMetric(DEFAULT_LADDER, metric(50), [], T0);
		expect(verdict).toMatchObject({ status: 'due', level: { level: 1, name: 'Heads-up' }, skipped: [] });
	});

	it('goes straight to the highest level reached and reports the levels passed on the way', () => {
		const verdict = evaluateMetric(DEFAULT_LADDER, metric(80), [], T0);
		expect(verdict).toMatchObject({ status: 'due', level: { level: 2 }, skipped: [1] });
	});

	it('does not send a level twice in the same SLA cycle', () => {
		const sent: SentLevel[] = [{ metric: 'firstResponse', cycle: 1, level: 2, sentAt: T0 - MIN }];
		const verdict = evaluateMetric(DEFAULT_LADDER, metric(90), sent, T0);
		expect(verdict).toMatchObject({ status: 'alreadySent', level: { level: 2 }, sentAt: T0 - MIN });
	});

	it('fires the levels again when the ticket is reopened into a new SLA cycle', () => {
		const sent: SentLevel[] = [{ metric: 'firstResponse', cycle: 1, level: 2, sentAt: T0 - HOUR }];
		const verdict = evaluateMetric(DEFAULT_LADDER, metric(60, { cycle: 2 }), sent, T0);
		expect(verdict).toMatchObject({ status: 'due', level: { level: 1 } });
	});

	it('counts each occurrence of a recurring next-response clock apart', () => {
		const sent: SentLevel[] = [{ metric: 'nextResponse', cycle: 1, instance: 1, level: 2, sentAt: T0 - HOUR }];
		expect(evaluateMetric(DEFAULT_LADDER, metric(80, { metric: 'nextResponse' }), sent, T0).status).toBe('alreadySent');
		expect(evaluateMetric(DEFAULT_LADDER, metric(80, { metric: 'nextResponse', instance: 2 }), sent, T0)).toMatchObject({ status: 'due', level: { level: 2 } });
		expect(escalationKey({ ticketId: 'T-1', metric: 'nextResponse', cycle: 1, instance: 2, level: 2 })).toBe(
			'sla-escalation:v1:T-1:nextResponse:cycle-1:instance-2:level-2',
		);
	});

	it('keeps the levels of one metric apart from another metric’s', () => {
		const sent: SentLevel[] = [{ metric: 'resolution', cycle: 1, level: 3, sentAt: T0 - MIN }];
		expect(evaluateMetric(DEFAULT_LADDER, metric(55), sent, T0)).toMatchObject({ status: 'due', level: { level: 1 } });
	});

	it('does not escalate a clock that is met, fulfilled late, or paused', () => {
		expect(evaluateMetric(DEFAULT_LADDER, metric(120, { state: 'met' }), [], T0).status).toBe('nothingDue');
		expect(evaluateMetric(DEFAULT_LADDER, metric(120, { fulfilled: true }), [], T0).status).toBe('nothingDue');
		expect(evaluateMetric(DEFAULT_LADDER, metric(90, { state: 'paused' }), [], T0).status).toBe('nothingDue');
	});

	it('triggers a level a given time before or after the due time', () => {
		const ladder = parseLadder({
			levels: [
				{ name: 'Soon due', trigger: { kind: 'beforeDue', minutes: 30 } },
				{ name: 'Overdue', trigger: { kind: 'afterDue', minutes: 15 } },
			],
		});
		const m = metric(0, { dueAt: T0 + 40 * MIN });
		expect(evaluateMetric(ladder, m, [], T0).status).toBe('nothingDue');
		expect(evaluateMetric(ladder, m, [], T0 + 10 * MIN)).toMatchObject({ status: 'due', level: { name: 'Soon due' } });
		expect(evaluateMetric(ladder, m, [], T0 + 54 * MIN)).toMatchObject({ status: 'due', level: { name: 'Soon due' } });
		expect(evaluateMetric(ladder, m, [], T0 + 55 * MIN)).toMatchObject({ status: 'due', level: { name: 'Overdue' } });
	});

	it('nudges again a set time after the last escalation, but only once the level below was sent', () => {
		const ladder = parseLadder({
			levels: [
				{ name: 'Breach', trigger: { kind: 'percentUsed', percent: 100 } },
				{ name: 'Still breached', trigger: { kind: 'sinceLastEscalation', minutes: 240 } },
			],
		});
		const breached = metric(150);
		expect(evaluateMetric(ladder, breached, [], T0)).toMatchObject({ status: 'due', level: { level: 1 } });
		const sent: SentLevel[] = [{ metric: 'firstResponse', cycle: 1, level: 1, sentAt: T0 }];
		expect(evaluateMetric(ladder, breached, sent, T0 + 239 * MIN).status).toBe('alreadySent');
		expect(evaluateMetric(ladder, breached, sent, T0 + 240 * MIN)).toMatchObject({ status: 'due', level: { level: 2 } });
	});

	it('watches only the metrics a level names', () => {
		const ladder = parseLadder({ levels: [{ name: 'Resolution only', metrics: ['resolution'], trigger: { kind: 'percentUsed', percent: 10 } }] });
		expect(evaluateMetric(ladder, metric(90), [], T0).status).toBe('nothingDue');
		expect(evaluateMetric(ladder, metric(90, { metric: 'resolution' }), [], T0).status).toBe('due');
	});

	it('tells when to look again: the earliest instant the next level could be reached', () => {
		// 60 % of 2 h used: 75 % is 18 minutes of SLA time away, never sooner on the wall clock.
		expect(nextCheckFor(DEFAULT_LADDER, metric(60), [], 1, T0)).toBe(T0 + 18 * MIN);
		// 80 % used, level 2 sent: the breach level is due exactly at the due time.
		const m = metric(80);
		expect(nextCheckFor(DEFAULT_LADDER, m, [], 2, T0)).toBe(m.dueAt);
		// all levels sent: nothing left to check for.
		expect(nextCheckFor(DEFAULT_LADDER, metric(130), [], 3, T0)).toBeNull();
	});

	it('rejects a ladder with a clear message naming the level and field', () => {
		expect(() => parseLadder({ levels: [] })).toThrow('ladder.levels: needs at least one level');
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'soon' } }] })).toThrow(/ladder\.levels\[0\]\.trigger\.kind: must be one of/);
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'percentUsed', percent: -5 } }] })).toThrow(TicketFieldError);
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'afterDue', minutes: 5 }, actions: [{ type: 'mention' }] }] })).toThrow(
			'ladder.levels[0].actions[0].targets: names no one to mention',
		);
		expect(() => parseLadder({ levels: [{ trigger: { kind: 'afterDue', minutes: 5 }, metrics: ['speed'] }] })).toThrow(/"speed" is not one of/);
	});

	it('reads the metrics of the SLA Clock’s sla object and names a bad due time', () => {
		const snapshots = metricSnapshots(slaAt(60));
		expect(snapshots).toHaveLength(1);
		expect(snapshots[0]).toMatchObject({ metric: 'firstResponse', cycle: 1, percentUsed: 60, state: 'running' });
		expect(() => metricSnapshots({ firstResponse: { dueAt: 'tomorrow' } })).toThrow('sla.firstResponse.dueAt');
		expect(() => metricSnapshots(undefined)).toThrow(/^sla: is missing/);
	});
});

describe('escalation keys', () => {
	it('name ticket, metric, cycle and level, so a reopened ticket gets new keys', () => {
		const key = escalationKey({ ticketId: 'T-1', metric: 'resolution', cycle: 1, level: 2 });
		expect(key).toBe('sla-escalation:v1:T-1:resolution:cycle-1:level-2');
		expect(escalationKey({ ticketId: 'T-1', metric: 'resolution', cycle: 2, level: 2 })).not.toBe(key);
		expect(escalationKey({ ticketId: 'T-1', metric: 'firstResponse', cycle: 1, level: 2 })).not.toBe(key);
	});

	it('cannot be confused by separators in a ticket id', () => {
		const a = escalationKey({ ticketId: 'A:resolution', metric: 'x', cycle: 1, level: 1 });
		const b = escalationKey({ ticketId: 'A', metric: 'resolution:x', cycle: 1, level: 1 });
		expect(a).not.toBe(b);
	});

	it('give each destination of a level its own key', () => {
		const key = escalationKey({ ticketId: 'T-1', metric: 'resolution', cycle: 1, level: 3 });
		expect(deliveryKey(key, 'thread')).toBe(`${key}:thread`);
		expect(deliveryKey(key, 'user:U1')).toBe(`${key}:user%3AU1`);
	});
});

describe('acknowledgement', () => {
	it('stops the ladder until the re-arm timeout, then lets it run again', () => {
		const at = latestAcknowledgement([{ type: 'acknowledged', at: '2026-03-10T08:30:00Z' }, { type: 'note', at: '2026-03-10T08:50:00Z' }]);
		expect(at).toBe(Date.parse('2026-03-10T08:30:00Z'));
		expect(acknowledgementAt(at, HOUR, T0)).toMatchObject({ active: true, rearmAt: at! + HOUR });
		expect(acknowledgementAt(at, HOUR, at! + HOUR)?.active).toBe(false);
		expect(acknowledgementAt(at, 0, at! + 100 * HOUR)).toMatchObject({ active: true, rearmAt: null });
		expect(acknowledgementAt(null, HOUR, T0)).toBeNull();
	});
});

describe('quiet hours', () => {
	const calendar = compileCalendar({ timezone: 'Europe/Berlin', weeklyHours: { tue: [{ start: '08:00', end: '18:00' }] } });
	const policy = { calendar, alwaysPageTiers: ['vip'], alwaysPagePriorities: ['urgent'] };
	const tuesdayNight = Date.parse('2026-03-10T21:00:00+01:00');

	it('pages inside paging hours', () => {
		expect(pagingDecision(policy, { tier: 'pro', priority: 'normal' }, Date.parse('2026-03-10T10:00:00+01:00'))).toEqual({ page: true, reason: 'inHours' });
	});

	it('notifies without paging outside hours and says when hours start again', () => {
		expect(pagingDecision(policy, { tier: 'pro', priority: 'normal' }, tuesdayNight)).toEqual({
			page: false,
			reason: 'quietHours',
			quietUntil: Date.parse('2026-03-17T08:00:00+01:00'),
		});
	});

	it('always pages for the tiers and priorities that say so', () => {
		expect(pagingDecision(policy, { tier: 'VIP', priority: 'normal' }, tuesdayNight)).toMatchObject({ page: true, reason: 'alwaysTier' });
		expect(pagingDecision(policy, { tier: 'pro', priority: 'Urgent' }, tuesdayNight)).toMatchObject({ page: true, reason: 'alwaysPriority' });
	});

	it('pages at any time without a calendar', () => {
		expect(pagingDecision({ ...policy, calendar: null }, {}, tuesdayNight)).toEqual({ page: true, reason: 'noCalendar' });
	});
});

describe('planning a ticket’s escalation', () => {
	const ticket = (percent: number, extra: Record<string, unknown> = {}) => ({ id: 'T-42', priority: 'high', customer: { tier: 'pro' }, sla: slaAt(percent), ...extra });

	it('escalates the level that is due, with its key', () => {
		const plan = planEscalation(ticket(76), settings(), T0);
		expect(plan.outcome).toBe('escalate');
		if (plan.outcome !== 'escalate') return;
		expect(plan.due.map((due) => [due.metric.metric, due.level.level, due.key])).toEqual([
			['firstResponse', 2, 'sla-escalation:v1:T-42:firstResponse:cycle-1:level-2'],
		]);
		expect(plan.nextCheckAt).toBe(T0 + 0.24 * 2 * HOUR);
	});

	it('takes no action before the first level, and says when to check again', () => {
		const plan = planEscalation(ticket(25), settings(), T0);
		expect(plan).toMatchObject({ outcome: 'noAction', why: 'No escalation level is due yet.', nextCheckAt: T0 + 30 * MIN });
	});

	it('also checks again when the SLA Clock says its state changes sooner', () => {
		const sla = slaAt(25, { nextCheckAt: new Date(T0 + 5 * MIN).toISOString() });
		expect(planEscalation(ticket(25, { sla }), settings(), T0).nextCheckAt).toBe(T0 + 5 * MIN);
	});

	it('suppresses a level the ticket’s own record shows as sent', () => {
		const escalation = { levels: [{ metric: 'firstResponse', cycle: 1, level: 2, name: 'Warning', sentAt: new Date(T0 - MIN).toISOString() }] };
		const plan = planEscalation(ticket(80, { escalation }), settings(), T0);
		expect(plan).toMatchObject({ outcome: 'suppressed', reason: 'alreadySent' });
		expect(plan.outcome === 'suppressed' && plan.why).toContain('L2 Warning on firstResponse (cycle 1) was sent at');
	});

	it('suppresses an acknowledged ticket until the ladder re-arms', () => {
		const events = [{ type: 'acknowledged', at: new Date(T0 - 10 * MIN).toISOString(), actor: 'agent-7' }];
		const plan = planEscalation(ticket(80, { events }), settings(), T0);
		expect(plan).toMatchObject({ outcome: 'suppressed', reason: 'acknowledged', nextCheckAt: T0 + 50 * MIN });
		expect(planEscalation(ticket(80, { events }), settings(), T0 + 50 * MIN).outcome).toBe('escalate');
	});

	it('holds a level outside paging hours when told to, until hours start', () => {
		const calendar = compileCalendar({ timezone: 'UTC', weeklyHours: { tue: [{ start: '12:00', end: '18:00' }] } });
		const quiet = settings({ paging: { calendar, alwaysPageTiers: [], alwaysPagePriorities: [] }, outsideHours: 'hold' });
		expect(planEscalation(ticket(80), quiet, T0)).toMatchObject({ outcome: 'suppressed', reason: 'quietHours', nextCheckAt: Date.parse('2026-03-10T12:00:00Z') });
		const notify = planEscalation(ticket(80), { ...quiet, outsideHours: 'notifyQuietly' }, T0);
		expect(notify).toMatchObject({ outcome: 'escalate', paging: { page: false, reason: 'quietHours' } });
	});

	it('needs a ticket id for its key', () => {
		expect(() => planEscalation({ sla: slaAt(80) }, settings(), T0)).toThrow('id: is missing');
	});
});

describe('raising priority', () => {
	const scale = ['low', 'normal', 'high', 'urgent'];
	it('moves one step up the scale, and not past the top', () => {
		expect(raisedPriority('normal', scale)).toBe('high');
		expect(raisedPriority('URGENT', scale)).toBeNull();
		expect(raisedPriority('unknown', scale)).toBeNull();
		expect(raisedPriority('low', scale, 'urgent')).toBe('urgent');
	});
});
