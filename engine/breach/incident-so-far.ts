import type { BreachIdentification } from './identification';
import type { ClientNotice } from './notice';
import type { CorrectivePlan } from './playbook';
import type { SeverityAssessment } from './severity';
import type { StepRecord } from './sop-step';

/** What the first four steps of the procedure have recorded: what the review and the checklist read. */
export interface IncidentSoFar {
	identification?: BreachIdentification;
	severity?: SeverityAssessment;
	notice?: ClientNotice;
	plan?: CorrectivePlan;
	steps?: StepRecord[];
}
