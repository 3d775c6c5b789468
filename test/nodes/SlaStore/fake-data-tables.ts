/**
 * An in-memory stand-in for n8n's Data Tables as the SLA Store reaches them (`DataTablesApi`), built
 * to behave like n8n 2.8.4's public API where the store depends on it:
 * - tables by exact name (a second table of one name is refused), columns typed string, number,
 *   boolean or date, plus the system columns `id` (auto-increment, never reused), `createdAt` and
 *   `updatedAt`;
 * - every value checked against its column's type with n8n's own `validateFieldType`, as n8n does;
 *   an unknown column is refused; date values are kept as UTC instants and come back as ISO text;
 * - filters `{ type: and|or, filters: [{ columnName, condition, value }] }` with n8n's meanings:
 *   `eq null` is "empty", `neq x` also matches empty cells, `like` is case-sensitive and `ilike` not,
 *   both with `%` as the only wildcard and wrapped in `%…%` when the value has none;
 * - `sortBy` (empty cells first when ascending, as SQLite sorts them), `limit`, and reads page by page
 *   (250 rows a page, each page read at its own moment, like the transport's cursor paging);
 * - insert returns the rows as stored; update returns only the rows it changed; delete returns the
 *   rows it removed; update and delete refuse an empty filter;
 * - `execution(id)` answers with the executions a test put in, or null.
 *
 * Every call is atomic on its own (one SQL statement in n8n) and nothing more: each one first waits a
 * few turns of the event loop (`setImmediate`, a seeded random number of times), touches the state,
 * and waits again before its answer arrives. So executions run with Promise.all really interleave
 * their reads and writes, and only the store's compare-and-set can keep them apart.
 *
 * With `dates: 'sqlite-text'` date cells are kept the way n8n 2.8.4 writes them to SQLite
 * ("2026-03-10 09:00:00.000") while filter values arrive as n8n normalises them
 * ("2026-03-10T09:00:00.000Z"), and comparisons are on the text, as SQLite makes them.
 */
import type { IDataObject } from 'n8n-workflow';
import { validateFieldType } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import type { Cell, ColumnType, Condition, DataTablesApi, Filter, Row, RowQuery, TableInfo } from '../../../nodes/SlaStore/transport';
import { int, mulberry32, type Random } from '../../support/random';

export type ApiMethod = keyof DataTablesApi;

/** One call as the fake saw it, for counting and for failure rules. */
export interface ApiCall {
	method: ApiMethod;
	/** The table's name, when the call is about one table. */
	table?: string;
	/** The arguments as they would travel over HTTP (JSON). */
	args: unknown[];
}

export interface FakeOptions {
	/** Seed of the waits before and after each call; the same seed gives the same interleaving. */
	seed?: number;
	/** Most event-loop turns waited on each side of a call (at least one is always waited). */
	maxTurns?: number;
	/** Rows per page of a read (n8n answers at most 250). */
	pageSize?: number;
	/** How date cells compare: as instants, or as n8n 2.8.4 on SQLite compares them (text). */
	dates?: 'instant' | 'sqlite-text';
	/** The clock of createdAt and updatedAt. */
	clock?: () => number;
}

/** An error as n8n's API reports a refused request (the transport would wrap it in a NodeApiError). */
export class FakeApiError extends Error {
	constructor(
		readonly httpCode: number,
		message: string,
	) {
		super(message);
	}
}

interface StoredTable {
	info: TableInfo & { columns: Array<{ name: string; type: ColumnType }> };
	types: Map<string, ColumnType>;
	rows: Array<Record<string, Cell> & { id: number }>;
	nextId: number;
}

const SYSTEM_TYPES: Record<string, ColumnType> = { id: 'number', createdAt: 'date', updatedAt: 'date' };
const FIELD_TYPE = { string: 'string', number: 'number', boolean: 'boolean', date: 'dateTime' } as const;
const COLUMN_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const METHODS: ApiMethod[] = ['findTable', 'createTable', 'rows', 'insert', 'update', 'delete', 'execution'];

