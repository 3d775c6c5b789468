import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { configuredOutputs, properties } from './description';
import { execute } from './execute';

export class NormalizeIntent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Normalize Intent',
		name: 'normalizeIntent',
		icon: { light: 'file:normalize-intent.svg', dark: 'file:normalize-intent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["trainingSource"] === "builtIn" ? "Support taxonomy" : "Custom categories" }}',
		// n8n's Docs link uses this as it is (it would append ?utm_… after the codex URL's #anchor).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#normalize-intent',
		description: 'Classify free-text tickets into issue type and intent, with language, urgency, entities, PII, customer and duplicates',
		defaults: { name: 'Normalize Intent' },
		usableAsTool: true,
		credentials: [{ name: 'slaStoreApi', required: true, displayOptions: { show: { trainingSource: ['dataTable'] } } }],
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute(this);
	}
}
