import { randomBytes } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type AuditEntry, buildEntry, chainEntry, type ChainHead, checkChangeControl, entryHash, type EntryLine, GENESIS_HASH, logicChanges, logicSnapshot, type LogicSnapshot, type PiiFinding, type PiiMode, type PolicyDocument, type RuleNodeSnapshot, signCheckpoint, type TrailLine } from '../../engine/audit';
import { newTraceId, timeOrderedId, traceIdFromTraceparent } from '../../engine/core';
import { asItemError, errorItem } from '../shared/items';
import { ParameterError, readJsonParameter, toInstant } from '../shared/parameters';
import { readAuditKeys, type AuditKeys } from './audit-key';
import { resolveTrailPath, withTrail, type OpenTrail } from './file-sink';

const DEDUP_OPTIONS = { mode: 'entries', maxEntries: 100_000 } as const;

function optionalJson(ctx: IExecuteFunctions, name: string, displayName: string, itemIndex: number): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === '' || raw === null || raw === undefined) return undefined;
	return readJsonParameter<unknown>(ctx, name, displayName, itemIndex);
}

function text(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	return value === null || value === undefined ? '' : String(value).trim();
}

/** The trace id from a given id or `traceparent` header, else a new one. */
export function traceIdOf(given: string): string {
	if (!given) return newTraceId(randomBytes(16));
	return traceIdFromTraceparent(given) ?? given;
}

/** PII that Normalize Intent found: `{ type, value?, start, end }`; values missing are cut from the body. */
export function piiFindings(json: IDataObject): PiiFinding[] {
	const intent = json.intent as IDataObject | undefined;
	const found = Array.isArray(intent?.pii) ? (intent?.pii as IDataObject[]) : [];
	const body = typeof json.body === 'string' ? json.body : '';
	return found.map((match) => {
		const value = typeof match.value === 'string' ? match.value : typeof match.start === 'number' && typeof match.end === 'number' ? body.slice(match.start, match.end) : undefined;
		return { type: typeof match.type === 'string' ? match.type : 'pii', value };
	});
}

/**
 * When the event happened if the builder does not say: the ticket's latest event, else its update or
 * creation time. Taken from the ticket, so a retried execution derives the same idempotency key.
 */
export function eventTimeOf(json: IDataObject): number | null {
	const times: number[] = [];
	if (Array.isArray(json.events)) for (const event of json.events as IDataObject[]) times.push(toInstant(event?.at) ?? NaN);
	for (const field of ['updatedAt', 'createdAt']) times.push(toInstant(json[field]) ?? NaN);
	const known = times.filter(Number.isFinite);
	return known.length ? Math.max(...known) : null;
}

/** Parameters of the named rule nodes, read through the workflow data proxy (`$('Name').params`). */
export function ruleNodeSnapshots(ctx: IExecuteFunctions, names: string[]): RuleNodeSnapshot[] {
	const snapshots: RuleNodeSnapshot[] = [];
	const proxy = ctx.getWorkflowDataProxy(0) as unknown as { $: (name: string) => { params?: unknown } };
	for (const name of names) {
		try {
			const params = proxy.$(name)?.params;
			if (params !== undefined) snapshots.push({ name, parameters: JSON.parse(JSON.stringify(params)) as unknown });
		} catch {
			// the workflow has no node of that name
		}
	}
	return snapshots;
}

function lastLogic(trail: OpenTrail): LogicSnapshot | null {
	for (let i = trail.lines.length - 1; i >= 0; i--) {
		const line = trail.lines[i];
		if (line.type !== 'entry') continue;
		const entry = line.entry as unknown as AuditEntry;
		if (entry.action === 'logic_changed' && entry.details && typeof entry.details === 'object') {
			const logic = (entry.details as { logic?: LogicSnapshot }).logic;
			if (logic?.version) return logic;
		}
	}
	return null;
}

interface Prepared {
	itemIndex: number;
	entry: AuditEntry;
}

function auditJson(line: EntryLine | { seq: null; prevHash: null; hash: string; entry: AuditEntry }, duplicate: boolean): IDataObject {
	const entry = line.entry as unknown as AuditEntry;
	return {
		entryId: entry.id,
		seq: line.seq,
		hash: line.hash,
		prevHash: line.prevHash,
		traceId: entry.traceId,
		logicVersion: entry.logicVersion,
		idempotencyKey: entry.idempotencyKey,
		duplicate,
		entry: entry as unknown as IDataObject,
	};
}

