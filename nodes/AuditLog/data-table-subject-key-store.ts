import type { IExecuteFunctions } from 'n8n-workflow';

import type { SubjectKeyMaterial } from '../../engine/audit';
import { anyOf, type DataTablesApi, dataTablesApi, eq, type Row, where } from '../SlaStore/transport';
import { auditTableId } from './audit-table';
import { newSubjectKey, type SubjectKeyStore } from './subject-key-store';

/**
 * Subject keys in an n8n Data Table (n8n's database), reached with the SLA Store credential, so every
 * queue-mode worker shares them. Data Tables have no unique constraint: a writer inserts the keys it
 * needs and then reads them back, and the row with the lowest id wins, so two writers that create a
 * subject's key at once both use the first one.
 */
export const DEFAULT_SUBJECT_TABLE = 'sla_audit_subjects';

const COLUMNS = [
	{ name: 'lookup', type: 'string' },
	{ name: 'subjectId', type: 'string' },
	{ name: 'salt', type: 'string' },
	// createdAt is a system column of every Data Table
	{ name: 'keyedAt', type: 'number' },
] as const;

/** The filter API takes conditions in groups; 50 lookups a query keeps the URL short. */
const CHUNK = 50;

export class DataTableSubjectKeyStore implements SubjectKeyStore {
	private tableId: string | null = null;

	constructor(
		private readonly api: DataTablesApi,
		readonly table: string = DEFAULT_SUBJECT_TABLE,
	) {}

	get name(): string {
		return `Data Table ${this.table}`;
	}

	private async id(): Promise<string> {
		return (this.tableId ??= await auditTableId(this.api, this.table, COLUMNS));
	}

	/** The first-stored row of each lookup. */
	private async read(tableId: string, lookups: ReadonlyArray<string>): Promise<Map<string, Row>> {
		const first = new Map<string, Row>();
		for (let start = 0; start < lookups.length; start += CHUNK) {
			const chunk = lookups.slice(start, start + CHUNK);
			const rows = await this.api.rows(tableId, { filter: anyOf(...chunk.map((lookup) => eq('lookup', lookup))) });
			for (const row of rows) {
				const lookup = String(row.lookup);
				const kept = first.get(lookup);
				if (!kept || row.id < kept.id) first.set(lookup, row);
			}
		}
		return first;
	}

	async materialFor(lookups: ReadonlyArray<string>, now: number): Promise<Map<string, SubjectKeyMaterial>> {
		const unique = [...new Set(lookups)];
		if (unique.length === 0) return new Map();
		const tableId = await this.id();
		let rows = await this.read(tableId, unique);
		const missing = unique.filter((lookup) => !rows.has(lookup));
		if (missing.length) {
			await this.api.insert(
				tableId,
				missing.map((lookup) => {
					const { createdAt, ...key } = newSubjectKey(lookup, now);
					return { ...key, keyedAt: createdAt };
				}),
			);
			rows = await this.read(tableId, unique);
		}
		const material = new Map<string, SubjectKeyMaterial>();
		for (const lookup of unique) {
			const row = rows.get(lookup);
			if (!row) throw new Error(`the key of a data subject could not be stored in ${this.name}`);
			material.set(lookup, { subjectId: String(row.subjectId), salt: String(row.salt) });
		}
		return material;
	}

	async find(lookup: string): Promise<SubjectKeyMaterial | null> {
		const first = (await this.read(await this.id(), [lookup])).get(lookup);
		return first ? { subjectId: String(first.subjectId), salt: String(first.salt) } : null;
	}

	async erase(lookup: string): Promise<SubjectKeyMaterial | null> {
		const tableId = await this.id();
		const first = (await this.read(tableId, [lookup])).get(lookup);
		if (!first) return null;
		await this.api.delete(tableId, where(eq('lookup', lookup)));
		return { subjectId: String(first.subjectId), salt: String(first.salt) };
	}
}

export async function dataTableSubjectKeyStore(ctx: IExecuteFunctions, table?: string): Promise<DataTableSubjectKeyStore> {
	return new DataTableSubjectKeyStore(await dataTablesApi(ctx), table);
}
