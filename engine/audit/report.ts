import type { AuditEntry } from './entry';
import type { TrailLine } from './chain';

/** Counts over a trail for a period: by action, rule and actor; manual overrides; logic versions in force; erased data subjects. */

export interface LogicVersionInForce {
	version: string;
	firstSeen: string;
	lastSeen: string;
	entries: number;
}

export interface AuditReport {
	from: string | null;
	to: string | null;
	entries: number;
	byAction: Record<string, number>;
	byRule: Record<string, number>;
	byActor: Record<string, number>;
	manualOverrides: Array<{ id: string; occurredAt: string; actor: string; ticketId: string | null; rule: string | null }>;
	logicVersions: LogicVersionInForce[];
	policyVersions: Record<string, string[]>;
	/** Data subjects erased in the period: their tokens in the trail no longer link to them. */
	erasures: Array<{ subject: string; erasedAt: string; actor: string; reference: string | null }>;
}

function bump(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

export interface ReportBuilder {
	/** Counts the line if it is an entry of the period. */
	add(line: TrailLine): void;
	result(): AuditReport;
}

export function auditReportBuilder(fromMs: number | null, toMs: number | null): ReportBuilder {
	const report: AuditReport = {
		from: fromMs === null ? null : new Date(fromMs).toISOString(),
		to: toMs === null ? null : new Date(toMs).toISOString(),
		entries: 0,
		byAction: {},
		byRule: {},
		byActor: {},
		manualOverrides: [],
		logicVersions: [],
		policyVersions: {},
		erasures: [],
	};
	const versions = new Map<string, LogicVersionInForce>();
	const add = (line: TrailLine) => {
		if (line.type !== 'entry') return;
		const entry = line.entry as unknown as AuditEntry;
		const at = Date.parse(entry.occurredAt);
		if ((fromMs !== null && at < fromMs) || (toMs !== null && at >= toMs)) return;
		report.entries++;
		bump(report.byAction, entry.action);
		bump(report.byRule, entry.rule?.id ? `${entry.rule.id}${entry.rule.version ? `@${entry.rule.version}` : ''}` : '(none)');
		const actor = `${entry.actor.type}:${entry.actor.id}`;
		bump(report.byActor, actor);
		if (entry.action === 'manual_override') {
			report.manualOverrides.push({ id: entry.id, occurredAt: entry.occurredAt, actor, ticketId: entry.ticket?.id ?? null, rule: entry.rule?.id ?? null });
		}
		if (entry.action === 'subject_erased') {
			const details = (entry.details ?? {}) as { subject?: unknown; reference?: unknown };
			report.erasures.push({ subject: String(details.subject ?? entry.subject ?? ''), erasedAt: entry.occurredAt, actor, reference: typeof details.reference === 'string' && details.reference ? details.reference : null });
		}
		if (entry.logicVersion) {
			const seen = versions.get(entry.logicVersion);
			if (seen) {
				seen.entries++;
				if (entry.occurredAt < seen.firstSeen) seen.firstSeen = entry.occurredAt;
				if (entry.occurredAt > seen.lastSeen) seen.lastSeen = entry.occurredAt;
			} else versions.set(entry.logicVersion, { version: entry.logicVersion, firstSeen: entry.occurredAt, lastSeen: entry.occurredAt, entries: 1 });
		}
		for (const [name, version] of Object.entries(entry.policyVersions ?? {})) {
			const list = (report.policyVersions[name] ??= []);
			if (!list.includes(version)) list.push(version);
		}
	};
	return {
		add,
		result: () => ({ ...report, logicVersions: [...versions.values()].sort((a, b) => (a.firstSeen < b.firstSeen ? -1 : 1)) }),
	};
}

export function auditReport(lines: ReadonlyArray<TrailLine>, fromMs: number | null, toMs: number | null): AuditReport {
	const builder = auditReportBuilder(fromMs, toMs);
	for (const line of lines) builder.add(line);
	return builder.result();
}
