import { randomBytes } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type AuditActor, type AuditEntry, buildEntry, eventTimeOf, type LogicSnapshot, piiFindingsOf, type PiiKey, type PiiMode, policyVersionsInForce, traceIdOf } from '../../../engine/audit';
import { timeOrderedId } from '../../../engine/core';
import { n8nUserIdOf } from '../../shared/n8n-user';
import { parameterReader, type ParameterReader } from '../../shared/parameter-reader';
import { jsonParameterValue, ParameterError, toInstant } from '../../shared/parameters';
import type { AuditKeys } from '../audit-key';

/** The entry Record writes for one item: what happened, to which ticket, under which rule, who did it, and how PII is kept out. */

const show = { show: { operation: ['record'] } };

/** Trace ID's default: the ticket's trace id, else the traceparent header of a webhook item. */
export const TRACE_ID_DEFAULT = '={{ $json.traceId || ($json.headers && $json.headers.traceparent) || "" }}';

export const description: INodeProperties[] = [
	{ displayName: 'Action', name: 'action', type: 'string', default: 'rule_run', displayOptions: show, description: 'What happened, e.g. rule_run, status_changed, assignment_changed, escalated, manual_override, sla_breached, logic_changed or note' },
	{
		displayName: 'Actor Type',
		name: 'actorType',
		type: 'options',
		options: [
			{ name: 'System', value: 'system' },
			{ name: 'User', value: 'user' },
			{ name: 'Workflow', value: 'workflow' },
		],
		default: 'workflow',
		displayOptions: show,
		description: 'Who did it: a person, a connected system or this workflow',
	},
	{ displayName: 'Actor ID', name: 'actorId', type: 'string', default: '={{ $workflow.id }}', displayOptions: show, description: 'ID of the user, system or workflow that acted; empty with Actor Type User: the n8n user who ran the execution (a run started in the editor)' },
	{ displayName: 'Actor Name', name: 'actorName', type: 'string', default: '', displayOptions: show, description: 'Readable name of the actor (redacted like other PII if listed under PII Fields)' },
	{ displayName: 'Ticket ID', name: 'ticketId', type: 'string', default: '={{ $json.id }}', displayOptions: show, description: 'ID of the ticket the entry is about' },
	{ displayName: 'Ticket Source', name: 'ticketSource', type: 'string', default: '={{ $json.source }}', displayOptions: show, description: 'System the ticket came from (Zendesk, Freshdesk, …)' },
	{ displayName: 'Rule ID', name: 'ruleId', type: 'string', default: '', displayOptions: show, description: 'The rule that fired, e.g. an SLA policy or routing rule name' },
	{ displayName: 'Rule Version', name: 'ruleVersion', type: 'string', default: '', displayOptions: show, description: 'Version of the rule that fired' },
	{ displayName: 'Before', name: 'before', type: 'json', default: '', displayOptions: show, description: 'The object before the step, e.g. {{ $(\'Webhook\').item.JSON.body }}; the entry records the field-level diff to After' },
	{ displayName: 'After', name: 'after', type: 'json', default: '', displayOptions: show, description: 'The object after the step, e.g. {{ $JSON }}' },
	{ displayName: 'Occurred At', name: 'occurredAt', type: 'string', default: '', displayOptions: show, description: 'When it happened (ISO-8601); empty means now' },
	{
		displayName: 'Trace ID',
		name: 'traceId',
		type: 'string',
		default: TRACE_ID_DEFAULT,
		displayOptions: show,
		description: "A trace ID or W3C traceparent header that follows the ticket across systems; empty uses the ticket's traceId, else a new one is created. The ID used is written to the ticket's traceId.",
	},
	{ displayName: 'Idempotency Key', name: 'idempotencyKey', type: 'string', default: '', displayOptions: show, description: 'Recording the same key twice yields one entry; empty derives it from ticket, action, occurred-at time and rule' },
	{ displayName: 'PII Fields', name: 'piiFields', type: 'string', default: 'customer.email, customer.name, customer.phone, email, phone', displayOptions: show, description: 'Comma-separated field paths whose values are redacted wherever they appear; PII that Normalize Intent found (intent.pii) is always redacted' },
	{
		displayName: 'PII Handling',
		name: 'piiMode',
		type: 'options',
		options: [
			{ name: 'Mask', value: 'mask', description: 'Replace with a mask that keeps only a hint of the shape' },
			{ name: 'Pseudonymise', value: 'pseudonymise', description: 'Replace with a keyed HMAC token (same person, same token)' },
		],
		default: 'pseudonymise',
		displayOptions: show,
		description: 'How personal data is kept out of the trail',
	},
	{
		displayName: 'Data Subject Fields',
		name: 'subjectFields',
		type: 'string',
		default: 'customer.email, requester.email, customer.id',
		displayOptions: { show: { operation: ['record'], subjectKeyStore: ['dataTable', 'file'] } },
		description: "Comma-separated field paths of the item that name the customer the entry is about; the first non-empty one picks the customer's own key",
		hint: 'Erase Data Subject is given the same value (e.g. the email) to erase the customer.',
	},
];

