import { randomBytes } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { buildEntry, normaliseSubjectValue, type SubjectKeyMaterial, subjectLookup } from '../../../engine/audit';
import { timeOrderedId } from '../../../engine/core';
import { routeEachItem } from '../../shared/items';
import { ParameterError } from '../../shared/parameters';
import { readAuditKeys } from '../audit-key';
import { anchorStore, subjectKeyStore } from '../trail';
import { recordInTrail } from './record';
import type { RecordRun } from './record-entry';
import { text } from './record-entry';
import { requiredSink } from './verify';

/**
 * Erase Data Subject records a subject_erased entry that names the subject only by its random id, then
 * deletes the customer's key from the subject key store (under every audit key version, so a rotation
 * does not hide an old key): their tokens stay in the trail, every hash and checkpoint still
 * verifies, and nothing links the tokens to the person any more. Report lists the erasures.
 */

const show = { show: { operation: ['erase'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Data Subject',
		name: 'subjectValue',
		type: 'string',
		default: '={{ $json.email }}',
		required: true,
		displayOptions: show,
		description: "The value that named the customer under Data Subject Fields when their entries were recorded, e.g. their email; it is not written to the trail",
	},
	{
		displayName: 'Request Reference',
		name: 'requestReference',
		type: 'string',
		default: '={{ $json.reference }}',
		displayOptions: show,
		description: 'Your reference of the erasure request, e.g. the DSAR ticket number; recorded with the erasure',
	},
	{
		displayName: 'Requested By',
		name: 'requestedBy',
		type: 'string',
		default: '',
		displayOptions: show,
		description: 'ID of the person who asked for or approved the erasure, e.g. an employee ID; recorded as the actor as given, like every actor ID (empty: this workflow)',
	},
];

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const keys = await readAuditKeys(ctx);
	const workflow = ctx.getWorkflow() as RecordRun['workflow'];
	return await routeEachItem(ctx, 2, async (item, itemIndex) => {
		const value = normaliseSubjectValue(text(ctx, 'subjectValue', itemIndex));
		if (!value) throw new ParameterError('Data Subject', 'is empty: give the value (e.g. the email) that named the customer when their entries were recorded');
		const store = await subjectKeyStore(ctx, itemIndex);
		if (!store) throw new ParameterError('Data Subject Keys', 'is None: choose the Data Table or File that Record keeps the subject keys in');
		const sink = await requiredSink(ctx, itemIndex);
		const recordedAt = Date.now();
		const lookups = [...new Set(Object.values(keys.all))].map((key) => subjectLookup(key, value));
		let erased: SubjectKeyMaterial | null = null;
		for (const lookup of lookups) erased ??= await store.find(lookup);
		const reference = text(ctx, 'requestReference', itemIndex) || null;
		if (!erased) {
			return { output: 1, json: { ...item.json, erasure: { erased: false, subject: null, reference, message: `no key for this data subject in ${store.name}: never recorded with subject keys, or erased already` } } };
		}
		const requestedBy = text(ctx, 'requestedBy', itemIndex);
		const entry = buildEntry(
			{
				id: timeOrderedId(recordedAt, randomBytes(10)),
				occurredAt: recordedAt,
				recordedAt,
				actor: requestedBy ? { type: 'user', id: requestedBy } : { type: 'workflow', id: String(workflow.id ?? 'unknown') },
				action: 'subject_erased',
				ticket: { id: null },
				rule: { id: null, version: null },
				logicVersion: null,
				subject: erased.subjectId,
				context: {
					workflowId: workflow.id ?? null,
					workflowName: workflow.name ?? null,
					workflowVersion: workflow.versionId ?? null,
					executionId: ctx.getExecutionId() ?? null,
					nodeName: ctx.getNode().name,
					retryOf: null,
					mode: ctx.getMode() ?? null,
				},
				traceId: randomBytes(16).toString('hex'),
				// from the random subject id, never from the value: the audit key must not find the person's erasure
				idempotencyKey: `subject_erased:${erased.subjectId}`,
				details: { subject: erased.subjectId, reference, keyStore: store.name },
			},
			{ fields: [], findings: [], mode: 'pseudonymise', key: keys.current, scanText: true },
		);
		const run: RecordRun = { ctx, keys, logic: null, recordedAt, workflow };
		// recorded before the key is deleted: a failure in between leaves the key, and a retry records the same entry once
		const [receipt] = await recordInTrail(sink, await anchorStore(ctx, itemIndex), run, [{ itemIndex, entry }]);
		for (const lookup of lookups) await store.erase(lookup);
		return {
			output: 0,
			json: { ...item.json, erasure: { erased: true, subject: erased.subjectId, erasedAt: entry.occurredAt, reference, seq: receipt.seq, entryId: receipt.entryId } as IDataObject },
		};
	});
}
