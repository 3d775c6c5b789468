import { NodeOperationError } from 'n8n-workflow';

import { BreachSop } from '../../../nodes/BreachSop/BreachSop.node';
import { outputsOf } from '../../../nodes/BreachSop/description';
import { at, slaWith } from '../../engine/breach/breach-fixtures';
import { executeContext } from '../../support/execute-context';
import { iso } from '../../support/time';


function ticket(usedMinutes: number, overrides: Record<string, unknown> = {}) {
	return {
		id: 'T-1001',
		subject: 'Invoice charged twice',
		priority: 'high',
		language: 'de',
		createdAt: iso(at(0)),
		customer: { id: 'C-7', name: 'Acme GmbH', contactName: 'Dana Fischer', email: 'dana@acme.example', tier: 'enterprise', timezone: 'Europe/Berlin' },
		contract: { type: 'Premium', requirements: ['Root-cause report within 5 business days'] },
		intent: { type: 'billing' },
		events: [{ type: 'status', status: 'open', at: iso(at(0)) }],
		sla: slaWith(usedMinutes),
		custom: 'kept',
		...overrides,
	};
}

/** The node's parameters as n8n resolves them: expressions of the defaults stand as functions of the item. */
function parameters(operation: string, overrides: Record<string, unknown> = {}) {
	return {
		operation,
		ticketId: (_: number, item: any) => item.json.id,
		sla: (_: number, item: any) => item.json.sla,
		customerRequirements: (_: number, item: any) => item.json.contract?.requirements ?? [],
		now: iso(at(170)),
		...overrides,
	};
}

async function run(operation: string, items: Array<Record<string, unknown>>, overrides: Record<string, unknown> = {}, continueOnFail = false) {
	const ctx = executeContext({ items, parameters: parameters(operation, overrides), continueOnFail });
	const outputs = await new BreachSop().execute.call(ctx);
	const names = outputsOf({ operation }).map((output, index) => ('displayName' in output ? output.displayName : String(index)));
	return { outputs: outputs as any[][], byName: Object.fromEntries(names.map((name, index) => [name, outputs[index]])) as Record<string, any[]> };
}

