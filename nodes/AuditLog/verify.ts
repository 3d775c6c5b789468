import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { auditReport, type TrailLine, type VerifyResult, verifyTrail } from '../../engine/audit';
import { routeEachItem } from '../shared/items';
import { ParameterError, toInstant } from '../shared/parameters';
import { readAuditKeys } from './audit-key';
import { readTrailLines, resolveTrailPath } from './file-sink';

function trailPath(ctx: IExecuteFunctions, itemIndex: number): string {
	const path = resolveTrailPath(String(ctx.getNodeParameter('trailFile', itemIndex, '') ?? '').trim());
	if (!path) throw new ParameterError('Trail File', 'is required to verify or report on a trail');
	return path;
}

function verifyFile(path: string, keys: Record<string, string>): { result: VerifyResult; lines: string[]; tornTail: boolean } {
	let read: { lines: string[]; tornTail: boolean } | null = null;
	let problem = '';
	try {
		read = readTrailLines(path);
	} catch (error) {
		problem = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
	}
	if (!read) throw new ParameterError('Trail File', `cannot be read (${problem})`);
	return { result: verifyTrail(read.lines, { keys }), ...read };
}

function verifySummary(path: string, result: VerifyResult, tornTail: boolean): IDataObject {
	const unsignedTail = result.intact ? result.head.seq - (result.lastCheckpointSeq ?? 0) : null;
	return { trailFile: path, ...(result as unknown as IDataObject), tornTail, unsignedTail };
}

export async function executeVerify(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const keys = await readAuditKeys(ctx);
	return await routeEachItem(ctx, 2, (item, itemIndex) => {
		const path = trailPath(ctx, itemIndex);
		const { result, tornTail } = verifyFile(path, keys.all);
		return { output: result.intact ? 0 : 1, json: { ...item.json, audit: { verify: verifySummary(path, result, tornTail) } } };
	});
}

export async function executeReport(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const keys = await readAuditKeys(ctx);
	return await routeEachItem(ctx, 2, (item, itemIndex) => {
		const path = trailPath(ctx, itemIndex);
		const bound = (name: string, display: string): number | null => {
			const raw = String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
			if (!raw) return null;
			const at = toInstant(raw);
			if (at === null) throw new ParameterError(display, `"${raw}" is not an ISO-8601 timestamp`);
			return at;
		};
		const from = bound('from', 'From');
		const to = bound('to', 'To') ?? Date.now();
		const { result, lines, tornTail } = verifyFile(path, keys.all);
		const parsed = lines.slice(0, result.intact ? lines.length : result.line).map((line) => JSON.parse(line) as TrailLine);
		const report = auditReport(parsed, from, to);
		return {
			output: result.intact ? 0 : 1,
			json: { ...item.json, audit: { report: report as unknown as IDataObject, verify: verifySummary(path, result, tornTail) } },
		};
	});
}
