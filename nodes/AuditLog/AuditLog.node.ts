import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parsePreviousKeys } from './audit-key';
import { OUTPUT_NAMES, properties } from './description';
import { executeRecord } from './record';
import { executeReport, executeVerify } from './verify';

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

	methods = {
		credentialTest: {
			async slaAuditKeyTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				if (String(data.secret ?? '').length < 16) return { status: 'Error', message: 'The HMAC key must be at least 16 characters long' };
				if (!String(data.version ?? '').trim()) return { status: 'Error', message: 'The key version must not be empty' };
				try {
					parsePreviousKeys(data.previousSecrets);
				} catch (error) {
					return { status: 'Error', message: (error as Error).message };
				}
				return { status: 'OK', message: 'The audit key can sign checkpoints and pseudonyms' };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'record') as string;
		if (operation === 'verify') return await executeVerify(this);
		if (operation === 'report') return await executeReport(this);
		return await executeRecord(this);
	}
}
