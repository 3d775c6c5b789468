import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { type Calendar, compileCalendar } from '../../engine/calendar';
import { DEFAULT_LADDER, type DeliverySettings, type EscalationSettings, type Ladder, type OutsideHours, parseLadder, SLA_METRICS, type SlaMetricName } from '../../engine/escalation';
import { claimStoreKindOf } from '../shared/claim-store';
import { ParameterError, readJsonParameter } from '../shared/parameters';
import type { ClaimSettings } from './claims';
import { readSlackTarget } from './slack-targets';

/** Everything the Escalate node reads from its parameters for one item. */
export interface EscalateSettings extends ClaimSettings {
	dryRun: boolean;
	escalation: EscalationSettings;
	delivery: DeliverySettings;
	/** Empty: the ticket's traceId, else one made from the execution id. */
	traceId: string;
}

/**
 * The entries of a list parameter: a multi-select's array (Notify Users, Mention), or a comma-separated
 * string (those two as workflows saved before they were pickers hold them, an expression, the text
 * fields). Entries of an array are split on commas too, so an expression may give either form.
 */
export const list = (value: unknown): string[] =>
	(Array.isArray(value) ? value : [value])
		.flatMap((entry) => String(entry ?? '').split(','))
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);

/** Calendars compiled once per distinct spec in a run (a sweep reads the same one for every item). */
const compiled = new Map<string, Calendar>();

function pagingCalendar(raw: unknown): Calendar | null {
	if (raw === undefined || raw === null || raw === '' || (typeof raw === 'object' && Object.keys(raw).length === 0)) return null;
	let spec: unknown = raw;
	let problem: string | undefined;
	if (typeof raw === 'string') {
		try {
			spec = JSON.parse(raw);
		} catch (error) {
			problem = `is not valid JSON (${(error as Error).message})`;
		}
	}
	const key = JSON.stringify(spec);
	let calendar = compiled.get(key);
	if (calendar === undefined && problem === undefined) {
		try {
			calendar = compileCalendar(spec, 'Paging Hours');
			if (compiled.size > 50) compiled.clear();
			compiled.set(key, calendar);
		} catch (error) {
			problem = (error as Error).message;
		}
	}
	if (calendar === undefined) {
		throw new ParameterError('Paging Hours', problem ?? 'is not a calendar', 'Give a calendar with timezone and weeklyHours, or leave it empty to page at any time.');
	}
	return calendar;
}

/** The trigger of an editor row as parseLadder reads it. */
function triggerOf(row: IDataObject): IDataObject {
	if (row.trigger === 'percentUsed' || row.trigger === undefined) return { kind: 'percentUsed', percent: row.percent ?? 75 };
	if (row.trigger === 'timeInStatus') return { kind: 'timeInStatus', minutes: row.minutes ?? 30, statuses: list(row.statuses) };
	return { kind: row.trigger, minutes: row.minutes ?? 30 };
}

/** Ticket Age and Time in Status levels watch the ticket, not an SLA metric: the editor hides Metrics for them. */
const watchesMetrics = (row: IDataObject): boolean => row.trigger !== 'ticketAge' && row.trigger !== 'timeInStatus';

function ladderFromEditor(ctx: IExecuteFunctions, itemIndex: number): Ladder {
	const rows = (ctx.getNodeParameter('levels.level', itemIndex, []) as IDataObject[]) ?? [];
	if (rows.length === 0) throw new ParameterError('Levels', 'add at least one level, or choose the default ladder');
	const levels = rows.map((row) => {
		const trigger = triggerOf(row);
		const actions: IDataObject[] = [];
		if (row.notifyChannel !== false) actions.push({ type: 'notifyChannel' });
		if (list(row.mention).length > 0) actions.push({ type: 'mention', targets: list(row.mention) });
		if (list(row.notifyUsers).length > 0) actions.push({ type: 'notifyUsers', users: list(row.notifyUsers) });
		if (row.nudgeLeadership === true) actions.push({ type: 'nudgeLeadership' });
		if (row.raisePriority === true) actions.push({ type: 'raisePriority' });
		if (typeof row.reassignTo === 'string' && row.reassignTo.trim() !== '') actions.push({ type: 'reassign', to: row.reassignTo.trim(), kind: row.reassignKind === 'lead' ? 'lead' : 'group' });
		return { name: row.name, trigger, metrics: watchesMetrics(row) ? row.metrics : undefined, actions };
	});
	return parseLadder({ levels }, 'Levels');
}

