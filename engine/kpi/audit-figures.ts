/**
 * What the dashboard shows of the audit trail: whether it verified, how many entries the period has,
 * and its manual overrides with who made them. Read defensively from Audit Log's Report result
 * (`audit.report` and `audit.verify`) or an error the node passed on, since the trail is another
 * node's output.
 */
export type AuditStatus = 'intact' | 'broken' | 'unavailable' | 'not read';

export interface AuditOverride {
	occurredAt: string;
	actor: string;
	ticketId: string | null;
	rule: string | null;
}

export interface AuditFigures {
	status: AuditStatus;
	message: string | null;
	entries: number | null;
	manualOverrideCount: number;
	/** The latest overrides first, at most `limit`. */
	manualOverrides: AuditOverride[];
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function auditFiguresOf(audit: unknown, error: unknown, limit: number): AuditFigures {
	if (error !== undefined && error !== null && error !== '') {
		const message = typeof error === 'string' ? error : (text((error as { message?: unknown }).message) ?? 'the audit trail could not be read');
		return { status: 'unavailable', message, entries: null, manualOverrideCount: 0, manualOverrides: [] };
	}
	if (typeof audit !== 'object' || audit === null) return { status: 'not read', message: null, entries: null, manualOverrideCount: 0, manualOverrides: [] };
	const { report, verify } = audit as { report?: unknown; verify?: unknown };
	const verified = (typeof verify === 'object' && verify !== null ? verify : {}) as { intact?: unknown; message?: unknown };
	const figures = (typeof report === 'object' && report !== null ? report : {}) as { entries?: unknown; manualOverrides?: unknown };
	const overrides: AuditOverride[] = [];
	for (const entry of Array.isArray(figures.manualOverrides) ? (figures.manualOverrides as unknown[]) : []) {
		if (typeof entry !== 'object' || entry === null) continue;
		const { occurredAt, actor, ticketId, rule } = entry as Record<string, unknown>;
		if (typeof occurredAt !== 'string') continue;
		overrides.push({ occurredAt, actor: text(actor) ?? 'unknown', ticketId: text(ticketId) ?? (typeof ticketId === 'number' ? String(ticketId) : null), rule: text(rule) });
	}
	overrides.sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0));
	return {
		status: verified.intact === true ? 'intact' : verified.intact === false ? 'broken' : 'not read',
		message: text(verified.message),
		entries: typeof figures.entries === 'number' ? figures.entries : null,
		manualOverrideCount: overrides.length,
		manualOverrides: overrides.slice(0, limit),
	};
}
