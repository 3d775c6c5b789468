import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_DRILL_SCENARIO } from '../../engine/drill';
import { description as policyVersionProperties } from './actions/policy-versions';

export type Operation =
	| 'checkDrill'
	| 'dashboard'
	| 'drillEvents'
	| 'getConfig'
	| 'getDeadLetters'
	| 'getDue'
	| 'getStale'
	| 'getTicket'
	| 'activatePolicyVersion'
	| 'approvePolicyVersion'
	| 'getPolicyVersions'
	| 'proposePolicyVersion'
	| 'recordEvent'
	| 'report'
	| 'saveState'
	| 'setUp'
	| 'storeDeadLetter'
	| 'updateDeadLetter';

export const OUTPUTS: Record<Operation, string[]> = {
	checkDrill: ['Passed', 'Failed'],
	dashboard: ['Dashboard'],
	drillEvents: ['Drill Events'],
	getConfig: ['Configuration'],
	getDeadLetters: ['Dead Letters'],
	getDue: ['Due Tickets'],
	getStale: ['Alerts'],
	getTicket: ['Found', 'Not Found'],
	activatePolicyVersion: ['Activated', 'Refused'],
	approvePolicyVersion: ['Approved', 'Refused'],
	getPolicyVersions: ['Policy Versions'],
	proposePolicyVersion: ['Proposed', 'Refused'],
	recordEvent: ['Recorded', 'Merged', 'Duplicate', 'Invalid'],
	report: ['Report'],
	saveState: ['Saved'],
	setUp: ['Tables'],
	storeDeadLetter: ['Dead Letter'],
	updateDeadLetter: ['Updated'],
};

/** The node's outputs for its operation (evaluated by n8n in the editor). */
export const outputsOf = `(parameters) => (${JSON.stringify(OUTPUTS)}[parameters.operation ?? 'recordEvent'] ?? ['Output']).map((displayName) => ({ type: 'main', displayName }))`;

const show = (...operation: Operation[]) => ({ displayOptions: { show: { operation } } });

