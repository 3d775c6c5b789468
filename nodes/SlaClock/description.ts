import type { INodeProperties } from 'n8n-workflow';

import { calendarsCollection, policiesCollection } from './editor-description';

export const OUTPUT_NAMES = ['On Track', 'At Risk', 'Breached', 'Paused', 'Met'] as const;

export const EXAMPLE_POLICY_SET = {
	calendars: [
		{
			name: 'Business Hours',
			timezone: 'Europe/Berlin',
			weeklyHours: {
				mon: [{ start: '09:00', end: '17:00' }],
				tue: [{ start: '09:00', end: '17:00' }],
				wed: [{ start: '09:00', end: '17:00' }],
				thu: [{ start: '09:00', end: '17:00' }],
				fri: [{ start: '09:00', end: '17:00' }],
			},
			holidays: { country: 'DE' },
		},
		{ name: 'Always Open', timezone: 'UTC', alwaysOpen: true },
	],
	policies: [
		{
			name: 'Urgent',
			calendar: 'Always Open',
			match: { priority: ['urgent'] },
			targets: { firstResponse: 60, nextResponse: 120, resolution: 480 },
			atRiskPercent: 75,
		},
		{
			name: 'Enterprise',
			calendar: 'Business Hours',
			match: { tier: ['enterprise', 'vip'] },
			targets: { firstResponse: 120, nextResponse: 240, resolution: 960, periodicUpdate: 480 },
			atRiskPercent: 75,
		},
		{
			name: 'Standard',
			calendar: 'Business Hours',
			targets: { firstResponse: 480, nextResponse: 480, resolution: 2400 },
			atRiskPercent: 80,
		},
	],
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Policy Source',
		name: 'policySource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Build in Editor',
				value: 'editor',
				description: 'Define calendars and policies with the fields below',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'Paste a policy set, or map one from an expression (for example loaded from a data table)',
			},
			{
				name: 'Versions From SLA Store',
				value: 'versions',
				description: 'The policy-set versions SLA Store\'s "Get Policy Versions" put on the item: each ticket gets the version in effect for it',
			},
		],
		default: 'json',
		description: 'Where the calendars and SLA policies come from: built in the editor, a policy set as JSON, or the versions SLA Store put on the item',
	},
	{
		displayName: 'Policy Versions',
		name: 'policyVersions',
		type: 'json',
		default: '={{ $json.policyVersions }}',
		displayOptions: { show: { policySource: ['versions'] } },
		description: 'The versions of the policy set, as SLA Store\'s "Get Policy Versions" writes them under policyVersions',
		hint: 'A ticket gets the version in effect when it was created, or a later one activated for all open tickets',
	},
	{
		displayName: 'Policy Set Before Any Version',
		name: 'policyBaseline',
		type: 'json',
		default: '',
		displayOptions: { show: { policySource: ['versions'] } },
		description: 'Optional. The policy set tickets are clocked with until the first version takes effect, and that tickets created before it keep (unless it applies to open tickets), written to policy.set as "configuration"; empty: the first version applies to older tickets too, and none in effect fails the item.',
		hint: 'The templates map the store\'s configuration document here: {{ $json.config.policySet }}',
	},
	{
		displayName: 'Require Approval',
		name: 'requireApproval',
		type: 'boolean',
		default: true,
		displayOptions: { show: { policySource: ['versions'] } },
		description: 'Whether a version must be approved by an n8n user other than its author before it computes any clock; an unapproved or self-approved version fails the item, naming the version',
	},
	{
		displayName: 'Policy Set',
		name: 'policySet',
		type: 'json',
		default: JSON.stringify(EXAMPLE_POLICY_SET, null, 2),
		displayOptions: { show: { policySource: ['json'] } },
		description: 'Calendars and policies as one JSON document; see the README for every field',
		hint: 'Policies are tried in order; the first whose "match" fits the ticket applies, and one without "match" is the default',
	},
	calendarsCollection,
	policiesCollection,
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		default: '={{ $json.id }}',
		description: 'The ticket identifier, used in messages and to link follow-up tickets',
	},
	{
		displayName: 'Created At',
		name: 'createdAt',
		type: 'string',
		default: '={{ $json.createdAt }}',
		description: 'When the ticket was created, ISO-8601 with offset; the first response and resolution clocks start here',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'json',
		default: '={{ $json.events }}',
		description: 'The ticket history: a list of { type, at, status?, actor? } (status changes and replies); an empty list is fine',
	},
	{
		displayName: 'Pause Statuses',
		name: 'pauseStatuses',
		type: 'string',
		default: 'pending, waiting_on_customer, on_hold',
		description: 'Comma-separated statuses in which the clocks stop counting (waiting on the customer)',
	},
	{
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: '2026-03-27T16:55:00+01:00',
		description: 'The instant to evaluate the clocks at, ISO-8601; empty means the current time (set it for drills and tests)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Which events count as replies and resolutions, the ticket fields that choose a policy, reopening, and explained clocks',
		options: [
			{
				displayName: 'Agent Reply Event Types',
				name: 'agentReplyTypes',
				type: 'string',
				default: 'agent_reply',
				description: 'Comma-separated event types that count as an agent reply (fulfil first and next response)',
			},
			{
				displayName: 'Channel',
				name: 'channel',
				type: 'string',
				default: '={{ $json.channel }}',
				description: 'The channel used to choose a policy',
			},
			{
				displayName: 'Customer Reply Event Types',
				name: 'customerReplyTypes',
				type: 'string',
				default: 'customer_reply',
				description: 'Comma-separated event types that count as a customer reply (arm next response)',
			},
			{
				displayName: 'Customer Tier',
				name: 'tier',
				type: 'string',
				default: '={{ $json.customer?.tier }}',
				description: 'The customer tier used to choose a policy',
			},
			{
				displayName: 'Explain Clocks',
				name: 'explain',
				type: 'boolean',
				default: false,
				description: 'Whether each clock gets an "explain" list: the open, closed-hours and paused stretches (with what paused them) that make up its elapsed time',
			},
			{
				displayName: 'Follow-Up After (Days)',
				name: 'followUpAfterDays',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'A reopen later than this many days after resolution starts a follow-up ticket linked to this one; 0 never does',
			},
			{
				displayName: 'Issue Type',
				name: 'issueType',
				type: 'string',
				default: '={{ $json.intent?.type }}',
				description: 'The issue type used to choose a policy (written by Normalize Intent)',
			},
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'string',
				default: '={{ $json.priority }}',
				description: 'The priority used to choose a policy',
			},
			{
				displayName: 'Reopen Rule',
				name: 'reopenMode',
				type: 'options',
				options: [
					{
						name: 'Continue Resolution Clock',
						value: 'continue',
						description: 'Time while resolved does not count; the resolution clock continues where it stopped',
					},
					{
						name: 'Start a New Cycle',
						value: 'new_cycle',
						description: 'A reopen starts fresh clocks; escalations for the new cycle fire again',
					},
				],
				default: 'continue',
				description: 'What a reopened ticket does to its clocks',
			},
			{
				displayName: 'Resolved Statuses',
				name: 'resolvedStatuses',
				type: 'string',
				default: 'solved, resolved, closed',
				description: 'Comma-separated statuses that fulfil the resolution clock',
			},
		],
	},
];
