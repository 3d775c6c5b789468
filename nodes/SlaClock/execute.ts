import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { computeSla, readCreatedAt, type SlaState } from '../../engine/sla';
import { routeEachItem } from '../shared/items';
import { readNow } from '../shared/parameters';
import { perExecution, readItemParameter } from '../shared/per-execution';
import { OUTPUT_NAMES } from './description';
import { clockOptions, compileCached, policyDocument, ticketOf } from './parameters';
import { chooseVersion, readBaseline, readVersions } from './policy-versions';

/** The output each overall SLA state leaves on, in the order of OUTPUT_NAMES. */
const OUTPUT_OF_STATE: Record<SlaState, number> = { running: 0, at_risk: 1, breached: 2, paused: 3, met: 4 };

/** Computes every item's clocks and writes them under `sla`; the item leaves on its state's output. */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const source = ctx.getNodeParameter('policySource', 0, 'json') as string;
	const policySetOf = perExecution(ctx, ['policySource', 'policySet', 'calendars', 'policies', 'pauseStatuses', 'options'], (itemIndex) => compileCached(policyDocument(ctx, itemIndex)));
	const optionsOf = perExecution(ctx, ['options'], (itemIndex) => clockOptions(ctx, itemIndex));
	const nowOf = perExecution(ctx, ['now'], (itemIndex) => readNow(ctx, itemIndex));
	const requireApproval = perExecution(ctx, ['requireApproval'], (itemIndex) => ctx.getNodeParameter('requireApproval', itemIndex, true) as boolean);
	return await routeEachItem(ctx, OUTPUT_NAMES.length, (item, itemIndex) => {
		const ticket = ticketOf(ctx, item, itemIndex);
		const now = nowOf(itemIndex);
		if (source === 'versions') {
			const baseline = readBaseline(readItemParameter(ctx, 'policyBaseline', item.json as Record<string, unknown>, itemIndex, ''));
			const versions = readVersions(readItemParameter(ctx, 'policyVersions', item.json as Record<string, unknown>, itemIndex), baseline !== null);
			const chosen = chooseVersion(ticket, versions, readCreatedAt(ticket.createdAt), now, requireApproval(itemIndex), baseline);
			const sla = computeSla(ticket, chosen.set, now, { ...optionsOf(itemIndex), policySetVersion: chosen.label });
			return { output: OUTPUT_OF_STATE[sla.state], json: { ...item.json, sla: sla as unknown as IDataObject } };
		}
		const sla = computeSla(ticket, policySetOf(itemIndex), now, optionsOf(itemIndex));
		return { output: OUTPUT_OF_STATE[sla.state], json: { ...item.json, sla: sla as unknown as IDataObject } };
	});
}
