import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * n8n's own public API, for the SLA Store node: community nodes may not use n8n's Data Table helpers,
 * so the store reads and writes its Data Tables through /api/v1/data-tables with an API key.
 */
export class SlaStoreApi implements ICredentialType {
	name = 'slaStoreApi';

	displayName = 'SLA Store API';

	icon: Icon = { light: 'file:sla-store.svg', dark: 'file:sla-store.dark.svg' };

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'n8n Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678',
			required: true,
			placeholder: 'http://localhost:5678',
			description: 'Where this n8n instance answers its public API (the main process in queue mode).',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An n8n API key (Settings → n8n API) whose owner owns the SLA Data Tables, with the data table scopes.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-N8N-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v1/data-tables',
			qs: { limit: 1 },
			method: 'GET',
		},
	};
}
