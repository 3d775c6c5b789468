import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { unsignedTailOf, type VerifyResult, verifyTrail } from '../../../engine/audit';
import { routeEachItem } from '../../shared/items';
import { ParameterError } from '../../shared/parameters';
import { readAuditKeys } from '../audit-key';
import type { AuditSink } from '../sink';
import { trailSink } from '../trail';

/**
 * Verify walks the trail's hash chain and checks its checkpoints with every key version of the
 * credential; the item leaves on Intact or on Broken with the first line that fails. It has no
 * parameters of its own: the Trail File says which trail.
 */

export interface VerifiedTrail {
	sink: AuditSink;
	lines: string[];
	tornTail: boolean;
	result: VerifyResult;
}

/** The sink of the item's Trail File, which Verify and Report need. */
export function requiredSink(ctx: IExecuteFunctions, itemIndex: number): AuditSink {
	const sink = trailSink(ctx, itemIndex);
	if (!sink) throw new ParameterError('Trail File', 'is required to verify or report on a trail');
	return sink;
}

export async function verifiedTrail(sink: AuditSink, keys: Record<string, string>): Promise<VerifiedTrail> {
	const lines: string[] = [];
	let tornTail = false;
	let problem: string | null = null;
	try {
		const reading = await sink.read();
		for await (const line of reading.lines) lines.push(line);
		tornTail = reading.tornTail;
	} catch (error) {
		problem = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
	}
	if (problem !== null) throw new ParameterError('Trail File', `cannot be read (${problem})`);
	return { sink, lines, tornTail, result: verifyTrail(lines, { keys }) };
}

export function verifySummary({ sink, result, tornTail }: VerifiedTrail): IDataObject {
	return { trailFile: sink.name, ...(result as unknown as IDataObject), tornTail, unsignedTail: unsignedTailOf(result) };
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const keys = await readAuditKeys(ctx);
	return await routeEachItem(ctx, 2, async (item, itemIndex) => {
		const verified = await verifiedTrail(requiredSink(ctx, itemIndex), keys.all);
		return { output: verified.result.intact ? 0 : 1, json: { ...item.json, audit: { verify: verifySummary(verified) } } };
	});
}
