import type { IExecuteFunctions } from 'n8n-workflow';

import { type Cell, type DataTablesApi, dataTablesApi, eq, type Row, where } from '../SlaStore/transport';
import type { Anchor, AnchorStore } from './anchor-store';
import { auditTableId } from './audit-table';

/**
 * Anchors in an n8n Data Table, reached through n8n's public API with the SLA Store credential (the
 * same tables the SLA Store keeps): in n8n's database, apart from the trail file on disk. The table is
 * created on first use. A checkpoint anchored twice (a retry) is kept once: a second row at the same
 * sequence is ignored when the anchors are read (the first stored wins).
 */
export const DEFAULT_ANCHOR_TABLE = 'sla_audit_anchors';

const COLUMNS = [
	{ name: 'trail', type: 'string' },
	{ name: 'seq', type: 'number' },
	{ name: 'headHash', type: 'string' },
	{ name: 'at', type: 'number' },
	{ name: 'keyVersion', type: 'string' },
	{ name: 'mac', type: 'string' },
] as const;

export class DataTableAnchorStore implements AnchorStore {
	private tableId: string | null = null;

	constructor(
		private readonly api: DataTablesApi,
		readonly table: string = DEFAULT_ANCHOR_TABLE,
	) {}

	get name(): string {
		return `Data Table ${this.table}`;
	}

	private async id(): Promise<string> {
		return (this.tableId ??= await auditTableId(this.api, this.table, COLUMNS));
	}

	async put(anchors: ReadonlyArray<Anchor>, options: { signedNow?: boolean } = {}): Promise<void> {
		if (anchors.length === 0) return;
		const tableId = await this.id();
		// An anchor stored again is passed over when read (list keeps the first row of a sequence), so
		// the look-up only saves a row, for a checkpoint anchored again; a fresh one needs none.
		const toStore = options.signedNow ? anchors : await this.notKept(tableId, anchors);
		if (toStore.length) await this.api.insert(tableId, toStore.map(rowOf));
	}

	private async notKept(tableId: string, anchors: ReadonlyArray<Anchor>): Promise<Anchor[]> {
		const out: Anchor[] = [];
		for (const anchor of anchors) {
			const kept = await this.api.rows(tableId, { filter: where(eq('trail', anchor.trail), eq('seq', anchor.seq)), limit: 1 });
			if (kept.length === 0) out.push(anchor);
		}
		return out;
	}

	/** The trail's anchors by sequence; of two rows at one sequence, the first stored (lowest id). */
	async *list(trail: string): AsyncIterable<Anchor> {
		const tableId = await this.id();
		let held: Row | null = null;
		for (const row of await this.api.rows(tableId, { filter: where(eq('trail', trail)), sortBy: ['seq', 'asc'] })) {
			if (held && Number(row.seq) === Number(held.seq)) {
				if (row.id < held.id) held = row;
				continue;
			}
			if (held) yield anchorOf(trail, held);
			held = row;
		}
		if (held) yield anchorOf(trail, held);
	}
}

function rowOf(anchor: Anchor): Record<string, Cell> {
	return { trail: anchor.trail, seq: anchor.seq, headHash: anchor.headHash, at: anchor.at, keyVersion: anchor.keyVersion, mac: anchor.mac };
}

function anchorOf(trail: string, row: Row): Anchor {
	return { trail, seq: Number(row.seq), headHash: String(row.headHash), at: Number(row.at), keyVersion: String(row.keyVersion), mac: String(row.mac) };
}

export async function dataTableAnchorStore(ctx: IExecuteFunctions, table?: string): Promise<DataTableAnchorStore> {
	return new DataTableAnchorStore(await dataTablesApi(ctx), table);
}
