/**
 * Dashboard: the live SLA dashboard's figures (engine/kpi, slaDashboard) over the stored tickets and
 * the audit trail's report, answered as an HTML page (to send with Respond to Webhook) or as JSON.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_DAYS, slaDashboard } from '../../../engine/kpi';
import { ParameterError } from '../../shared/parameters';
import { dashboardAssets, dashboardHtml } from '../dashboard-page';
import type { Routed, StoreContext } from './context';

function wholeNumber(store: StoreContext, itemIndex: number, name: string, displayName: string, fallback: number, min: number, max: number): number {
	const value = Number(store.ctx.getNodeParameter(name, itemIndex, fallback));
	if (!Number.isInteger(value) || value < min || value > max) throw new ParameterError(displayName, `must be a whole number from ${min} to ${max}, got ${String(store.ctx.getNodeParameter(name, itemIndex, fallback))}`);
	return value;
}

/** The Audit Log Report result (`audit`), or the error its node passed on (`{ error }`). */
function auditOf(ctx: IExecuteFunctions, itemIndex: number, value: unknown): { audit?: unknown; auditError?: unknown } {
	if (value === null || value === undefined || value === '') return {};
	if (typeof value === 'string') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'Audit Trail Report: is not valid JSON', { itemIndex, description: 'Map the Audit Log node\'s output, e.g. {{ $json.audit }}.' });
		}
		return auditOf(ctx, itemIndex, parsed);
	}
	const fields = value as { error?: unknown; report?: unknown };
	return fields.error !== undefined && fields.report === undefined ? { auditError: fields.error } : { audit: value };
}

export async function dashboard(store: StoreContext, itemIndex: number): Promise<Routed> {
	const { ctx } = store;
	const now = store.now(itemIndex);
	const days = wholeNumber(store, itemIndex, 'days', 'Days', 14, 1, MAX_DAYS);
	const listLimit = wholeNumber(store, itemIndex, 'listLimit', 'Tickets Listed', 50, 0, 1000);
	const refreshSeconds = wholeNumber(store, itemIndex, 'refreshSeconds', 'Refresh (Seconds)', 60, 0, 86_400);
	const timezone = String(ctx.getNodeParameter('timezone', itemIndex, 'UTC') || 'UTC').trim();
	const includeDrill = ctx.getNodeParameter('includeDrill', itemIndex, false) as boolean;
	const format = String(ctx.getNodeParameter('format', itemIndex, 'page'));
	const audit = auditOf(ctx, itemIndex, ctx.getNodeParameter('auditReport', itemIndex, null));
	// Days back from now, plus one for a time zone ahead of UTC: the figures drop what is outside.
	const tickets = await store.tickets.openOrActiveSince(now - (days + 1) * 86_400_000);
	let figures;
	try {
		figures = slaDashboard({ tickets, now, days, timezone, includeDrill, listLimit, ...audit });
	} catch (error) {
		const timezoneWrong = error instanceof RangeError && /time zone/.test(error.message);
		throw new NodeOperationError(ctx.getNode(), `${timezoneWrong ? 'Time Zone: ' : ''}${(error as Error).message}`, {
			itemIndex,
			description: timezoneWrong ? 'Use an IANA name such as Europe/Berlin or UTC.' : undefined,
		});
	}
	const dashboardJson = figures as unknown as IDataObject;
	if (format === 'json') return { output: 0, json: { dashboard: dashboardJson, contentType: 'application/json; charset=utf-8', body: JSON.stringify(figures) } };
	if (format !== 'page') throw new ParameterError('Respond With', `"${format}" is not one of Page, Figures`);
	return { output: 0, json: { dashboard: dashboardJson, contentType: 'text/html; charset=utf-8', body: dashboardHtml({ dashboard: figures, refreshSeconds }, dashboardAssets()) } };
}
