import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { execute } from './actions/router';
import { outputsOf, properties } from './description';

export class BreachSop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Breach SOP',
		name: 'breachSop',
		icon: { light: 'file:breach-sop.svg', dark: 'file:breach-sop.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { identify: "Identify", assess: "Assess", communicate: "Communicate", correct: "Correct", review: "Review", checklist: "Checklist", runAll: "Run All" }[$parameter["operation"]] }}',
		// n8n's Docs link uses this as it is (it would append ?utm_… after the codex URL's #anchor).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#breach-sop',
		description: 'Handle an SLA breach by the standard procedure: identify, assess, tell the client, correct, review and check',
		defaults: { name: 'Breach SOP' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${outputsOf})($parameter)}}`,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute(this);
	}
}
