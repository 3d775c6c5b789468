export type { TicketFingerprint } from './duplicates';
export { parseDirectory } from './identity';
export type { Sender } from './identity';
export { fingerprintOf, intentEngine, normalizeIntent } from './intent';
export type { IntentExample, IntentRule, IntentSettings } from './intent';
export { SUPPORT_TAXONOMY } from './support-intents';
