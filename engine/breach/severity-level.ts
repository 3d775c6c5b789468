/** How badly a breach hurts the client: the SOP's "minor, major or critical". */
export type Severity = 'minor' | 'major' | 'critical';

export const SEVERITIES: readonly Severity[] = ['minor', 'major', 'critical'];

export const SEVERITY_RANK: Record<Severity, number> = { minor: 1, major: 2, critical: 3 };

export function isSeverity(value: unknown): value is Severity {
	return value === 'minor' || value === 'major' || value === 'critical';
}
