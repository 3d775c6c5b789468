import type { INodeProperties } from 'n8n-workflow';

import { description as assess } from './actions/assess';
import { description as checklist } from './actions/checklist';
import { description as communicate } from './actions/communicate';
import { description as correct } from './actions/correct';
import { description as identify } from './actions/identify';
import { description as review } from './actions/review';
import { ticketFieldsCollection } from './ticket-fields';

/**
 * The outputs follow the operation, as in n8n's Switch node: Assess and Run All branch by severity
 * (plus "Not a Breach"), Checklist by completeness, the other operations have one output. The
 * function is sent to the editor as text, so it must not use anything from outside its body.
 */
export const outputsOf = (parameters: { operation?: string }) => {
	const operation = parameters.operation ?? 'identify';
	if (operation === 'assess' || operation === 'runAll') {
		return ['Minor', 'Major', 'Critical', 'Not a Breach'].map((displayName) => ({ type: 'main', displayName }));
	}
	if (operation === 'checklist') return ['Complete', 'Incomplete'].map((displayName) => ({ type: 'main', displayName }));
	return [{ type: 'main' }];
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Assess',
				value: 'assess',
				action: 'Assess the severity of a breach',
				description: 'Step 2: minor, major or critical from your criteria, with the reason in words; one output per severity',
			},
			{
				name: 'Checklist',
				value: 'checklist',
				action: 'Check the breach procedure checklist',
				description: 'The SOP checklist with each item’s state, and guard checks for the common mistakes; outputs Complete and Incomplete',
			},
			{
				name: 'Communicate',
				value: 'communicate',
				action: 'Draft the client notice for a breach',
				description: 'Step 3: the client notice (subject, text, HTML) in the client’s language, and when it is due',
			},
			{
				name: 'Correct',
				value: 'correct',
				action: 'Plan corrective actions for a breach',
				description: 'Step 4: the corrective action plan from the playbook and the customer’s requirements',
			},
			{
				name: 'Identify',
				value: 'identify',
				action: 'Identify whether a ticket is in SLA breach',
				description: 'Step 1: is it a breach, of which metric, by how much and since when; checks a reported delay against the clock',
			},
			{
				name: 'Review',
				value: 'review',
				action: 'Write the post incident review',
				description: 'Step 5: the post-incident review in Markdown, with timeline, impact, five whys, actions and lessons learned',
			},
			{
				name: 'Run All',
				value: 'runAll',
				action: 'Run every step of the breach procedure',
				description: 'Identify, assess, communicate, correct, review and check in one go; one output per severity',
			},
		],
		default: 'identify',
		description: 'The step of the breach procedure to run on each ticket, or all of them in order',
	},
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		default: '={{ $json.id }}',
		description: 'The ticket identifier, used in the notice, the review and to tell repeats from the same ticket',
	},
	...identify,
	...assess,
	...communicate,
	...correct,
	...review,
	...checklist,
	ticketFieldsCollection,
	{
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: '2026-03-10T11:30:00+01:00',
		description: 'The instant to run the procedure at, ISO-8601; empty means the current time (set it for drills and tests)',
	},
];
