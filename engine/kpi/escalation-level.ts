/**
 * How far a ticket escalated: the higher of Escalate's `escalation.level` (the level of the current
 * cycle) and every level in `escalation.levels` (all levels sent, earlier cycles included); 0 when
 * the ticket never escalated or the record cannot be read.
 */
export function escalationLevelOf(escalation: unknown): number {
	if (typeof escalation !== 'object' || escalation === null) return 0;
	const { level, levels } = escalation as { level?: unknown; levels?: unknown };
	let highest = typeof level === 'number' && Number.isFinite(level) ? level : 0;
	if (Array.isArray(levels)) {
		for (const entry of levels as unknown[]) {
			const value = typeof entry === 'object' && entry !== null ? Number((entry as { level?: unknown }).level) : NaN;
			if (Number.isFinite(value)) highest = Math.max(highest, value);
		}
	}
	return highest;
}
