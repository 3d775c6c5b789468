import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { computeSla, type SlaState } from '../../engine/sla';
import { routeEachItem } from '../shared/items';
import { readNow } from '../shared/parameters';
import { OUTPUT_NAMES } from './description';
import { clockOptions, compileCached, policyDocument, ticketOf } from './parameters';

/** The output each overall SLA state leaves on, in the order of OUTPUT_NAMES. */
const OUTPUT_OF_STATE: Record<SlaState, number> = { running: 0, at_risk: 1, breached: 2, paused: 3, met: 4 };

/** Computes every item's clocks and writes them under `sla`; the item leaves on its state's output. */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeEachItem(ctx, OUTPUT_NAMES.length, (item, itemIndex) => {
		const policySet = compileCached(policyDocument(ctx, itemIndex));
		const ticket = ticketOf(ctx, item, itemIndex);
		const sla = computeSla(ticket, policySet, readNow(ctx, itemIndex), clockOptions(ctx, itemIndex));
		return { output: OUTPUT_OF_STATE[sla.state], json: { ...item.json, sla: sla as unknown as IDataObject } };
	});
}
