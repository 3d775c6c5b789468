import type { INodeProperties } from 'n8n-workflow';

import { compilePlaybook, DEFAULT_PLAYBOOK, type Incident, planCorrectiveActions, readCustomerRequirements, withStep } from '../../../engine/breach';
import { assessed, identified } from './assess';
import { valueAt } from '../ticket-fields';
import { jsonParameter, requireBreach, stringParameter, type StepContext } from './step';

const show = { show: { operation: ['correct', 'runAll'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Playbook',
		name: 'playbook',
		type: 'json',
		default: JSON.stringify(DEFAULT_PLAYBOOK, null, 2),
		displayOptions: show,
		description:
			'Corrective actions keyed by issue type and severity ("*" for any): a list of { issueType, severity, actions: [{ action, owner, dueInMinutes, kind }] }. Every entry that fits contributes, the most specific first. An owner of {{assignee}} stands for the ticket’s assignee.',
	},
	{
		displayName: 'Customer Requirements',
		name: 'customerRequirements',
		type: 'json',
		default: '={{ $json.contract?.requirements ?? $json.customer?.requirements ?? [] }}',
		displayOptions: show,
		description:
			'What this customer’s contract or ticket requires after a breach, as texts or { requirement, owner?, dueInMinutes? }. Each becomes an action of the plan.',
	},
	{
		displayName: 'Requirement Owner',
		name: 'requirementOwner',
		type: 'string',
		default: 'Account manager',
		displayOptions: show,
		description: 'Who owns a customer requirement that names no owner',
	},
];

function canonicalRequirements(step: StepContext): unknown {
	return valueAt(step.item.json, 'contract.requirements') ?? valueAt(step.item.json, 'customer.requirements');
}

export function correct(step: StepContext, previous: Incident): Incident {
	let incident = identified(step, previous);
	requireBreach(step, incident, 'correct');
	incident = assessed(step, incident);
	// The plan of a breach stays while its severity does, so progress on its actions is not lost.
	const kept = incident.plan;
	if (kept && kept.breachKey === incident.identification!.key && kept.severity === incident.severity!.level) return incident;
	const plan = planCorrectiveActions(
		{
			breachKey: incident.identification!.key,
			playbook: compilePlaybook(jsonParameter<unknown>(step, 'playbook', 'Playbook', null)),
			issueType: step.view.field('issueType'),
			severity: incident.severity!.level,
			assignee: step.view.field('assignee'),
			requirements: readCustomerRequirements(jsonParameter<unknown>(step, 'customerRequirements', 'Customer Requirements', canonicalRequirements(step))),
			requirementOwner: stringParameter(step, 'requirementOwner', 'Account manager') || 'Account manager',
			timezone: step.view.zone,
		},
		step.nowMs,
	);
	const summary = `${plan.actions.length} actions (${plan.entries.join(', ')}${plan.customerRequirements.length > 0 ? `, ${plan.customerRequirements.length} customer requirements` : ''})`;
	return { ...incident, plan, steps: withStep(incident, 'correct', plan.createdAt, summary) };
}
