export type { TicketFingerprint } from './duplicates';
export { parseDirectory } from './identity';
export type { Sender } from './identity';
export { fingerprintOf, intentEngine, normalizeIntent } from './intent';
export type { IntentExample, IntentResult, IntentRule, IntentSettings, ReportedPii, TicketInput } from './intent';
export { SUPPORT_TAXONOMY, SUPPORT_TYPES, supportTrainingExamples } from './support-intents';
export { findPii } from './pii';
export type { PiiMatch } from './pii';
