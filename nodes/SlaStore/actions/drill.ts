/**
 * Generate Drill Events and Check Drill. A drill is a scenario of synthetic tickets (engine/drill):
 * Generate Drill Events turns it into the intake events a helpdesk would post, one item each, marked
 * `drill: true` and carrying their own `now`; after the intake and a sweep at the drill's time have
 * handled them, Check Drill reads the drill tickets from the store and compares them with what the
 * same scenario, start and seed expect.
 */
import type { IDataObject } from 'n8n-workflow';

import { checkDrill as verdictOf, DEFAULT_DRILL_SCENARIO, type DrillOutcome, type DrillScenario, DrillScenarioError, drillEvents as eventsOf, drillExpectations, readDrillScenario } from '../../../engine/drill';
import { ParameterError, toInstant } from '../../shared/parameters';
import { ticketOfRow } from '../ticket-rows';
import { eq } from '../transport';
import type { Routed, StoreContext } from './context';

/** Check Drill's outputs. */
const PASSED = 0;
const FAILED = 1;

interface Drill {
	scenario: DrillScenario;
	start: number;
	seed: number;
}

function readScenario(store: StoreContext, itemIndex: number): DrillScenario {
	const value = store.ctx.getNodeParameter('scenario', itemIndex, '') as unknown;
	const read = scenarioOrError(value === '' || value === null || value === undefined ? DEFAULT_DRILL_SCENARIO : value);
	if (!(read instanceof DrillScenarioError)) return read;
	// The scenario as a whole is the parameter itself: "Scenario: must be an object", not "Scenario: scenario: …".
	const message = read.field === 'scenario' ? read.message.slice('scenario: '.length) : read.message;
	throw new ParameterError('Scenario', message, 'A drill scenario is { "name", "source"?, "waves": [...] }; the default scenario shows every field.');
}

/** The scenario, or the DrillScenarioError that names the field a builder has to fix. */
function scenarioOrError(value: unknown): DrillScenario | DrillScenarioError {
	try {
		return readDrillScenario(value);
	} catch (error) {
		if (error instanceof DrillScenarioError) return error;
		return new DrillScenarioError('scenario', error instanceof Error ? error.message : String(error));
	}
}

function readDrill(store: StoreContext, itemIndex: number): Drill {
	const { ctx } = store;
	const scenario = readScenario(store, itemIndex);
	const rawStart = ctx.getNodeParameter('start', itemIndex, '') as unknown;
	const start = rawStart === '' || rawStart === null || rawStart === undefined ? Date.now() : toInstant(rawStart);
	if (start === null) {
		throw new ParameterError('Start', `"${String(rawStart)}" is not an ISO-8601 timestamp`, 'Give the start with an offset, e.g. 2026-04-06T12:50:00Z, or leave it empty to start now.');
	}
	const rawSeed = ctx.getNodeParameter('seed', itemIndex, 42) as unknown;
	const seed = typeof rawSeed === 'string' && rawSeed.trim() !== '' ? Number(rawSeed) : rawSeed;
	if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
		throw new ParameterError('Seed', `"${String(rawSeed)}" is not a whole number`, 'The same seed gives the same drill; give Check Drill the seed Generate Drill Events had.');
	}
	return { scenario, start, seed };
}

/** One item per intake event of the drill, in time order: the generic event body the intake takes. */
export async function drillEvents(store: StoreContext, itemIndex: number): Promise<Routed[]> {
	const { scenario, start, seed } = readDrill(store, itemIndex);
	return eventsOf(scenario, start, seed).map((event) => ({ output: 0, json: event as unknown as IDataObject }));
}

/**
 * The Escalate node in Dry Run (as the drill template runs it, so a drill pages nobody) records no
 * level as sent; the levels it would have sent are in `escalation.messages`. A drill counts them as
 * reached, so "escalated" means "escalated, or would have".
 */
function escalationOf(escalation: unknown): unknown {
	if (typeof escalation !== 'object' || escalation === null) return escalation;
	const record = escalation as { dryRun?: unknown; messages?: unknown; levels?: unknown };
	if (record.dryRun !== true || !Array.isArray(record.messages)) return escalation;
	const wouldSend = (record.messages as Array<{ level?: unknown; metric?: unknown }>)
		.filter((message) => typeof message?.level === 'number')
		.map((message) => ({ level: message.level, metric: message.metric, dryRun: true }));
	return { ...record, levels: [...(Array.isArray(record.levels) ? record.levels : []), ...wouldSend] };
}

/** One item: how many drill tickets are as expected, and each one that is not, with what differs. */
export async function checkDrill(store: StoreContext, itemIndex: number): Promise<Routed> {
	const { scenario, start, seed } = readDrill(store, itemIndex);
	const source = scenario.source ?? 'drill';
	const expectations = drillExpectations(eventsOf(scenario, start, seed));
	const wanted = new Set(expectations.map((expectation) => expectation.ticketKey));
	const outcomes: DrillOutcome[] = [];
	for (const row of await store.tickets.rowsWhere([eq('drill', true), eq('source', source)])) {
		if (!wanted.has(String(row.key))) continue;
		const ticket = ticketOfRow(row);
		outcomes.push({ ...(ticket as unknown as DrillOutcome), key: ticket.key, escalation: escalationOf(ticket.escalation) });
	}
	const verdict = verdictOf(expectations, outcomes);
	const json: IDataObject = {
		scenario: scenario.name,
		source,
		start: new Date(start).toISOString(),
		seed,
		tickets: expectations.length,
		checkAt: expectations.map((expectation) => expectation.checkAt).sort().pop() ?? null,
		passed: verdict.passed,
		failed: verdict.failed as unknown as IDataObject[],
	};
	return { output: verdict.failed.length === 0 ? PASSED : FAILED, json };
}
