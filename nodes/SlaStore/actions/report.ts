/** SLA Report: the KPIs of the article's checklist over the stored tickets, as JSON and as Slack text. */
import type { IDataObject } from 'n8n-workflow';

import { reportText, slaReport } from '../../../engine/kpi';
import type { Routed, StoreContext } from './context';


export async function report(store: StoreContext, itemIndex: number): Promise<Routed> {
	const now = store.now(itemIndex);
	const periodMs = Number(store.ctx.getNodeParameter('periodHours', itemIndex, 24)) * 3_600_000;
	const includeDrill = store.ctx.getNodeParameter('includeDrill', itemIndex, false) as boolean;
	const timezone = String(store.ctx.getNodeParameter('reportTimezone', itemIndex, 'UTC') || 'UTC');
	const tickets = await store.tickets.all([]);
	const figures = slaReport({ tickets, from: now - periodMs, to: now, now, includeDrill });
	return { output: 0, json: { report: figures as unknown as IDataObject, text: reportText(figures, timezone) } };
}
