import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OUTPUT_NAMES, properties } from './description';
import { execute } from './execute';

export class SkillRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Skill Router',
		name: 'skillRouter',
		icon: { light: 'file:skill-router.svg', dark: 'file:skill-router.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"bestSkillMatch": "Best Skill Match", "mostSpareCapacity": "Most Spare Capacity", "roundRobin": "Round Robin"}[$parameter["strategy"]] }}',
		// n8n's Docs link uses this as it is (it would append ?utm_… after the codex URL's #anchor).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#skill-router',
		description: 'Routes tickets to the right agent or queue by skills, language, tier, capacity and who is on shift, with follow-the-sun overflow',
		defaults: { name: 'Skill Router' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		usableAsTool: true,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute(this);
	}
}
