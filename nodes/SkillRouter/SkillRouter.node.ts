import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeBatch, type RoutingOutcome, routingTicketOf } from '../../engine/routing';
import type { Ticket } from '../../engine/core';
import { routeAllItems } from '../shared/items';
import { readNow } from '../shared/parameters';
import { OUTPUT_NAMES, properties } from './description';
import { readMatrix, readOverrides, readRoster, readRouterSettings } from './settings';

const OUTPUT_OF: Record<RoutingOutcome, number> = { assigned: 0, overflowed: 1, queued: 2, triage: 3 };

export class SkillRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Skill Router',
		name: 'skillRouter',
		icon: { light: 'file:skill-router.svg', dark: 'file:skill-router.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"bestSkillMatch": "Best Skill Match", "mostSpareCapacity": "Most Spare Capacity", "roundRobin": "Round Robin"}[$parameter["strategy"]] }}',
		description: 'Routes tickets to the right agent or queue by skills, language, tier, capacity and who is on shift, with follow-the-sun overflow',
		defaults: { name: 'Skill Router' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		usableAsTool: true,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const read = (item: INodeExecutionData, itemIndex: number) => {
			const { overrides, reopenStatuses } = readOverrides(this, itemIndex);
			return { json: item.json, ticket: routingTicketOf(item.json as Ticket, overrides, reopenStatuses) };
		};
		return await routeAllItems(this, OUTPUT_NAMES.length, read, (entries) => {
			const roster = readRoster(this);
			const matrix = readMatrix(this);
			const settings = readRouterSettings(this);
			const records = routeBatch(entries.map((entry) => entry.value.ticket), roster, matrix, settings, readNow(this, 0));
			return records.map((routing, position) => ({
				output: OUTPUT_OF[routing.outcome],
				json: { ...entries[position].value.json, routing: routing as unknown as IDataObject },
			}));
		});
	}
}
