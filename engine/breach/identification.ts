import { formatInstant, parseInstant, TicketFieldError } from '../core';
import { SLA_METRICS, type SlaMetric } from '../sla';

/**
 * Step 1 of the breach SOP, Identify: is the ticket in breach of its SLA, of which metric, by how
 * much and since when. The answer comes from the clocks the SLA Clock node wrote (`item.json.sla`),
 * checked against the current time: a clock read a while ago whose due time has passed since is a
 * breach now. A client's report of a delay is answered from the clock too, before anything else.
 */
export type BreachStatus = 'breached' | 'at_risk' | 'within_sla';

export type ReportVerdict = 'confirmed_breach' | 'at_risk' | 'not_a_breach';

export const METRIC_NAMES: Record<SlaMetric, string> = {
	firstResponse: 'first response',
	nextResponse: 'next response',
	resolution: 'resolution',
	periodicUpdate: 'periodic update',
};

/** The metrics a report of a "delayed response" is about. */
export const RESPONSE_METRICS: readonly SlaMetric[] = ['firstResponse', 'nextResponse', 'periodicUpdate'];

export interface MetricBreach {
	metric: SlaMetric;
	targetMinutes: number;
	dueAt: string | null;
	breachedAt: string;
	/** Time over the target: business time from the SLA Clock, or wall time past the due time (see `basis`). */
	overrunMs: number;
	overrunMinutes: number;
	/** The overrun as a percentage of the target (50 = half the target again). */
	overrunPercent: number;
	fulfilledAt: string | null;
	/** Still unfulfilled: the overrun keeps growing. */
	ongoing: boolean;
	/** `sla_clock`: the clock said breached; `due_time`: the clock was read before its due time, which has passed since. */
	basis: 'sla_clock' | 'due_time';
}

export interface DelayReportCheck {
	reportedAt: string | null;
	metrics: SlaMetric[];
	verdict: ReportVerdict;
	explanation: string;
}

export interface BreachIdentification {
	isBreach: boolean;
	/**
	 * Names this breach (`cycle:metric:since`): the same breach seen again by a later sweep has the same
	 * key, so a notice already sent or a plan already made for it is kept, not repeated.
	 */
	key: string | null;
	status: BreachStatus;
	identifiedAt: string;
	slaEvaluatedAt: string | null;
	policy: { name: string; version: string | null } | null;
	cycle: number | null;
	/** The metric breached first (the earliest breach); null when nothing is breached. */
	metric: SlaMetric | null;
	since: string | null;
	overrunMs: number;
	overrunMinutes: number;
	overrunPercent: number;
	breaches: MetricBreach[];
	atRisk: SlaMetric[];
	report: DelayReportCheck | null;
	summary: string;
}

export interface DelayReport {
	/** When the client reported the delay; null if unknown. */
	reportedAt: number | null;
	/** The metrics the report is about; default RESPONSE_METRICS. */
	metrics?: readonly SlaMetric[];
}

export interface IdentifyOptions {
	/** Metrics that count; default all four. */
	metrics?: readonly SlaMetric[];
	report?: DelayReport | null;
}

interface MetricReading {
	metric: SlaMetric;
	targetMinutes: number;
	state: string;
	dueAt: number | null;
	breachedAt: number | null;
	fulfilledAt: number | null;
	remainingMs: number | null;
	percentUsed: number | null;
}

const MINUTE_MS = 60_000;

export function isSlaMetric(value: unknown): value is SlaMetric {
	return typeof value === 'string' && (SLA_METRICS as readonly string[]).includes(value);
}

/** Whole minutes, hours and days in short English words: `1 h 30 min`, `2 d 3 h`. */
export function formatDuration(ms: number): string {
	const minutes = Math.round(Math.abs(ms) / MINUTE_MS);
	if (minutes < 60) return `${minutes} min`;
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	const rest = minutes % 60;
	const parts = [days > 0 ? `${days} d` : '', hours > 0 ? `${hours} h` : '', days === 0 && rest > 0 ? `${rest} min` : ''];
	return parts.filter((part) => part !== '').join(' ');
}