const nowParameter = (...operation: Operation[]): INodeProperties => ({
	displayName: 'Now',
	name: 'now',
	type: 'string',
	default: '',
	placeholder: '2026-03-30T10:00:00+02:00',
	description: 'The instant to act at; empty means the real clock. Drills and tests set it.',
	...show(...operation),
});

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'recordEvent',
		description: 'What to read or write in the store: ticket events and state, due and stale tickets, configuration and policy versions, dead letters, drills, the report and the dashboard',
		options: [
			{ name: 'Activate Policy Version', value: 'activatePolicyVersion', action: 'Activate a policy version', description: 'Put an approved version of a policy set in effect from an instant, for new tickets or all open ones; outputs what the Audit Log records as logic_changed' },
			{ name: 'Approve Policy Version', value: 'approvePolicyVersion', action: 'Approve a policy version', description: 'Record the approval of a proposed version by an n8n user other than its author' },
			{ name: 'Check Drill', value: 'checkDrill', action: 'Check the outcome of a drill', description: 'Compare the drill tickets in the store with what the drill scenario expects of them; outputs Passed and Failed' },
			{ name: 'Dashboard', value: 'dashboard', action: 'Render the SLA dashboard', description: 'Tickets breached and at risk now, breach rates per day, medians, backlog age, escalations, reopens and overrides, as a page or as JSON' },
			{ name: 'Generate Drill Events', value: 'drillEvents', action: 'Generate the events of a drill', description: 'The synthetic ticket events of a drill scenario, one item per event, to post to the intake webhook' },
			{ name: 'Get Configuration', value: 'getConfig', action: 'Get the active configuration', description: 'Read the active policy set, roster, ladder and other documents from the store' },
			{ name: 'Get Dead Letters', value: 'getDeadLetters', action: 'Get dead letters to replay', description: 'Open dead letters below the attempt limit, oldest first' },
			{ name: 'Get Due Tickets', value: 'getDue', action: 'Get the tickets due for a check', description: 'Open tickets whose next check has come, each leased to this sweep' },
			{ name: 'Get Policy Versions', value: 'getPolicyVersions', action: 'Get the versions of a policy set', description: 'Every version of a policy set with its approval and effective instant, under policyVersions, for SLA Clock' },
			{ name: 'Get Stale Tickets', value: 'getStale', action: 'Get tickets paused or quiet too long', description: 'Alerts for clocks paused longer than a limit and tickets with no activity for a limit' },
			{ name: 'Get Ticket', value: 'getTicket', action: 'Get a ticket', description: 'One stored ticket by source and ID' },
			{ name: 'Propose Policy Version', value: 'proposePolicyVersion', action: 'Propose a policy version', description: 'Store a changed policy set as its next version, with its author and its diff against the version before' },
			{ name: 'Record Ticket Event', value: 'recordEvent', action: 'Record a ticket event', description: 'Store a helpdesk event once and merge it into its ticket' },
			{ name: 'Save Ticket State', value: 'saveState', action: 'Save the state of a ticket', description: 'Write clocks, routing, escalation and incident back and set the next check' },
			{ name: 'Set Up Tables', value: 'setUp', action: 'Set up the tables of the store', description: 'Create the SLA Data Tables that do not exist yet and seed the configuration' },
			{ name: 'SLA Report', value: 'report', action: 'Report SLA figures', description: 'Breach rates, medians, backlog age, escalations and overrides over a period' },
			{ name: 'Store Dead Letter', value: 'storeDeadLetter', action: 'Store a dead letter', description: 'Keep a failed execution (from the Error Trigger) with what is needed to replay it' },
			{ name: 'Update Dead Letter', value: 'updateDeadLetter', action: 'Update a dead letter', description: 'Mark a dead letter replayed, resolved or failed again' },
		],
	},
	{
		displayName: 'Table Prefix',
		name: 'tablePrefix',
		type: 'string',
		default: 'sla_',
		description: 'The store is the Data Tables whose names start with this prefix (sla_tickets, sla_events, …). A second prefix is a second, separate store.',
	},
	...policyVersionProperties,
	// Record Ticket Event
	{
		displayName: 'Event',
		name: 'event',
		type: 'json',
		default: '={{ $json.body ?? $json }}',
		description: 'The ticket event in the generic shape (eventId, source, type, at, ticket {...}); map a helpdesk payload to it before this node',
		hint: 'Timestamps need an offset (2026-03-27T16:30:00+01:00 or …Z).',
		...show('recordEvent'),
	},
	{
		displayName: 'Allow Now From Drill Events',
		name: 'allowDrillNow',
		type: 'boolean',
		default: false,
		description: 'Whether an event marked "drill": true may carry its own "now" (drills run at a shifted time); ordinary events never can',
		...show('recordEvent'),
	},
	{
		displayName: 'Merge Duplicates Within (Hours)',
		name: 'duplicateWindowHours',
		type: 'number',
		default: 72,
		typeOptions: { minValue: 0 },
		description: 'A new ticket from the same customer that repeats an open ticket of the last hours is linked to it instead of becoming a second ticket; 0 turns merging off',
		...show('recordEvent'),
	},
	// Get Ticket
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '={{ $json.source ?? "generic" }}',
		description: 'The system the ticket came from (part of the ticket key)',
		...show('getTicket'),
	},
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		default: '={{ $json.id }}',
		description: 'The ticket ID in that system',
		...show('getTicket'),
	},
	// Get Due Tickets
	{
		displayName: 'Max Tickets per Sweep',
		name: 'maxTickets',
		type: 'number',
		default: 500,
		typeOptions: { minValue: 1 },
		description: 'How many due tickets one sweep takes at most; the rest stay due for the next sweep',
		...show('getDue'),
	},
	{
		displayName: 'Lease (Seconds)',
		name: 'leaseSeconds',
		type: 'number',
		default: 300,
		typeOptions: { minValue: 10 },
		description: 'How long a sweep holds a ticket; an overlapping sweep skips it until Save Ticket State releases it or the lease runs out',
		...show('getDue'),
	},
	{
		displayName: 'Include Drill Tickets',
		name: 'includeDrill',
		type: 'boolean',
		default: false,
		description: 'Whether tickets created by a drill are included',
		...show('getDue', 'getStale', 'report', 'dashboard'),
	},
	// Get Stale Tickets
	{
		displayName: 'Paused Longer Than (Hours)',
		name: 'pausedHours',
		type: 'number',
		default: 72,
		typeOptions: { minValue: 0 },
		description: 'Alert on clocks paused (waiting on the customer) longer than this; 0 turns it off',
		...show('getStale'),
	},
	{
		displayName: 'No Activity For (Hours)',
		name: 'quietHours',
		type: 'number',
		default: 24,
		typeOptions: { minValue: 0 },
		description: 'Alert on open tickets without any event for this long; 0 turns it off',
		...show('getStale'),
	},
	// SLA Report
	{
		displayName: 'Period (Hours)',
		name: 'periodHours',
		type: 'number',
		default: 24,
		typeOptions: { minValue: 1 },
		description: 'The report covers tickets created in this many hours before now',
		...show('report'),
	},
	{
		displayName: 'Report Time Zone',
		name: 'reportTimezone',
		type: 'string',
		default: 'UTC',
		placeholder: 'Europe/Berlin',
		description: 'IANA time zone of the times in the report text',
		...show('report'),
	},
	// Dashboard
	{
		displayName: 'Respond With',
		name: 'format',
		type: 'options',
		default: 'page',
		options: [
			{ name: 'Figures (JSON)', value: 'json', description: 'The dashboard\'s figures as JSON, in "body" (and as an object in "dashboard")' },
			{ name: 'Page (HTML)', value: 'page', description: 'The dashboard page in "body", with its charting library inside: it needs no network' },
		],
		description: 'What goes into "body" for a Respond to Webhook node (with the Content-Type in "contentType")',
		...show('dashboard'),
	},
	{
		displayName: 'Days',
		name: 'days',
		type: 'number',
		default: 14,
		typeOptions: { minValue: 1, maxValue: 366 },
		description: 'The dashboard covers this many calendar days up to now, today included',
		...show('dashboard'),
	},
	{
		displayName: 'Time Zone',
		name: 'timezone',
		type: 'string',
		default: 'UTC',
		placeholder: 'Europe/Berlin',
		description: 'IANA time zone of the dashboard\'s days and times',
		...show('dashboard'),
	},
	{
		displayName: 'Tickets Listed',
		name: 'listLimit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 0, maxValue: 1000 },
		description: 'How many breached and at-risk tickets the page lists at most (the most urgent); the counts are always of all of them',
		...show('dashboard'),
	},
	{
		displayName: 'Refresh (Seconds)',
		name: 'refreshSeconds',
		type: 'number',
		default: 60,
		typeOptions: { minValue: 0 },
		description: 'The page reloads itself this often; 0 turns it off',
		...show('dashboard'),
	},
	{
		displayName: 'Audit Trail Report',
		name: 'auditReport',
		type: 'json',
		default: '={{ $json.audit ?? ($json.error ? { error: $json.error } : null) }}',
		description: 'The output of an Audit Log node (operation Report) before this one: the trail\'s status and its manual overrides; empty leaves the audit trail out',
		...show('dashboard'),
	},
	// Get Configuration
	{
		displayName: 'Documents',
		name: 'documents',
		type: 'string',
		default: 'policySet, roster, ladder',
		description: 'Comma-separated names of the configuration documents to read; each lands under config, by name (config.policySet, …)',
		...show('getConfig'),
	},
	{
		displayName: 'Fill Agent Load From Open Tickets',
		name: 'fillLoad',
		type: 'boolean',
		default: true,
		description: 'Whether each roster agent\'s load is set to the open tickets assigned to them in the store, so capacity holds across executions. A drill ticket counts only open drill tickets, a live ticket only live ones.',
		...show('getConfig'),
	},
	{
		displayName: 'Policy Versions of Set',
		name: 'policyVersionsOf',
		type: 'string',
		default: '',
		placeholder: 'support',
		description: 'The policy set whose versions under change control (Propose, Approve and Activate Policy Version) are put on each item under policyVersions, an empty list while it has none; empty reads none',
		hint: 'For SLA Clock with Policy Source "Versions From SLA Store" and config.policySet as its Policy Set Before Any Version',
		...show('getConfig'),
	},
	// Set Up Tables
	{
		displayName: 'Seed Configuration',
		name: 'seed',
		type: 'json',
		default: '{}',
		description: 'Documents to store as version 1 where none exists yet, keyed by name ({ "policySet": {...}, "roster": {...}, "ladder": {...} }); existing documents are never changed',
		...show('setUp'),
	},
	{
		displayName: 'Runtime Settings',
		name: 'runtime',
		type: 'json',
		default: '={{ $json.body?.runtime ?? {} }}',
		description: 'Settings laid over the seed\'s "runtime" document when it is first stored (webhookBaseUrl, helpdeskBaseUrl, channels)',
		...show('setUp'),
	},
	// Dead letters
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 1 },
		description: 'Dead letters replayed this often without success are left for a person (status gave_up)',
		...show('getDeadLetters', 'updateDeadLetter'),
	},
	{
		displayName: 'Dead Letter Key',
		name: 'deadLetterKey',
		type: 'string',
		default: '={{ $json.deadLetter?.key }}',
		description: 'The key of the dead letter to update',
		...show('updateDeadLetter'),
	},
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'options',
		default: 'resolved',
		description: 'How the replay of the dead letter ended: Resolved closes it, Failed Again counts one more attempt',
		options: [
			{ name: 'Failed Again', value: 'failed', description: 'One more attempt counted; given up at the attempt limit' },
			{ name: 'Resolved', value: 'resolved', description: 'The replay succeeded (or a person fixed it)' },
		],
		...show('updateDeadLetter'),
	},
	// Generate Drill Events and Check Drill
	{
		displayName: 'Scenario',
		name: 'scenario',
		type: 'json',
		default: JSON.stringify(DEFAULT_DRILL_SCENARIO, null, 2),
		description: 'The drill: waves of synthetic tickets (how many, when, from which customers, what happens next) and what should hold for each wave when checked',
		hint: 'Check Drill needs the same scenario, start and seed as Generate Drill Events',
		...show('drillEvents', 'checkDrill'),
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'string',
		default: '',
		placeholder: '2026-04-06T12:50:00Z',
		description: 'When the drill starts (ISO-8601 with an offset): the waves arrive and are checked at minutes after it; empty means now',
		...show('drillEvents', 'checkDrill'),
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		default: 42,
		description: 'Arrival times, tiers and subjects are drawn from this seed: the same seed gives the same drill, and its ticket IDs',
		...show('drillEvents', 'checkDrill'),
	},
	nowParameter('recordEvent', 'getDue', 'saveState', 'getStale', 'report', 'dashboard', 'storeDeadLetter', 'updateDeadLetter'),
];
