/**
 * Identity stitching: the sender of a ticket (email, phone, chat handle, helpdesk requester id)
 * resolved to one customer and account in a directory the builder supplies, so tier, region,
 * time zone and CRM fields travel with the ticket.
 */

export interface Sender {
	email?: string;
	phone?: string;
	handle?: string;
	requesterId?: string;
}

/** One customer in the directory. Every other field is a CRM field a builder may copy onto the ticket. */
export interface DirectoryEntry {
	id: string;
	accountId?: string;
	emails?: string[];
	phones?: string[];
	handles?: string[];
	requesterIds?: string[];
	tier?: string;
	region?: string;
	timezone?: string;
	[field: string]: unknown;
}

export interface ResolvedIdentity {
	status: 'known' | 'unknown' | 'ambiguous';
	matchedBy?: keyof Sender;
	customer?: { id: string; accountId?: string; tier?: string; region?: string; timezone?: string; [field: string]: unknown };
	/** Ids of every directory entry the sender matched, when ambiguous. */
	candidates?: string[];
}

const normalise: Record<keyof Sender, (value: string) => string> = {
	email: (value) => value.trim().toLowerCase(),
	phone: (value) => value.replace(/\D/g, '').replace(/^00/, ''),
	handle: (value) => value.trim().toLowerCase().replace(/^@/, ''),
	requesterId: (value) => value.trim(),
};

const DIRECTORY_FIELDS: Record<keyof Sender, 'emails' | 'phones' | 'handles' | 'requesterIds'> = {
	requesterId: 'requesterIds',
	email: 'emails',
	phone: 'phones',
	handle: 'handles',
};

function asList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' || typeof value === 'number') return [String(value)];
	return [];
}

/** Two phone numbers match when one ends with the other and at least 8 digits agree (country codes vary). */
function samePhone(a: string, b: string): boolean {
	if (a.length < 8 || b.length < 8) return a === b;
	return a.endsWith(b) || b.endsWith(a);
}

/** Validates a directory (an array of entries with an `id`), naming the field that is wrong. */
export function parseDirectory(value: unknown, field = 'directory'): DirectoryEntry[] {
	if (value === undefined || value === null || value === '') return [];
	if (!Array.isArray(value)) throw new Error(`${field}: must be an array of customers, each with an "id"`);
	return value.map((entry, index) => {
		if (typeof entry !== 'object' || entry === null || !('id' in entry) || (entry as { id: unknown }).id === undefined) {
			throw new Error(`${field}[${index}].id: every customer needs an "id"`);
		}
		return { ...(entry as DirectoryEntry), id: String((entry as DirectoryEntry).id) };
	});
}

/** Looks the sender up by requester id, then email, phone and handle; copies `crmFields` from the match. */
export function resolveIdentity(sender: Sender, directory: readonly DirectoryEntry[], crmFields: readonly string[] = []): ResolvedIdentity {
	for (const key of ['requesterId', 'email', 'phone', 'handle'] as const) {
		const raw = sender[key];
		if (raw === undefined || raw === null || String(raw).trim() === '') continue;
		const wanted = normalise[key](String(raw));
		if (wanted === '') continue;
		const matches = directory.filter((entry) =>
			asList(entry[DIRECTORY_FIELDS[key]]).some((candidate) => {
				const value = normalise[key](candidate);
				return key === 'phone' ? samePhone(value, wanted) : value === wanted;
			}),
		);
		if (matches.length === 0) continue;
		const ids = [...new Set(matches.map((entry) => entry.id))];
		if (ids.length > 1) return { status: 'ambiguous', matchedBy: key, candidates: ids };
		const entry = matches[0];
		const customer: NonNullable<ResolvedIdentity['customer']> = { id: entry.id };
		for (const field of ['accountId', 'tier', 'region', 'timezone'] as const) if (entry[field] !== undefined) customer[field] = entry[field];
		for (const field of crmFields) if (entry[field] !== undefined) customer[field] = entry[field];
		return { status: 'known', matchedBy: key, customer };
	}
	return { status: 'unknown' };
}
