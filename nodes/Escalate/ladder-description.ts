import type { INodeProperties } from 'n8n-workflow';

import { levelsCollection } from './levels-description';

/** Where the ladder comes from: the default ladder, levels built in the editor, or a ladder as JSON. */
export const EXAMPLE_LADDER = {
	levels: [
		{ name: 'Heads-up', trigger: { kind: 'percentUsed', percent: 50 }, actions: [{ type: 'notifyChannel' }] },
		{
			name: 'Warning',
			trigger: { kind: 'percentUsed', percent: 75 },
			actions: [{ type: 'notifyChannel' }, { type: 'mention', targets: ['here'] }],
		},
		{
			name: 'Breach',
			trigger: { kind: 'afterDue', minutes: 0 },
			actions: [{ type: 'notifyChannel' }, { type: 'mention', targets: ['here'] }, { type: 'raisePriority' }, { type: 'nudgeLeadership' }],
		},
		{
			name: 'Still Breached',
			trigger: { kind: 'sinceLastEscalation', minutes: 240 },
			actions: [{ type: 'nudgeLeadership' }, { type: 'reassign', to: 'team-leads', kind: 'lead' }],
		},
	],
};

export const ladderProperties: INodeProperties[] = [
	{
		displayName: 'Ladder',
		name: 'ladderSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Default (50 / 75 / 100 %)', value: 'default', description: 'Heads-up at 50 %, warning with @here at 75 %, breach at 100 % with priority raised and leadership told' },
			{ name: 'Define Below', value: 'editor', description: 'Build the levels in the editor' },
			{ name: 'JSON', value: 'json', description: 'Paste or map a ladder as JSON' },
		],
		default: 'default',
		description: 'The escalation levels to climb; the default ladder needs no setup',
	},
	levelsCollection,
	{
		displayName: 'Ladder (JSON)',
		name: 'ladderJson',
		type: 'json',
		default: JSON.stringify(EXAMPLE_LADDER, null, 2),
		displayOptions: { show: { ladderSource: ['json'] } },
		description:
			'Levels with trigger (percentUsed, beforeDue, afterDue, sinceLastEscalation, ticketAge, or timeInStatus with optional statuses, e.g. { "kind": "timeInStatus", "minutes": 2880, "statuses": ["open", "pending"] }) and actions (notifyChannel, mention, notifyUsers, nudgeLeadership, raisePriority, reassign)',
	},
];
