import { parseInstant } from '../core';
import { escalationLevelOf } from '../kpi';
import type { DrillExpectation } from './drill-events';

/**
 * The drill's verdict: each drill ticket as the store holds it after the drill, compared with its
 * expectation. A ticket passes when every field its expectation names holds. Its SLA state is only
 * taken as the state at the check time when the ticket's last clocking still stands then: a ticket
 * whose `sla.nextCheckAt` came at or before the check time without a clocking since is reported
 * stale (the sweep missed it), not compared.
 */
export interface DrillOutcome {
	key: string;
	sla?: unknown;
	escalation?: unknown;
	routing?: unknown;
	[field: string]: unknown;
}

export interface DrillActual {
	found: boolean;
	slaState: string | null;
	/** The last clocking is not the state at the check time (see above). */
	slaStale: boolean;
	escalationLevel: number;
	/** Whether Skill Router wrote a routing record. */
	routed: boolean;
	routingRegion: string | null;
	routingQueue: string | null;
	routingOutcome: string | null;
}

export interface DrillFailure {
	ticketKey: string;
	expectation: DrillExpectation;
	actual: DrillActual;
	/** The expectation fields that do not hold. */
	mismatches: string[];
}

export interface DrillVerdict {
	passed: number;
	failed: DrillFailure[];
}

export function checkDrill(expectations: readonly DrillExpectation[], outcomes: readonly DrillOutcome[]): DrillVerdict {
	const byKey = new Map(outcomes.map((outcome) => [outcome.key, outcome]));
	const failed: DrillFailure[] = [];
	for (const expectation of expectations) {
		const actual = actualOf(byKey.get(expectation.ticketKey), parseInstant(expectation.checkAt) ?? Infinity);
		const mismatches = mismatchesOf(expectation, actual);
		if (mismatches.length > 0) failed.push({ ticketKey: expectation.ticketKey, expectation, actual, mismatches });
	}
	return { passed: expectations.length - failed.length, failed };
}

function mismatchesOf(expect: DrillExpectation, actual: DrillActual): string[] {
	if (!actual.found) return ['ticket'];
	const wrong: string[] = [];
	if (expect.slaState !== undefined && (actual.slaStale || actual.slaState !== expect.slaState)) wrong.push('slaState');
	if (expect.escalated !== undefined && actual.escalationLevel >= 1 !== expect.escalated) wrong.push('escalated');
	if (expect.minEscalationLevel !== undefined && actual.escalationLevel < expect.minEscalationLevel) wrong.push('minEscalationLevel');
	const routingExpected = [expect.routingRegion, expect.notRoutingRegion, expect.routingQueue, expect.routingOutcome].some((value) => value !== undefined);
	if (routingExpected && !actual.routed) wrong.push('routing');
	if (expect.routingRegion !== undefined && actual.routingRegion !== expect.routingRegion.toLowerCase()) wrong.push('routingRegion');
	if (expect.notRoutingRegion !== undefined && actual.routingRegion === expect.notRoutingRegion.toLowerCase()) wrong.push('notRoutingRegion');
	if (expect.routingQueue !== undefined && actual.routingQueue !== expect.routingQueue) wrong.push('routingQueue');
	if (expect.routingOutcome !== undefined && actual.routingOutcome !== expect.routingOutcome) wrong.push('routingOutcome');
	return wrong;
}

const fieldsOf = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const textOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const instantOf = (value: unknown): number | null => (typeof value === 'string' ? parseInstant(value) : null);

function actualOf(outcome: DrillOutcome | undefined, checkAt: number): DrillActual {
	if (outcome === undefined) return { found: false, slaState: null, slaStale: false, escalationLevel: 0, routed: false, routingRegion: null, routingQueue: null, routingOutcome: null };
	const sla = fieldsOf(outcome.sla);
	const routing = fieldsOf(outcome.routing);
	const evaluatedAt = instantOf(sla.evaluatedAt);
	const nextCheckAt = instantOf(sla.nextCheckAt);
	return {
		found: true,
		slaState: textOf(sla.state),
		slaStale: nextCheckAt !== null && nextCheckAt <= checkAt && (evaluatedAt === null || evaluatedAt < nextCheckAt),
		escalationLevel: escalationLevelOf(outcome.escalation),
		routed: Object.keys(routing).length > 0,
		routingRegion: textOf(routing.region)?.toLowerCase() ?? null,
		routingQueue: textOf(routing.queue),
		routingOutcome: textOf(routing.outcome),
	};
}
