/**
 * Claims in n8n's deduplication store. The store reads, changes and writes one row per node (or
 * workflow), so two executions claiming at the same moment could both see a key as new, or both try
 * to create the row. Claims made in this process are therefore queued one after another, and a claim
 * that fails (another process created the row first) is tried once more. Across processes (queue
 * mode's workers) this is not atomic: use the PostgreSQL claim store there.
 */
import type { DeduplicationScope, ICheckProcessedOptions, IExecuteFunctions } from 'n8n-workflow';

import type { ClaimOutcome, ClaimStore } from './claim-store';

let queue: Promise<unknown> = Promise.resolve();

function serially<T>(task: () => Promise<T>): Promise<T> {
	const run = queue.then(task, task);
	queue = run.catch(() => undefined);
	return run;
}

export function dedupClaimStore(ctx: IExecuteFunctions, scope: DeduplicationScope, historySize: number | undefined): ClaimStore {
	const options: ICheckProcessedOptions = { mode: 'entries', maxEntries: historySize };
	return {
		name: "n8n's deduplication store",
		async claim(keys: readonly string[]): Promise<ClaimOutcome> {
			if (keys.length === 0) return { new: [], processed: [] };
			const outcome = await serially(async () => {
				try {
					return await ctx.helpers.checkProcessedAndRecord([...keys], scope, options);
				} catch {
					return await ctx.helpers.checkProcessedAndRecord([...keys], scope, options);
				}
			});
			return { new: outcome.new.map(String), processed: outcome.processed.map(String) };
		},
		async release(keys: readonly string[]): Promise<void> {
			if (keys.length === 0) return;
			await serially(async () => await ctx.helpers.removeProcessed([...keys], scope, options));
		},
	};
}
