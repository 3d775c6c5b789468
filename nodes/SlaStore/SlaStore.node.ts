import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { execute } from './actions/router';
import { outputsOf, properties } from './description';

export class SlaStore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SLA Store',
		name: 'slaStore',
		icon: { light: 'file:sla-store.svg', dark: 'file:sla-store.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Keep tickets, their events, escalations, dead letters and SLA configuration in n8n Data Tables',
		defaults: { name: 'SLA Store' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${outputsOf})($parameter)}}`,
		credentials: [{ name: 'slaStoreApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute(this);
	}
}
