import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asItemError, errorItem } from '../../shared/items';
import { OUTPUTS, type Operation } from '../description';
import { getConfig, setUp } from './configuration';
import { type Routed, storeContext, type StoreContext } from './context';
import { dashboard } from './dashboard';
import { getDeadLetters, storeDeadLetter, updateDeadLetter } from './dead-letters';
import { checkDrill, drillEvents } from './drill';
import { activatePolicyVersion, approvePolicyVersion, getPolicyVersions, proposePolicyVersion } from './policy-versions';
import { recordEvent } from './record-event';
import { report } from './report';
import { getDue, getStale, getTicket, saveState } from './tickets';

type PerItem = (store: StoreContext, itemIndex: number) => Promise<Routed | Routed[]>;

/** Operations run once per input item; Get Configuration reads once for all items. */
const PER_ITEM: Record<Exclude<Operation, 'getConfig'>, PerItem> = {
	activatePolicyVersion,
	approvePolicyVersion,
	checkDrill,
	dashboard,
	drillEvents,
	getDeadLetters,
	getDue,
	getPolicyVersions,
	getStale,
	getTicket,
	proposePolicyVersion,
	recordEvent,
	report,
	saveState,
	setUp,
	storeDeadLetter,
	updateDeadLetter,
};

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0, 'recordEvent') as Operation;
	if (!(operation in OUTPUTS)) throw new NodeOperationError(ctx.getNode(), `The operation "${String(operation)}" is not known`);
	const outputs: INodeExecutionData[][] = OUTPUTS[operation].map(() => []);
	const store = await storeContext(ctx);
	if (operation === 'getConfig') {
		try {
			(await getConfig(store)).forEach((routed, itemIndex) => outputs[0].push({ json: routed.json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			if (!ctx.continueOnFail()) throw asItemError(ctx, error, 0);
			store.items.forEach((item, itemIndex) => outputs[0].push(errorItem(asItemError(ctx, error, itemIndex), itemIndex, item)));
		}
		return outputs;
	}
	for (let itemIndex = 0; itemIndex < store.items.length; itemIndex++) {
		try {
			const routed = await PER_ITEM[operation](store, itemIndex);
			for (const { output, json } of Array.isArray(routed) ? routed : [routed]) outputs[output].push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw itemError;
			outputs[0].push(errorItem(itemError, itemIndex, store.items[itemIndex]));
		}
	}
	return outputs;
}
