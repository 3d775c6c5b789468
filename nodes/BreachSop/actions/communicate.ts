import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { compileNoticeTemplates, draftNotice, type Incident, PLACEHOLDERS, type Severity, withStep } from '../../../engine/breach';
import { assessed, identified } from './assess';
import { requireBreach, stringParameter, type StepContext } from './step';

const show = { show: { operation: ['communicate', 'runAll'] } };
const placeholders = PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');

export const description: INodeProperties[] = [
	{
		displayName: 'What Happened',
		name: 'whatHappened',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		displayOptions: show,
		placeholder: 'our first response to your request has taken longer than the 2 hours we committed to',
		description: 'What the notice says went wrong; empty writes it from the breached metric in the client’s language',
	},
	{
		displayName: 'What We Are Doing',
		name: 'whatWeAreDoing',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		displayOptions: show,
		description: 'What the notice says is being done; empty uses the sentence for the severity in the client’s language',
	},
	{
		displayName: 'Notice Options',
		name: 'noticeOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		description: 'How soon the first notice is due and how often updates follow, per severity, and the signature under the notice',
		options: [
			{
				displayName: 'Critical: Notify Within (Minutes)',
				name: 'dueCritical',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'How soon after a critical breach is identified the client must be told',
			},
			{
				displayName: 'Critical: Update Every (Minutes)',
				name: 'updateCritical',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'When the notice promises the next update for a critical breach',
			},
			{
				displayName: 'Major: Notify Within (Minutes)',
				name: 'dueMajor',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description: 'How soon after a major breach is identified the client must be told',
			},
			{
				displayName: 'Major: Update Every (Minutes)',
				name: 'updateMajor',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 240,
				description: 'When the notice promises the next update for a major breach',
			},
			{
				displayName: 'Minor: Notify Within (Minutes)',
				name: 'dueMinor',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 240,
				description: 'How soon after a minor breach is identified the client must be told',
			},
			{
				displayName: 'Minor: Update Every (Minutes)',
				name: 'updateMinor',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1440,
				description: 'When the notice promises the next update for a minor breach',
			},
			{
				displayName: 'Signature',
				name: 'team',
				type: 'string',
				default: '',
				placeholder: 'The Acme Support Team',
				description: 'Who signs the notice; empty uses "Customer Support" in the client’s language',
			},
			{
				displayName: 'Templates',
				name: 'templates',
				type: 'json',
				default: '{}',
				description: `Your own templates by language and severity: { "en": { "major": { "subject": "…", "body": "…" } } }. Placeholders: ${placeholders}. Templates not given use the built-in English, German, Spanish, French and Portuguese ones.`,
			},
		],
	},
];

function minutesBySeverity(options: IDataObject, prefix: 'due' | 'update'): Partial<Record<Severity, number>> {
	const table: Partial<Record<Severity, number>> = {};
	for (const severity of ['minor', 'major', 'critical'] as const) {
		const value = options[`${prefix}${severity.charAt(0).toUpperCase()}${severity.slice(1)}`];
		if (typeof value === 'number') table[severity] = value;
	}
	return table;
}

function templatesOf(step: StepContext, options: IDataObject): unknown {
	const raw = options.templates;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return {};
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new NodeOperationError(step.ctx.getNode(), `Templates: is not valid JSON (${(error as Error).message})`, { itemIndex: step.itemIndex });
	}
}

export function communicate(step: StepContext, previous: Incident): Incident {
	let incident = identified(step, previous);
	requireBreach(step, incident, 'tell the client');
	incident = assessed(step, incident);
	// A breach is notified once: a later run over the same breach keeps the notice that went out.
	if (incident.notice?.sentAt && incident.notice.breachKey === incident.identification!.key) return incident;
	const options = (step.parameter('noticeOptions', {}) ?? {}) as IDataObject;
	const { view } = step;
	const notice = draftNotice(
		{
			identification: incident.identification!,
			severity: incident.severity!.level,
			language: view.field('language'),
			customerName: view.field('customerName'),
			ticketId: step.ticketId,
			ticketSubject: view.field('subject'),
			to: view.field('customerEmail'),
			whatHappened: stringParameter(step, 'whatHappened'),
			whatWeAreDoing: stringParameter(step, 'whatWeAreDoing'),
			team: typeof options.team === 'string' ? options.team : null,
			timezone: view.field('timezone') ?? view.zone,
			templates: compileNoticeTemplates(templatesOf(step, options), 'Templates'),
			dueMinutes: minutesBySeverity(options, 'due'),
			updateEveryMinutes: minutesBySeverity(options, 'update'),
		},
		step.nowMs,
	);
	const summary = `${notice.severity} notice in ${notice.language}${notice.to ? ` to ${notice.to}` : ''}, due ${notice.dueAt}`;
	return { ...incident, notice, steps: withStep(incident, 'communicate', notice.draftedAt, summary) };
}
