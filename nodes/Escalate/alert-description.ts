import type { INodeProperties } from 'n8n-workflow';
import { slackChannelLocator } from './slack-targets';

/**
 * The parameters of mode Post Alert: one operational alert per item (a dead letter stored, a clock
 * paused too long, a ticket without activity, a failed action, the daily SLA report), posted through the
 * SLA Slack API credential once per idempotency key. alert.ts reads them.
 */
const inAlertMode = { show: { mode: ['alert'] } };

export const alertProperties: INodeProperties[] = [
	// The same parameter as the ladder's Channel, with the operators' channel as its default.
	slackChannelLocator({
		displayName: 'Channel',
		name: 'channel',
		default: { mode: 'name', value: '#support-ops' },
		required: true,
		displayOptions: inAlertMode,
		description: 'The Slack channel the alert is posted to',
	}),
	{
		displayName: 'Alert Text',
		name: 'alertText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '={{ $json.text }}',
		required: true,
		displayOptions: inAlertMode,
		description: 'The alert, as Slack mrkdwn (*bold*, _italic_, :emoji:); cut to 3000 characters',
		hint: 'Shown as typed: &, < and > are escaped, so the alert mentions no one and renders no links; use Link URL for a button',
	},
	{
		displayName: 'Details',
		name: 'details',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Detail',
		default: {},
		displayOptions: inAlertMode,
		description: 'Label and value pairs shown as fields under the text; up to 10 are shown, and details with an empty value are left out',
		options: [
			{
				displayName: 'Detail',
				name: 'detail',
				values: [
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						placeholder: 'Workflow',
						description: 'Shown in bold above the value',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: '={{ $json.workflow.name }}',
						description: 'Text of the field; an empty value leaves the detail out',
					},
				],
			},
		],
	},
	{
		displayName: 'Link URL',
		name: 'linkUrl',
		type: 'string',
		default: '',
		placeholder: 'https://wiki.example.com/runbooks/dead-letters',
		displayOptions: inAlertMode,
		description: 'Adds a button that opens this http(s) link, e.g. a replay link or a runbook; empty shows no button',
	},
	{
		displayName: 'Link Label',
		name: 'linkLabel',
		type: 'string',
		default: 'Open Link',
		displayOptions: inAlertMode,
		description: 'Text of the button; cut to 75 characters',
	},
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: "={{ $json.alertKey ?? '' }}",
		displayOptions: inAlertMode,
		description: 'The same key posts at most once, and a post Slack refused does not count (a re-run posts it); empty posts every time',
		hint: 'E.g. the dead letter ID, or the report date for a daily report; a repeated key leaves on the No Action output',
	},
	{
		displayName: 'Options',
		name: 'alertOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: inAlertMode,
		description: 'Where and for how long n8n remembers the idempotency keys already posted',
		options: [
			{
				displayName: 'Deduplication Scope',
				name: 'deduplicationScope',
				type: 'options',
				options: [
					{ name: 'Node', value: 'node', description: 'Keys posted by this node only' },
					{ name: 'Workflow', value: 'workflow', description: 'Keys posted by any Escalate node of this workflow' },
				],
				default: 'node',
				description: 'Where n8n remembers which idempotency keys were posted',
			},
			{
				displayName: 'History Size',
				name: 'historySize',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 10000,
				description: 'How many posted keys n8n remembers; the oldest are forgotten first',
			},
		],
	},
];
