/**
 * A mocked n8n execute context for node tests: items in, parameters per item (a value, or a function
 * of the item index and item, standing in for an expression), continue-on-fail, and the dedup helper.
 */
import { mock, type MockProxy } from 'jest-mock-extended';
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

type ParameterValue = unknown | ((itemIndex: number, item: INodeExecutionData) => unknown);

export interface ContextOptions {
	items: Array<Record<string, unknown>>;
	parameters: Record<string, ParameterValue>;
	continueOnFail?: boolean;
	node?: Partial<INode>;
}

function lookup(parameters: Record<string, ParameterValue>, path: string): ParameterValue {
	if (path in parameters) return parameters[path];
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** The parameters as set on the node: each function (an expression in the tests) becomes an expression text. */
function asSetOnNode(value: unknown): unknown {
	if (typeof value === 'function') return '={{ $expression }}';
	if (Array.isArray(value)) return value.map(asSetOnNode);
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).filter(([key]) => !key.includes('.')).map(([key, entry]) => [key, asSetOnNode(entry)]));
	}
	return value;
}

export function executeContext(options: ContextOptions): MockProxy<IExecuteFunctions> {
	const items: INodeExecutionData[] = options.items.map((json) => ({ json: json as INodeExecutionData['json'] }));
	const node: INode = {
		id: 'node-under-test',
		name: 'Node Under Test',
		type: 'n8n-nodes-sla-orchestrator.test',
		typeVersion: 1,
		position: [0, 0],
		// As n8n holds them before resolving: a parameter given as a function stands for an expression.
		parameters: asSetOnNode(options.parameters) as INode['parameters'],
		...options.node,
	};
	const ctx = mock<IExecuteFunctions>();
	ctx.getInputData.mockReturnValue(items);
	ctx.getNode.mockReturnValue(node);
	ctx.continueOnFail.mockReturnValue(options.continueOnFail ?? false);
	ctx.getNodeParameter.mockImplementation(((name: string, itemIndex: number, fallback?: unknown) => {
		const value = lookup(options.parameters, name);
		const resolved = typeof value === 'function' ? (value as (i: number, item: INodeExecutionData) => unknown)(itemIndex, items[itemIndex]) : value;
		return resolved === undefined ? fallback : resolved;
	}) as IExecuteFunctions['getNodeParameter']);
	return ctx;
}
