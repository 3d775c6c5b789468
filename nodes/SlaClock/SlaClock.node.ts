import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { computeSla, type SlaState } from '../../engine/sla';
import { routeEachItem } from '../shared/items';
import { readNow } from '../shared/parameters';
import { OUTPUT_NAMES, properties } from './description';
import { clockOptions, compileCached, policyDocument, ticketOf } from './parameters';

const OUTPUT_OF_STATE: Record<SlaState, number> = { running: 0, at_risk: 1, breached: 2, paused: 3, met: 4 };

export class SlaClock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SLA Clock',
		name: 'slaClock',
		icon: { light: 'file:sla-clock.svg', dark: 'file:sla-clock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["policySource"] === "editor" ? "Policies Built in Editor" : "Policy Set from JSON" }}',
		description: 'Computes first response, next response, resolution and periodic update clocks of tickets on business calendars',
		defaults: { name: 'SLA Clock' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: [...OUTPUT_NAMES],
		usableAsTool: true,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return routeEachItem(this, OUTPUT_NAMES.length, (item, itemIndex) => {
			const policySet = compileCached(policyDocument(this, itemIndex));
			const ticket = ticketOf(this, item, itemIndex);
			const sla = computeSla(ticket, policySet, readNow(this, itemIndex), clockOptions(this, itemIndex));
			return { output: OUTPUT_OF_STATE[sla.state], json: { ...item.json, sla: sla as unknown as IDataObject } };
		});
	}
}
