import type { DueLevel } from './escalation';

/**
 * What the levels sent ask of the ticket itself: a higher priority, another assignee. Escalate only
 * writes them to `escalation.actions`; the workflow applies them to the helpdesk.
 */
export interface TicketActions {
	/** From the priority before the first raise to the priority after the last one. */
	raisePriority?: { from: unknown; to: string; level: number };
	/** The last reassignment asked for. */
	reassign?: { to: string; kind: 'group' | 'lead'; level: number };
}

/** The ladder's next priority: one step up the scale, or the level's explicit target (null: nothing to raise). */
export function raisedPriority(current: unknown, scale: readonly string[], to?: string): string | null {
	const ordered = scale.map((entry) => entry.trim().toLowerCase()).filter(Boolean);
	if (to) return to;
	if (ordered.length === 0) return null;
	const index = ordered.indexOf(typeof current === 'string' ? current.trim().toLowerCase() : '');
	if (index === -1) return null;
	return index + 1 < ordered.length ? ordered[index + 1] : null;
}

/** The ticket actions of the levels fired, in order: each raise starts from the priority the previous one left. */
export function ticketActions(fired: readonly DueLevel[], priority: unknown, scale: readonly string[]): TicketActions {
	const actions: TicketActions = {};
	let current = priority;
	for (const due of fired) {
		for (const action of due.level.actions) {
			if (action.type === 'raisePriority') {
				const to = raisedPriority(current, scale, action.to);
				if (to !== null && to !== current) {
					actions.raisePriority = { from: actions.raisePriority?.from ?? current ?? null, to, level: due.level.level };
					current = to;
				}
			}
			if (action.type === 'reassign') actions.reassign = { to: action.to, kind: action.kind, level: due.level.level };
		}
	}
	return actions;
}
