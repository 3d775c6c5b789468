/** The steps of the breach procedure, and the log of the steps taken on one incident. */
export type SopStep = 'identify' | 'assess' | 'communicate' | 'correct' | 'review' | 'checklist';

/** One step taken, in the order taken: the review's timeline and the checklist read it. */
export interface StepRecord {
	step: SopStep;
	at: string;
	summary: string;
}

/** The log with one more step; a repeated step replaces its earlier entry. */
export function withStep(incident: { steps?: StepRecord[] }, step: SopStep, at: string, summary: string): StepRecord[] {
	return [...(incident.steps ?? []).filter((entry) => entry.step !== step), { step, at, summary }];
}
