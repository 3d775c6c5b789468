import type { ColumnType, DataTablesApi } from '../SlaStore/transport';
import { keptTableId } from '../SlaStore/table-id-cache';

/**
 * The id of the audit's Data Table of that name, created with these columns on first use (another
 * execution may create it first); kept for the process as the store's tables are (table-id-cache.ts).
 */
export async function auditTableId(api: DataTablesApi, name: string, columns: ReadonlyArray<{ name: string; type: ColumnType }>): Promise<string> {
	return await keptTableId(api.scope, name, () => findOrCreate(api, name, columns));
}

async function findOrCreate(api: DataTablesApi, name: string, columns: ReadonlyArray<{ name: string; type: ColumnType }>): Promise<string> {
	const found = await api.findTable(name);
	if (found) return found.id;
	const made = await api.createTable(name, [...columns]).catch((error: Error) => error);
	if (!(made instanceof Error)) return made.id;
	const created = await api.findTable(name);
	if (!created) throw made;
	return created.id;
}