/** The data subject of an entry and the key their PII is pseudonymised with. */
export interface EntrySubject {
	subjectId: string;
	key: PiiKey;
}

/** What every entry of one execution shares. */
export interface RecordRun {
	ctx: IExecuteFunctions;
	keys: AuditKeys;
	/** Null when no rule logic ran (an erasure): the trail's logic version is left as it is. */
	logic: LogicSnapshot | null;
	recordedAt: number;
	workflow: { id?: string; name?: string; versionId?: string };
}

export function text(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return textOf(ctx.getNodeParameter(name, itemIndex, '') as unknown);
}

/** A parameter's value as trimmed text; null and undefined are empty. */
export function textOf(value: unknown): string {
	return value === null || value === undefined ? '' : String(value).trim();
}

/**
 * What readEntry reads once per execution: the parameters (parameter-reader.ts: those without an
 * expression once, `{{ $json… }}` and `{{ $workflow.id }}` without n8n's expression engine), the
 * node, execution and user, and random bytes drawn in blocks rather than per entry.
 */
export interface EntryReading {
	parameter: ParameterReader;
	/** Trace ID is left at its default expression, which reads two fields of the item. */
	traceIdAtDefault: boolean;
	nodeName: string;
	executionId: string | null;
	mode: string | null;
	n8nUserId: string | null;
	random: (size: number) => Uint8Array;
	/** The policy versions of the last Options read (Options without an expression are one object for every item). */
	policies?: { options: IDataObject; versions: Record<string, string> | undefined };
}

function randomSource(): (size: number) => Uint8Array {
	let pool = Buffer.alloc(0);
	let used = 0;
	return (size) => {
		if (used + size > pool.length) {
			pool = randomBytes(Math.max(size, 4096));
			used = 0;
		}
		used += size;
		return pool.subarray(used - size, used);
	};
}

export function entryReading(ctx: IExecuteFunctions): EntryReading {
	const node = ctx.getNode();
	return {
		parameter: parameterReader(ctx),
		traceIdAtDefault: (node.parameters as Record<string, unknown> | undefined)?.traceId === TRACE_ID_DEFAULT,
		nodeName: node.name,
		executionId: ctx.getExecutionId() ?? null,
		mode: ctx.getMode() ?? null,
		n8nUserId: n8nUserIdOf(ctx),
		random: randomSource(),
	};
}

function optionalJson(ctx: IExecuteFunctions, reading: EntryReading, json: IDataObject, name: string, displayName: string, itemIndex: number): unknown {
	const raw = reading.parameter(name, itemIndex, json, '');
	if (raw === '' || raw === null || raw === undefined) return undefined;
	return jsonParameterValue(ctx, raw, displayName, itemIndex);
}

