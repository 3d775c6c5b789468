import type { INodeProperties } from 'n8n-workflow';

/** The levels of a ladder built in the editor (Ladder: Define Below); settings.ts turns them into a ladder. */
export const METRIC_OPTIONS = [
	{ name: 'First Response', value: 'firstResponse' },
	{ name: 'Next Response', value: 'nextResponse' },
	{ name: 'Periodic Update', value: 'periodicUpdate' },
	{ name: 'Resolution', value: 'resolution' },
];

export const levelsCollection: INodeProperties = {
	displayName: 'Levels',
	name: 'levels',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Level',
	default: {},
	displayOptions: { show: { ladderSource: ['editor'] } },
	description:
		'Escalation levels, lowest first; each is sent once per ticket, SLA metric and SLA cycle (a Ticket Age level once per ticket, a Time in Status level once per stretch in a status)',
	options: [
		{
			displayName: 'Level',
			name: 'level',
			values: [
				{
					// Saved as IDs: here, channel, user groups (S…), people (U…). Older workflows hold a
					// comma-separated string, which settings.ts reads as well.
					displayName: 'Mention Names or IDs',
					name: 'mention',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getMentionTargets' },
					default: [],
					description:
						'Who the channel message mentions: @here, @channel, user groups (listed when the Slack app has usergroups:read) or people. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Metrics',
					name: 'metrics',
					type: 'multiOptions',
					options: METRIC_OPTIONS,
					default: [],
					displayOptions: { show: { trigger: ['afterDue', 'beforeDue', 'percentUsed', 'sinceLastEscalation'] } },
					description: 'SLA metrics this level watches; none selected means all',
				},
				{
					displayName: 'Minutes',
					name: 'minutes',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 30,
					displayOptions: { show: { trigger: ['afterDue', 'beforeDue', 'sinceLastEscalation', 'ticketAge', 'timeInStatus'] } },
					description:
						'Minutes before or after the due time, since the previous level was sent, since the ticket was created, or in its current status (wall-clock minutes, business hours or not)',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'Warning',
					description: 'Shown in the message, e.g. Heads-up, Warning, Breach',
				},
				{
					displayName: 'Notify Channel',
					name: 'notifyChannel',
					type: 'boolean',
					default: true,
					description: 'Whether to post in the ticket thread of the channel set above',
				},
				{
					displayName: 'Notify Leadership',
					name: 'nudgeLeadership',
					type: 'boolean',
					default: false,
					description: 'Whether to also post to the leadership channel',
				},
				{
					// Saved as user IDs (U…); older workflows hold a comma-separated string, which settings.ts reads as well.
					displayName: 'Notify User Names or IDs',
					name: 'notifyUsers',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getUsers' },
					default: [],
					description:
						'People to send a direct message to (only inside paging hours). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Percent Used',
					name: 'percent',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 1000 },
					default: 75,
					displayOptions: { show: { trigger: ['percentUsed'] } },
					description: 'The level is reached when this share of the SLA target is used (100 = due)',
				},
				{
					displayName: 'Raise Priority',
					name: 'raisePriority',
					type: 'boolean',
					default: false,
					description: 'Whether to raise the priority one step on the priority scale (written to escalation.actions)',
				},
				{
					displayName: 'Reassign Kind',
					name: 'reassignKind',
					type: 'options',
					options: [
						{ name: 'Group', value: 'group' },
						{ name: 'Lead', value: 'lead' },
					],
					default: 'group',
					description: 'Whether Reassign To names a group (queue) or a lead (person)',
				},
				{
					displayName: 'Reassign To',
					name: 'reassignTo',
					type: 'string',
					default: '',
					placeholder: 'tier-2',
					description: 'A group or lead to hand the ticket to (written to escalation.actions); empty to keep the assignee',
				},
				{
					displayName: 'Statuses',
					name: 'statuses',
					type: 'string',
					default: '',
					placeholder: 'open, pending',
					displayOptions: { show: { trigger: ['timeInStatus'] } },
					description: 'Only while the ticket is in one of these statuses (comma-separated, case-insensitive); empty for any status. A status change restarts the clock.',
				},
				{
					displayName: 'Trigger',
					name: 'trigger',
					type: 'options',
					options: [
						{ name: 'After Due Time', value: 'afterDue' },
						{ name: 'Before Due Time', value: 'beforeDue' },
						{ name: 'Percent of Target Used', value: 'percentUsed' },
						{ name: 'Ticket Age', value: 'ticketAge', description: 'Time since the ticket was created, whatever its SLA clocks do' },
						{ name: 'Time in Status', value: 'timeInStatus', description: 'Time the ticket has sat in its current status, e.g. a case left open or pending too long' },
						{ name: 'Time Since Last Escalation', value: 'sinceLastEscalation' },
					],
					default: 'percentUsed',
					description: 'What reaches this level',
				},
			],
		},
	],
};