export async function executeRecord(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const recorded: INodeExecutionData[] = [];
	const duplicates: INodeExecutionData[] = [];
	const keys: AuditKeys = await readAuditKeys(ctx);
	const workflow = ctx.getWorkflow() as ReturnType<IExecuteFunctions['getWorkflow']> & { versionId?: string };
	const node = ctx.getNode();
	const ruleNames = text(ctx, 'ruleNodes', 0).split(',').map((name) => name.trim()).filter(Boolean);
	const logic = logicSnapshot(ruleNodeSnapshots(ctx, ruleNames));
	const recordedAt = Date.now();
	const fail = (error: unknown, itemIndex: number) => {
		const itemError = asItemError(ctx, error, itemIndex);
		if (!ctx.continueOnFail()) throw itemError;
		recorded.push(errorItem(itemError, itemIndex, items[itemIndex]));
	};

	const prepared: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const json = items[itemIndex].json;
			const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const occurredRaw = text(ctx, 'occurredAt', itemIndex);
			const occurredAt = occurredRaw ? toInstant(occurredRaw) : (eventTimeOf(json) ?? recordedAt);
			if (occurredAt === null) throw new ParameterError('Occurred At', `"${occurredRaw}" is not an ISO-8601 timestamp`);
			const documents = options.policyDocuments ? readPolicyDocuments(options.policyDocuments) : [];
			const policyVersions: Record<string, string> = {};
			documents.forEach((document, index) => {
				const label = checkChangeControl(document, { requireApproval: options.requireApproval === true, segregationOfDuties: options.segregationOfDuties === true }, `Policy Documents[${index}]`);
				policyVersions[document.name ?? `policy${index}`] = label.includes('@') ? label.slice(label.lastIndexOf('@') + 1) : label;
			});
			const piiMode = (ctx.getNodeParameter('piiMode', itemIndex, 'pseudonymise') as PiiMode) ?? 'pseudonymise';
			const entry = buildEntry(
				{
					id: timeOrderedId(recordedAt, randomBytes(10)),
					occurredAt,
					recordedAt,
					actor: {
						type: ctx.getNodeParameter('actorType', itemIndex, 'workflow') as 'workflow',
						id: text(ctx, 'actorId', itemIndex) || String(workflow.id ?? 'unknown'),
						...(text(ctx, 'actorName', itemIndex) ? { name: text(ctx, 'actorName', itemIndex) } : {}),
					},
					action: text(ctx, 'action', itemIndex),
					ticket: { id: text(ctx, 'ticketId', itemIndex) || null, source: text(ctx, 'ticketSource', itemIndex) || null },
					rule: { id: text(ctx, 'ruleId', itemIndex) || null, version: text(ctx, 'ruleVersion', itemIndex) || null },
					logicVersion: logic.version,
					...(documents.length ? { policyVersions } : {}),
					before: optionalJson(ctx, 'before', 'Before', itemIndex),
					after: optionalJson(ctx, 'after', 'After', itemIndex),
					context: {
						workflowId: workflow.id ?? null,
						workflowName: workflow.name ?? null,
						workflowVersion: workflow.versionId ?? null,
						executionId: ctx.getExecutionId() ?? null,
						nodeName: node.name,
						retryOf: typeof options.retryOf === 'string' && options.retryOf ? options.retryOf : null,
						mode: ctx.getMode() ?? null,
					},
					traceId: traceIdOf(text(ctx, 'traceId', itemIndex)),
					idempotencyKey: text(ctx, 'idempotencyKey', itemIndex) || undefined,
				},
				{ fields: text(ctx, 'piiFields', itemIndex).split(','), findings: piiFindings(json), mode: piiMode, key: keys.current },
			);
			prepared.push({ itemIndex, entry });
		} catch (error) {
			fail(error, itemIndex);
		}
	}

	const trailFile = resolveTrailPath(text(ctx, 'trailFile', 0));
	const emit = (itemIndex: number, audit: IDataObject, duplicate: boolean) =>
		(duplicate ? duplicates : recorded).push({ json: { ...items[itemIndex].json, audit }, pairedItem: { item: itemIndex } });

	if (!trailFile) {
		// Output-only: n8n's dedup store is the only guard against recording an event twice.
		for (const { itemIndex, entry } of prepared) {
			const claim = await ctx.helpers.checkProcessedAndRecord([entry.idempotencyKey], 'node', DEDUP_OPTIONS);
			const duplicate = claim.processed.length > 0;
			emit(itemIndex, auditJson({ seq: null, prevHash: null, hash: entryHash(0, GENESIS_HASH, entry), entry }, duplicate), duplicate);
		}
		return [recorded, duplicates];
	}

	const checkpointEvery = Math.max(1, Number((ctx.getNodeParameter('options', 0, {}) as IDataObject).checkpointEvery ?? 100));
	try {
		await withTrail(trailFile, (trail) => {
			let head: ChainHead = trail.head;
			let sinceCheckpoint = trail.entriesSinceCheckpoint();
			const pending: TrailLine[] = [];
			const pendingKeys = new Map<string, EntryLine>();
			const outputs: Array<{ itemIndex: number; line: EntryLine; duplicate: boolean }> = [];
			const push = (entry: object) => {
				const line = chainEntry(head, entry as Record<string, unknown>);
				head = { seq: line.seq, hash: line.hash };
				pending.push(line);
				if (++sinceCheckpoint >= checkpointEvery) {
					pending.push(signCheckpoint(head, recordedAt, keys.current.key, keys.current.version));
					sinceCheckpoint = 0;
				}
				return line;
			};
			const previousLogic = lastLogic(trail);
			if (prepared.length > 0 && previousLogic?.version !== logic.version) {
				const first = prepared[0].entry;
				push({
					...first,
					id: timeOrderedId(recordedAt, randomBytes(10)),
					action: 'logic_changed',
					actor: { type: 'workflow', id: String(workflow.id ?? 'unknown') },
					ticket: { id: null },
					rule: { id: null, version: null },
					occurredAt: first.recordedAt,
					changes: logicChanges(previousLogic, logic),
					idempotencyKey: `logic:${logic.version}:${previousLogic?.version ?? 'none'}`,
					pii: { ...first.pii, redacted: 0 },
					details: { previousVersion: previousLogic?.version ?? null, logic },
				});
			}
			for (const { itemIndex, entry } of prepared) {
				const existing = trail.entryWithKey(entry.idempotencyKey) ?? pendingKeys.get(entry.idempotencyKey);
				if (existing) {
					outputs.push({ itemIndex, line: existing, duplicate: true });
					continue;
				}
				const line = push(entry);
				pendingKeys.set(entry.idempotencyKey, line);
				outputs.push({ itemIndex, line, duplicate: false });
			}
			if (sinceCheckpoint > 0 && pending.length > 0) pending.push(signCheckpoint(head, recordedAt, keys.current.key, keys.current.version));
			trail.append(pending);
			for (const { itemIndex, line, duplicate } of outputs) emit(itemIndex, auditJson(line, duplicate), duplicate);
		});
	} catch (error) {
		throw new NodeOperationError(node, `Could not write the audit trail ${trailFile}: ${(error as Error).message}`, {
			description: 'Check that the folder exists or can be created and is writable by n8n, and that no other process holds the lock file.',
		});
	}
	const written = recorded.filter((item) => (item.json.audit as IDataObject | undefined)?.idempotencyKey).map((item) => String((item.json.audit as IDataObject).idempotencyKey));
	if (written.length) await ctx.helpers.checkProcessedAndRecord(written, 'node', DEDUP_OPTIONS);
	return [recorded, duplicates];
}

function readPolicyDocuments(value: unknown): PolicyDocument[] {
	let parsed = value;
	if (typeof value === 'string') {
		let problem = '';
		try {
			parsed = JSON.parse(value || '[]') as unknown;
		} catch (error) {
			problem = (error as Error).message;
		}
		if (problem) throw new ParameterError('Policy Documents', `is not valid JSON (${problem})`);
	}
	if (parsed && !Array.isArray(parsed) && typeof parsed === 'object') parsed = [parsed];
	if (!Array.isArray(parsed)) throw new ParameterError('Policy Documents', 'must be a list of { name, version, author, approvedBy }');
	return parsed as PolicyDocument[];
}
