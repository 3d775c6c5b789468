export { escalationLevelOf } from './escalation-level';
export { duration, percent, reportText } from './report-text';
export { DEFAULT_RESOLVED_STATUSES, slaReport } from './sla-report';
export type { BacklogAge, CountFigures, MetricFigures, SlaReport, SlaReportInput, TimeFigures } from './sla-report';
export { SLA_METRICS } from './sla-snapshot';
export type { SlaMetric } from './sla-snapshot';
export type { StoredTicketLike } from './ticket-record';
