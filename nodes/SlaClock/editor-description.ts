import type { INodeProperties } from 'n8n-workflow';

/**
 * The "Build in Editor" policy source: calendars with their opening hours, and the policies in
 * order. policy-from-editor.ts turns what the builder fills in into a policy-set document.
 */

const WEEKDAYS = [
	{ name: 'Friday', value: 'fri' },
	{ name: 'Monday', value: 'mon' },
	{ name: 'Saturday', value: 'sat' },
	{ name: 'Sunday', value: 'sun' },
	{ name: 'Thursday', value: 'thu' },
	{ name: 'Tuesday', value: 'tue' },
	{ name: 'Wednesday', value: 'wed' },
];

const hoursCollection: INodeProperties = {
	displayName: 'Opening Hours',
	name: 'hours',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Opening Hours',
	default: {},
	description: 'Weekly opening intervals. An end at or before the start runs past midnight (22:00 to 06:00 ends the next morning).',
	options: [
		{
			displayName: 'Interval',
			name: 'interval',
			values: [
				{
					displayName: 'Days',
					name: 'days',
					type: 'multiOptions',
					options: WEEKDAYS,
					default: ['mon', 'tue', 'wed', 'thu', 'fri'],
					description: 'The days on which this interval starts',
				},
				{
					displayName: 'Start',
					name: 'start',
					type: 'string',
					default: '09:00',
					placeholder: '09:00',
					description: 'Local opening time, HH:mm',
				},
				{
					displayName: 'End',
					name: 'end',
					type: 'string',
					default: '17:00',
					placeholder: '17:00',
					description: 'Local closing time, HH:mm; 24:00 is midnight at the end of the day',
				},
			],
		},
	],
};

export const calendarsCollection: INodeProperties = {
	displayName: 'Calendars',
	name: 'calendars',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Calendar',
	default: {},
	displayOptions: { show: { policySource: ['editor'] } },
	description: 'Business calendars the policies count time on',
	options: [
		{
			displayName: 'Calendar',
			name: 'calendar',
			values: [
				{
					displayName: 'Always Open (24/7)',
					name: 'alwaysOpen',
					type: 'boolean',
					default: false,
					description: 'Whether time counts around the clock, ignoring opening hours and holidays',
				},
				{
					displayName: 'Closed Dates',
					name: 'closedDates',
					type: 'string',
					default: '',
					placeholder: '2026-12-24, 2026-12-31',
					description: 'Extra full-day closures in the calendar time zone, comma-separated YYYY-MM-DD',
				},
				{
					displayName: 'Holiday Country',
					name: 'holidayCountry',
					type: 'string',
					default: '',
					placeholder: 'DE',
					description: 'ISO 3166 country code whose public holidays close the calendar; empty for none',
				},
				{
					displayName: 'Holiday Region',
					name: 'holidayRegion',
					type: 'string',
					default: '',
					placeholder: 'BY',
					description: 'Optional state or region code for regional holidays',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: 'Business Hours',
					description: 'The name policies use to refer to this calendar',
				},
				{ ...hoursCollection },
				{
					displayName: 'Time Zone',
					name: 'timezone',
					type: 'string',
					default: 'UTC',
					placeholder: 'Europe/Berlin',
					description: 'IANA time zone of the opening hours',
				},
			],
		},
	],
};

export const policiesCollection: INodeProperties = {
	displayName: 'Policies',
	name: 'policies',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Policy',
	default: {},
	displayOptions: { show: { policySource: ['editor'] } },
	description: 'SLA policies in order: the first whose conditions all match a ticket applies; one without conditions is the default',
	options: [
		{
			displayName: 'Policy',
			name: 'policy',
			values: [
				{
					displayName: 'At Risk At (%)',
					name: 'atRiskPercent',
					type: 'number',
					default: 75,
					typeOptions: { minValue: 1, maxValue: 99 },
					description: 'Share of a target used after which the metric is at risk',
				},
				{
					displayName: 'Calendar',
					name: 'calendar',
					type: 'string',
					default: 'Business Hours',
					description: 'Name of the calendar whose open hours count',
				},
				{
					displayName: 'First Response (Business Minutes)',
					name: 'firstResponse',
					type: 'number',
					default: 120,
					typeOptions: { minValue: 0 },
					description: 'Target from creation to the first agent reply; 0 for none',
				},
				{
					displayName: 'Match Channels',
					name: 'channel',
					type: 'string',
					default: '',
					placeholder: 'email, chat',
					description: 'Comma-separated channels this policy applies to; empty matches any',
				},
				{
					displayName: 'Match Customer Tiers',
					name: 'tier',
					type: 'string',
					default: '',
					placeholder: 'enterprise, vip',
					description: 'Comma-separated customer tiers this policy applies to; empty matches any',
				},
				{
					displayName: 'Match Issue Types',
					name: 'issueType',
					type: 'string',
					default: '',
					placeholder: 'billing, outage',
					description: 'Comma-separated issue types (from Normalize Intent) this policy applies to; empty matches any',
				},
				{
					displayName: 'Match Priorities',
					name: 'priority',
					type: 'string',
					default: '',
					placeholder: 'urgent, high',
					description: 'Comma-separated priorities this policy applies to; empty matches any',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: 'Standard',
					description: 'Policy name, shown on every clock it computes',
				},
				{
					displayName: 'Next Response (Business Minutes)',
					name: 'nextResponse',
					type: 'number',
					default: 240,
					typeOptions: { minValue: 0 },
					description: 'Target from a customer reply to the next agent reply; 0 for none',
				},
				{
					displayName: 'Periodic Update (Business Minutes)',
					name: 'periodicUpdate',
					type: 'number',
					default: 0,
					typeOptions: { minValue: 0 },
					description: 'Longest time between agent updates while the ticket is open; 0 for none',
				},
				{
					displayName: 'Resolution (Business Minutes)',
					name: 'resolution',
					type: 'number',
					default: 960,
					typeOptions: { minValue: 0 },
					description: 'Target from creation to a resolved status, not counting paused time; 0 for none',
				},
				{
					displayName: 'Version',
					name: 'version',
					type: 'string',
					default: '1',
					description: 'Version label recorded on each clock, so an audit shows which rule ran',
				},
			],
		},
	],
};
