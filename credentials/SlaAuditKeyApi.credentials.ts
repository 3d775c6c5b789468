import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret of the Audit Log: it signs trail checkpoints and turns personal data into keyed
 * pseudonyms. No API is called; the Audit Log node tests the credential locally (testedBy).
 */
export class SlaAuditKeyApi implements ICredentialType {
	name = 'slaAuditKeyApi';

	displayName = 'SLA Audit Key API';

	icon: Icon = { light: 'file:sla-audit-key.svg', dark: 'file:sla-audit-key.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#audit-log';

	properties: INodeProperties[] = [
		{
			displayName: 'HMAC Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret of at least 16 characters (e.g. from openssl rand -hex 32) used to sign checkpoints and pseudonymise personal data',
		},
		{
			displayName: 'Key Version',
			name: 'version',
			type: 'string',
			default: 'v1',
			required: true,
			description: 'Label recorded with every checkpoint and pseudonym; change it whenever you rotate the key',
		},
		{
			displayName: 'Previous Secrets',
			name: 'previousSecrets',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: '{"v1": "old secret"}',
			description: 'JSON object of earlier key versions and their keys, so Verify can still check checkpoints signed before a rotation',
		},
	];
}
