import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIER_ORDER } from '../../engine/routing';

export const OUTPUT_NAMES = ['Assigned', 'Overflowed', 'Queued', 'Needs Triage'] as const;

const weekdays = (start: string, end: string) =>
	Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start, end }]]));

export const EXAMPLE_ROSTER = {
	calendars: [
		{ name: 'EMEA Day', timezone: 'Europe/Berlin', weeklyHours: weekdays('09:00', '17:00'), holidays: { country: 'DE' } },
		{ name: 'AMER Day', timezone: 'America/New_York', weeklyHours: weekdays('09:00', '17:00'), holidays: { country: 'US' } },
		{ name: 'APAC Day', timezone: 'Australia/Sydney', weeklyHours: weekdays('09:00', '17:00'), holidays: { country: 'AU', region: 'NSW' } },
	],
	groups: [
		{ name: 'EMEA Support', region: 'emea', calendar: 'EMEA Day' },
		{ name: 'AMER Support', region: 'amer', calendar: 'AMER Day' },
		{ name: 'APAC Support', region: 'apac', calendar: 'APAC Day' },
	],
	agents: [
		{ id: 'ana', name: 'Ana', group: 'EMEA Support', skills: { billing: 4, vip: 2 }, languages: ['en', 'de', 'es'], capacity: 4, load: 0, status: 'online' },
		{ id: 'jonas', name: 'Jonas', group: 'EMEA Support', skills: { technical: 3, account: 2 }, languages: ['en', 'de'], capacity: 5, load: 0, status: 'online' },
		{ id: 'maria', name: 'Maria', group: 'AMER Support', skills: { billing: 3, technical: 2 }, languages: ['en', 'es', 'pt'], capacity: 4, load: 0, status: 'online' },
		{ id: 'kenji', name: 'Kenji', group: 'APAC Support', skills: { billing: 2, technical: 4, vip: 1 }, languages: ['en', 'ja'], capacity: 4, load: 0, status: 'online' },
	],
};

export const EXAMPLE_MATRIX = {
	rules: [
		{ name: 'VIP Billing', match: { issueType: ['billing', 'refund'], tier: ['vip', 'enterprise'] }, requiredSkills: { billing: 3 }, preferredSkills: { vip: 1 }, queue: 'VIP Billing' },
		{ name: 'Billing', match: { issueType: ['billing', 'refund', 'cancellation'] }, requiredSkills: { billing: 2 } },
		{ name: 'Technical', match: { issueType: ['technical_issue', 'account_access'] }, requiredSkills: { technical: 2 } },
		{ name: 'General', requiredSkills: {} },
	],
};

