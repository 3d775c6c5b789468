import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Where one input item goes: the index of the output it leaves on, and its new JSON. */
export interface RoutedItem {
	output: number;
	json: IDataObject;
}

/**
 * Turns any failure on an item into a NodeOperationError that names the item, keeping a
 * NodeOperationError or NodeApiError that the handler already raised.
 */
export function asItemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof Error && 'node' in error && (error as { node?: unknown }).node) {
		const withContext = error as Error & { context?: IDataObject };
		withContext.context = { ...(withContext.context ?? {}), itemIndex };
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${message}`, {
		itemIndex,
		description: (error as { hint?: string })?.hint,
	});
}

/** The item n8n expects under "continue on fail": the error message, paired with its input item. */
export function errorItem(error: Error, itemIndex: number, input?: INodeExecutionData): INodeExecutionData {
	return {
		json: { ...(input?.json ?? {}), error: error.message, errorDescription: (error as { description?: string }).description },
		// n8n moves items that carry `error` to the error output under "continue (using error output)".
		...('node' in error ? { error: error as NodeOperationError } : {}),
		pairedItem: { item: itemIndex },
	};
}

/**
 * Runs a handler on every input item and sorts the results into the node's outputs. Every item leaves:
 * on the output the handler chose, or, when the node continues on fail, as an error item on the first
 * output (n8n moves it to the error output when "On Error → continue (using error output)" is set).
 */
export async function routeEachItem(
	ctx: IExecuteFunctions,
	outputCount: number,
	handler: (item: INodeExecutionData, itemIndex: number) => Promise<RoutedItem> | RoutedItem,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const routed = await handler(items[itemIndex], itemIndex);
			outputs[routed.output].push({ json: routed.json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw itemError;
			outputs[0].push(errorItem(itemError, itemIndex, items[itemIndex]));
		}
	}
	return outputs;
}

/**
 * Like routeEachItem, for nodes that decide all items together (a batch whose items compete, such as
 * routing against shared capacity): `read` turns each item into the handler's input, failing per item;
 * `decide` gets the items that could be read and returns one RoutedItem per entry, in the same order.
 * Every item leaves, in input order within each output: routed, or as an error item under
 * continue-on-fail (a failure of `decide` itself is every remaining item's error).
 */
export async function routeAllItems<T>(
	ctx: IExecuteFunctions,
	outputCount: number,
	read: (item: INodeExecutionData, itemIndex: number) => T,
	decide: (entries: ReadonlyArray<{ itemIndex: number; value: T }>) => RoutedItem[] | Promise<RoutedItem[]>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const results: Array<INodeExecutionData & { output: number }> = new Array(items.length);
	const entries: Array<{ itemIndex: number; value: T }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			entries.push({ itemIndex, value: read(items[itemIndex], itemIndex) });
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw itemError;
			results[itemIndex] = { ...errorItem(itemError, itemIndex, items[itemIndex]), output: 0 };
		}
	}
	try {
		const routed = entries.length > 0 ? await decide(entries) : [];
		entries.forEach(({ itemIndex }, position) => {
			results[itemIndex] = { json: routed[position].json, pairedItem: { item: itemIndex }, output: routed[position].output };
		});
	} catch (error) {
		if (!ctx.continueOnFail()) throw asItemError(ctx, error, entries[0].itemIndex);
		for (const { itemIndex } of entries) results[itemIndex] = { ...errorItem(asItemError(ctx, error, itemIndex), itemIndex, items[itemIndex]), output: 0 };
	}
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	for (const { output, ...item } of results) outputs[output].push(item);
	return outputs;
}
