import { identifyBreach } from '../../../engine/breach/identification';
import type { Incident } from '../../../engine/breach/incident';
import { buildTimeline } from '../../../engine/breach/incident-timeline';
import { draftNotice } from '../../../engine/breach/notice';
import { DEFAULT_PLAYBOOK, planCorrectiveActions } from '../../../engine/breach/playbook';
import { markdownText, writeReview } from '../../../engine/breach/review';
import { DEFAULT_SEVERITY_CRITERIA, assessSeverity } from '../../../engine/breach/severity';
import { iso } from '../../support/time';
import { at, slaWith } from './breach-fixtures';

function incidentAt(usedMinutes: number): Incident {
	const identification = identifyBreach(slaWith(usedMinutes), at(usedMinutes));
	const severity = assessSeverity(identification, { tier: 'enterprise', customerId: 'C-7' }, DEFAULT_SEVERITY_CRITERIA, [], at(usedMinutes));
	const notice = { ...draftNotice({ identification, severity: severity.level, ticketId: 'T-1001', language: 'en' }, at(usedMinutes)), sentAt: iso(at(usedMinutes + 5)) };
	const plan = planCorrectiveActions({ playbook: DEFAULT_PLAYBOOK, issueType: 'billing', severity: severity.level, timezone: 'Europe/Berlin' }, at(usedMinutes));
	return {
		identification,
		severity,
		notice,
		plan,
		steps: [
			{ step: 'identify', at: identification.identifiedAt, summary: identification.summary },
			{ step: 'assess', at: severity.assessedAt, summary: severity.reason },
		],
	};
}

const ticket = {
	createdAt: '2026-03-10T09:00:00+01:00',
	events: [
		{ type: 'status', status: 'open', at: '2026-03-10T09:00:00+01:00' },
		{ type: 'customer_reply', at: '2026-03-10T11:20:00+01:00', actor: 'dana@acme.example', text: 'Any news?' },
		{ type: 'action_done', actionId: 'A1', at: '2026-03-10T12:30:00+01:00', actor: 'Billing' },
		{ type: 'status', status: 'solved', at: '2026-03-10T14:00:00+01:00', actor: 'Ana' },
	],
};

function review(extra: Partial<Parameters<typeof writeReview>[0]> = {}) {
	const incident = incidentAt(165);
	const timeline = buildTimeline({ ...ticket, sla: slaWith(165), incident, until: at(400), audit: [{ occurredAt: '2026-03-10T11:05:00+01:00', actor: { type: 'workflow', id: 'wf-1', name: 'SLA sweep' }, action: 'escalated', rule: { id: 'breach-ladder', version: '2' } }] });
	return writeReview(
		{
			ticket: { id: 'T-1001', subject: 'Invoice | charged twice', customerName: 'Acme GmbH', customerId: 'C-7', tier: 'enterprise', priority: 'high', status: 'solved' },
			incident,
			timeline,
			timezone: 'Europe/Berlin',
			...extra,
		},
		at(400),
	);
}

describe('Review: the post-incident review document', () => {
	it('builds the timeline from ticket events, SLA milestones, procedure steps and audit entries, in order', () => {
		const { markdown } = review();
		const timeline = markdown.split('## Timeline')[1].split('## Impact')[0];
		const rows = timeline.split('\n').filter((line) => line.startsWith('| 2026'));
		expect(rows).toEqual([
			'| 2026-03-10 09:00+01:00 | Ticket created | — | ticket |',
			'| 2026-03-10 09:00+01:00 | Status changed to open | — | ticket |',
			'| 2026-03-10 11:00+01:00 | First response SLA breached (target 120 min) | — | sla |',
			'| 2026-03-10 11:05+01:00 | Escalated (rule breach-ladder) | SLA sweep | audit |',
			'| 2026-03-10 11:20+01:00 | Customer reply: Any news? | dana@acme.example | ticket |',
			'| 2026-03-10 11:45+01:00 | Breach identified: First response breached since 2026-03-10T11:00:00.000+01:00: 45 min over its 2 h target (37.5%), still open. | Breach SOP | sop |',
			'| 2026-03-10 11:45+01:00 | Severity assessed: Major: the customer is enterprise tier (rule "Enterprise customer"). | Breach SOP | sop |',
			'| 2026-03-10 11:50+01:00 | Client notice sent | — | sop |',
			'| 2026-03-10 12:30+01:00 | Action A1 done | Billing | ticket |',
			'| 2026-03-10 14:00+01:00 | Status changed to solved | Ana | ticket |',
		]);
	});

	it('states impact, severity reason, notice timing and the actions with their state', () => {
		const { markdown, actions } = review();
		expect(markdown).toContain('| Severity | **major** |');
		expect(markdown).toContain('- first response: 45 min over the 2 h target (37.5%), still open');
		expect(markdown).toContain('- Client notice (en) due 2026-03-10 12:45+01:00: sent 2026-03-10 11:50+01:00, on time');
		expect(actions.find((action) => action.id === 'A1')).toEqual({ id: 'A1', status: 'done', doneAt: '2026-03-10T12:30:00.000+01:00' });
		expect(markdown).toMatch(/## Corrective actions\n\n\| ID \| Action \| Owner \| Due \| Status \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| A1 \| Check the billing system/);
		expect(markdown).toContain('| done 2026-03-10 12:30+01:00 |');
		expect(markdown).toMatch(/## Preventive actions\n\n\| ID .*\n.*\n\| A3 \| Check the queue/);
		expect(actions.filter((action) => action.status === 'overdue').map((action) => action.id)).toEqual(['A2', 'A4', 'A5']);
	});

	it('leaves the five whys, root cause and lessons as visible gaps until the team fills them in', () => {
		const { markdown, rootCause } = review();
		expect(rootCause).toBeNull();
		expect(markdown).toContain('1. _Why? (to be completed)_\n2. _Why? (to be completed)_');
		expect(markdown).toContain('**Root cause:** _not analysed yet_');
		expect(markdown).toContain('## Lessons learned\n\n_To be completed by the team._');
		expect(markdown).toContain('## Shared with\n\n_Not shared yet._');
	});

	it('records the analysis, lessons and who it was shared with', () => {
		const result = review({
			whys: ['The reply was late because the ticket was unassigned.', 'It was unassigned because the billing queue had no one on shift.'],
			rootCause: 'No Friday-afternoon coverage in the billing queue',
			lessons: ['Rosters need a coverage check per queue'],
			sharedWith: ['#support-team', 'Billing leads'],
			author: 'Ana Lopez',
		});
		expect(result.markdown).toContain('1. The reply was late because the ticket was unassigned.\n2. It was unassigned');
		expect(result.markdown).toContain('**Root cause:** No Friday-afternoon coverage in the billing queue');
		expect(result.markdown).toContain('- Rosters need a coverage check per queue');
		expect(result.markdown).toContain('- #support-team\n- Billing leads');
		expect(result.markdown).toContain('| Review written | 2026-03-10 15:40+01:00 by Ana Lopez |');
		expect(result.sharedAt).toBe('2026-03-10T15:40:00.000+01:00');
	});

	it('keeps text from tickets from breaking the Markdown', () => {
		expect(review().markdown).toContain('| Ticket | T-1001 — Invoice \\| charged twice |');
		expect(markdownText('<img src=x onerror=alert(1)>\n# not a heading *bold*')).toBe('&lt;img src=x onerror=alert(1)&gt; # not a heading \\*bold\\*');
	});
});
