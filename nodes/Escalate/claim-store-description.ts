import type { INodeProperties } from 'n8n-workflow';

/** Where the node remembers what it sent: shown in the modes that send (Send to Slack and Post Alert). */
const sending = { show: { mode: ['send', 'alert'] } };

export const claimStoreProperties: INodeProperties[] = [
	{
		displayName: 'Claim Store',
		name: 'claimStore',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Built-In Deduplication Store',
				value: 'n8n',
				description: "The deduplication store of n8n itself: right for one n8n process, not atomic across the workers of queue mode",
			},
			{
				name: 'PostgreSQL',
				value: 'postgres',
				description: 'A table with a unique key, with the SLA Audit PostgreSQL credential: a delivery goes out once even when several queue-mode workers run it at the same moment',
			},
		],
		default: 'n8n',
		displayOptions: sending,
		description: 'Where the node claims each delivery (or alert key) before it posts, so it posts once',
		hint: 'In queue mode (several workers), choose PostgreSQL.',
	},
	{
		displayName: 'Claims Table',
		name: 'claimsTable',
		type: 'string',
		default: 'sla_claims',
		displayOptions: { show: { ...sending.show, claimStore: ['postgres'] } },
		description: 'Table of the claims (lower-case letters, digits and _, optionally schema.table); the node creates it on first use',
	},
];
