import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The id of the n8n user an execution runs for: set by n8n for an execution started in the editor
 * (manual runs, in single and queue mode), absent for webhook, schedule and error-trigger runs. n8n
 * keeps it in the execution's additional data, which nodes are not given a getter for in 2.8.
 */
export function n8nUserIdOf(ctx: IExecuteFunctions): string | null {
	const userId = (ctx as unknown as { additionalData?: { userId?: unknown } }).additionalData?.userId;
	return typeof userId === 'string' && userId ? userId : null;
}
