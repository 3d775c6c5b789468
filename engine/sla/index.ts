export { computeSla } from './clock';
export type { ClockOptions, SlaState } from './clock';
export { compilePolicySet, DEFAULT_RESOLVED_STATUSES, SLA_METRICS } from './policy';
export type { PolicyFacts, PolicySet, SlaMetric } from './policy';
