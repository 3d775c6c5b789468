import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { execute } from './actions/router';
import { slaAuditKeyTest } from './audit-key';
import { OUTPUT_NAMES, properties } from './description';
import { slaAuditPostgresTest } from './postgres-connection';

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
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#audit-log',
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		usableAsTool: true,
		credentials: [
			{ name: 'slaAuditKeyApi', required: true, testedBy: 'slaAuditKeyTest' },
			{ name: 'slaStoreApi', required: true, displayOptions: { show: { anchorStore: ['dataTable'] } } },
			{ name: 'slaAuditPostgresApi', required: true, testedBy: 'slaAuditPostgresTest', displayOptions: { show: { trailStore: ['postgres'] } } },
		],
		properties,
	};

	methods = { credentialTest: { slaAuditKeyTest, slaAuditPostgresTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute(this);
	}
}
