import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A PostgreSQL database for the Audit Log's trail and anchors, shared by every n8n worker in queue
 * mode so they append to one hash chain. No HTTP API is called; a node that uses it tests the
 * connection itself (testedBy).
 */
export class SlaAuditPostgresApi implements ICredentialType {
	name = 'slaAuditPostgresApi';

	displayName = 'SLA Audit PostgreSQL';

	icon: Icon = { light: 'file:sla-audit-postgres.svg', dark: 'file:sla-audit-postgres.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#audit-log';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			required: true,
			description: 'Host name or IP address of the PostgreSQL server (in queue mode, one every worker can reach)',
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 65535 },
			default: 5432,
			description: 'TCP port of the PostgreSQL server',
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'sla',
			required: true,
			description: 'Database that holds the audit trail and anchor tables; the node creates the tables on first use',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: 'sla',
			required: true,
			description: 'Role to connect as; it needs to create tables in the database once, then to read and insert rows',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Password of the role',
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'boolean',
			default: false,
			description: 'Whether to connect over TLS (required by most hosted PostgreSQL services)',
		},
		{
			displayName: 'Reject Unauthorized',
			name: 'rejectUnauthorized',
			type: 'boolean',
			default: true,
			displayOptions: { show: { ssl: [true] } },
			description: 'Whether to refuse a server whose certificate is not signed by a trusted authority; turn off only for a self-signed test server',
		},
	];
}
