import { mock, type MockProxy } from 'jest-mock-extended';
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NormalizeIntent } from '../../../nodes/NormalizeIntent/NormalizeIntent.node';

export type Params = Record<string, unknown>;

/** The execute context n8n gives Normalize Intent: Subject and Body read from each item unless set in `params`. */
export function normalizeIntentContext(items: INodeExecutionData[], params: Params, continueOnFail = false): MockProxy<IExecuteFunctions> {
	const ctx = mock<IExecuteFunctions>();
	ctx.getInputData.mockReturnValue(items);
	ctx.getNode.mockReturnValue({ name: 'Normalize Intent', type: 'n8n-nodes-sla-orchestrator.normalizeIntent', typeVersion: 1 } as INode);
	ctx.continueOnFail.mockReturnValue(continueOnFail);
	ctx.getNodeParameter.mockImplementation(((name: string, itemIndex: number, fallback?: unknown) => {
		const item = items[itemIndex]?.json ?? {};
		if (name === 'subject') return params.subject ?? item.subject;
		if (name === 'body') return params.body ?? item.body;
		if (name === 'options.now') return (params.options as Params | undefined)?.now ?? fallback;
		return name in params ? params[name] : fallback;
	}) as IExecuteFunctions['getNodeParameter']);
	return ctx;
}

/** Runs the node on the items with these parameters. */
export function runNormalizeIntent(items: INodeExecutionData[], params: Params, continueOnFail = false) {
	return new NormalizeIntent().execute.call(normalizeIntentContext(items, params, continueOnFail));
}