/** The ladder to climb; a ladder that does not validate names the level and field at fault. */
function readLadder(ctx: IExecuteFunctions, itemIndex: number): Ladder {
	const source = ctx.getNodeParameter('ladderSource', itemIndex, 'default') as string;
	if (source === 'editor') return ladderFromEditor(ctx, itemIndex);
	if (source === 'json') return parseLadder(readJsonParameter(ctx, 'ladderJson', 'Ladder (JSON)', itemIndex), 'Ladder (JSON)');
	return DEFAULT_LADDER;
}

/** Every parameter readSettings reads (perExecution reads them once when none holds an expression). */
export const SETTINGS_PARAMETERS = ['options', 'mode', 'channel', 'metrics', 'ladderSource', 'levels', 'ladderJson', 'leadershipChannel', 'claimStore', 'claimsTable'] as const;

export function readSettings(ctx: IExecuteFunctions, itemIndex: number): EscalateSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const dryRun = ctx.getNodeParameter('mode', itemIndex, 'send') === 'dryRun';
	const channel = readSlackTarget(ctx, 'channel', itemIndex);
	if (channel === '' && !dryRun) throw new ParameterError('Channel', 'is empty', 'Choose the Slack channel from the list, or give its name (#support-escalations) or ID.');
	const metrics = (ctx.getNodeParameter('metrics', itemIndex, SLA_METRICS) as string[]).filter((metric): metric is SlaMetricName =>
		SLA_METRICS.includes(metric as SlaMetricName),
	);
	const rearmMinutes = Number(options.rearmMinutes ?? 60);
	if (!Number.isFinite(rearmMinutes) || rearmMinutes < 0) throw new ParameterError('Re-Arm After Acknowledgement (Minutes)', 'must be 0 or more');
	const historySize = Number(options.historySize ?? 10000);
	return {
		dryRun,
		escalation: {
			ladder: readLadder(ctx, itemIndex),
			metrics: metrics.length > 0 ? metrics : SLA_METRICS,
			rearmAfterMs: rearmMinutes * 60_000,
			paging: {
				calendar: pagingCalendar(options.pagingHours),
				alwaysPageTiers: list(options.alwaysPageTiers),
				alwaysPagePriorities: list(options.alwaysPagePriorities ?? 'urgent'),
			},
			outsideHours: (options.outsideHours === 'hold' ? 'hold' : 'notifyQuietly') as OutsideHours,
		},
		delivery: {
			channel: channel || '#dry-run',
			leadershipChannel: readSlackTarget(ctx, 'leadershipChannel', itemIndex),
			broadcastLevelChanges: options.broadcastLevelChanges !== false,
			updateParent: options.updateParent !== false,
			priorityScale: list(options.priorityScale ?? 'low, normal, high, urgent'),
			contextFields: list(options.contextFields),
			runbookUrl: String(options.runbookUrl ?? '').trim(),
			ticketUrl: String(options.ticketUrl ?? '').trim(),
		},
		traceId: String(options.traceId ?? '').trim(),
		scope: options.deduplicationScope === 'workflow' ? 'workflow' : 'node',
		historySize: Number.isFinite(historySize) && historySize >= 100 ? Math.floor(historySize) : 10000,
		...readClaimStore(ctx, itemIndex),
	};
}

/** The Claim Store and Claims Table parameters (both modes that send). */
export function readClaimStore(ctx: IExecuteFunctions, itemIndex: number): Pick<ClaimSettings, 'claimStore' | 'claimsTable'> {
	const claimStore = claimStoreKindOf(ctx.getNodeParameter('claimStore', itemIndex, 'n8n'));
	const claimsTable = claimStore === 'postgres' ? String(ctx.getNodeParameter('claimsTable', itemIndex, '') ?? '').trim() : '';
	return { claimStore, claimsTable };
}
