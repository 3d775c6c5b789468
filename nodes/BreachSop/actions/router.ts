import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type Incident, incidentOf, type Severity } from '../../../engine/breach';
import { routeEachItem, type RoutedItem } from '../../shared/items';
import { parameterReader, type ParameterReader } from '../../shared/parameter-reader';
import { readNow } from '../../shared/parameters';
import { perExecution } from '../../shared/per-execution';
import { ticketView } from '../ticket-fields';
import { assess } from './assess';
import { checklist } from './checklist';
import { communicate } from './communicate';
import { correct } from './correct';
import { identify } from './identify';
import { review } from './review';
import type { Step, StepContext } from './step';

export type Operation = 'identify' | 'assess' | 'communicate' | 'correct' | 'review' | 'checklist' | 'runAll';

/** Output indexes of the operations with more than one output (see outputsOf in description.ts). */
const SEVERITY_OUTPUT: Record<Severity, number> = { minor: 0, major: 1, critical: 2 };
const NOT_A_BREACH = 3;
const COMPLETE = 0;
const INCOMPLETE = 1;

const STEPS: Record<Exclude<Operation, 'runAll'>, Step> = { identify, assess, communicate, correct, review, checklist };

/** Every step in the SOP's order; a ticket that is no breach stops after Identify and Assess. */
const runAll: Step = (step, incident) => {
	let result = assess(step, identify(step, incident));
	if (!result.identification!.isBreach) return checklist(step, result);
	for (const next of [communicate, correct, review, checklist]) result = next(step, result);
	return result;
};

export function outputCount(operation: Operation): number {
	if (operation === 'assess' || operation === 'runAll') return 4;
	if (operation === 'checklist') return 2;
	return 1;
}

function outputOf(operation: Operation, incident: Incident): number {
	if (operation === 'assess' || operation === 'runAll') {
		return incident.identification?.isBreach && incident.severity ? SEVERITY_OUTPUT[incident.severity.level] : NOT_A_BREACH;
	}
	if (operation === 'checklist') return incident.checklist?.complete ? COMPLETE : INCOMPLETE;
	return 0;
}

function ticketIdOf(ctx: IExecuteFunctions, parameter: ParameterReader, item: INodeExecutionData, itemIndex: number): string {
	const value = parameter('ticketId', itemIndex, item.json, item.json.id);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	throw new NodeOperationError(ctx.getNode(), 'Ticket ID: is empty', { itemIndex, description: 'Map the ticket identifier, e.g. {{ $json.id }}.' });
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as Operation;
	const step = operation === 'runAll' ? runAll : STEPS[operation];
	if (!step) throw new NodeOperationError(ctx.getNode(), `The operation "${String(operation)}" is not known`);
	const parameter = parameterReader(ctx);
	const texts = new Map<string, unknown>();
	const parsed = (text: string) => {
		if (!texts.has(text)) texts.set(text, JSON.parse(text));
		return texts.get(text);
	};
	const nowOf = perExecution(ctx, ['now'], (itemIndex) => readNow(ctx, itemIndex));
	return await routeEachItem(ctx, outputCount(operation), (item, itemIndex): RoutedItem => {
		const context: StepContext = {
			ctx,
			item,
			itemIndex,
			view: ticketView(item, (parameter('ticketFields', itemIndex, item.json, {}) ?? {}) as IDataObject),
			ticketId: ticketIdOf(ctx, parameter, item, itemIndex),
			nowMs: nowOf(itemIndex),
			parameter: (name, fallback) => parameter(name, itemIndex, item.json, fallback),
			parsed,
		};
		const incident = step(context, incidentOf(item.json.incident));
		return { output: outputOf(operation, incident), json: { ...item.json, incident: incident as unknown as IDataObject } };
	});
}
