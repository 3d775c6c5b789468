import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { execute } from './actions/router';
import { outputsOf, properties } from './description';

/** The canvas subtitle names the operation as the Operation field does ("Record Ticket Event"), not by its value. */
const operationNames = Object.fromEntries(
	((properties.find((property) => property.name === 'operation')?.options ?? []) as INodePropertyOptions[]).map((option) => [option.value, option.name]),
);

export class SlaStore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SLA Store',
		name: 'slaStore',
		icon: { light: 'file:sla-store.svg', dark: 'file:sla-store.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(operationNames)}[$parameter["operation"]] }}`,
		// n8n's Docs link uses this as it is (it would append ?utm_… after the codex URL's #anchor).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#sla-store',
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
