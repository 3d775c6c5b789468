import { randomBytes } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type AuditEntry, type AuditReceipt, chainBatch, type CheckpointLine, logicSnapshot, receiptOf, type RuleNodeSnapshot, subjectLookup, subjectPiiKey, subjectValueOf, type TrailLine, unchainedReceipt, withReceipt } from '../../../engine/audit';
import { timeOrderedId } from '../../../engine/core';
import { asItemError, errorItem } from '../../shared/items';
import type { ParameterError } from '../../shared/parameters';
import { readAuditKeys } from '../audit-key';
import type { Anchor, AnchorStore } from '../anchor-store';
import { logicAuthorOf } from '../logic-author';
import type { AuditSink } from '../sink';
import type { SubjectKeyStore } from '../subject-key-store';
import { anchorStore, subjectKeyStore, trailSink } from '../trail';
import { description as entryDescription, type EntryReading, entryReading, type EntrySubject, readEntry, type RecordRun, text, textOf } from './record-entry';

/**
 * Record appends one entry per item to the trail, chained after a logic_changed entry whenever the
 * rule nodes' parameters changed, and leaves each item on Recorded, or on Duplicate when its
 * idempotency key is in the trail already. The ticket gets the receipt under `audit` and the trace id
 * used as `traceId`. Without a trail file, entries are only output and n8n's dedup store tells duplicates.
 */

const show = { show: { operation: ['record'] } };
const DEDUP_OPTIONS = { mode: 'entries', maxEntries: 100_000 } as const;

export const description: INodeProperties[] = [
	...entryDescription,
	{
		displayName: 'Rule Nodes',
		name: 'ruleNodes',
		type: 'string',
		default: 'SLA Clock, Skill Router, Escalate, Breach SOP',
		displayOptions: show,
		description: 'Comma-separated names of the workflow nodes whose parameters make up the logic version; missing names are skipped',
		hint: 'When their parameters change, the next entry is preceded by a logic_changed entry with the parameter diff.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		description: 'How often the chain is signed, which policy versions are recorded and refused, retries and the PII scan of free text',
		options: [
			{ displayName: 'Checkpoint Every', name: 'checkpointEvery', type: 'number', typeOptions: { minValue: 1 }, default: 100, description: 'Sign the chain head with the audit key after this many entries (and at the end of every execution that wrote entries)' },
			{ displayName: 'Policy Documents', name: 'policyDocuments', type: 'json', default: '[]', description: 'Versioned policy sets in force: [{ "name", "version", "author", "approvedBy" }]; each entry records which versions ran' },
			{ displayName: 'Refuse Self-Approved Versions', name: 'segregationOfDuties', type: 'boolean', default: false, description: 'Whether to refuse a policy document approved by its own author' },
			{ displayName: 'Refuse Unapproved Versions', name: 'requireApproval', type: 'boolean', default: false, description: 'Whether to refuse a policy document that has no approver' },
			{ displayName: 'Retry Of', name: 'retryOf', type: 'string', default: '', description: 'ID of the execution this one retries, if known' },
			{
				displayName: 'Scan Free Text for PII',
				name: 'scanText',
				type: 'boolean',
				default: true,
				description: "Whether every text of Before, After and details is scanned with Normalize Intent's PII detection (emails, phones, cards, IBANs, national IDs) and what it finds is redacted like the PII Fields; on unless turned off",
			},
		],
	},
];

