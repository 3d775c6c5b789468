import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { execute as erase } from './erase';
import { execute as exportPeriod } from './export';
import { execute as record } from './record';
import { execute as report } from './report';
import { execute as verify } from './verify';

export type Operation = 'erase' | 'export' | 'record' | 'verify' | 'report';

const OPERATIONS: Record<Operation, (ctx: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = { erase, export: exportPeriod, record, verify, report };

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0, 'record') as Operation;
	const run = Object.prototype.hasOwnProperty.call(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
	if (!run) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${String(operation)}" is not known`, { description: 'Choose Erase Data Subject, Export for Auditor, Record, Report or Verify under Operation.' });
	}
	return await run(ctx);
}
