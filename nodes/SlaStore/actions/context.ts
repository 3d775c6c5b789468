import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readNow } from '../../shared/parameters';
import { Tables } from '../tables';
import { TicketStore } from '../ticket-store';
import { dataTablesApi } from '../transport';

/** Where one result goes: the output's index and the item's JSON. */
export interface Routed {
	output: number;
	json: IDataObject;
}

/** What every operation works with: n8n's context, the store's tables and its tickets. */
export interface StoreContext {
	ctx: IExecuteFunctions;
	items: INodeExecutionData[];
	tables: Tables;
	tickets: TicketStore;
	now(itemIndex: number): number;
}

export async function storeContext(ctx: IExecuteFunctions): Promise<StoreContext> {
	const prefix = String(ctx.getNodeParameter('tablePrefix', 0, 'sla_'));
	const tables = new Tables(await dataTablesApi(ctx), prefix);
	return { ctx, items: ctx.getInputData(), tables, tickets: new TicketStore(tables), now: (itemIndex) => readNow(ctx, itemIndex) };
}
