import type { INodeProperties } from 'n8n-workflow';

import { evaluateChecklist, type Incident, withStep } from '../../../engine/breach';
import { DEFAULT_RESOLVED_STATUSES } from '../../../engine/sla';
import { readList } from '../../shared/parameters';
import { resolvedAtOf } from '../ticket-fields';
import { timelineOf } from './review';
import type { StepContext } from './step';

export const description: INodeProperties[] = [
	{
		displayName: 'Resolved Statuses',
		name: 'resolvedStatuses',
		type: 'string',
		default: DEFAULT_RESOLVED_STATUSES.join(', '),
		displayOptions: { show: { operation: ['checklist', 'runAll'] } },
		description: 'Comma-separated ticket statuses that mean resolved or closed; from then on the review and root cause are expected',
	},
];

export function checklist(step: StepContext, incident: Incident): Incident {
	const statuses = readList(step.ctx, 'resolvedStatuses', step.itemIndex);
	const result = evaluateChecklist(
		{
			incident,
			timeline: timelineOf(step, incident),
			resolvedAt: resolvedAtOf(step.view, statuses.length > 0 ? statuses : [...DEFAULT_RESOLVED_STATUSES], step.nowMs),
			timezone: step.view.zone,
		},
		step.nowMs,
	);
	const summary = `${result.done} of ${result.total} done${result.flags.length > 0 ? `; ${result.flags.map((flag) => flag.mistake).join(', ')}` : ''}`;
	return { ...incident, checklist: result, steps: withStep(incident, 'checklist', result.evaluatedAt, summary) };
}
