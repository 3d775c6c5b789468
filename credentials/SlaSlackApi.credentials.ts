import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class SlaSlackApi implements ICredentialType {
	name = 'slaSlackApi';

	displayName = 'SLA Slack API';

	icon: Icon = { light: 'file:sla-slack.svg', dark: 'file:sla-slack.dark.svg' };

	documentationUrl = 'https://docs.slack.dev/authentication/tokens#bot';

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'xoxb-…',
			description: 'Bot User OAuth Token of your Slack app (OAuth & Permissions), with the chat:write scope; channels:read, groups:read and users:read let the Escalate node list channels and people to choose from.',
		},
		{
			displayName: 'Slack API URL',
			name: 'slackApiUrl',
			type: 'string',
			default: 'https://slack.com/api/',
			description: 'Base URL of the Slack Web API. Change it only for a proxy or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.slackApiUrl.replace(/\\/+$/, "")}}',
			url: '/auth.test',
			method: 'POST',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'ok', value: false, message: 'Slack did not accept the bot token' },
			},
		],
	};
}
