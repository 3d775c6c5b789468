/**
 * Who is acting, as an n8n user id — never a typed name. Two ways n8n 2.8 gives a node that:
 * - **Editor user**: an execution started in the editor carries the id of the user who started it
 *   (n8n's execution additional data; see shared/n8n-user.ts). Webhook and schedule runs carry none.
 * - **n8n API key of the user**: n8n 2.8 API keys are JWTs whose `sub` is the owning user's id. The
 *   key is sent to n8n's own public API; n8n authenticates it (looks it up for its user and checks
 *   its signature), so an answer other than 401 proves the caller holds that user's key.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { PolicyUser } from '../../engine/sla';
import { n8nUserIdOf } from '../shared/n8n-user';
import { CREDENTIAL } from './transport';

export type IdentitySource = 'editorUser' | 'apiKey';

export class IdentityError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/** The `sub` of an n8n API key (a JWT), or null when it is not one. */
export function userIdOfApiKey(key: string): string | null {
	const parts = key.split('.');
	if (parts.length !== 3) return null;
	try {
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { sub?: unknown; aud?: unknown };
		return typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
	} catch {
		return null;
	}
}

export async function actingUser(ctx: IExecuteFunctions, itemIndex: number): Promise<PolicyUser> {
	const source = ctx.getNodeParameter('actingUser', itemIndex, 'editorUser') as IdentitySource;
	if (source === 'editorUser') {
		const id = n8nUserIdOf(ctx);
		if (id === null) {
			throw new IdentityError(
				'Acting User: this execution carries no n8n user (only executions started in the editor do)',
				'Run it from the editor, or choose "n8n API Key of the User" and pass the user\'s own API key (the approval webhook template does).',
			);
		}
		return { id };
	}
	const key = String(ctx.getNodeParameter('userApiKey', itemIndex, '') ?? '').trim();
	const id = userIdOfApiKey(key);
	if (id === null) throw new IdentityError('User API Key: is not an n8n API key', 'Create one under Settings → n8n API as the user who acts, and send it in the X-N8N-API-KEY header.');
	const credentials = await ctx.getCredentials<{ baseUrl: string }>(CREDENTIAL);
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url: `${String(credentials.baseUrl).replace(/\/+$/, '')}/api/v1/workflows`,
		qs: { limit: 1 },
		headers: { 'X-N8N-API-KEY': key },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: true,
	})) as { statusCode: number };
	if (response.statusCode === 401) throw new IdentityError('User API Key: n8n refused it (revoked, expired or from another instance)', 'Send a current API key of the acting n8n user.');
	return { id };
}
