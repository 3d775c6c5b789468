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

export async function claimRun(ctx: IExecuteFunctions, keys: string[], store: { scope: DeduplicationScope; historySize: number } | undefined): Promise<RunClaims> {
	const processed = new Set<string>();
	const claimed = new Set<string>();
	const options: ICheckProcessedOptions = { mode: 'entries', maxEntries: store?.historySize };
	if (store) {
		const claim = await claimKeys(ctx, keys, store.scope, options);
		claim.processed.forEach((key) => processed.add(String(key)));
		claim.new.forEach((key) => claimed.add(String(key)));
	}
	return {
		processed,
		keep: (key) => claimed.delete(key),
		async releaseUnsent() {
			if (claimed.size > 0 && store) await releaseKeys(ctx, [...claimed], store.scope, options);
		},
	};
}
