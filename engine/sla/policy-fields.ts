/**
 * The reading helpers every part of a policy-set document shares: the error that names the field to
 * fix, name normalisation, lists given as arrays or comma-separated text, and unknown-field checks.
 */

/** A policy set (or a policy choice) that cannot be used, with the path of the field to fix. */
export class PolicyError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'PolicyError';
	}
}

/**
 * Status, tag and event-type names compare case-insensitively, with spaces and hyphens read as
 * underscores: "Waiting on Customer", "waiting-on-customer" and "waiting_on_customer" are one status.
 */
export function normalizeName(value: string): string {
	return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** A list of strings, given as an array or as comma-separated text; blank entries are dropped. */
export function parseList(value: unknown, path: string): string[] {
	const entries = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(entries)) throw new PolicyError(path, 'must be a list of strings (or comma-separated text)');
	return entries
		.map((entry, index) => {
			if (typeof entry !== 'string' && typeof entry !== 'number') throw new PolicyError(`${path}[${index}]`, 'must be a string');
			return String(entry).trim();
		})
		.filter((entry) => entry.length > 0);
}

/** A list of names, normalised (see `normalizeName`). */
export function parseNames(value: unknown, path: string): string[] {
	return parseList(value, path).map(normalizeName);
}

export function rejectUnknownFields(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
	for (const key of Object.keys(value)) {
		if (!allowed.includes(key)) {
			throw new PolicyError(path ? `${path}.${key}` : key, `is not a known field (known: ${allowed.join(', ')})`);
		}
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar fact as trimmed text; undefined for anything else or blank text. */
export function factText(value: unknown): string | undefined {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return text === '' ? undefined : text;
}
