export { deliveryKey } from './escalation-key';
export { planEscalation, raisedPriority, ticketIdOf } from './escalation';
export type { DueLevel, EscalationPlan, EscalationSettings, OutsideHours, SentRecord } from './escalation';
export { DEFAULT_LADDER, historyOf, METRIC_LABELS, metricSnapshots, parseLadder, SLA_METRICS } from './ladder';
export type { Ladder, LadderLevel, SlaMetricName } from './ladder';
export { buildEscalationMessage, mentionToken } from './slack-message';
export type { Block, MessageTicket, SlackMessage } from './slack-message';
