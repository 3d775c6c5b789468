import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type TrailLine, unsignedTailOf, type VerifyResult, verifyTrailStream } from '../../../engine/audit';
import { routeEachItem } from '../../shared/items';
import { ParameterError } from '../../shared/parameters';
import type { AnchorStore } from '../anchor-store';
import { readAuditKeys } from '../audit-key';
import type { AuditSink } from '../sink';
import { anchorStore, trailSink } from '../trail';

/**
 * Verify walks the trail's hash chain as a stream, checks its checkpoints with every key version of
 * the credential, and compares it with the checkpoints anchored outside it; the item leaves on Intact,
 * or on Broken with the first line that fails and what is wrong with it. The trail is named as
 * configured, never by its path on the host.
 */

export interface VerifiedTrail {
	sink: AuditSink;
	anchors: AnchorStore | null;
	tornTail: boolean;
	result: VerifyResult;
}

/** The sink of the item's Trail File, which Verify and Report need. */
export async function requiredSink(ctx: IExecuteFunctions, itemIndex: number): Promise<AuditSink> {
	const sink = await trailSink(ctx, itemIndex);
	if (!sink) throw new ParameterError('Trail File', 'is required to verify or report on a trail');
	return sink;
}

/** Verifies the trail; `onLine` sees each line that verified, in order (Report counts them). */
export async function verifiedTrail(sink: AuditSink, anchors: AnchorStore | null, keys: Record<string, string>, onLine?: (line: TrailLine) => void): Promise<VerifiedTrail> {
	const reading = await sink.read().catch((error: NodeJS.ErrnoException) => error);
	if (reading instanceof Error) throw new ParameterError('Trail File', `cannot be read (${reading.code ?? reading.message})`);
	const result = await verifyTrailStream(reading.lines, anchors ? anchors.list(sink.name) : null, { keys }, onLine);
	return { sink, anchors, tornTail: reading.tornTail, result };
}

export function verifySummary({ sink, anchors, result, tornTail }: VerifiedTrail): IDataObject {
	return { trail: sink.name, anchoredIn: anchors?.name ?? null, ...(result as unknown as IDataObject), tornTail, unsignedTail: unsignedTailOf(result) };
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const keys = await readAuditKeys(ctx);
	return await routeEachItem(ctx, 2, async (item, itemIndex) => {
		const verified = await verifiedTrail(await requiredSink(ctx, itemIndex), await anchorStore(ctx, itemIndex), keys.all);
		return { output: verified.result.intact ? 0 : 1, json: { ...item.json, audit: { verify: verifySummary(verified) } } };
	});
}
