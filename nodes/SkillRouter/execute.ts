import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Ticket } from '../../engine/core';
import { routeBatch, type RoutingOutcome, routingTicketOf } from '../../engine/routing';
import { routeAllItems } from '../shared/items';
import { readNow } from '../shared/parameters';
import { OUTPUT_NAMES } from './description';
import { readMatrix, readOverrides, readRoster, readRouterSettings } from './settings';

/** The output each routing outcome leaves on, in the order of OUTPUT_NAMES. */
const OUTPUT_OF: Record<RoutingOutcome, number> = { assigned: 0, overflowed: 1, queued: 2, triage: 3 };

/**
 * Routes all items as one batch, since they compete for the same agents' capacity: each item is read
 * on its own (its field mappings), then the batch is routed most urgent first and every item written
 * under `routing` leaves on its outcome's output.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const read = (item: INodeExecutionData, itemIndex: number) => {
		const { overrides, reopenStatuses } = readOverrides(ctx, itemIndex);
		return { json: item.json, ticket: routingTicketOf(item.json as Ticket, overrides, reopenStatuses) };
	};
	return await routeAllItems(ctx, OUTPUT_NAMES.length, read, (entries) => {
		const roster = readRoster(ctx);
		const matrix = readMatrix(ctx);
		const settings = readRouterSettings(ctx);
		const records = routeBatch(entries.map((entry) => entry.value.ticket), roster, matrix, settings, readNow(ctx, 0));
		return records.map((routing, position) => ({
			output: OUTPUT_OF[routing.outcome],
			json: { ...entries[position].value.json, routing: routing as unknown as IDataObject },
		}));
	});
}
