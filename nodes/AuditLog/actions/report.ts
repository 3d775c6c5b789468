import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { auditReportBuilder } from '../../../engine/audit';
import { routeEachItem } from '../../shared/items';
import { ParameterError, toInstant } from '../../shared/parameters';
import { readAuditKeys } from '../audit-key';
import { anchorStore } from '../trail';
import { requiredSink, verifiedTrail, verifySummary } from './verify';

/**
 * Report counts the entries of a period by action, rule and actor, with manual overrides and the
 * logic and policy versions in force. It verifies the trail first and counts only what verifies; a
 * broken trail's report leaves on Broken.
 */

const show = { show: { operation: ['export', 'report'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		displayOptions: show,
		description: 'Start of the period (ISO-8601, inclusive); empty means the beginning of the trail. Export selects entries by the time they were recorded.',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		displayOptions: show,
		description: 'End of the period (ISO-8601, exclusive); empty means now',
	},
];

export function bound(ctx: IExecuteFunctions, itemIndex: number, name: string, displayName: string): number | null {
	const raw = String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!raw) return null;
	const at = toInstant(raw);
	if (at === null) throw new ParameterError(displayName, `"${raw}" is not an ISO-8601 timestamp`);
	return at;
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const keys = await readAuditKeys(ctx);
	return await routeEachItem(ctx, 2, async (item, itemIndex) => {
		const sink = await requiredSink(ctx, itemIndex);
		const from = bound(ctx, itemIndex, 'from', 'From');
		const to = bound(ctx, itemIndex, 'to', 'To') ?? Date.now();
		const builder = auditReportBuilder(from, to);
		const verified = await verifiedTrail(sink, await anchorStore(ctx, itemIndex), keys.all, builder.add);
		const report = builder.result();
		return {
			output: verified.result.intact ? 0 : 1,
			json: { ...item.json, audit: { report: report as unknown as IDataObject, verify: verifySummary(verified) } },
		};
	});
}