/** Trace ID as its default expression answers it (`$json.traceId || ($json.headers && $json.headers.traceparent) || ""`), else as set. */
function traceIdParameter(reading: EntryReading, json: IDataObject, itemIndex: number): string {
	if (reading.traceIdAtDefault) {
		const headers = json.headers as IDataObject | undefined;
		const value = json.traceId || (headers && headers.traceparent) || '';
		if (value === null || typeof value !== 'object') return textOf(value);
	}
	return textOf(reading.parameter('traceId', itemIndex, json, ''));
}

function policyVersionsOf(reading: EntryReading, options: IDataObject): Record<string, string> | undefined {
	if (reading.policies?.options !== options) {
		const versions = policyVersionsInForce(options.policyDocuments, { requireApproval: options.requireApproval === true, segregationOfDuties: options.segregationOfDuties === true });
		reading.policies = { options, versions };
	}
	const versions = reading.policies.versions;
	return versions && { ...versions };
}

export function readEntry({ ctx, keys, logic, recordedAt, workflow }: RecordRun, item: INodeExecutionData, itemIndex: number, subject?: EntrySubject, reading: EntryReading = entryReading(ctx)): AuditEntry {
	const json = item.json;
	const read = (name: string, fallback: unknown) => reading.parameter(name, itemIndex, json, fallback);
	const readText = (name: string) => textOf(read(name, ''));
	const options = read('options', {}) as IDataObject;
	const occurredRaw = readText('occurredAt');
	// n8n's ISO reading (toInstant) for the ticket's times too, so derived idempotency keys stay as they were
	const occurredAt = occurredRaw ? toInstant(occurredRaw) : (eventTimeOf(json, toInstant) ?? recordedAt);
	if (occurredAt === null) throw new ParameterError('Occurred At', `"${occurredRaw}" is not an ISO-8601 timestamp`);
	const policyVersions = policyVersionsOf(reading, options);
	const piiMode = (read('piiMode', 'pseudonymise') as PiiMode) ?? 'pseudonymise';
	const actorName = readText('actorName');
	const actorType = read('actorType', 'workflow') as AuditActor['type'];
	const { n8nUserId } = reading;
	return buildEntry(
		{
			id: timeOrderedId(recordedAt, reading.random(10)),
			occurredAt,
			recordedAt,
			// a user left unnamed is the n8n user who ran the execution, when n8n names one
			actor: { type: actorType, id: readText('actorId') || (actorType === 'user' ? n8nUserId : null) || String(workflow.id ?? 'unknown'), ...(actorName ? { name: actorName } : {}) },
			action: readText('action'),
			ticket: { id: readText('ticketId') || null, source: readText('ticketSource') || null },
			rule: { id: readText('ruleId') || null, version: readText('ruleVersion') || null },
			logicVersion: logic?.version ?? null,
			...(policyVersions ? { policyVersions } : {}),
			...(subject ? { subject: subject.subjectId } : {}),
			before: optionalJson(ctx, reading, json, 'before', 'Before', itemIndex),
			after: optionalJson(ctx, reading, json, 'after', 'After', itemIndex),
			context: {
				workflowId: workflow.id ?? null,
				workflowName: workflow.name ?? null,
				workflowVersion: workflow.versionId ?? null,
				executionId: reading.executionId,
				nodeName: reading.nodeName,
				retryOf: typeof options.retryOf === 'string' && options.retryOf ? options.retryOf : null,
				mode: reading.mode,
				...(n8nUserId ? { n8nUserId } : {}),
			},
			traceId: traceIdOf(traceIdParameter(reading, json, itemIndex), json, reading.random(16)),
			idempotencyKey: readText('idempotencyKey') || undefined,
		},
		{ fields: readText('piiFields').split(','), findings: piiFindingsOf(json), mode: piiMode, key: subject?.key ?? keys.current, scanText: options.scanText !== false },
	);
}