/** Parameters of the named rule nodes, read through the workflow data proxy (`$('Name').params`). */
function ruleNodeSnapshots(ctx: IExecuteFunctions, names: string[]): RuleNodeSnapshot[] {
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

export interface Prepared {
	itemIndex: number;
	entry: AuditEntry;
}

/** The checkpoints signed in this batch (`signedNow`), or, with none, the newest again, in case its writer could not anchor it. */
function anchorsOf(trail: string, lines: ReadonlyArray<TrailLine>, newest: CheckpointLine | null | undefined): { anchors: Anchor[]; signedNow: boolean } {
	const checkpoints = lines.filter((line): line is CheckpointLine => line.type === 'checkpoint');
	const toAnchor = checkpoints.length > 0 ? checkpoints : newest ? [newest] : [];
	return { anchors: toAnchor.map(({ type: _type, ...checkpoint }) => ({ trail, ...checkpoint })), signedNow: checkpoints.length > 0 };
}

/**
 * Chains the entries into the trail as its one writer, and anchors the checkpoints it signed before it
 * lets the next writer in; a duplicate gets the receipt of the entry already there.
 */
export async function recordInTrail(sink: AuditSink, anchors: AnchorStore | null, run: RecordRun, prepared: Prepared[]): Promise<AuditReceipt[]> {
	const checkpointEvery = Math.max(1, Number((run.ctx.getNodeParameter('options', 0, {}) as IDataObject).checkpointEvery ?? 100));
	try {
		return await sink.write(async (trail) => {
			const previous = await trail.lastLogic();
			// only a change of logic asks n8n who made it (two reads of its public API)
			const author = run.logic && prepared.length > 0 && previous?.version !== run.logic.version ? await logicAuthorOf(run.ctx, run.workflow.id) : null;
			const batch = chainBatch({
				head: trail.head,
				entriesSinceCheckpoint: trail.entriesSinceCheckpoint,
				entries: prepared.map(({ entry }) => entry),
				existing: await trail.findEntries(prepared.map(({ entry }) => entry.idempotencyKey)),
				logic: { previous, current: run.logic, changeId: timeOrderedId(run.recordedAt, randomBytes(10)), workflowId: String(run.workflow.id ?? 'unknown'), author },
				checkpoint: { every: checkpointEvery, at: run.recordedAt, key: run.keys.current.key, keyVersion: run.keys.current.version },
			});
			await trail.append(batch.lines);
			if (anchors) {
				const { anchors: toAnchor, signedNow } = anchorsOf(sink.name, batch.lines, trail.lastCheckpoint);
				const failure = await anchors.put(toAnchor, { signedNow }).then(
					() => null,
					(error: Error) => error,
				);
				if (failure) throw new Error(`the entries were written, but their checkpoint could not be anchored in ${anchors.name} (${failure.message}); run again to anchor it`);
			}
			return batch.results.map(({ line, duplicate }) => receiptOf(line, duplicate));
		});
	} catch (error) {
		throw new NodeOperationError(run.ctx.getNode(), `Could not write the audit trail ${sink.name}: ${(error as Error).message}`, { description: sink.hint });
	}
}

/** Each item's data subject (by Data Subject Fields) with their own key, created on first use; none without a subject key store. */
async function subjectsOf(reading: EntryReading, run: RecordRun, store: SubjectKeyStore | null, items: INodeExecutionData[]): Promise<Array<EntrySubject | undefined>> {
	if (!store) return items.map(() => undefined);
	const lookups = items.map((item, itemIndex) => {
		const value = subjectValueOf(item.json, textOf(reading.parameter('subjectFields', itemIndex, item.json, '')).split(','));
		return value === null ? null : subjectLookup(run.keys.current.key, value);
	});
	const material = await store.materialFor(lookups.filter((lookup): lookup is string => lookup !== null), run.recordedAt);
	return lookups.map((lookup) => {
		const found = lookup === null ? undefined : material.get(lookup);
		return found ? { subjectId: found.subjectId, key: subjectPiiKey(run.keys.current.key, found) } : undefined;
	});
}

/** Without a trail, n8n's dedup store is the only guard against recording an event twice. */
async function recordOutputOnly(ctx: IExecuteFunctions, prepared: Prepared[]): Promise<AuditReceipt[]> {
	const receipts: AuditReceipt[] = [];
	for (const { entry } of prepared) {
		const claim = await ctx.helpers.checkProcessedAndRecord([entry.idempotencyKey], 'node', DEDUP_OPTIONS);
		receipts.push(unchainedReceipt(entry, claim.processed.length > 0));
	}
	return receipts;
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const keys = await readAuditKeys(ctx);
	const ruleNames = text(ctx, 'ruleNodes', 0).split(',').map((name) => name.trim()).filter(Boolean);
	const run: RecordRun = { ctx, keys, logic: logicSnapshot(ruleNodeSnapshots(ctx, ruleNames)), recordedAt: Date.now(), workflow: ctx.getWorkflow() as RecordRun['workflow'] };
	const recorded: INodeExecutionData[] = [];
	const duplicates: INodeExecutionData[] = [];
	// the parameters, node and execution, read once for all items (expressions of the item aside)
	const reading = entryReading(ctx);

	let sink: AuditSink | null;
	let anchors: AnchorStore | null;
	let subjects: Array<EntrySubject | undefined>;
	try {
		sink = await trailSink(ctx, 0);
		anchors = sink ? await anchorStore(ctx, 0) : null;
		subjects = await subjectsOf(reading, run, await subjectKeyStore(ctx, 0), items);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: (error as ParameterError).hint });
	}

	const prepared: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push({ itemIndex, entry: readEntry(run, items[itemIndex], itemIndex, subjects[itemIndex], reading) });
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw itemError;
			recorded.push(errorItem(itemError, itemIndex, items[itemIndex]));
		}
	}

	const receipts = sink ? await recordInTrail(sink, anchors, run, prepared) : await recordOutputOnly(ctx, prepared);
	prepared.forEach(({ itemIndex }, position) => {
		const receipt = receipts[position];
		(receipt.duplicate ? duplicates : recorded).push({ json: withReceipt(items[itemIndex].json, receipt) as unknown as IDataObject, pairedItem: { item: itemIndex } });
	});
	const written = receipts.filter((receipt) => !receipt.duplicate).map((receipt) => receipt.idempotencyKey);
	// the dedup store learns what the trail holds (it guards the output-only mode, which claimed its keys above)
	if (sink && written.length) await ctx.helpers.checkProcessedAndRecord(written, 'node', DEDUP_OPTIONS);
	return [recorded, duplicates];
}
