export { chainEntry, EMPTY_HEAD, entryHash, GENESIS_HASH, signCheckpoint, verifyTrail } from './chain';
export type { ChainHead, EntryLine, TrailLine, VerifyResult } from './chain';
export { buildEntry } from './entry';
export type { AuditEntry, PiiFinding } from './entry';
export { checkChangeControl, logicChanges, logicSnapshot } from './logic-version';
export type { LogicSnapshot, PolicyDocument, RuleNodeSnapshot } from './logic-version';
export type { PiiKey, PiiMode } from './pseudonym';
export { auditReport } from './report';
