/**
 * The SLA Store's transport against a scripted n8n public API: the requests it makes for each call,
 * cursor paging, and failures as NodeApiError with what the builder should check.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { Tables } from '../../../nodes/SlaStore/tables';
import { dataTablesApi, eq, where } from '../../../nodes/SlaStore/transport';
import { executeContext } from '../../support/execute-context';

type Answer = (request: IHttpRequestOptions) => unknown;

function api(answer: Answer) {
	const ctx = executeContext({ items: [{}], parameters: {} });
	const requests: IHttpRequestOptions[] = [];
	ctx.getCredentials.mockResolvedValue({ baseUrl: 'http://n8n.local:5678//', apiKey: 'k' });
	const httpRequest = jest.fn(async (request: IHttpRequestOptions) => {
		expect(request.headers).toEqual({ 'X-N8N-API-KEY': 'k' });
		requests.push(request);
		return answer(request);
	});
	(ctx as unknown as { helpers: unknown }).helpers = { httpRequest };
	return { ctx, requests, connect: () => dataTablesApi(ctx) };
}

const cursorOf = (offset: number, limit: number) => Buffer.from(JSON.stringify({ offset, limit })).toString('base64');

describe('SLA Store transport', () => {
	it('reads rows page by page with the cursor, sending the filter and the order with every page', async () => {
		const total = Array.from({ length: 600 }, (_, n) => ({ id: n + 1 }));
		const { requests, connect } = api((request) => {
			const qs = request.qs as { cursor?: string; limit?: number };
			const { offset, limit } = qs.cursor ? (JSON.parse(Buffer.from(qs.cursor, 'base64').toString()) as { offset: number; limit: number }) : { offset: 0, limit: Number(qs.limit) };
			const data = total.slice(offset, offset + limit);
			return { data, nextCursor: offset + limit < total.length ? cursorOf(offset + limit, limit) : null };
		});
		const store = await connect();
		const rows = await store.rows('dt1', { filter: where(eq('open', true)), sortBy: ['id', 'asc'] });
		expect(rows).toHaveLength(600);
		expect(requests.map((request) => [request.method, request.url])).toEqual(Array(3).fill(['GET', 'http://n8n.local:5678/api/v1/data-tables/dt1/rows']));
		for (const request of requests) expect(request.qs).toMatchObject({ filter: JSON.stringify(where(eq('open', true))), sortBy: 'id:asc' });
		expect(requests[0].qs).toMatchObject({ limit: 250 });
		expect(requests[1].qs).toMatchObject({ cursor: cursorOf(250, 250) });
	});

	it('stops reading at the limit and asks for no more than it needs', async () => {
		const { requests, connect } = api(() => ({ data: Array.from({ length: 3 }, (_, n) => ({ id: n + 1 })), nextCursor: 'more' }));
		const rows = await (await connect()).rows('dt1', { limit: 3 });
		expect(rows).toHaveLength(3);
		expect(requests).toHaveLength(1);
		expect(requests[0].qs).toMatchObject({ limit: 3 });
	});

	it('finds a table by its exact name among the tables whose names match the filter', async () => {
		const { requests, connect } = api(() => ({ data: [{ id: 'a', name: 'sla_tickets_old' }, { id: 'b', name: 'sla_tickets' }] }));
		const store = await connect();
		expect(await store.findTable('sla_tickets')).toEqual({ id: 'b', name: 'sla_tickets' });
		expect(await store.findTable('sla_tick')).toBeNull();
		expect(requests[0]).toMatchObject({ method: 'GET', url: 'http://n8n.local:5678/api/v1/data-tables', qs: { filter: JSON.stringify({ name: 'sla_tickets' }) } });
	});

	it('inserts returning the rows, updates and deletes returning the rows they touched', async () => {
		const { requests, connect } = api(() => []);
		const store = await connect();
		await store.insert('dt1', [{ key: 'k' }]);
		await store.update('dt1', where(eq('id', 1), eq('version', 2)), { version: 3 });
		await store.delete('dt1', where(eq('id', 1)));
		expect(requests.map(({ method, url, body, qs }) => ({ method, url, body, qs }))).toEqual([
			{ method: 'POST', url: 'http://n8n.local:5678/api/v1/data-tables/dt1/rows', body: { data: [{ key: 'k' }], returnType: 'all' }, qs: undefined },
			{ method: 'PATCH', url: 'http://n8n.local:5678/api/v1/data-tables/dt1/rows/update', body: { filter: where(eq('id', 1), eq('version', 2)), data: { version: 3 }, returnData: true }, qs: undefined },
			{ method: 'DELETE', url: 'http://n8n.local:5678/api/v1/data-tables/dt1/rows/delete', body: undefined, qs: { filter: JSON.stringify(where(eq('id', 1))), returnData: true } },
		]);
	});

	it('turns a failed request into a NodeApiError that says what to check', async () => {
		const { connect } = api(() => {
			throw Object.assign(new Error('Request failed with status code 403'), { httpCode: '403' });
		});
		const error = await (await connect()).rows('dt1', {}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toBe("n8n's Data Tables API answered GET /data-tables/dt1/rows with an error");
		expect((error as NodeApiError).description).toMatch(/SLA Store credential/);
	});

	it('answers null for an execution n8n does not have (or will not show)', async () => {
		const { requests, connect } = api((request) => {
			if (String(request.url).endsWith('/executions/77')) return { id: '77' };
			throw Object.assign(new Error('Not Found'), { httpCode: '404' });
		});
		const store = await connect();
		expect(await store.execution('77')).toEqual({ id: '77' });
		expect(await store.execution('78')).toBeNull();
		expect(requests[0].qs).toEqual({ includeData: true });
	});

	it('reads the API key once and sends it on every call, and keeps table ids across executions until n8n answers 404 for one', async () => {
		let tableId = 'dt-first';
		const { ctx, requests, connect } = api((request) => {
			if (request.url === 'http://n8n.local:5678/api/v1/data-tables') return { data: [{ id: tableId, name: 'cache_tickets' }] };
			if (String(request.url).includes('/dt-first/')) throw Object.assign(new Error('Not Found'), { httpCode: '404' });
			return { data: [], nextCursor: null };
		});
		const lookups = () => requests.filter((request) => request.url === 'http://n8n.local:5678/api/v1/data-tables').length;
		const execution = async () => new Tables(await connect(), 'cache_').id('tickets');
		expect(await execution()).toBe('dt-first');
		expect(await execution()).toBe('dt-first');
		expect(lookups()).toBe(1);
		expect(ctx.getCredentials).toHaveBeenCalledTimes(2);
		// the table was deleted and set up again: the call with the old id fails, the next execution looks it up
		tableId = 'dt-second';
		await expect((await connect()).rows('dt-first', {})).rejects.toBeInstanceOf(NodeApiError);
		expect(await execution()).toBe('dt-second');
		expect(lookups()).toBe(2);
	});
});
