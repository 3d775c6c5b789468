/**
 * Where policy-set versions are kept: an interface the operations use, and its n8n Data Tables
 * implementation (one row per version; the whole version as JSON in `record`, the columns the store
 * filters on beside it). Changes are compare-and-set on the version's state, so two approvals or
 * activations of one version racing each other make one change.
 */
import type { PolicyVersion } from '../../engine/sla';
import type { Tables } from './tables';
import { eq, where, type Row } from './transport';

export type VersionState = 'proposed' | 'approved' | 'active';

export interface PolicyVersionStore {
	/** Every version of the set, oldest first. */
	list(set: string): Promise<PolicyVersion[]>;
	/** Adds a new version; false when the set already has a version with its number (a proposal raced this one). */
	add(version: PolicyVersion): Promise<boolean>;
	/** Replaces a version if it is still in the state `from`; false when another change came first. */
	replace(version: PolicyVersion, from: VersionState): Promise<boolean>;
}

export function stateOf(version: PolicyVersion): VersionState {
	if (version.effectiveAt) return 'active';
	return version.approver?.id ? 'approved' : 'proposed';
}

const rowOf = (version: PolicyVersion) => ({
	set: version.set,
	version: version.version,
	state: stateOf(version),
	authorId: version.author.id,
	approverId: version.approver?.id ?? '',
	effectiveAt: version.effectiveAt ?? null,
	record: JSON.stringify(version),
});

export class DataTablePolicyVersions implements PolicyVersionStore {
	constructor(private readonly tables: Tables) {}

	async list(set: string): Promise<PolicyVersion[]> {
		const rows = await this.tables.api.rows(await this.tables.id('policyVersions'), { filter: where(eq('set', set)), sortBy: ['version', 'asc'] });
		return this.unique(rows).map((row) => JSON.parse(String(row.record)) as PolicyVersion);
	}

	async add(version: PolicyVersion): Promise<boolean> {
		const table = await this.tables.id('policyVersions');
		const [inserted] = await this.tables.api.insert(table, [rowOf(version)]);
		const same = await this.tables.api.rows(table, { filter: where(eq('set', version.set), eq('version', version.version)) });
		// Data Tables have no unique index: of two rows with one number, the first inserted stays.
		if (same.some((row) => row.id < inserted.id)) {
			await this.tables.api.delete(table, where(eq('id', inserted.id)));
			return false;
		}
		return true;
	}

	async replace(version: PolicyVersion, from: VersionState): Promise<boolean> {
		const table = await this.tables.id('policyVersions');
		const updated = await this.tables.api.update(table, where(eq('set', version.set), eq('version', version.version), eq('state', from)), rowOf(version));
		return updated.length > 0;
	}

	private unique(rows: Row[]): Row[] {
		const seen = new Set<number>();
		return rows.filter((row) => !seen.has(Number(row.version)) && seen.add(Number(row.version)) !== undefined);
	}
}