describe('Breach SOP node', () => {
	it('is usable as a tool and shows the outputs of the chosen operation', () => {
		const { description } = new BreachSop();
		expect(description.usableAsTool).toBe(true);
		expect(description.name).toBe('breachSop');
		expect(description.outputs).toMatch(/^=\{\{\(.*\)\(\$parameter\)\}\}$/s);
		const names = (operation: string) => outputsOf({ operation }).map((output) => ('displayName' in output ? output.displayName : 'main'));
		expect(names('assess')).toEqual(['Minor', 'Major', 'Critical', 'Not a Breach']);
		expect(names('runAll')).toEqual(['Minor', 'Major', 'Critical', 'Not a Breach']);
		expect(names('checklist')).toEqual(['Complete', 'Incomplete']);
		for (const operation of ['identify', 'communicate', 'correct', 'review']) expect(outputsOf({ operation })).toHaveLength(1);
		// The editor evaluates the function from its source text, without this module's scope.
		const fromSource = new Function(`return (${String(outputsOf)})`)() as typeof outputsOf;
		expect(fromSource({ operation: 'checklist' })).toEqual(outputsOf({ operation: 'checklist' }));
	});

	it('lists its operations alphabetically, each with an action', () => {
		const operation = new BreachSop().description.properties.find((property) => property.name === 'operation')!;
		const options = operation.options as Array<{ name: string; action: string }>;
		expect(options.map((option) => option.name)).toEqual(['Assess', 'Checklist', 'Communicate', 'Correct', 'Identify', 'Review', 'Run All']);
		expect(options.every((option) => option.action.length > 0)).toBe(true);
	});

	describe('Identify', () => {
		it('writes the identification under incident and keeps the rest of the item', async () => {
			const { outputs } = await run('identify', [ticket(165)]);
			const [item] = outputs[0];
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json.custom).toBe('kept');
			expect(item.json.incident.identification).toMatchObject({ isBreach: true, metric: 'firstResponse', overrunMinutes: 45 });
			expect(item.json.incident.steps.map((step: any) => step.step)).toEqual(['identify']);
		});

		it('names the missing SLA field and the item', async () => {
			const noSla = ticket(0, { sla: undefined });
			await expect(run('identify', [ticket(165), noSla])).rejects.toThrow(NodeOperationError);
			await expect(run('identify', [ticket(165), noSla])).rejects.toThrow(/^Item 1: sla: is missing: put the SLA Clock node before Breach SOP/);
		});
	});

	describe('a client reports a delayed response (the SOP knowledge check: first identify whether it is an SLA breach)', () => {
		it('confirms a breach from the clock before anything is sent, then runs the rest of the procedure', async () => {
			const { byName } = await run('runAll', [ticket(165)], { reported: true, reportedAt: iso(at(160)) });
			const incident = byName.Major[0].json.incident;
			expect(incident.identification.report).toMatchObject({ verdict: 'confirmed_breach' });
			expect(incident.steps.map((step: any) => step.step)).toEqual(['identify', 'assess', 'communicate', 'correct', 'review', 'checklist']);
			expect(incident.steps[0].summary).toMatch(/^The reported delay is an SLA breach/);
		});

		it('treats a clock read before its due time, now past it, as the breach it has become', async () => {
			const { byName } = await run('runAll', [ticket(40)], { reported: true, now: iso(at(170)) });
			expect(byName.Major[0].json.incident.identification.breaches[0]).toMatchObject({ basis: 'due_time', overrunMinutes: 50 });
		});

		it('does not apologise for a delay the clock shows is within the SLA', async () => {
			const { byName } = await run('runAll', [ticket(40)], { reported: true, now: iso(at(40)) });
			expect(byName['Not a Breach']).toHaveLength(1);
			const incident = byName['Not a Breach'][0].json.incident;
			expect(incident.identification.report.verdict).toBe('not_a_breach');
			expect(incident.notice).toBeUndefined();
			expect(incident.plan).toBeUndefined();
			expect(incident.checklist.complete).toBe(true);
		});

		it('refuses to draft a notice for a ticket that is no breach', async () => {
			const attempt = run('communicate', [ticket(40)], { now: iso(at(40)) });
			await expect(attempt).rejects.toThrow('Ticket T-1001 is not an SLA breach, so there is nothing to tell the client');
			const { outputs } = await run('communicate', [ticket(40), ticket(165)], { now: iso(at(45)) }, true);
			expect(outputs[0]).toHaveLength(2);
			expect(outputs[0][0].json.error).toMatch(/is not an SLA breach/);
			expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
			expect(outputs[0][1].json.incident.notice.subject).toContain('T-1001');
		});
	});

	describe('Assess', () => {
		it('sends each ticket to the output of its severity', async () => {
			const standard = (id: string, minutes: number) => ticket(minutes, { id, priority: 'normal', customer: { id, tier: 'standard' }, contract: undefined });
			const { byName } = await run('assess', [standard('minor', 130), ticket(165, { id: 'major' }), ticket(200, { id: 'critical' }), ticket(30, { id: 'fine' })], {
				now: (index: number) => iso(at([130, 165, 200, 30][index])),
			});
			expect(byName.Minor.map((item) => item.json.id)).toEqual(['minor']);
			expect(byName.Major.map((item) => item.json.id)).toEqual(['major']);
			expect(byName.Critical.map((item) => item.json.id)).toEqual(['critical']);
			expect(byName['Not a Breach'].map((item) => item.json.id)).toEqual(['fine']);
			expect(byName.Critical[0].pairedItem).toEqual({ item: 2 });
			expect(byName.Critical[0].json.incident.severity.reason).toMatch(/^Critical: the customer is enterprise tier and the first response overran/);
		});

		it('counts repeats from recent incidents given by expression and uses the builder’s criteria', async () => {
			const recent = [{ ticketId: 'T-9', customerId: 'C-7', breachedAt: iso(at(-600)) }];
			const criteria = JSON.stringify({ rules: [{ severity: 'critical', customerBreachesAtLeast: 2 }] });
			const { byName } = await run('assess', [ticket(130, { customer: { id: 'C-7', tier: 'standard' } })], { recentIncidents: recent, severityCriteria: criteria });
			expect(byName.Critical[0].json.incident.severity).toMatchObject({ level: 'critical', customerBreaches: 2 });
		});

		it('names a mistake in the criteria', async () => {
			await expect(run('assess', [ticket(165)], { severityCriteria: '{"rules": [{"severity": "bad"}]}' })).rejects.toThrow(
				'Item 0: Severity Criteria.rules[0].severity: must be minor, major or critical',
			);
			await expect(run('assess', [ticket(165)], { severityCriteria: '{"rules": ' })).rejects.toThrow(/Severity Criteria: is not valid JSON/);
		});
	});

	describe('Communicate', () => {
		it('drafts the notice in the ticket’s language to the customer’s address, assessing first if needed', async () => {
			const { outputs } = await run('communicate', [ticket(165)]);
			const notice = outputs[0][0].json.incident.notice;
			expect(outputs[0][0].json.incident.severity.level).toBe('major');
			expect(notice).toMatchObject({ language: 'de', to: 'dana@acme.example', severity: 'major', sentAt: null });
			expect(notice.subject).toBe('Ihre Anfrage T-1001: Wir haben unsere Zusage nicht eingehalten');
			expect(notice.text.startsWith('Guten Tag Dana Fischer,')).toBe(true);
			expect(notice.html).toContain('<p>Guten Tag Dana Fischer,</p>');
			expect(Date.parse(notice.dueAt)).toBe(at(170) + 60 * 60_000);
		});

		it('takes mapped ticket fields, the builder’s sentences and timing', async () => {
			const { outputs } = await run('communicate', [ticket(165)], {
				ticketFields: { language: 'fr', customerEmail: 'ops@acme.example' },
				whatWeAreDoing: 'Notre équipe facturation corrige la facture.',
				noticeOptions: { dueMajor: 15, team: 'Acme Support' },
			});
			const notice = outputs[0][0].json.incident.notice;
			expect(notice).toMatchObject({ language: 'fr', to: 'ops@acme.example' });
			expect(notice.text).toContain('Ce que nous faisons : Notre équipe facturation corrige la facture.');
			expect(notice.text.endsWith('Acme Support')).toBe(true);
			expect(Date.parse(notice.dueAt)).toBe(at(170) + 15 * 60_000);
		});

		it('uses the builder’s templates and rejects broken ones by name', async () => {
			const templates = JSON.stringify({ de: { major: { subject: 'Ticket {{ticket}}', body: '{{greeting}} {{whatHappened}}.' } } });
			const { outputs } = await run('communicate', [ticket(165)], { noticeOptions: { templates } });
			expect(outputs[0][0].json.incident.notice.subject).toBe('Ticket T-1001');
			expect(outputs[0][0].json.incident.notice.clarity.missing).toEqual(['what is being done', 'next update time']);
			await expect(run('communicate', [ticket(165)], { noticeOptions: { templates: '{"de": ' } })).rejects.toThrow(/Templates: is not valid JSON/);
			await expect(run('communicate', [ticket(165)], { noticeOptions: { templates: { de: { major: { subject: '{{x}}', body: '' } } } } })).rejects.toThrow(
				'Templates.de.major.subject: {{x}} is not a placeholder',
			);
		});
	});

	it('Correct plans actions from the playbook for the issue type and severity, with the contract’s requirements', async () => {
		const { outputs } = await run('correct', [ticket(165, { routing: { assignee: { name: 'Ana Lopez' } } })]);
		const plan = outputs[0][0].json.incident.plan;
		expect(plan.entries).toEqual(['billing/*', '*/major', '*/*']);
		expect(plan.actions[0]).toMatchObject({ action: "Meet the customer's requirement: Root-cause report within 5 business days", owner: 'Account manager', source: 'customer' });
		expect(plan.actions.some((action: any) => action.owner === 'Ana Lopez')).toBe(true);
	});

	it('Review writes the Markdown document with the audit trail in the timeline', async () => {
		const audit = [{ at: iso(at(125)), actor: 'SLA sweep', action: 'escalated', rule: 'breach-ladder' }];
		const { outputs } = await run('review', [ticket(165)], {
			auditEntries: audit,
			rootCause: 'No billing coverage on Tuesday mornings',
			whys: '1. Why late? Unassigned.\n2. Why unassigned? Nobody on shift.',
			lessons: '- Check coverage per queue',
			sharedWith: '#support-team, Billing leads',
		});
		const review = outputs[0][0].json.incident.review;
		expect(review.markdown).toContain('# Post-incident review: SLA breach on ticket T-1001');
		expect(review.markdown).toContain('| Escalated (rule breach-ladder) | SLA sweep | audit |');
		expect(review.whys).toEqual(['Why late? Unassigned.', 'Why unassigned? Nobody on shift.']);
		expect(review.lessons).toEqual(['Check coverage per queue']);
		expect(review.sharedWith).toEqual(['#support-team', 'Billing leads']);
	});

	describe('Checklist', () => {
		it('is Incomplete while steps are missing, and flags the client not notified in time', async () => {
			const identified = (await run('identify', [ticket(165)])).outputs[0][0].json;
			const { byName } = await run('checklist', [identified], { now: iso(at(400)) });
			const checklist = byName.Incomplete[0].json.incident.checklist;
			expect(checklist.complete).toBe(false);
			expect(checklist.flags.map((flag: any) => flag.mistake)).toEqual(['client_not_notified_in_time']);
		});

		it('is Complete once the record shows every step done', async () => {
			const ran = (await run('runAll', [ticket(165)], { rootCause: 'No coverage', sharedWith: '#support-team' })).byName.Major[0].json;
			const incident = ran.incident;
			const done = incident.plan.actions.map((action: any) => ({ type: 'action_done', actionId: action.id, at: iso(at(175)) }));
			const closed = {
				...ran,
				status: 'solved',
				incident: { ...incident, notice: { ...incident.notice, sentAt: iso(at(172)) } },
				events: [...ran.events, ...done, { type: 'status', status: 'solved', at: iso(at(180)) }],
			};
			const reviewed = (await run('review', [closed], { now: iso(at(190)), rootCause: 'No coverage', sharedWith: '#support-team' })).outputs[0][0].json;
			const { byName } = await run('checklist', [reviewed], { now: iso(at(200)) });
			expect(byName.Incomplete).toEqual([]);
			expect(byName.Complete[0].json.incident.checklist).toMatchObject({ complete: true, done: 8, flags: [] });
		});
	});

	it('does not notify or re-plan the same breach twice when a later sweep runs the procedure again', async () => {
		const first = (await run('runAll', [ticket(165)])).byName.Major[0].json;
		const sent = { ...first, incident: { ...first.incident, notice: { ...first.incident.notice, sentAt: iso(at(171)) } } };
		const again = (await run('runAll', [sent], { now: iso(at(200)) })).byName.Major[0].json.incident;
		expect(again.notice).toEqual(sent.incident.notice);
		expect(again.plan).toEqual(first.incident.plan);
		expect(again.identification.key).toBe(first.incident.identification.key);
		// A notice drafted but never sent is drafted afresh.
		const unsent = (await run('runAll', [first], { now: iso(at(200)) })).byName.Major[0].json.incident;
		expect(unsent.notice.draftedAt).not.toBe(first.incident.notice.draftedAt);
		// A worse severity gets a new plan.
		const worse = (await run('runAll', [{ ...sent, sla: slaWith(400) }], { now: iso(at(400)) })).byName.Critical[0].json.incident;
		expect(worse.plan.severity).toBe('critical');
		expect(worse.notice).toEqual(sent.incident.notice);
	});

	it('Run All leaves a full incident record', async () => {
		const { byName } = await run('runAll', [ticket(165)]);
		const incident = byName.Major[0].json.incident;
		expect(Object.keys(incident).sort()).toEqual(['checklist', 'identification', 'notice', 'plan', 'review', 'severity', 'steps']);
		expect(incident.checklist.complete).toBe(false);
		expect(incident.review.markdown).toContain('## Five whys'.replace('## ', '### '));
	});
});
