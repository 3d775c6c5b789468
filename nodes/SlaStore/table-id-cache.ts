/**
 * The Data Table ids a process has looked up, kept across executions: a table's id does not change
 * while it exists, and looking it up is one call to n8n's public API per table and execution (five or
 * more per intake). Keyed by the store's base URL and API key (another key may see other tables of
 * the same name). An id n8n answers 404 for is forgotten, so a table deleted and set up again is
 * looked up afresh by the next execution.
 */
import { createHash } from 'crypto';

const ids = new Map<string, string>();

export function storeScope(baseUrl: string, apiKey: string): string {
	return `${baseUrl}\u0000${createHash('sha256').update(apiKey).digest('base64url').slice(0, 16)}`;
}

function cachedTableId(scope: string, name: string): string | undefined {
	return ids.get(`${scope}\u0000${name}`);
}

function keepTableId(scope: string, name: string, id: string): void {
	ids.set(`${scope}\u0000${name}`, id);
}

/** The id kept for that table, or the one `lookUp` finds, kept for the next execution; nothing is kept without a scope. */
export async function keptTableId(scope: string | undefined, name: string, lookUp: () => Promise<string>): Promise<string> {
	const kept = scope === undefined ? undefined : cachedTableId(scope, name);
	if (kept !== undefined) return kept;
	const id = await lookUp();
	if (scope !== undefined) keepTableId(scope, name, id);
	return id;
}

export function forgetTableId(scope: string, id: string): void {
	for (const [key, known] of ids) if (known === id && key.startsWith(`${scope}\u0000`)) ids.delete(key);
}
