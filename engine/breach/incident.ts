import type { ChecklistResult } from './checklist';
import type { IncidentSoFar } from './incident-so-far';
import type { IncidentReview } from './review';

/**
 * The breach procedure's record on a ticket (`item.json.incident`). Each step of the SOP adds its
 * part, so the record accumulates as the ticket passes the steps, in one run or over several.
 */
export interface Incident extends IncidentSoFar {
	review?: IncidentReview;
	checklist?: ChecklistResult;
	[field: string]: unknown;
}

/** The incident record on an item, or an empty one; anything but an object counts as none. */
export function incidentOf(value: unknown): Incident {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Incident) : {};
}
