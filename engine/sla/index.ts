export { computeSla, ticketOpenAt } from './clock';
export { readCreatedAt } from './ticket-cycle';
export type { ClockOptions, CustomMetricClock, SlaMetricClock, SlaResult, SlaState } from './clock';
export type { Explanation, ExplanationSpan } from './explanation';
export { compilePolicySet, DEFAULT_RESOLVED_STATUSES, PolicyError, SLA_METRICS } from './policy';
export type { MetricSpec, PolicyFacts, PolicySet, PolicySetSpec, SlaMetric } from './policy';
export { activate, approvalProblem, approve, assertApproved, BASELINE_LABEL, baselineVersion, policyDiff, PolicyVersionError, proposeVersion, repeatsActivation, versionForTicket, versionLabel } from './policy-version';
export type { PolicyChange, PolicyUser, PolicyVersion } from './policy-version';
