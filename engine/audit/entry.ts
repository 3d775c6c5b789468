import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json';
import { diffValues, type FieldChange } from './diff';
import type { PiiFinding } from './pii-finding';
import { redactValue, type PiiKey, type PiiMode } from './pseudonym';

/** One audit entry: who did what to which ticket, under which rule and logic version, field by field. */

export type ActorType = 'user' | 'system' | 'workflow';

export interface AuditActor {
	type: ActorType;
	id: string;
	name?: string;
}

export interface AuditContext {
	workflowId: string | null;
	workflowName?: string | null;
	workflowVersion: string | null;
	executionId: string | null;
	nodeName: string;
	retryOf: string | null;
	mode: string | null;
}

export interface AuditEntry {
	id: string;
	occurredAt: string;
	recordedAt: string;
	actor: AuditActor;
	action: string;
	ticket: { id: string | null; source?: string | null };
	rule: { id: string | null; version: string | null };
	logicVersion: string | null;
	policyVersions?: Record<string, string>;
	changes: FieldChange[];
	context: AuditContext;
	traceId: string;
	idempotencyKey: string;
	pii: { mode: PiiMode; keyVersion: string | null; redacted: number };
	details?: unknown;
}

export const ACTIONS = ['assignment_changed', 'escalated', 'logic_changed', 'manual_override', 'note', 'rule_run', 'sla_breached', 'status_changed'] as const;

export class AuditEntryError extends Error {
	constructor(readonly field: string, message: string) {
		super(`${field}: ${message}`);
		this.name = 'AuditEntryError';
	}
}

/** Derived when the builder gives none: the same event recorded again gets the same key. */
export function idempotencyKeyOf(parts: { ticketId: string | null; action: string; occurredAt: string; ruleId: string | null; changes?: unknown }): string {
	return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 32);
}

export interface RedactionPolicy {
	/** Dotted paths (`customer.email`) whose values are redacted wherever they appear; a path also matches as a suffix. */
	fields: string[];
	/** Values found in the ticket text (Normalize Intent's `intent.pii`), scrubbed from every string. */
	findings: PiiFinding[];
	mode: PiiMode;
	key: PiiKey | null;
}

function pathMatches(path: string, field: string): boolean {
	return path === field || path.endsWith(`.${field}`);
}

export interface Redactor {
	redact<T>(value: T): T;
	count(): number;
}

export function redactor(policy: RedactionPolicy): Redactor {
	let redacted = 0;
	const fields = policy.fields.map((field) => field.trim()).filter(Boolean);
	const findings = policy.findings
		.filter((finding) => typeof finding.value === 'string' && finding.value.length >= 3)
		.sort((a, b) => (b.value as string).length - (a.value as string).length);
	const token = (value: string, type: string) => {
		redacted++;
		return redactValue(value, policy.mode, policy.key, type);
	};
	const scrub = (text: string): string => {
		let result = text;
		for (const finding of findings) {
			if (result.includes(finding.value as string)) result = result.split(finding.value as string).join(token(finding.value as string, finding.type ?? 'pii'));
		}
		return result;
	};
	const walk = (value: unknown, path: string): unknown => {
		if (path && fields.some((field) => pathMatches(path, field)) && value !== null && value !== undefined) {
			return token(typeof value === 'string' ? value : canonicalJson(value), path.split('.').pop() ?? 'pii');
		}
		if (typeof value === 'string') return scrub(value);
		if (Array.isArray(value)) return value.map((element) => walk(element, path));
		if (value !== null && typeof value === 'object') {
			const out: Record<string, unknown> = {};
			for (const [key, child] of Object.entries(value)) out[key] = walk(child, path ? `${path}.${key}` : key);
			return out;
		}
		return value;
	};
	return { redact: <T>(value: T) => walk(value, '') as T, count: () => redacted };
}

export interface EntryInput {
	id: string;
	occurredAt: number;
	recordedAt: number;
	actor: AuditActor;
	action: string;
	ticket: { id: string | null; source?: string | null };
	rule: { id: string | null; version: string | null };
	logicVersion: string | null;
	policyVersions?: Record<string, string>;
	before?: unknown;
	after?: unknown;
	context: AuditContext;
	traceId: string;
	idempotencyKey?: string;
	details?: unknown;
}

/** Builds the entry with redaction applied before diffing, so raw personal data never reaches it. */
export function buildEntry(input: EntryInput, policy: RedactionPolicy): AuditEntry {
	if (!input.action) throw new AuditEntryError('action', 'is required');
	if (!['user', 'system', 'workflow'].includes(input.actor.type)) throw new AuditEntryError('actor.type', `must be user, system or workflow, not "${input.actor.type}"`);
	if (!input.actor.id) throw new AuditEntryError('actor.id', 'is required');
	if (!Number.isFinite(input.occurredAt)) throw new AuditEntryError('occurredAt', 'is not a valid time');
	const scrubber = redactor(policy);
	const occurredAt = new Date(input.occurredAt).toISOString();
	const before = scrubber.redact(input.before);
	const after = scrubber.redact(input.after);
	const changes = input.before === undefined && input.after === undefined ? [] : diffValues(before ?? {}, after ?? {});
	const idempotencyKey = input.idempotencyKey || idempotencyKeyOf({ ticketId: input.ticket.id, action: input.action, occurredAt, ruleId: input.rule.id, changes });
	const entry: AuditEntry = {
		id: input.id,
		occurredAt,
		recordedAt: new Date(input.recordedAt).toISOString(),
		actor: scrubber.redact(input.actor),
		action: input.action,
		ticket: scrubber.redact(input.ticket),
		rule: input.rule,
		logicVersion: input.logicVersion,
		...(input.policyVersions ? { policyVersions: input.policyVersions } : {}),
		changes,
		context: input.context,
		traceId: input.traceId,
		idempotencyKey,
		pii: { mode: policy.mode, keyVersion: policy.mode === 'pseudonymise' && policy.key ? policy.key.version : null, redacted: 0 },
		...(input.details !== undefined ? { details: scrubber.redact(input.details) } : {}),
	};
	entry.pii.redacted = scrubber.count();
	return entry;
}
