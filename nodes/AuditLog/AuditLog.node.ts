import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { execute } from './actions/router';
import { slaAuditKeyTest } from './audit-key';
import { OUTPUT_NAMES, properties } from './description';

export class AuditLog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Audit Log',
		name: 'auditLog',
		icon: { light: 'file:audit-log.svg', dark: 'file:audit-log.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { record: "Record", verify: "Verify Trail", report: "Report" }[$parameter["operation"]] }}',
		description: 'Records tamper-evident, PII-redacted audit entries of SLA steps, verifies the trail and reports on it',
		defaults: { name: 'Audit Log' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		usableAsTool: true,
		credentials: [{ name: 'slaAuditKeyApi', required: true, testedBy: 'slaAuditKeyTest' }],
		properties,
	};

	methods = { credentialTest: { slaAuditKeyTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute(this);
	}
}
