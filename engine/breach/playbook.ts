import { isSeverity, type Severity } from './severity-level';
import { formatInstant } from '../core';

/**
 * Step 4 of the breach SOP, Correct: the corrective action plan. A playbook lists actions keyed by
 * issue type and severity (`*` for any); every entry that fits the breach contributes its actions,
 * the most specific first. The customer's own requirements (from the ticket or the contract) become
 * actions of the plan too, so the measures line up with what was promised to this customer.
 */
export type ActionKind = 'corrective' | 'preventive';

export interface PlaybookAction {
	action: string;
	owner: string;
	/** Minutes after the plan is made by which the action must be done. */
	dueInMinutes: number;
	kind: ActionKind;
}

export interface PlaybookEntry {
	issueType: string;
	severity: Severity | '*';
	actions: PlaybookAction[];
}

export interface CustomerRequirement {
	requirement: string;
	owner?: string;
	dueInMinutes?: number;
}

export interface PlannedAction {
	id: string;
	action: string;
	owner: string;
	dueAt: string;
	kind: ActionKind;
	source: 'playbook' | 'customer';
	status: 'open' | 'done';
	doneAt: string | null;
}

export interface CorrectivePlan {
	/** The breach the plan is for (BreachIdentification.key). */
	breachKey: string | null;
	issueType: string | null;
	severity: Severity;
	createdAt: string;
	/** The playbook entries used, as `issueType/severity`, most specific first. */
	entries: string[];
	actions: PlannedAction[];
	customerRequirements: string[];
}

export class PlaybookError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}

const HOUR = 60;
const DAY = 24 * HOUR;

export const DEFAULT_PLAYBOOK: PlaybookEntry[] = [
	{
		issueType: '*',
		severity: '*',
		actions: [
			{ action: 'Reply to the customer with a concrete status and take ownership of the ticket', owner: '{{assignee}}', dueInMinutes: 30, kind: 'corrective' },
			{ action: 'Record the breach, its impact and the steps taken on the ticket', owner: '{{assignee}}', dueInMinutes: HOUR, kind: 'corrective' },
			{ action: 'Analyse the root cause of the breach (five whys) and record it in the review', owner: 'Team lead', dueInMinutes: 3 * DAY, kind: 'preventive' },
		],
	},
	{
		issueType: '*',
		severity: 'major',
		actions: [
			{ action: 'Assign a senior specialist and review the ticket with them', owner: 'Team lead', dueInMinutes: HOUR, kind: 'corrective' },
			{ action: 'Check the queue for other tickets close to breaching and rebalance the workload', owner: 'Team lead', dueInMinutes: 4 * HOUR, kind: 'preventive' },
		],
	},
	{
		issueType: '*',
		severity: 'critical',
		actions: [
			{ action: 'Appoint an incident manager and open an incident channel', owner: 'Support manager', dueInMinutes: 15, kind: 'corrective' },
			{ action: 'Brief the account manager so that they can reach out to the customer', owner: 'Account manager', dueInMinutes: 30, kind: 'corrective' },
			{ action: 'Check the queue for other tickets close to breaching and rebalance the workload', owner: 'Team lead', dueInMinutes: HOUR, kind: 'preventive' },
			{ action: 'Review staffing and routing for this queue and present changes', owner: 'Support manager', dueInMinutes: 7 * DAY, kind: 'preventive' },
		],
	},
	{
		issueType: 'billing',
		severity: '*',
		actions: [{ action: 'Check the billing system for the charge in question and correct the invoice if needed', owner: 'Billing specialist', dueInMinutes: 4 * HOUR, kind: 'corrective' }],
	},
	{
		issueType: 'technical_issue',
		severity: '*',
		actions: [{ action: 'Reproduce the problem and hand it to engineering with logs if it is a defect', owner: '{{assignee}}', dueInMinutes: 2 * HOUR, kind: 'corrective' }],
	},
	{
		issueType: 'account_access',
		severity: '*',
		actions: [{ action: 'Restore access after verifying the requester, and confirm it with the customer', owner: '{{assignee}}', dueInMinutes: HOUR, kind: 'corrective' }],
	},
];

