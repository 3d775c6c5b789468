import { formatInstant, isKnownTimezone, parseInstant } from '../core';
import type { CountFigures, SlaReport, TimeFigures } from './sla-report';
import { duration, percent } from './figure-text';
import { SLA_METRICS, type SlaMetric } from './sla-snapshot';

/**
 * The report as a Slack message (mrkdwn): one line per group of figures, times of day in the
 * report's time zone, durations as "1d 2h", "3h 5m" or "45m", rates as percentages with at most one
 * decimal, and "—" where there is nothing to measure.
 */
const METRIC_LABELS: Record<SlaMetric, string> = {
	firstResponse: 'first response',
	nextResponse: 'next response',
	resolution: 'resolution',
	periodicUpdate: 'periodic update',
};

export function reportText(report: SlaReport, timezone: string): string {
	if (!isKnownTimezone(timezone)) throw new RangeError(`${JSON.stringify(timezone)} is not an IANA time zone (for example Europe/Berlin)`);
	const local = (iso: string) => formatInstant(parseInstant(iso) as number, timezone).slice(0, 16).replace('T', ' ');
	const { tickets, backlogAge: backlog, now } = report;
	const buckets = backlog.buckets;
	const breaches = SLA_METRICS.map((metric) => {
		const { measured, breached, breachRate } = report.metrics[metric];
		return `${METRIC_LABELS[metric]} ${measured === 0 ? '—' : `${breached}/${measured} (${percent(breachRate)})`}`;
	});
	return [
		`*SLA report* ${local(report.period.from)} – ${local(report.period.to)} (${timezone})`,
		`*Tickets* created ${tickets.created} · resolved ${tickets.resolvedInPeriod} · open now ${tickets.openNow}`,
		`*Breaches* ${breaches.join(' · ')}`,
		`*Median first response* ${times(report.firstResponseTime)}`,
		`*Median resolution* ${times(report.resolutionTime)}`,
		`*Now* ${now.atRisk} at risk · ${now.overdue} overdue · ${now.clocksDue} clocks due for a sweep`,
		`*Reopened* ${counted(report.reopened, 'of resolved')}`,
		`*Backlog age* median ${duration(backlog.medianMs)} · p90 ${duration(backlog.p90Ms)} · oldest ${duration(backlog.maxMs)} · ` +
			`<1h ${buckets.underHour} · 1–4h ${buckets.hoursOneToFour} · 4–24h ${buckets.hoursFourTo24} · 1–3d ${buckets.daysOneToThree} · >3d ${buckets.overThreeDays}`,
		`*Escalated* ${counted(report.escalated, 'of created')} · *manual override* ${counted(report.manualOverride, 'of created')}`,
	].join('\n');
}

function times(figures: TimeFigures): string {
	return `${duration(figures.businessMs)} business · ${duration(figures.wallClockMs)} wall-clock`;
}

function counted(figures: CountFigures, of: string): string {
	return figures.rate === null ? `${figures.count}` : `${figures.count} (${percent(figures.rate)} ${of})`;
}