const json = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export class FakeDataTables implements DataTablesApi {
	/** Calls per method since the start or the last resetCalls(). */
	readonly calls: Record<ApiMethod, number> = Object.fromEntries(METHODS.map((method) => [method, 0])) as Record<ApiMethod, number>;
	/** HTTP requests n8n would have answered (a read of three pages is three). */
	requests = 0;
	/** Every call in the order it touched the state. */
	readonly log: ApiCall[] = [];

	private readonly tables = new Map<string, StoredTable>();
	private readonly executions = new Map<string, IDataObject>();
	private readonly failures: Array<{ when: (call: ApiCall) => boolean; error: () => Error; times: number }> = [];
	private readonly random: Random;
	private readonly maxTurns: number;
	private readonly pageSize: number;
	private readonly dates: 'instant' | 'sqlite-text';
	private readonly clock: () => number;
	private nextTableId = 1;

	constructor(options: FakeOptions = {}) {
		this.random = mulberry32(options.seed ?? 1);
		this.maxTurns = Math.max(1, options.maxTurns ?? 3);
		this.pageSize = options.pageSize ?? 250;
		this.dates = options.dates ?? 'instant';
		this.clock = options.clock ?? Date.now;
	}

	// ---- DataTablesApi ----

	async findTable(name: string): Promise<TableInfo | null> {
		return await this.call({ method: 'findTable', args: [name] }, () => {
			const table = this.byName(name);
			return table ? json(table.info) : null;
		});
	}

	async createTable(name: string, columns: Array<{ name: string; type: ColumnType }>): Promise<TableInfo> {
		return await this.call({ method: 'createTable', table: name, args: [name, columns] }, () => this.createTableNow(name, columns));
	}

	async rows(tableId: string, query: RowQuery): Promise<Row[]> {
		const wanted = query.limit ?? Infinity;
		const page = Math.min(this.pageSize, wanted);
		const call: ApiCall = { method: 'rows', table: this.nameOf(tableId), args: json([tableId, query]) };
		this.calls.rows++;
		const out: Row[] = [];
		let offset = 0;
		let more = true;
		// Each page is its own request, read at its own moment: rows written between pages shift the pages.
		while (more && out.length < wanted) {
			await this.turns();
			this.requests++;
			this.touch(call);
			const matches = this.select(this.table(tableId), query.filter, query.sortBy);
			out.push(...json(matches.slice(offset, offset + page)).map((row) => this.output(this.table(tableId), row)));
			offset += page;
			more = matches.length > offset;
		}
		await this.turns();
		return out.length > wanted ? out.slice(0, wanted) : out;
	}

	async insert(tableId: string, rows: Array<Record<string, Cell>>): Promise<Row[]> {
		return await this.call({ method: 'insert', table: this.nameOf(tableId), args: json([tableId, rows]) }, (call) => {
			const table = this.table(tableId);
			const [, sent] = call.args as [string, Array<Record<string, unknown>>];
			// n8n checks every row before it writes any.
			const checked = sent.map((row) => this.cells(table, row, false));
			const at = this.instant(this.clock());
			return checked.map((cells) => {
				const row = { ...Object.fromEntries(table.info.columns.map((column) => [column.name, null])), ...cells, id: table.nextId++, createdAt: at, updatedAt: at };
				table.rows.push(row);
				return this.output(table, json(row));
			});
		});
	}

	async update(tableId: string, filter: Filter, data: Record<string, Cell>): Promise<Row[]> {
		return await this.call({ method: 'update', table: this.nameOf(tableId), args: json([tableId, filter, data]) }, (call) => {
			const table = this.table(tableId);
			const [, sentFilter, sentData] = call.args as [string, Filter, Record<string, unknown>];
			if (!sentFilter?.filters?.length) throw new FakeApiError(400, 'Filter must not be empty');
			if (!sentData || Object.keys(sentData).length === 0) throw new FakeApiError(400, 'Data columns must not be empty');
			const cells = this.cells(table, sentData, false);
			const matches = this.select(table, sentFilter);
			const at = this.instant(this.clock());
			for (const row of matches) Object.assign(row, cells, { updatedAt: at });
			return json(matches).map((row) => this.output(table, row));
		});
	}

	async delete(tableId: string, filter: Filter): Promise<Row[]> {
		return await this.call({ method: 'delete', table: this.nameOf(tableId), args: json([tableId, filter]) }, (call) => {
			const table = this.table(tableId);
			const [, sentFilter] = call.args as [string, Filter];
			if (!sentFilter?.filters?.length) throw new FakeApiError(400, 'Filter is required for delete operations to prevent accidental deletion of all data');
			const matches = new Set(this.select(table, sentFilter));
			table.rows = table.rows.filter((row) => !matches.has(row));
			return json([...matches]).map((row) => this.output(table, row));
		});
	}

	async execution(executionId: string): Promise<IDataObject | null> {
		return await this.call({ method: 'execution', args: [executionId] }, () => json(this.executions.get(executionId) ?? null));
	}

	// ---- for tests ----

	/** Creates a table at once (no waiting, not counted), as a test's starting state. */
	createTableNow(name: string, columns: Array<{ name: string; type: ColumnType }>): TableInfo {
		if (this.byName(name)) throw new FakeApiError(409, `Data table with name '${name}' already exists in this project`);
		for (const column of columns) {
			if (!COLUMN_NAME.test(column.name) || column.name in SYSTEM_TYPES) throw new FakeApiError(400, `Invalid column name '${column.name}'`);
		}
		const id = `dt${this.nextTableId++}`;
		const table: StoredTable = { info: { id, name, columns: json(columns) }, types: new Map(columns.map((column) => [column.name, column.type])), rows: [], nextId: 1 };
		this.tables.set(id, table);
		return json(table.info);
	}

	/** Inserts rows at once (no waiting, not counted), checked like any insert. */
	insertNow(tableName: string, rows: Array<Record<string, unknown>>): Row[] {
		const table = this.mustByName(tableName);
		const at = this.instant(this.clock());
		return json(rows).map((sent) => {
			const row = { ...Object.fromEntries(table.info.columns.map((column) => [column.name, null])), ...this.cells(table, sent, false), id: table.nextId++, createdAt: at, updatedAt: at };
			table.rows.push(row);
			return this.output(table, json(row));
		});
	}

	/** A copy of a table's rows, in id order, as the API would return them. */
	dump(tableName: string): Row[] {
		const table = this.mustByName(tableName);
		return json(table.rows).map((row) => this.output(table, row));
	}

	tableNames(): string[] {
		return [...this.tables.values()].map((table) => table.info.name);
	}

	columnsOf(tableName: string): Array<{ name: string; type: ColumnType }> {
		return json(this.mustByName(tableName).info.columns);
	}

	/** What execution(id) answers for `id` (n8n's GET /executions/:id?includeData=true). */
	addExecution(executionId: string, execution: IDataObject): void {
		this.executions.set(executionId, json(execution));
	}

	/** Makes the next `times` calls matching `when` fail (before they touch anything) with `error`. */
	failWhen(when: (call: ApiCall) => boolean, error: string | (() => Error) = 'The Data Tables API is unavailable', times = Infinity): void {
		this.failures.push({ when, error: typeof error === 'string' ? () => new FakeApiError(503, error) : error, times });
	}

	/** Calls of `method` (on `table`, by name, when given) in the log. */
	count(method: ApiMethod, table?: string): number {
		return this.log.filter((call) => call.method === method && (table === undefined || call.table === table)).length;
	}

	resetCalls(): void {
		for (const method of METHODS) this.calls[method] = 0;
		this.requests = 0;
		this.log.length = 0;
	}

	// ---- inside ----

	private async call<T>(call: ApiCall, act: (call: ApiCall) => T): Promise<T> {
		this.calls[call.method]++;
		await this.turns();
		this.requests++;
		this.touch(call);
		const result = act(call);
		await this.turns();
		return result;
	}

	/** Logs the call and raises an injected failure, the moment the call reaches the state. */
	private touch(call: ApiCall): void {
		this.log.push(call);
		const failure = this.failures.find((rule) => rule.times > 0 && rule.when(call));
		if (failure) {
			failure.times--;
			throw failure.error();
		}
	}

	private async turns(): Promise<void> {
		const turns = 1 + int(this.random, this.maxTurns);
		for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
	}

	private byName(name: string): StoredTable | undefined {
		return [...this.tables.values()].find((table) => table.info.name === name);
	}

	private mustByName(name: string): StoredTable {
		const table = this.byName(name);
		if (!table) throw new Error(`the fake has no table "${name}" (it has ${this.tableNames().join(', ') || 'none'})`);
		return table;
	}

	private nameOf(tableId: string): string | undefined {
		return this.tables.get(tableId)?.info.name;
	}

	private table(tableId: string): StoredTable {
		const table = this.tables.get(tableId);
		if (!table) throw new FakeApiError(404, `Could not find the data table '${tableId}'`);
		return table;
	}

	private typeOf(table: StoredTable, column: string, system: boolean): ColumnType {
		const type = table.types.get(column) ?? (system ? SYSTEM_TYPES[column] : undefined);
		if (!type) throw new FakeApiError(400, `unknown column name '${column}'`);
		return type;
	}

	/** The cells of a row or an update as n8n stores them, checked against the columns' types. */
	private cells(table: StoredTable, sent: Record<string, unknown>, system: boolean): Record<string, Cell> {
		const out: Record<string, Cell> = {};
		for (const [column, value] of Object.entries(sent)) out[column] = this.cell(column, value, this.typeOf(table, column, system));
		return out;
	}

	private cell(column: string, value: unknown, type: ColumnType): Cell {
		if (value === null || value === undefined) return null;
		const result = validateFieldType(column, value, FIELD_TYPE[type], { strict: false, parseStrings: false });
		if (!result.valid) throw new FakeApiError(400, `value '${String(value)}' does not match column type '${type}': ${result.errorMessage}`);
		if (type === 'date') return this.instant((result.newValue as unknown as DateTime).toMillis());
		return result.newValue as Cell;
	}

	/** A date cell as kept inside the fake. */
	private instant(ms: number): string {
		const iso = new Date(ms).toISOString();
		return this.dates === 'sqlite-text' ? iso.replace('T', ' ').replace('Z', '') : iso;
	}

	/** A stored row as the API answers it: date cells as ISO-8601 UTC text. */
	private output(table: StoredTable, row: Record<string, Cell>): Row {
		const out: Record<string, Cell> = { ...row };
		for (const [column, value] of Object.entries(row)) {
			const type = table.types.get(column) ?? SYSTEM_TYPES[column];
			if (type === 'date' && typeof value === 'string') out[column] = new Date(this.dates === 'sqlite-text' ? `${value.replace(' ', 'T')}Z` : value).toISOString();
		}
		return out as Row;
	}

	/** The rows matching the filter, in the order asked for (id order when none), as stored (not copies). */
	private select(table: StoredTable, filter?: Filter, sortBy?: [string, 'asc' | 'desc']): Array<Record<string, Cell> & { id: number }> {
		const conditions = (filter?.filters ?? []).map((condition) => this.condition(table, condition));
		const any = filter?.type === 'or';
		const matches = table.rows.filter((row) => conditions.length === 0 || (any ? conditions.some((test) => test(row)) : conditions.every((test) => test(row))));
		if (!sortBy) return matches;
		const [column, direction] = sortBy;
		const type = this.typeOf(table, column, true);
		if (direction !== 'asc' && direction !== 'desc') throw new FakeApiError(400, 'Invalid sort direction');
		const sign = direction === 'asc' ? 1 : -1;
		// Empty cells are the smallest, as SQLite sorts them: first ascending, last descending.
		return [...matches].sort((a, b) => sign * this.compare(type, a[column], b[column]));
	}

	private condition(table: StoredTable, condition: Condition): (row: Record<string, Cell>) => boolean {
		const { columnName, value } = condition;
		const kind = condition.condition ?? 'eq';
		const type = this.typeOf(table, columnName, true);
		if (value === null) {
			if (kind === 'eq') return (row) => row[columnName] === null;
			if (kind === 'neq') return (row) => row[columnName] !== null;
			throw new FakeApiError(400, `${kind.toUpperCase()} filter value cannot be null or undefined`);
		}
		if (kind === 'like' || kind === 'ilike') {
			if (typeof value !== 'string') throw new FakeApiError(400, `${kind.toUpperCase()} filter value must be a string`);
			const pattern = value.includes('%') ? value : `%${value}%`;
			const regex = new RegExp(`^${pattern.split('%').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, kind === 'ilike' ? 'is' : 's');
			return (row) => row[columnName] !== null && regex.test(String(row[columnName]));
		}
		// Filter values are normalised like cells; a date value arrives as ISO-8601 UTC with a 'T' and a 'Z'.
		const wanted = type === 'date' ? this.filterDate(columnName, value) : this.cell(columnName, value, type);
		const test = (cell: Cell): boolean => {
			const order = this.compare(type, cell, wanted);
			switch (kind) {
				case 'eq':
					return order === 0;
				case 'neq':
					return order !== 0;
				case 'gt':
					return order > 0;
				case 'gte':
					return order >= 0;
				case 'lt':
					return order < 0;
				case 'lte':
					return order <= 0;
			}
			throw new FakeApiError(400, `Unsupported filter condition: ${String(kind)}`);
		};
		// SQL: a comparison with an empty cell is never true, except "is not".
		return (row) => (row[columnName] === null ? kind === 'neq' : test(row[columnName]));
	}

	private filterDate(column: string, value: Cell): Cell {
		const cell = this.cell(column, value, 'date') as string;
		return this.dates === 'sqlite-text' ? `${cell.replace(' ', 'T')}Z` : cell;
	}

	private compare(type: ColumnType, a: Cell, b: Cell): number {
		if (a === b) return 0;
		if (a === null) return -1;
		if (b === null) return 1;
		if (type === 'date' && this.dates === 'instant') return Math.sign(Date.parse(String(a)) - Date.parse(String(b)));
		if (type === 'number') return Math.sign(Number(a) - Number(b));
		if (type === 'boolean') return Number(a) - Number(b);
		return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
	}
}
