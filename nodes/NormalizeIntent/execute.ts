import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fingerprintOf, intentEngine, type IntentResult, normalizeIntent, type TicketFingerprint } from '../../engine/intent';
import { routeEachItem } from '../shared/items';
import { perExecution } from '../shared/per-execution';
import { readSettings } from './settings';
import { ticketInput, ticketOptionsReader } from './ticket-input';

/**
 * The output an item leaves on: Classified (or its category's output when there is one per category),
 * else Unclassified, the last output.
 */
function outputOf(intent: IntentResult, categoryOutputs: string[] | null, unclassified: number): number {
	if (!intent.classified) return unclassified;
	if (!categoryOutputs) return 0;
	const index = categoryOutputs.indexOf(intent.type!);
	return index >= 0 ? index : unclassified;
}

/** The item with `intent` written, and the customer completed from the directory when it was found there. */
function withIntent(json: IDataObject, intent: IntentResult): IDataObject {
	const enriched: IDataObject = { ...json, intent: intent as unknown as IDataObject };
	if (intent.customer.status === 'known') enriched.customer = { ...((json.customer ?? {}) as IDataObject), ...intent.customer.customer };
	return enriched;
}

/** Classifies every item; items of one batch are duplicate candidates of the items after them. */
/** The parameters readSettings reads. */
const SETTINGS = ['trainingSource', 'categories', 'trainingExamples', 'rules', 'outputCategories', 'outputMode', 'threshold', 'options.products', 'options.languages', 'options.redactPii', 'options.maxTextLength', 'options.directory', 'options.crmFields', 'options.duplicateWindowHours'];

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const first = readSettings(ctx, 0);
	const outputCount = (first.outputs?.length ?? 1) + 1;
	const batch: TicketFingerprint[] = [];
	const configured = perExecution(ctx, SETTINGS, (itemIndex) => {
		const { settings, outputs } = itemIndex === 0 ? first : readSettings(ctx, itemIndex);
		return { outputs, engine: intentEngine(settings) };
	});
	const ticketOptions = ticketOptionsReader(ctx);
	return await routeEachItem(ctx, outputCount, (item, itemIndex) => {
		const { outputs, engine } = configured(itemIndex);
		const input = ticketInput(ctx, item, itemIndex, batch, ticketOptions(itemIndex));
		const intent = normalizeIntent(engine, input);
		batch.push(fingerprintOf(input, intent));
		return { output: outputOf(intent, outputs, outputCount - 1), json: withIntent(item.json, intent) };
	});
}
