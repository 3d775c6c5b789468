import type { INodeProperties } from 'n8n-workflow';

import { alertProperties } from './alert-description';
import { claimStoreProperties } from './claim-store-description';
import { ladderProperties } from './ladder-description';
import { METRIC_OPTIONS } from './levels-description';
import { optionsCollection } from './options-description';
import { slackChannelLocator, slackChannelOrUserLocator } from './slack-targets';

export const OUTPUT_NAMES = ['Escalated', 'No Action', 'Suppressed'] as const;
export const ESCALATED = 0;
export const NO_ACTION = 1;
export const SUPPRESSED = 2;

/** The modes that climb the ladder; Post Alert (alert-description.ts) has parameters of its own. */
const ESCALATION_MODES = ['send', 'dryRun'];

/** Shows a ladder parameter in the escalation modes only, keeping its own display conditions. */
function inEscalationModes(property: INodeProperties): INodeProperties {
	return { ...property, displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, mode: ESCALATION_MODES } } };
}

const escalationProperties: INodeProperties[] = [
	slackChannelLocator({
		displayName: 'Channel',
		name: 'channel',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Slack channel of the ticket thread; later levels of a ticket go into the thread of its first message',
	}),
	...ladderProperties,
	{
		displayName: 'SLA Metrics',
		name: 'metrics',
		type: 'multiOptions',
		options: METRIC_OPTIONS,
		default: ['firstResponse', 'nextResponse', 'resolution', 'periodicUpdate'],
		description: 'Which clocks of the SLA Clock node (item field sla) can escalate',
	},
	slackChannelOrUserLocator({
		displayName: 'Leadership Channel',
		name: 'leadershipChannel',
		default: { mode: 'list', value: '' },
		description: 'The channel, or the person (a direct message), that gets leadership nudges; levels that notify leadership skip that step when empty',
	}),
	{
		displayName: 'The ticket must carry the sla object of the SLA Clock node. Save the escalation field back to your helpdesk so later levels thread under the first message.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	optionsCollection,
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Dry Run (Build Messages Only)', value: 'dryRun', description: 'Show the messages a ladder would send, without sending or recording anything' },
			{
				name: 'Post Alert',
				value: 'alert',
				description: 'Post an operational alert (dead letter, paused clock, failed action, daily report) to Slack, once per idempotency key',
			},
			{ name: 'Send to Slack', value: 'send', description: 'Post to Slack and record each level as sent' },
		],
		default: 'send',
		description: 'Whether to climb the escalation ladder (sending to Slack, or as a dry run) or to post one operational alert per item',
	},
	...escalationProperties.map(inEscalationModes),
	...alertProperties,
	...claimStoreProperties,
];
