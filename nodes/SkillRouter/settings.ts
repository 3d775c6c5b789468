/** The Skill Router's parameters read into the roster, the routing matrix, router settings and field mappings. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type Calendar, CalendarError, compileCalendar } from '../../engine/calendar';
import {
	compileMatrix,
	compileRoster,
	DEFAULT_TIER_ORDER,
	type Roster,
	RosterError,
	type RouterSettings,
	type RoutingFieldOverrides,
	type RoutingMatrix,
	STRATEGIES,
	type Strategy,
} from '../../engine/routing';
import { compileCache } from '../shared/compile-cache';
import { readJsonParameter, readList } from '../shared/parameters';

// Calendars compile into year timelines: kept per process, so the next execution and every agent
// naming the same inline calendar reuse them.
const calendarCache = compileCache<Calendar>(256);

function cachedCalendar(spec: unknown, field: string): Calendar {
	return calendarCache(spec, () => compileCalendar(spec, field));
}

export function readRoster(ctx: IExecuteFunctions): Roster {
	const document = readJsonParameter<unknown>(ctx, 'roster', 'Roster', 0);
	try {
		return compileRoster(document, cachedCalendar);
	} catch (error) {
		throw configError(ctx, 'Roster', error, 'Fix the named entry in the Roster parameter (or in the data it is loaded from).');
	}
}

export function readMatrix(ctx: IExecuteFunctions): RoutingMatrix {
	const source = ctx.getNodeParameter('matrixSource', 0, 'editor') as string;
	const document =
		source === 'json'
			? readJsonParameter<unknown>(ctx, 'matrix', 'Matrix', 0)
			: matrixFromEditor(ctx.getNodeParameter('rules', 0, {}) as IDataObject);
	try {
		return compileMatrix(document);
	} catch (error) {
		throw configError(ctx, source === 'json' ? 'Matrix' : 'Rules', error, 'Fix the named rule of the routing matrix.');
	}
}

function matrixFromEditor(rules: IDataObject): IDataObject {
	const list = (rules.rule as IDataObject[] | undefined) ?? [];
	return {
		rules: list.map((rule) => ({
			name: rule.name,
			match: {
				issueType: rule.issueTypes ?? '',
				intent: rule.intents ?? '',
				tier: rule.tiers ?? '',
				channel: rule.channels ?? '',
				language: rule.languages ?? '',
				priority: rule.priorities ?? '',
			},
			requiredSkills: rule.requiredSkills ?? '',
			preferredSkills: rule.preferredSkills ?? '',
			minLevel: rule.minLevel ?? 1,
			queue: rule.queue ?? '',
			requireLanguage: rule.requireLanguage ?? true,
		})),
	};
}

export function readRouterSettings(ctx: IExecuteFunctions): RouterSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const strategy = ctx.getNodeParameter('strategy', 0, 'bestSkillMatch') as Strategy;
	if (!STRATEGIES.includes(strategy)) {
		throw new NodeOperationError(ctx.getNode(), `Strategy: "${String(strategy)}" is not one of ${STRATEGIES.join(', ')}`);
	}
	const minutes = (name: string, fallback: number) => {
		const value = Number(ctx.getNodeParameter(name, 0, fallback));
		if (!Number.isFinite(value) || value < 0) throw new NodeOperationError(ctx.getNode(), `${name}: must be a number of minutes ≥ 0, got "${String(value)}"`);
		return value > 0 ? value * 60_000 : null;
	};
	const followTheSun = ctx.getNodeParameter('followTheSun', 0, true) as boolean;
	return {
		strategy,
		regionOrder: followTheSun ? readList(ctx, 'regionOrder', 0) : [],
		followTheSun,
		defaultRegion: String(options.defaultRegion ?? '').trim().toLowerCase(),
		maxHops: Math.max(0, Number(ctx.getNodeParameter('maxHops', 0, 3)) || 0),
		handoffTimeoutMs: minutes('handoffTimeout', 15),
		relaxation: {
			dropPreferredAfterMs: minutes('dropPreferredAfter', 10),
			lowerLevelAfterMs: minutes('lowerLevelAfter', 30),
			lowerLevelBy: Math.max(0, Number(ctx.getNodeParameter('lowerLevelBy', 0, 1)) || 0),
		},
		tierOrder: options.tierOrder === undefined ? [...DEFAULT_TIER_ORDER] : readList(ctx, 'options.tierOrder', 0),
		triageQueue: String(ctx.getNodeParameter('triageQueue', 0, 'Triage') || 'Triage'),
		defaultQueue: String(options.defaultQueue || 'Unassigned'),
		maxConsidered: Math.max(1, Number(options.maxConsidered ?? 5) || 5),
	};
}

/** Per-item field mappings (expressions) that replace the canonical ticket fields. */
export function readOverrides(ctx: IExecuteFunctions, itemIndex: number): { overrides: RoutingFieldOverrides; reopenStatuses: string[] } {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const overrides: RoutingFieldOverrides = {};
	for (const field of ['issueType', 'tier', 'channel', 'language', 'priority', 'region', 'createdAt'] as const) {
		if (options[field] === undefined) continue;
		const value = ctx.getNodeParameter(`options.${field}`, itemIndex, '') as unknown;
		if (value !== undefined && value !== null && value !== '') overrides[field] = String(value);
	}
	const reopenStatuses = options.reopenStatuses === undefined ? ['reopened'] : readList(ctx, 'options.reopenStatuses', itemIndex);
	return { overrides, reopenStatuses };
}

function configError(ctx: IExecuteFunctions, parameter: string, error: unknown, hint: string): Error {
	if (error instanceof RosterError || error instanceof CalendarError) {
		return new NodeOperationError(ctx.getNode(), `${parameter}: ${error.message}`, { description: hint });
	}
	return error as Error;
}
