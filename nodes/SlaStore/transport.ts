/**
 * The one network module of the SLA Store: n8n's public Data Tables API (/api/v1/data-tables), called
 * with the SLA Store credential. n8n keeps its Data Table helpers for its own nodes, so a community
 * node reaches the same tables through the API n8n documents for them.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { forgetTableId, storeScope } from './table-id-cache';

export const CREDENTIAL = 'slaStoreApi';

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell> & { id: number };

export interface Condition {
	columnName: string;
	condition?: 'eq' | 'neq' | 'like' | 'ilike' | 'gt' | 'gte' | 'lt' | 'lte';
	value: Cell;
}

export interface Filter {
	type: 'and' | 'or';
	filters: Condition[];
}

export interface TableInfo {
	id: string;
	name: string;
	columns?: Array<{ name: string; type: ColumnType }>;
}

export interface RowQuery {
	filter?: Filter;
	sortBy?: [string, 'asc' | 'desc'];
	limit?: number;
}

/** What the store needs of n8n's Data Tables; a fake of it backs the node tests. */
export interface DataTablesApi {
	/** Which n8n and API key this is (table-id-cache.ts); none for a store whose table ids are not kept across executions. */
	readonly scope?: string;
	findTable(name: string): Promise<TableInfo | null>;
	createTable(name: string, columns: Array<{ name: string; type: ColumnType }>): Promise<TableInfo>;
	/** Every row matching the query, page by page (n8n answers at most 250 rows a page). */
	rows(tableId: string, query: RowQuery): Promise<Row[]>;
	insert(tableId: string, rows: Array<Record<string, Cell>>): Promise<Row[]>;
	/** Updates the matching rows and returns them as updated: an empty list when none matched. */
	update(tableId: string, filter: Filter, data: Record<string, Cell>): Promise<Row[]>;
	delete(tableId: string, filter: Filter): Promise<Row[]>;
	execution(executionId: string): Promise<IDataObject | null>;
}

export const where = (...filters: Condition[]): Filter => ({ type: 'and', filters });
export const anyOf = (...filters: Condition[]): Filter => ({ type: 'or', filters });
export const eq = (columnName: string, value: Cell): Condition => ({ columnName, condition: 'eq', value });

const PAGE = 250;

function statusOf(error: unknown): number | null {
	const { httpCode, statusCode, response } = (error ?? {}) as { httpCode?: unknown; statusCode?: unknown; response?: { status?: unknown } };
	const status = Number(httpCode ?? statusCode ?? response?.status);
	return Number.isFinite(status) ? status : null;
}

export async function dataTablesApi(ctx: IExecuteFunctions): Promise<DataTablesApi> {
	const credentials = await ctx.getCredentials<{ baseUrl: string; apiKey: string }>(CREDENTIAL);
	const base = `${String(credentials.baseUrl).replace(/\/+$/, '')}/api/v1`;
	const apiKey = String(credentials.apiKey ?? '');
	const scope = storeScope(base, apiKey);
	// The key as the credential's authenticate block sends it, read once: n8n's authenticated request
	// loads the credential from its database and decrypts it again on every call.
	const headers = { 'X-N8N-API-KEY': apiKey };
	const call = async <T>(method: IHttpRequestMethods, path: string, options: Partial<IHttpRequestOptions> = {}): Promise<T> => {
		try {
			return (await ctx.helpers.httpRequest({ method, url: `${base}${path}`, json: true, ...options, headers })) as T;
		} catch (error) {
			const table = /^\/data-tables\/([^/?]+)\//.exec(path);
			if (table && statusOf(error) === 404) forgetTableId(scope, table[1]);
			throw new NodeApiError(ctx.getNode(), error as JsonObject, {
				message: `n8n's Data Tables API answered ${method} ${path.split('?')[0]} with an error`,
				description: 'Check the SLA Store credential (n8n Base URL and an API key with data table scopes) and that the SLA tables exist (operation Set Up Tables).',
			});
		}
	};
	return {
		scope,
		async findTable(name) {
			const found = await call<{ data: TableInfo[] }>('GET', '/data-tables', { qs: { filter: JSON.stringify({ name }), limit: PAGE } });
			return found.data.find((table) => table.name === name) ?? null;
		},
		createTable: (name, columns) => call<TableInfo>('POST', '/data-tables', { body: { name, columns } }),
		async rows(tableId, query) {
			const out: Row[] = [];
			const wanted = query.limit ?? Infinity;
			const limit = Math.min(PAGE, wanted);
			let cursor: string | null | undefined;
			do {
				// The cursor carries the page position; the filter and order are sent again with every page.
				const qs: IDataObject = cursor ? { cursor } : { limit };
				if (query.filter) qs.filter = JSON.stringify(query.filter);
				if (query.sortBy) qs.sortBy = `${query.sortBy[0]}:${query.sortBy[1]}`;
				const page = await call<{ data: Row[]; nextCursor?: string | null }>('GET', `/data-tables/${tableId}/rows`, { qs });
				out.push(...page.data);
				cursor = page.nextCursor;
			} while (cursor && out.length < wanted);
			return out.length > wanted ? out.slice(0, wanted) : out;
		},
		insert: (tableId, rows) => call<Row[]>('POST', `/data-tables/${tableId}/rows`, { body: { data: rows, returnType: 'all' } }),
		update: (tableId, filter, data) => call<Row[]>('PATCH', `/data-tables/${tableId}/rows/update`, { body: { filter, data, returnData: true } }),
		delete: (tableId, filter) => call<Row[]>('DELETE', `/data-tables/${tableId}/rows/delete`, { qs: { filter: JSON.stringify(filter), returnData: true } }),
		async execution(executionId) {
			try {
				return await call<IDataObject>('GET', `/executions/${encodeURIComponent(executionId)}`, { qs: { includeData: true } });
			} catch {
				return null;
			}
		},
	};
}
