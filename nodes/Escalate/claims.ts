/**
 * The claims of Escalate's deliveries and alerts, kept where the Claim Store parameter says: n8n's
 * deduplication store (one n8n process) or a PostgreSQL table (atomic across queue-mode workers).
 */
import type { DeduplicationScope, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { POSTGRES_CREDENTIAL_NAME, postgresConfigOf, sharedPool } from '../AuditLog/postgres-connection';
import type { ClaimStore, ClaimStoreKind } from '../shared/claim-store';
import { dedupClaimStore } from '../shared/dedup-claim-store';
import { DEFAULT_CLAIMS_TABLE, postgresClaimStore } from '../shared/postgres-claim-store';

/** Where the claims of a run are kept, and how many are remembered. */
export interface ClaimSettings {
	scope: DeduplicationScope;
	historySize: number;
	claimStore: ClaimStoreKind;
	/** PostgreSQL only; empty for the default table. */
	claimsTable: string;
}

async function claimStoreOf(ctx: IExecuteFunctions, settings: ClaimSettings): Promise<ClaimStore> {
	if (settings.claimStore !== 'postgres') return dedupClaimStore(ctx, settings.scope, settings.historySize);
	const workflowId = String(ctx.getWorkflow().id ?? 'unsaved');
	const scope = settings.scope === 'workflow' ? `workflow:${workflowId}` : `node:${workflowId}:${ctx.getNode().id}`;
	const pool = sharedPool(postgresConfigOf(await ctx.getCredentials(POSTGRES_CREDENTIAL_NAME)));
	return postgresClaimStore(pool, settings.claimsTable || DEFAULT_CLAIMS_TABLE, scope, settings.historySize);
}

function claimFailed(ctx: IExecuteFunctions, store: ClaimStore | undefined, error: unknown): NodeOperationError {
	const where = store?.name ?? 'the claim store';
	return new NodeOperationError(ctx.getNode(), `Could not claim the deliveries in ${where}: ${(error as Error).message}`, {
		description: 'Nothing was sent. Check the SLA Audit PostgreSQL credential and that its user may create (or use) the claims table; a re-run claims again.',
	});
}

/**
 * The claims of one run: every delivery key is claimed in one call; `processed` were sent by an
 * earlier run. A claim is kept once its delivery went out (`keep`), and every other claim is given
 * back by `releaseUnsent`, so a delivery Slack did not accept goes out on the next run.
 */
export interface RunClaims {
	processed: ReadonlySet<string>;
	keep(key: string): void;
	releaseUnsent(): Promise<void>;
}

export async function claimRun(ctx: IExecuteFunctions, keys: string[], settings: ClaimSettings | undefined): Promise<RunClaims> {
	const processed = new Set<string>();
	const claimed = new Set<string>();
	let store: ClaimStore | undefined;
	if (settings && keys.length > 0) {
		try {
			store = await claimStoreOf(ctx, settings);
			const claim = await store.claim(keys);
			claim.processed.forEach((key) => processed.add(key));
			claim.new.forEach((key) => claimed.add(key));
		} catch (error) {
			throw error instanceof NodeOperationError ? error : claimFailed(ctx, store, error);
		}
	}
	return {
		processed,
		keep: (key) => claimed.delete(key),
		async releaseUnsent() {
			if (claimed.size > 0 && store) await store.release([...claimed]);
		},
	};
}
