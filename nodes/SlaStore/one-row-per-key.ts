/**
 * One row per key in a table without unique constraints: of the rows of one key, the one with the
 * lowest id is the row. Two writers can both insert a first row of a key; the one whose row is not
 * the lowest deletes it. A writer that fails before it deletes leaves its row behind, so readers keep
 * the lowest row of each key and writers remove the others when they come across them.
 */
import { anyOf, type Cell, type DataTablesApi, eq, type Row, where } from './transport';

/** The rows without repeats of a key: each key once, at the place of its lowest row. */
export function lowestOfEachKey(rows: readonly Row[], column: string): Row[] {
	const lowest = new Map<Cell, number>();
	for (const row of rows) {
		const id = lowest.get(row[column]);
		if (id === undefined || row.id < id) lowest.set(row[column], row.id);
	}
	const kept = new Set<Cell>();
	return rows.filter((row) => {
		if (kept.has(row[column]) || lowest.get(row[column]) !== row.id) return false;
		kept.add(row[column]);
		return true;
	});
}

/** Deletes the rows as far as the API lets it: a row left behind is one the readers pass over. */
export async function removeRows(api: DataTablesApi, tableId: string, rows: readonly Row[]): Promise<void> {
	if (rows.length === 0) return;
	try {
		await api.delete(tableId, anyOf(...rows.map((row) => eq('id', row.id))));
	} catch {
		return;
	}
}

export type FirstInsert = { won: true; row: Row } | { won: false; row: Row | undefined };

/**
 * Inserts the first row of its key. `won` when it is the lowest row of the key; otherwise the row is
 * removed again and `row` is the one that came first.
 */
export async function insertFirst(api: DataTablesApi, tableId: string, column: string, row: Record<string, Cell>): Promise<FirstInsert> {
	const [inserted] = await api.insert(tableId, [row]);
	const [first] = await api.rows(tableId, { filter: where(eq(column, row[column])), sortBy: ['id', 'asc'], limit: 1 });
	if (first?.id === inserted.id) return { won: true, row: inserted };
	await removeRows(api, tableId, [inserted]);
	return { won: false, row: first };
}
