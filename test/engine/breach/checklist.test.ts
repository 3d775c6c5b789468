import { identifyBreach } from '../../../engine/breach/identification';
import { evaluateChecklist, type ChecklistResult } from '../../../engine/breach/checklist';
import type { Incident } from '../../../engine/breach/incident';
import { buildTimeline } from '../../../engine/breach/incident-timeline';
import { draftNotice } from '../../../engine/breach/notice';
import { compilePlaybook, planCorrectiveActions } from '../../../engine/breach/playbook';
import { writeReview } from '../../../engine/breach/review';
import { DEFAULT_SEVERITY_CRITERIA, assessSeverity } from '../../../engine/breach/severity';
import { iso } from '../../support/time';
import { at, slaWith } from './breach-fixtures';

const ONE_ACTION = compilePlaybook([{ issueType: '*', severity: '*', actions: [{ action: 'Reply with a status', owner: 'Agent', dueInMinutes: 60 }] }]);

function identified(): Incident {
	const identification = identifyBreach(slaWith(165), at(165));
	return { identification };
}

function assessed(): Incident {
	const incident = identified();
	return { ...incident, severity: assessSeverity(incident.identification!, { tier: 'enterprise' }, DEFAULT_SEVERITY_CRITERIA, [], at(165)) };
}

function communicated(sentAfterMinutes: number | null): Incident {
	const incident = assessed();
	const notice = draftNotice({ identification: incident.identification!, severity: incident.severity!.level, ticketId: 'T-1', language: 'en' }, at(165));
	return { ...incident, notice: { ...notice, sentAt: sentAfterMinutes === null ? null : iso(at(165 + sentAfterMinutes)) } };
}

function corrected(): Incident {
	const incident = communicated(10);
	return { ...incident, plan: planCorrectiveActions({ playbook: ONE_ACTION, issueType: null, severity: 'major' }, at(170)) };
}

function check(incident: Incident, nowMinutes: number, options: { events?: unknown[]; audit?: unknown[]; resolvedAtMinutes?: number } = {}): ChecklistResult {
	const timeline = buildTimeline({ createdAt: iso(at(0)), events: options.events ?? [], incident, audit: options.audit });
	return evaluateChecklist({ incident, timeline, resolvedAt: options.resolvedAtMinutes === undefined ? null : at(options.resolvedAtMinutes), timezone: 'Europe/Berlin' }, at(nowMinutes));
}

const states = (result: ChecklistResult) => Object.fromEntries(result.items.map((item) => [item.key, item.state]));

describe('Checklist: the SOP checklist with states derived from what happened', () => {
	it('lists the eight items of the SOP in its order', () => {
		const result = check({}, 0);
		expect(result.items.map((item) => item.label)).toEqual([
			'Identify SLA breach using monitoring tools',
			'Categorize breach by severity',
			'Notify the client promptly',
			'Deploy corrective measures',
			'Document incident details',
			'Conduct a root cause analysis',
			'Review the resolution process',
			'Ensure improvements are shared with the team',
		]);
		expect(result.complete).toBe(false);
		expect(result.done).toBe(0);
	});

	it('ticks identification and categorisation once they happened, and counts the notice as open until due', () => {
		const result = check(assessed(), 170);
		expect(states(result)).toMatchObject({ identified: 'done', categorised: 'done', clientNotified: 'open' });
		expect(result.items[2].detail).toBe('The client notice is due 2026-03-10 12:45+01:00.');
		expect(result.flags).toEqual([]);
	});

	it('flags a client not notified by the due time', () => {
		const result = check(communicated(null), 240);
		expect(states(result).clientNotified).toBe('overdue');
		expect(result.flags).toEqual([
			{ mistake: 'client_not_notified_in_time', level: 'blocking', message: 'The client has not been notified; the notice was due 2026-03-10 12:45+01:00. Send it now.' },
		]);
	});

	it('accepts a notice recorded as a ticket event or an audit entry, and warns when it was late', () => {
		const viaEvent = check(assessed(), 300, { events: [{ type: 'client_notified', at: iso(at(200)) }] });
		expect(states(viaEvent).clientNotified).toBe('done');
		expect(viaEvent.flags).toEqual([]);
		const late = check(assessed(), 300, { audit: [{ occurredAt: iso(at(260)), action: 'notice_sent', actor: 'Ana' }] });
		expect(states(late).clientNotified).toBe('done');
		expect(late.flags.map((flag) => [flag.mistake, flag.level])).toEqual([['client_notified_late', 'warning']]);
	});

	it('flags follow-up actions left overdue, and ticks the measures once done', () => {
		const open = check(corrected(), 300);
		expect(states(open).measuresDeployed).toBe('overdue');
		expect(open.flags.map((flag) => flag.mistake)).toEqual(['follow_up_overdue']);
		expect(open.flags[0].message).toBe('Follow-up actions overdue: A1 "Reply with a status" (Agent, due 2026-03-10 12:50+01:00).');
		const done = check(corrected(), 300, { events: [{ type: 'action_done', actionId: 'A1', at: iso(at(200)) }] });
		expect(states(done).measuresDeployed).toBe('done');
		expect(done.flags).toEqual([]);
	});

	it('flags a ticket closed without documentation or root cause', () => {
		const result = check(corrected(), 300, { events: [{ type: 'action_done', actionId: 'A1', at: iso(at(200)) }], resolvedAtMinutes: 280 });
		expect(states(result)).toMatchObject({ documented: 'overdue', rootCauseAnalysed: 'overdue', resolutionReviewed: 'open' });
		expect(result.flags.map((flag) => flag.mistake)).toEqual(['not_documented', 'closed_without_root_cause']);
	});

	it('flags an unclear notice that leaves out what the client needs to know', () => {
		const incident = communicated(5);
		incident.notice = { ...incident.notice!, clarity: { complete: false, missing: ['next update time'] } };
		expect(check(incident, 200).flags).toEqual([{ mistake: 'unclear_notice', level: 'warning', message: 'The client notice leaves out: next update time.' }]);
	});

	it('is complete when every step happened: notified, measures done, reviewed after resolution with a root cause, shared', () => {
		const incident = corrected();
		const events = [
			{ type: 'action_done', actionId: 'A1', at: iso(at(200)) },
			{ type: 'status', status: 'solved', at: iso(at(280)) },
		];
		const timeline = buildTimeline({ events, incident });
		incident.review = writeReview(
			{ ticket: { id: 'T-1' }, incident, timeline, rootCause: 'Queue had no coverage', whys: ['Unassigned'], sharedWith: ['#support-team'] },
			at(290),
		);
		const result = check(incident, 300, { events, resolvedAtMinutes: 280 });
		expect(result.flags).toEqual([]);
		expect(Object.values(states(result))).toEqual(Array(8).fill('done'));
		expect(result.complete).toBe(true);
	});

	it('has nothing to do for a ticket that is not a breach', () => {
		const result = check({ identification: identifyBreach(slaWith(30), at(30)) }, 30);
		expect(result.complete).toBe(true);
		expect(states(result)).toMatchObject({ identified: 'done', clientNotified: 'not_needed', improvementsShared: 'not_needed' });
	});

	it('uses the default notice due time when no notice was drafted', () => {
		const result = check(identified(), 400);
		expect(states(result).clientNotified).toBe('overdue');
	});
});
