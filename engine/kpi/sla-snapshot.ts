import { parseInstant } from '../core';

/**
 * The SLA Clock's result as stored on a ticket (`sla`), read defensively: per metric its state,
 * business time used, deadline, breach and fulfilment, and when the sweep should look again.
 * It is the state of the ticket's last clocking, not recomputed here.
 */
export const SLA_METRICS = ['firstResponse', 'nextResponse', 'resolution', 'periodicUpdate'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export interface MetricSnapshot {
	state: string;
	elapsedMs: number | null;
	dueAt: number | null;
	breached: boolean;
	fulfilledAt: number | null;
}

export interface SlaSnapshot {
	metrics: Partial<Record<SlaMetric, MetricSnapshot>>;
	nextCheckAt: number | null;
}

const instant = (value: unknown): number | null => (typeof value === 'string' ? parseInstant(value) : null);

export function slaSnapshotOf(sla: unknown): SlaSnapshot | null {
	if (typeof sla !== 'object' || sla === null || Array.isArray(sla)) return null;
	const fields = sla as Record<string, unknown>;
	const snapshot: SlaSnapshot = { metrics: {}, nextCheckAt: instant(fields.nextCheckAt) };
	for (const metric of SLA_METRICS) {
		const clock = fields[metric];
		if (typeof clock !== 'object' || clock === null) continue;
		const { state, elapsedMs, dueAt, breachedAt, breaches, fulfilledAt } = clock as Record<string, unknown>;
		if (typeof state !== 'string') continue;
		snapshot.metrics[metric] = {
			state,
			elapsedMs: typeof elapsedMs === 'number' && Number.isFinite(elapsedMs) ? elapsedMs : null,
			dueAt: instant(dueAt),
			// Breached now, crossed its target before being fulfilled, or an earlier occurrence in the cycle breached.
			breached: state === 'breached' || instant(breachedAt) !== null || (typeof breaches === 'number' && breaches > 0),
			fulfilledAt: instant(fulfilledAt),
		};
	}
	return snapshot;
}

/** Not fulfilled, and breached or past its deadline at `now` (a running clock the sweep has not re-clocked yet). */
export function isOverdue(metric: MetricSnapshot, now: number): boolean {
	if (metric.fulfilledAt !== null) return false;
	if (metric.state === 'breached') return true;
	return (metric.state === 'running' || metric.state === 'at_risk') && metric.dueAt !== null && metric.dueAt <= now;
}

export function isAtRisk(metric: MetricSnapshot): boolean {
	return metric.fulfilledAt === null && metric.state === 'at_risk';
}
