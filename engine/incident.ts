import type { BreachIdentification } from './breach';
import type { ChecklistResult } from './checklist';
import type { ClientNotice } from './notice';
import type { CorrectivePlan } from './playbook';
import type { IncidentReview } from './review';
import type { SeverityAssessment } from './severity';

/**
 * The breach procedure's record on a ticket (`item.json.incident`). Each step of the SOP adds its
 * part, so the record accumulates as the ticket passes the steps, in one run or over several.
 */
export type Severity = 'minor' | 'major' | 'critical';

export const SEVERITIES: readonly Severity[] = ['minor', 'major', 'critical'];

export const SEVERITY_RANK: Record<Severity, number> = { minor: 1, major: 2, critical: 3 };

export type SopStep = 'identify' | 'assess' | 'communicate' | 'correct' | 'review' | 'checklist';

/** One step taken, in the order taken: the review's timeline and the checklist read it. */
export interface StepRecord {
	step: SopStep;
	at: string;
	summary: string;
}

export interface Incident {
	identification?: BreachIdentification;
	severity?: SeverityAssessment;
	notice?: ClientNotice;
	plan?: CorrectivePlan;
	review?: IncidentReview;
	checklist?: ChecklistResult;
	steps?: StepRecord[];
	[field: string]: unknown;
}

export function isSeverity(value: unknown): value is Severity {
	return value === 'minor' || value === 'major' || value === 'critical';
}

/** The incident record on an item, or an empty one; anything but an object counts as none. */
export function incidentOf(value: unknown): Incident {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Incident) : {};
}

/** The record with one more step logged; a repeated step replaces its earlier entry. */
export function withStep(incident: Incident, step: SopStep, at: string, summary: string): StepRecord[] {
	return [...(incident.steps ?? []).filter((entry) => entry.step !== step), { step, at, summary }];
}
