import { historyOf, type MetricSnapshot, metricSnapshots, type SentLevel, type SlaMetricName } from './ladder';
import type { Ticket } from '../core';
import { parseDate } from './instants';

/**
 * The ticket's own escalation record (`item.json.escalation`) as Escalate reads it back on the next
 * run: the levels sent so far and the Slack thread later levels go into.
 */

/** A Slack message of the ticket: the first one is the thread later levels reply in. */
export interface SlackThread {
	channel: string;
	ts: string;
}

/** One level sent, as kept on the ticket under `escalation.levels`. */
export interface SentRecord {
	metric: string;
	cycle: number;
	instance?: number;
	level: number;
	name: string;
	sentAt: string;
	key: string;
	channel?: string;
	ts?: string;
	paged: boolean;
}

export interface EscalationRecord {
	levels?: SentRecord[];
	slack?: SlackThread;
	[field: string]: unknown;
}

/** The ticket's record, or an empty one when the ticket has none (or something that is not an object). */
export function previousRecord(ticket: Ticket): EscalationRecord {
	const record = ticket.escalation;
	return record && typeof record === 'object' && !Array.isArray(record) ? (record as EscalationRecord) : {};
}

/** The levels kept on the record, as they are. */
export function recordedLevels(record: EscalationRecord): SentRecord[] {
	return record.levels ?? [];
}

/** The ticket's Slack thread, when the record names both its channel and its message ts. */
export function threadOf(record: EscalationRecord): SlackThread | null {
	const slack = record.slack as Record<string, unknown> | undefined;
	return slack && typeof slack.channel === 'string' && typeof slack.ts === 'string' ? { channel: slack.channel, ts: slack.ts } : null;
}

/** The levels already sent, as the ladder reads them (entries it cannot read are ignored). */
export function sentLevels(record: unknown): SentLevel[] {
	const levels = (record as EscalationRecord | undefined)?.levels;
	if (!Array.isArray(levels)) return [];
	return levels
		.map((entry) => ({
			metric: String(entry?.metric),
			cycle: Number(entry?.cycle),
			instance: Number(entry?.instance ?? 1),
			level: Number(entry?.level),
			sentAt: parseDate(String(entry?.sentAt)),
		}))
		.filter((entry) => Number.isFinite(entry.cycle) && Number.isFinite(entry.level) && !Number.isNaN(entry.sentAt));
}

/**
 * The highest level recorded for the watched metrics' current cycles and the ticket's own clocks
 * (`ticketClocks`, their current stretch); 0 when none (or the SLA cannot be read).
 */
export function currentLevel(sla: unknown, levels: readonly SentRecord[], metrics: readonly SlaMetricName[], ticketClocks: readonly MetricSnapshot[] = []): number {
	let snapshots: MetricSnapshot[];
	try {
		snapshots = [...metricSnapshots(sla, metrics), ...ticketClocks];
	} catch {
		return 0;
	}
	return levels
		.filter((entry) => snapshots.some((metric) => historyOf(metric, [{ ...entry, sentAt: 0 }]).length > 0))
		.reduce((top, entry) => Math.max(top, entry.level), 0);
}

/** The highest level in the record, whatever its metric or cycle; 0 when none. */
export function highestRecordedLevel(levels: readonly SentRecord[]): number {
	return Math.max(0, ...levels.map((entry) => Number(entry.level) || 0));
}
