import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json';
import { diffValues, type FieldChange } from './diff';
import { findPii } from '../intent';
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
	/** The n8n user the execution ran for (a run started in the editor); absent for webhook and schedule runs. */
	n8nUserId?: string | null;
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
	/** The data subject whose key pseudonymised this entry's PII (data-subject.ts), when one was found. */
	subject?: string;
	changes: FieldChange[];
	context: AuditContext;
	traceId: string;
	idempotencyKey: string;
	pii: { mode: PiiMode; keyVersion: string | null; redacted: number };
	details?: unknown;
}

export const ACTIONS = ['assignment_changed', 'escalated', 'logic_changed', 'manual_override', 'note', 'rule_run', 'sla_breached', 'status_changed', 'subject_erased'] as const;

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
	/**
	 * Whether every string is also scanned with Normalize Intent's PII detection (emails, phones, cards,
	 * IBANs, national ids), so free text such as a ticket body enters the trail without raw PII. On
	 * unless a builder turns it off.
	 */
	scanText?: boolean;
}

/** Every PII detector needs a digit or an '@'; most strings of a ticket (statuses, names of fields) have neither. */
const MAY_HOLD_PII = /[\d@]/;
/** Identifiers and times are not scanned (a ticket id "T-2026-0314-0001" is not a phone number); listed fields still apply. */
const IDENTIFIER_KEY = /^(?:id|.+Id|.+_id|.+At|.+_at|traceparent|idempotencyKey|version)$/;

function pathMatches(path: string, field: string): boolean {
	return path === field || path.endsWith(`.${field}`);
}

export interface Redactor {
	/** The value with PII replaced; `scan` false for identifiers (a ticket id is not a phone number), which only lose listed fields and findings. */
	redact<T>(value: T, scan?: boolean): T;
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
	const scanned = (text: string): string => {
		if (policy.scanText === false || !MAY_HOLD_PII.test(text)) return text;
		const matches = findPii(text);
		if (matches.length === 0) return text;
		let result = '';
		let cursor = 0;
		for (const match of matches) {
			if (match.start < cursor) continue;
			result += text.slice(cursor, match.start) + token(match.value, match.type);
			cursor = match.end;
		}
		return result + text.slice(cursor);
	};
	// scanned first: a pseudonym's hex digits must not be read as a phone number by the scan
	const scrub = (text: string, scan: boolean): string => {
		let result = scan ? scanned(text) : text;
		for (const finding of findings) {
			if (result.includes(finding.value as string)) result = result.split(finding.value as string).join(token(finding.value as string, finding.type ?? 'pii'));
		}
		return result;
	};
	const walk = (value: unknown, path: string, scan: boolean): unknown => {
		if (path && fields.some((field) => pathMatches(path, field)) && value !== null && value !== undefined) {
			return token(typeof value === 'string' ? value : canonicalJson(value), path.split('.').pop() ?? 'pii');
		}
		if (typeof value === 'string') return scrub(value, scan);
		if (Array.isArray(value)) return value.map((element) => walk(element, path, scan));
		if (value !== null && typeof value === 'object') {
			const out: Record<string, unknown> = {};
			for (const [key, child] of Object.entries(value)) out[key] = walk(child, path ? `${path}.${key}` : key, scan && !IDENTIFIER_KEY.test(key));
			return out;
		}
		return value;
	};
	return { redact: <T>(value: T, scan = true) => walk(value, '', scan) as T, count: () => redacted };
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
	/** Random id of the data subject; the policy's key must then be that subject's key. */
	subject?: string | null;
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
		actor: scrubber.redact(input.actor, false),
		action: input.action,
		ticket: scrubber.redact(input.ticket, false),
		rule: input.rule,
		logicVersion: input.logicVersion,
		...(input.policyVersions ? { policyVersions: input.policyVersions } : {}),
		...(input.subject ? { subject: input.subject } : {}),
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
