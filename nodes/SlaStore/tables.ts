/**
 * The SLA store's Data Tables and their columns. Whole records (a ticket with its events, a policy
 * document) are kept as JSON text in `record`/`document`; the other columns are what the store
 * filters and sorts on, so a sweep asks n8n only for the tickets that are due.
 */
import { keptTableId } from './table-id-cache';
import type { ColumnType, DataTablesApi, TableInfo } from './transport';

export type TableName = 'tickets' | 'events' | 'escalations' | 'incidents' | 'deadLetters' | 'config' | 'policyVersions';

export const TABLES: Record<TableName, { suffix: string; columns: Record<string, ColumnType> }> = {
	tickets: {
		suffix: 'tickets',
		columns: {
			key: 'string',
			source: 'string',
			ticketId: 'string',
			customerKey: 'string',
			status: 'string',
			priority: 'string',
			tier: 'string',
			open: 'boolean',
			openedAt: 'date',
			nextCheckAt: 'date',
			slaState: 'string',
			assignee: 'string',
			queue: 'string',
			escalationLevel: 'number',
			mergedInto: 'string',
			lastActivityAt: 'date',
			pausedSince: 'date',
			leaseUntil: 'date',
			leaseOwner: 'string',
			version: 'number',
			drill: 'boolean',
			record: 'string',
		},
	},
	events: {
		suffix: 'events',
		columns: { eventId: 'string', ticketKey: 'string', type: 'string', at: 'date', status: 'string', drill: 'boolean' },
	},
	escalations: {
		suffix: 'escalations',
		columns: { key: 'string', ticketKey: 'string', metric: 'string', level: 'number', name: 'string', firedAt: 'date', drill: 'boolean' },
	},
	incidents: {
		suffix: 'incidents',
		columns: { ticketKey: 'string', severity: 'string', identifiedAt: 'date', complete: 'boolean', drill: 'boolean', record: 'string' },
	},
	deadLetters: {
		suffix: 'dead_letters',
		columns: {
			key: 'string',
			workflowId: 'string',
			workflowName: 'string',
			executionId: 'string',
			executionUrl: 'string',
			node: 'string',
			message: 'string',
			status: 'string',
			attempts: 'number',
			lastAttemptAt: 'date',
			drill: 'boolean',
			replay: 'string',
		},
	},
	config: {
		suffix: 'config',
		columns: { name: 'string', version: 'number', status: 'string', author: 'string', activatedAt: 'date', document: 'string' },
	},
	// Versions of policy sets under change control (policy-version-store.ts); the whole version in `record`.
	policyVersions: {
		suffix: 'policy_versions',
		columns: { set: 'string', version: 'number', state: 'string', authorId: 'string', approverId: 'string', effectiveAt: 'date', record: 'string' },
	},
};

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** The Data Table ids of one store (one prefix), looked up once per execution, or once per process (table-id-cache.ts). */
export class Tables {
	private readonly ids = new Map<TableName, Promise<string>>();

	constructor(
		readonly api: DataTablesApi,
		readonly prefix: string,
	) {}

	nameOf(table: TableName): string {
		return `${this.prefix}${TABLES[table].suffix}`;
	}

	id(table: TableName): Promise<string> {
		let id = this.ids.get(table);
		if (!id) {
			const name = this.nameOf(table);
			id = keptTableId(this.api.scope, name, async () => {
				const found = await this.api.findTable(name);
				if (!found) throw new MissingTableError(name);
				return found.id;
			});
			id.catch(() => this.ids.delete(table));
			this.ids.set(table, id);
		}
		return id;
	}

	/** Creates every table that does not exist yet; existing tables are left as they are. */
	async ensureAll(): Promise<Array<{ table: string; id: string; created: boolean }>> {
		const out = [];
		for (const table of TABLE_NAMES) {
			const name = this.nameOf(table);
			const found: TableInfo | null = await this.api.findTable(name);
			const info = found ?? (await this.api.createTable(name, Object.entries(TABLES[table].columns).map(([column, type]) => ({ name: column, type }))));
			out.push({ table: name, id: info.id, created: found === null });
		}
		return out;
	}
}

export class MissingTableError extends Error {
	readonly hint = 'Run the SLA Store operation "Set Up Tables" once (npm start does it), or check the Table Prefix.';

	constructor(readonly table: string) {
		super(`The Data Table "${table}" does not exist`);
	}
}
