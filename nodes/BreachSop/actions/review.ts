import type { INodeProperties } from 'n8n-workflow';

import { buildTimeline, type Incident, type TimelineEntry, withStep, writeReview } from '../../../engine/breach';
import { identified } from './assess';
import { jsonParameter, lines, requireBreach, stringParameter, type StepContext } from './step';

const show = { show: { operation: ['review', 'runAll'] } };

export const auditEntriesParameter: INodeProperties = {
	displayName: 'Audit Entries',
	name: 'auditEntries',
	type: 'json',
	default: '[]',
	displayOptions: { show: { operation: ['review', 'checklist', 'runAll'] } },
	description:
		'The ticket’s audit trail, e.g. from the Audit Log node’s Report operation: a list of { at or occurredAt, actor, action, rule }. Entries go into the review’s timeline; actions such as client_notified and action_done (with actionId) tick the checklist.',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Root Cause',
		name: 'rootCause',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		displayOptions: show,
		placeholder: 'The billing queue had no coverage on Friday afternoons',
		description: 'The root cause found by the analysis; the checklist flags a closed ticket without one',
	},
	{
		displayName: 'Five Whys',
		name: 'whys',
		type: 'string',
		default: '',
		typeOptions: { rows: 5 },
		displayOptions: show,
		placeholder: 'Why was the response late? The ticket sat unassigned for 3 hours.\nWhy was it unassigned? …',
		description: 'The answers of the five-whys analysis, one per line',
	},
	{
		displayName: 'Lessons Learned',
		name: 'lessons',
		type: 'string',
		default: '',
		typeOptions: { rows: 3 },
		displayOptions: show,
		description: 'What the team learned, one per line',
	},
	{
		displayName: 'Impact Notes',
		name: 'impactNotes',
		type: 'string',
		default: '',
		displayOptions: show,
		description: 'Anything about the impact on the client the clocks do not show (e.g. a missed go-live)',
	},
	{
		displayName: 'Shared With',
		name: 'sharedWith',
		type: 'string',
		default: '',
		placeholder: '#support-team, Support leads',
		displayOptions: show,
		description: 'Comma-separated teams, channels or people the review is shared with; the checklist ticks "improvements shared" when set',
	},
	{
		displayName: 'Author',
		name: 'author',
		type: 'string',
		default: '',
		displayOptions: show,
		description: 'Who wrote the review',
	},
	auditEntriesParameter,
];

export function timelineOf(step: StepContext, incident: Incident): TimelineEntry[] {
	return buildTimeline({
		createdAt: step.item.json.createdAt,
		events: step.item.json.events,
		sla: step.item.json.sla,
		incident,
		audit: jsonParameter<unknown>(step, 'auditEntries', 'Audit Entries', []),
		until: step.nowMs,
	});
}

export function review(step: StepContext, previous: Incident): Incident {
	const incident = identified(step, previous);
	requireBreach(step, incident, 'review');
	const { view } = step;
	const document = writeReview(
		{
			ticket: {
				id: step.ticketId,
				subject: view.field('subject'),
				customerName: view.field('customerName') ?? (typeof (view.json.customer as { name?: unknown })?.name === 'string' ? String((view.json.customer as { name: string }).name) : null),
				customerId: view.field('customerId'),
				tier: view.field('tier'),
				priority: view.field('priority'),
				status: view.field('status'),
			},
			incident,
			timeline: timelineOf(step, incident),
			rootCause: stringParameter(step, 'rootCause'),
			whys: lines(step.parameter('whys', '')),
			lessons: lines(step.parameter('lessons', '')),
			sharedWith: String(step.parameter('sharedWith', '') ?? '').split(','),
			impactNotes: stringParameter(step, 'impactNotes'),
			author: stringParameter(step, 'author'),
			timezone: view.zone,
		},
		step.nowMs,
	);
	const summary = `${document.rootCause ? 'root cause recorded' : 'root cause open'}${document.sharedWith.length > 0 ? `, shared with ${document.sharedWith.join(', ')}` : ''}`;
	return { ...incident, review: document, steps: withStep(incident, 'review', document.generatedAt, summary) };
}
