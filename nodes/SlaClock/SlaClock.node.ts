import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OUTPUT_NAMES, properties } from './description';
import { execute } from './execute';

export class SlaClock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SLA Clock',
		name: 'slaClock',
		icon: { light: 'file:sla-clock.svg', dark: 'file:sla-clock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["policySource"] === "editor" ? "Policies Built in Editor" : $parameter["policySource"] === "versions" ? "Policy Versions From SLA Store" : "Policy Set from JSON" }}',
		// n8n's Docs link uses this as it is (it would append ?utm_… after the codex URL's #anchor).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#sla-clock',
		description: 'Computes first response, next response, resolution and periodic update clocks of tickets on business calendars',
		defaults: { name: 'SLA Clock' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		usableAsTool: true,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute(this);
	}
}