function instantField(value: unknown, field: string): number | null {
	if (value === null || value === undefined || value === '') return null;
	const ms = parseInstant(value);
	if (ms === null) throw new TicketFieldError(field, `"${String(value)}" is not an ISO-8601 timestamp`);
	return ms;
}

function numberField(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The metrics present in an `sla` object as the SLA Clock writes it; throws TicketFieldError for bad data. */
export function readSlaMetrics(sla: unknown, metrics: readonly SlaMetric[] = SLA_METRICS): MetricReading[] {
	if (sla === null || typeof sla !== 'object' || Array.isArray(sla)) {
		throw new TicketFieldError('sla', 'is missing: put the SLA Clock node before Breach SOP, so the breach is checked against the clock');
	}
	const record = sla as Record<string, unknown>;
	const readings: MetricReading[] = [];
	for (const metric of metrics) {
		const raw = record[metric];
		if (raw === null || raw === undefined) continue;
		if (typeof raw !== 'object') throw new TicketFieldError(`sla.${metric}`, 'must be an object as written by the SLA Clock');
		const value = raw as Record<string, unknown>;
		const target = numberField(value.target);
		if (target === null || target <= 0) throw new TicketFieldError(`sla.${metric}.target`, 'must be a positive number of minutes');
		readings.push({
			metric,
			targetMinutes: target,
			state: typeof value.state === 'string' ? value.state : 'running',
			dueAt: instantField(value.dueAt, `sla.${metric}.dueAt`),
			breachedAt: instantField(value.breachedAt, `sla.${metric}.breachedAt`),
			fulfilledAt: instantField(value.fulfilledAt, `sla.${metric}.fulfilledAt`),
			remainingMs: numberField(value.remainingMs),
			percentUsed: numberField(value.percentUsed),
		});
	}
	return readings;
}

function breachOf(reading: MetricReading, now: number, zone: string): MetricBreach | null {
	const targetMs = reading.targetMinutes * MINUTE_MS;
	let breachedAt: number | null = null;
	let overrunMs = 0;
	let basis: MetricBreach['basis'] = 'sla_clock';
	if (reading.state === 'breached') {
		breachedAt = reading.breachedAt ?? reading.dueAt ?? now;
		overrunMs = reading.remainingMs !== null ? Math.max(0, -reading.remainingMs) : reading.dueAt !== null ? Math.max(0, now - reading.dueAt) : 0;
	} else if ((reading.state === 'running' || reading.state === 'at_risk') && reading.fulfilledAt === null && reading.dueAt !== null && now >= reading.dueAt) {
		breachedAt = reading.dueAt;
		overrunMs = now - reading.dueAt;
		basis = 'due_time';
	}
	if (breachedAt === null) return null;
	return {
		metric: reading.metric,
		targetMinutes: reading.targetMinutes,
		dueAt: reading.dueAt === null ? null : formatInstant(reading.dueAt, zone),
		breachedAt: formatInstant(breachedAt, zone),
		overrunMs,
		overrunMinutes: Math.round(overrunMs / MINUTE_MS),
		overrunPercent: Math.round((overrunMs / targetMs) * 10_000) / 100,
		fulfilledAt: reading.fulfilledAt === null ? null : formatInstant(reading.fulfilledAt, zone),
		ongoing: reading.fulfilledAt === null,
		basis,
	};
}

function describeBreach(breach: MetricBreach): string {
	const late = `${formatDuration(breach.overrunMs)} over its ${formatDuration(breach.targetMinutes * MINUTE_MS)} target (${breach.overrunPercent}%)`;
	const status = breach.ongoing ? 'still open' : `fulfilled late at ${breach.fulfilledAt}`;
	return `${capitalise(METRIC_NAMES[breach.metric])} breached since ${breach.breachedAt}: ${late}, ${status}`;
}

function describeReading(reading: MetricReading, zone: string): string {
	const name = capitalise(METRIC_NAMES[reading.metric]);
	const target = formatDuration(reading.targetMinutes * MINUTE_MS);
	if (reading.fulfilledAt !== null) return `${name} was met at ${formatInstant(reading.fulfilledAt, zone)}, within its ${target} target`;
	if (reading.state === 'paused') return `${name} clock is paused (waiting on the customer), ${reading.percentUsed ?? 0}% of its ${target} target used`;
	const due = reading.dueAt === null ? '' : `, due ${formatInstant(reading.dueAt, zone)}`;
	return `${name} is within its ${target} target${due} (${reading.percentUsed ?? 0}% used)`;
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkReport(report: DelayReport, readings: MetricReading[], breaches: MetricBreach[], atRisk: SlaMetric[], zone: string): DelayReportCheck {
	const metrics = [...(report.metrics && report.metrics.length > 0 ? report.metrics : RESPONSE_METRICS)];
	const reportedAt = report.reportedAt === null ? null : formatInstant(report.reportedAt, zone);
	const relevant = breaches.filter((breach) => metrics.includes(breach.metric));
	const others = breaches.filter((breach) => !metrics.includes(breach.metric));
	const otherNote = others.length > 0 ? ` Note: ${others.map(describeBreach).join('; ')}.` : '';
	if (relevant.length > 0) {
		return { reportedAt, metrics, verdict: 'confirmed_breach', explanation: `The reported delay is an SLA breach. ${relevant.map(describeBreach).join('; ')}.${otherNote}` };
	}
	const measured = readings.filter((reading) => metrics.includes(reading.metric));
	const state = measured.length === 0 ? 'No SLA clock measures these responses' : measured.map((reading) => describeReading(reading, zone)).join('; ');
	const risky = atRisk.filter((metric) => metrics.includes(metric));
	if (risky.length > 0) {
		return { reportedAt, metrics, verdict: 'at_risk', explanation: `The reported delay is not an SLA breach yet, but close: ${state}. Answer before the due time.${otherNote}` };
	}
	return { reportedAt, metrics, verdict: 'not_a_breach', explanation: `The reported delay is not an SLA breach: ${state}.${otherNote}` };
}

/**
 * Identifies the breach on a ticket from its `sla` at `nowMs`. Throws TicketFieldError when `sla`
 * is missing or malformed (the breach is never guessed without the clock).
 */
export function identifyBreach(sla: unknown, nowMs: number, options: IdentifyOptions = {}): BreachIdentification {
	const readings = readSlaMetrics(sla, options.metrics && options.metrics.length > 0 ? options.metrics : SLA_METRICS);
	const record = sla as Record<string, unknown>;
	const zone = typeof record.timezone === 'string' && record.timezone !== '' ? record.timezone : 'UTC';
	const breaches = readings
		.map((reading) => breachOf(reading, nowMs, zone))
		.filter((breach): breach is MetricBreach => breach !== null)
		.sort((a, b) => (parseInstant(a.breachedAt) ?? 0) - (parseInstant(b.breachedAt) ?? 0));
	const atRisk = readings
		.filter((reading) => reading.state === 'at_risk' && !breaches.some((breach) => breach.metric === reading.metric))
		.map((reading) => reading.metric);
	const first = breaches[0] ?? null;
	const status: BreachStatus = first ? 'breached' : atRisk.length > 0 ? 'at_risk' : 'within_sla';
	const policy = record.policy as { name?: unknown; version?: unknown } | undefined;
	const report = options.report ? checkReport(options.report, readings, breaches, atRisk, zone) : null;
	const summary = first
		? breaches.map(describeBreach).join('; ') + '.'
		: readings.length === 0
			? 'No SLA clock is running on this ticket: not a breach.'
			: `Not a breach: ${readings.map((reading) => describeReading(reading, zone)).join('; ')}.`;
	const cycle = numberField(record.cycle);
	return {
		isBreach: first !== null,
		key: first ? `${cycle ?? 1}:${first.metric}:${parseInstant(first.breachedAt)}` : null,
		status,
		identifiedAt: formatInstant(nowMs, zone),
		slaEvaluatedAt: typeof record.evaluatedAt === 'string' ? record.evaluatedAt : null,
		policy: policy && typeof policy.name === 'string' ? { name: policy.name, version: typeof policy.version === 'string' ? policy.version : null } : null,
		cycle,
		metric: first?.metric ?? null,
		since: first?.breachedAt ?? null,
		overrunMs: first?.overrunMs ?? 0,
		overrunMinutes: first?.overrunMinutes ?? 0,
		overrunPercent: first?.overrunPercent ?? 0,
		breaches,
		atRisk,
		report,
		summary,
	};
}
