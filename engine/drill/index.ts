export { checkDrill } from './drill-check';
export type { DrillActual, DrillFailure, DrillOutcome, DrillVerdict } from './drill-check';
export { drillEvents, drillExpectations } from './drill-events';
export type { DrillEvent, DrillExpectation } from './drill-events';
export { DEFAULT_DRILL_SCENARIO } from './drill-scenario';
export type { DrillFollowUp, DrillScenario, DrillWave, WaveExpectation } from './drill-scenario';
export { DrillScenarioError, readDrillScenario } from './scenario-document';
