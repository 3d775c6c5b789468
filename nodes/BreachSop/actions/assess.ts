import type { INodeProperties } from 'n8n-workflow';

import { assessSeverity, compileSeverityCriteria, DEFAULT_SEVERITY_CRITERIA, type Incident, readRecentBreaches, type SeverityFacts, withStep } from '../../../engine/breach';
import { identify } from './identify';
import { jsonParameter, type StepContext } from './step';

const show = { show: { operation: ['assess', 'runAll'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Severity Criteria',
		name: 'severityCriteria',
		type: 'json',
		default: JSON.stringify(DEFAULT_SEVERITY_CRITERIA, null, 2),
		displayOptions: show,
		description:
			'Rules of the form { severity, tiers?, contracts?, priorities?, issueTypes?, metrics?, overrunPercentAtLeast?, customerBreachesAtLeast?, issueTypeBreachesAtLeast? }. All conditions of a rule must hold; the highest severity of the rules that hold wins, else "otherwise". Breach counts look back "windowDays".',
		hint: 'Overrun is the worst breached metric’s time over target as a percentage of the target',
	},
	{
		displayName: 'Recent Incidents',
		name: 'recentIncidents',
		type: 'json',
		default: '[]',
		displayOptions: show,
		description: 'Earlier breaches to count repeats, e.g. rows of a data table or earlier incident records, as a list',
		hint: 'Each entry: { "ticketId", "customerId", "issueType", "breachedAt" }; customer.id, intent.type, at and occurredAt are read too',
	},
];

/** Identifies first when the ticket has not been through Identify (each operation works alone). */
export function identified(step: StepContext, incident: Incident): Incident {
	return incident.identification ? incident : identify(step, incident);
}

function facts(step: StepContext): SeverityFacts {
	const { view } = step;
	const entries: Array<[keyof SeverityFacts, string | null]> = [
		['ticketId', step.ticketId],
		['customerId', view.field('customerId')],
		['tier', view.field('tier')],
		['contract', view.field('contract')],
		['priority', view.field('priority')],
		['issueType', view.field('issueType')],
	];
	return Object.fromEntries(entries.filter(([, value]) => value !== null)) as SeverityFacts;
}

export function assess(step: StepContext, previous: Incident): Incident {
	const incident = identified(step, previous);
	const identification = incident.identification!;
	if (!identification.isBreach) return incident;
	const criteria = compileSeverityCriteria(jsonParameter<unknown>(step, 'severityCriteria', 'Severity Criteria', null));
	const recent = readRecentBreaches(jsonParameter<unknown>(step, 'recentIncidents', 'Recent Incidents', []));
	const severity = assessSeverity(identification, facts(step), criteria, recent, step.nowMs, step.view.zone);
	return { ...incident, severity, steps: withStep(incident, 'assess', severity.assessedAt, severity.reason) };
}

/** Assesses with the node's criteria (or the defaults) when the ticket has not been through Assess. */
export function assessed(step: StepContext, incident: Incident): Incident {
	return incident.severity ? incident : assess(step, incident);
}