const rulesCollection: INodeProperties = {
	displayName: 'Rules',
	name: 'rules',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Rule',
	default: {
		rule: [
			{ name: 'Billing', issueTypes: 'billing, refund, cancellation', requiredSkills: 'billing:2' },
			{ name: 'Technical', issueTypes: 'technical_issue, account_access', requiredSkills: 'technical:2' },
			{ name: 'General' },
		],
	},
	displayOptions: { show: { matrixSource: ['editor'] } },
	description: 'Routing rules in order: the first whose conditions all match a ticket applies; a rule without conditions catches every ticket. A ticket no rule matches goes to Needs Triage.',
	options: [
		{
			name: 'rule',
			displayName: 'Rule',
			values: [
				{ displayName: 'Match Channels', name: 'channels', type: 'string', default: '', placeholder: 'email, chat', description: 'Comma-separated channels; empty matches any' },
				{ displayName: 'Match Customer Tiers', name: 'tiers', type: 'string', default: '', placeholder: 'vip, enterprise', description: 'Comma-separated customer tiers; empty matches any' },
				{ displayName: 'Match Intents', name: 'intents', type: 'string', default: '', placeholder: 'double_charge', description: 'Comma-separated intents (from Normalize Intent); empty matches any' },
				{ displayName: 'Match Issue Types', name: 'issueTypes', type: 'string', default: '', placeholder: 'billing, refund', description: 'Comma-separated issue types (from Normalize Intent); empty matches any' },
				{ displayName: 'Match Languages', name: 'languages', type: 'string', default: '', placeholder: 'es, pt', description: 'Comma-separated ISO 639-1 codes; empty matches any' },
				{ displayName: 'Match Priorities', name: 'priorities', type: 'string', default: '', placeholder: 'urgent, high', description: 'Comma-separated priorities; empty matches any' },
				{ displayName: 'Minimum Level', name: 'minLevel', type: 'number', default: 1, typeOptions: { minValue: 0 }, description: 'Level a skill without its own level must have' },
				{ displayName: 'Name', name: 'name', type: 'string', default: 'Rule', description: 'Shown in the routing record as the rule that matched' },
				{ displayName: 'Preferred Skills', name: 'preferredSkills', type: 'string', default: '', placeholder: 'vip:1, sepa', description: 'Skills required at first and dropped after the configured wait, then only raising the match score' },
				{ displayName: 'Queue', name: 'queue', type: 'string', default: '', placeholder: 'VIP Billing', description: 'Queue a ticket waits in when no one eligible is on shift; empty uses the home region\'s group' },
				{ displayName: 'Require Language Match', name: 'requireLanguage', type: 'boolean', default: true, description: 'Whether the agent must speak the ticket\'s language' },
				{ displayName: 'Required Skills', name: 'requiredSkills', type: 'string', default: '', placeholder: 'billing:3, sepa', description: 'Comma-separated skill:level pairs an agent must hold' },
			],
		},
	],
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Roster',
		name: 'roster',
		type: 'json',
		default: JSON.stringify(EXAMPLE_ROSTER, null, 2),
		description: 'Agents (ID, name, skills with levels, languages, region, group, calendar, status, capacity, load, last assigned at), groups and named calendars, as JSON or from an expression',
		hint: 'Read once per execution. A calendar is inline or the name of an entry of "calendars" (same format as the SLA Clock); an agent without one uses its group\'s.',
	},
	{
		displayName: 'Matrix Source',
		name: 'matrixSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Build in Editor', value: 'editor', description: 'Define routing rules with the fields below' },
			{ name: 'JSON', value: 'json', description: 'Paste a routing matrix, or map one from an expression' },
		],
		default: 'editor',
		description: 'Where the routing rules come from: built in the editor, or a routing matrix as JSON',
	},
	rulesCollection,
	{
		displayName: 'Matrix',
		name: 'matrix',
		type: 'json',
		default: JSON.stringify(EXAMPLE_MATRIX, null, 2),
		displayOptions: { show: { matrixSource: ['json'] } },
		description: 'Routing rules: match (issueType, intent, tier, channel, language, priority), requiredSkills, preferredSkills, minLevel, queue, requireLanguage',
		hint: 'Rules are tried in order; the first whose "match" fits the ticket applies',
	},
	{
		displayName: 'Strategy',
		name: 'strategy',
		type: 'options',
		options: [
			{ name: 'Best Skill Match', value: 'bestSkillMatch', description: 'Highest levels on the rule\'s skills, then most spare capacity' },
			{ name: 'Most Spare Capacity', value: 'mostSpareCapacity', description: 'Most free slots (capacity minus load)' },
			{ name: 'Round Robin', value: 'roundRobin', description: 'Longest time since the last assignment' },
		],
		default: 'bestSkillMatch',
		description: 'How to pick among eligible agents; ties end on the agent ID',
	},
	{
		displayName: 'Follow the Sun',
		name: 'followTheSun',
		type: 'boolean',
		default: true,
		description: 'Whether a ticket whose home region has nobody eligible overflows to the next region with open coverage',
	},
	{
		displayName: 'Region Order',
		name: 'regionOrder',
		type: 'string',
		default: 'apac, emea, amer',
		displayOptions: { show: { followTheSun: [true] } },
		description: 'Comma-separated regions in follow-the-sun order; overflow tries the regions after the home region, wrapping around',
	},
	{
		displayName: 'Max Hops',
		name: 'maxHops',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 0 },
		description: 'Reassignments a ticket may have before it goes to Needs Triage',
	},
	{
		displayName: 'Handoff Timeout (Minutes)',
		name: 'handoffTimeout',
		type: 'number',
		default: 15,
		typeOptions: { minValue: 0 },
		description: 'An assignment not accepted within this time is routed again and counts as a hop; 0 waits forever',
	},
	{
		displayName: 'Drop Preferred Skills After (Minutes)',
		name: 'dropPreferredAfter',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 0 },
		description: 'Wait after which preferred skills stop being required; 0 never drops them',
	},
	{
		displayName: 'Lower Minimum Level After (Minutes)',
		name: 'lowerLevelAfter',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 0 },
		description: 'Wait after which required skill levels are lowered; 0 never lowers them',
	},
	{
		displayName: 'Lower Level By',
		name: 'lowerLevelBy',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0 },
		description: 'How much each required level is lowered (never below 1)',
	},
	{
		displayName: 'Triage Queue',
		name: 'triageQueue',
		type: 'string',
		default: 'Triage',
		description: 'Queue named on tickets sent to Needs Triage',
	},
	{
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: '2026-03-27T16:55:00+01:00',
		description: 'The instant to route at, ISO-8601; empty means the current time (set it for drills and tests)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Ticket fields the rules match on, when they are not where the node looks for them, and the defaults for tickets without them',
		options: [
			{ displayName: 'Channel', name: 'channel', type: 'string', default: '', placeholder: '={{ $json.via }}', description: 'The ticket channel, if not in the "channel" field' },
			{ displayName: 'Created At', name: 'createdAt', type: 'string', default: '', description: 'When the ticket was created (ISO-8601), if not in the "createdAt" field; orders the batch and starts the wait' },
			{ displayName: 'Customer Tier', name: 'tier', type: 'string', default: '', description: 'The customer tier, if not in "customer.tier"' },
			{ displayName: 'Default Queue', name: 'defaultQueue', type: 'string', default: 'Unassigned', description: 'Queue for tickets that wait when neither the rule nor the home region names one' },
			{ displayName: 'Default Region', name: 'defaultRegion', type: 'string', default: '', description: 'Home region of tickets without one; empty routes them to any region' },
			{ displayName: 'Home Region', name: 'region', type: 'string', default: '', description: 'The ticket\'s home region, if not in "customer.region"' },
			{ displayName: 'Issue Type', name: 'issueType', type: 'string', default: '', description: 'The issue type, if not in "intent.type" (from Normalize Intent)' },
			{ displayName: 'Language', name: 'language', type: 'string', default: '', description: 'The ticket language, if not in "language" or "intent.language"' },
			{ displayName: 'Max Agents Listed', name: 'maxConsidered', type: 'number', default: 5, typeOptions: { minValue: 1 }, description: 'Most agents listed in routing.considered' },
			{ displayName: 'Priority', name: 'priority', type: 'string', default: '', description: 'The priority, if not in the "priority" field' },
			{ displayName: 'Reopen Statuses', name: 'reopenStatuses', type: 'string', default: 'reopened', description: 'Comma-separated ticket statuses that mean the ticket was reopened (it goes back to its previous assignee if on shift)' },
			{ displayName: 'Tier Order', name: 'tierOrder', type: 'string', default: DEFAULT_TIER_ORDER.join(', '), description: 'Comma-separated tiers, most important first; breaks urgency ties in a batch' },
		],
	},
];
