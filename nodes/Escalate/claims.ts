/**
 * Claims in n8n's deduplication store. The store reads, changes and writes one row per node (or
 * workflow), so two executions claiming at the same moment could both see a key as new, or both try
 * to create the row. Claims made in this process are therefore queued one after another, and a claim
 * that fails (another process created the row first) is tried once more.
 */
import type { DeduplicationScope, ICheckProcessedOptions, IDeduplicationOutput, IExecuteFunctions } from 'n8n-workflow';

let queue: Promise<unknown> = Promise.resolve();

function serially<T>(task: () => Promise<T>): Promise<T> {
	const run = queue.then(task, task);
	queue = run.catch(() => undefined);
	return run;
}

export async function claimKeys(
	ctx: IExecuteFunctions,
	keys: string[],
	scope: DeduplicationScope,
	options: ICheckProcessedOptions,
): Promise<IDeduplicationOutput> {
	return await serially(async () => {
		try {
			return await ctx.helpers.checkProcessedAndRecord(keys, scope, options);
		} catch {
			return await ctx.helpers.checkProcessedAndRecord(keys, scope, options);
		}
	});
}

export async function releaseKeys(ctx: IExecuteFunctions, keys: string[], scope: DeduplicationScope, options: ICheckProcessedOptions): Promise<void> {
	await serially(async () => await ctx.helpers.removeProcessed(keys, scope, options));
}