function normalise(value: string | null | undefined): string {
	return (value ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function compileAction(raw: unknown, field: string): PlaybookAction {
	if (typeof raw === 'string' && raw.trim() !== '') return { action: raw.trim(), owner: '{{assignee}}', dueInMinutes: DAY, kind: 'corrective' };
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new PlaybookError(field, 'must be an object with "action", "owner" and "dueInMinutes"');
	const value = raw as Record<string, unknown>;
	if (typeof value.action !== 'string' || value.action.trim() === '') throw new PlaybookError(`${field}.action`, 'must say what to do');
	const owner = value.owner ?? '{{assignee}}';
	if (typeof owner !== 'string' || owner.trim() === '') throw new PlaybookError(`${field}.owner`, 'must name who does it (a role, a person or {{assignee}})');
	const due = value.dueInMinutes ?? DAY;
	if (typeof due !== 'number' || !Number.isFinite(due) || due < 0) throw new PlaybookError(`${field}.dueInMinutes`, 'must be a number of minutes of 0 or more');
	const kind = value.kind ?? 'corrective';
	if (kind !== 'corrective' && kind !== 'preventive') throw new PlaybookError(`${field}.kind`, 'must be corrective or preventive');
	return { action: value.action.trim(), owner: owner.trim(), dueInMinutes: due, kind };
}

/** Validates a playbook as edited by a builder: a list of `{ issueType, severity, actions }`. */
export function compilePlaybook(raw: unknown, field = 'Playbook'): PlaybookEntry[] {
	if (raw === undefined || raw === null || raw === '') return DEFAULT_PLAYBOOK;
	if (!Array.isArray(raw)) throw new PlaybookError(field, 'must be a list of { issueType, severity, actions }');
	return raw.map((entry, index) => {
		const at = `${field}[${index}]`;
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new PlaybookError(at, 'must be an object with issueType, severity and actions');
		const value = entry as Record<string, unknown>;
		const issueType = value.issueType ?? '*';
		if (typeof issueType !== 'string' || issueType.trim() === '') throw new PlaybookError(`${at}.issueType`, 'must be an issue type or *');
		const severity = value.severity ?? '*';
		if (severity !== '*' && !isSeverity(severity)) throw new PlaybookError(`${at}.severity`, 'must be minor, major, critical or *');
		if (!Array.isArray(value.actions) || value.actions.length === 0) throw new PlaybookError(`${at}.actions`, 'must be a non-empty list of actions');
		return { issueType: issueType.trim(), severity, actions: value.actions.map((action, position) => compileAction(action, `${at}.actions[${position}]`)) };
	});
}

/** Customer requirements from a ticket or contract: a list of texts or `{ requirement, owner?, dueInMinutes? }`, or one text. */
export function readCustomerRequirements(raw: unknown, field = 'Customer Requirements'): CustomerRequirement[] {
	if (raw === undefined || raw === null || raw === '') return [];
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\n|;/) : [raw];
	return list.flatMap((entry, index): CustomerRequirement[] => {
		if (typeof entry === 'string') return entry.trim() === '' ? [] : [{ requirement: entry.trim() }];
		if (entry === null || typeof entry !== 'object') throw new PlaybookError(`${field}[${index}]`, 'must be a text or an object with "requirement"');
		const value = entry as Record<string, unknown>;
		const text = value.requirement ?? value.text ?? value.description ?? value.name;
		if (typeof text !== 'string' || text.trim() === '') throw new PlaybookError(`${field}[${index}].requirement`, 'must say what the customer requires');
		const requirement: CustomerRequirement = { requirement: text.trim() };
		if (typeof value.owner === 'string' && value.owner.trim() !== '') requirement.owner = value.owner.trim();
		if (typeof value.dueInMinutes === 'number' && value.dueInMinutes >= 0) requirement.dueInMinutes = value.dueInMinutes;
		return [requirement];
	});
}

function specificity(entry: PlaybookEntry): number {
	return (entry.issueType === '*' ? 0 : 2) + (entry.severity === '*' ? 0 : 1);
}

export interface PlanInput {
	breachKey?: string | null;
	playbook: PlaybookEntry[];
	issueType: string | null;
	severity: Severity;
	/** Who `{{assignee}}` in an owner stands for; default "Assigned agent". */
	assignee?: string | null;
	requirements?: CustomerRequirement[];
	/** Owner and due time of customer requirements that do not name them. */
	requirementOwner?: string;
	requirementDueInMinutes?: number;
	timezone?: string;
}

/** The corrective action plan for a breach assessed at `severity`, made at `nowMs`. */
export function planCorrectiveActions(input: PlanInput, nowMs: number): CorrectivePlan {
	const issueType = normalise(input.issueType);
	const zone = input.timezone || 'UTC';
	const entries = input.playbook
		.filter((entry) => (entry.issueType === '*' || normalise(entry.issueType) === issueType) && (entry.severity === '*' || entry.severity === input.severity))
		.sort((a, b) => specificity(b) - specificity(a));
	const assignee = input.assignee?.trim() || 'Assigned agent';
	const owner = (text: string) => text.replace(/\{\{\s*assignee\s*\}\}/g, assignee);
	const due = (minutes: number) => formatInstant(nowMs + minutes * 60_000, zone);
	const actions: PlannedAction[] = [];
	const seen = new Set<string>();
	const add = (action: Omit<PlannedAction, 'id' | 'status' | 'doneAt'>) => {
		const key = action.action.toLowerCase();
		if (seen.has(key)) return;
		seen.add(key);
		actions.push({ id: `A${actions.length + 1}`, ...action, status: 'open', doneAt: null });
	};
	for (const requirement of input.requirements ?? []) {
		add({
			action: `Meet the customer's requirement: ${requirement.requirement}`,
			owner: owner(requirement.owner ?? input.requirementOwner ?? 'Account manager'),
			dueAt: due(requirement.dueInMinutes ?? input.requirementDueInMinutes ?? 4 * HOUR),
			kind: 'corrective',
			source: 'customer',
		});
	}
	for (const entry of entries) {
		for (const action of entry.actions) {
			add({ action: action.action, owner: owner(action.owner), dueAt: due(action.dueInMinutes), kind: action.kind, source: 'playbook' });
		}
	}
	return {
		breachKey: input.breachKey ?? null,
		issueType: input.issueType?.trim() || null,
		severity: input.severity,
		createdAt: formatInstant(nowMs, zone),
		entries: entries.map((entry) => `${entry.issueType}/${entry.severity}`),
		actions,
		customerRequirements: (input.requirements ?? []).map((requirement) => requirement.requirement),
	};
}
