/** A mocked load-options context of the Escalate node whose SLA Slack credential points at the local Slack server. */
import { mock } from 'jest-mock-extended';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

export function slackLoadOptionsContext(slackApiUrl: string, token = 'xoxb-test'): ILoadOptionsFunctions {
	const ctx = mock<ILoadOptionsFunctions>();
	ctx.getCredentials.mockResolvedValue({ accessToken: token, slackApiUrl });
	ctx.getNode.mockReturnValue({ id: 'escalate', name: 'Escalate', type: 'n8n-nodes-sla-orchestrator.escalate', typeVersion: 1, position: [0, 0], parameters: {} });
	return ctx;
}
