import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { LogicAuthor } from '../../engine/audit';
import { n8nUserIdOf } from '../shared/n8n-user';
import { CREDENTIAL } from '../SlaStore/transport';

/**
 * Who made a logic change: the n8n user who ran the execution (a manual run in the editor), and the
 * authors n8n's workflow history names for the version that ran (the published version for webhook,
 * schedule and error-trigger runs, the saved draft for a manual run), read through n8n's public API
 * with the SLA Store credential when the node has it. Without the credential, or when the API
 * cannot answer, the authors stay null and the change is still recorded.
 */
export async function logicAuthorOf(ctx: IExecuteFunctions, workflowId: string | undefined): Promise<LogicAuthor> {
	const author: LogicAuthor = { n8nUserId: n8nUserIdOf(ctx), workflowVersionId: null, authors: null, savedAt: null };
	if (!workflowId) return author;
	let base: string;
	try {
		const credentials = await ctx.getCredentials<{ baseUrl: string }>(CREDENTIAL);
		base = `${String(credentials.baseUrl).replace(/\/+$/, '')}/api/v1`;
	} catch {
		return author;
	}
	const get = async (path: string) => (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL, { method: 'GET', url: `${base}${path}`, json: true })) as IDataObject;
	try {
		const workflow = await get(`/workflows/${encodeURIComponent(workflowId)}?excludePinnedData=true`);
		const active = workflow.activeVersion as IDataObject | undefined;
		const manual = ctx.getMode() === 'manual';
		const version = !manual && active?.authors ? active : await get(`/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(String(manual ? workflow.versionId : (workflow.activeVersionId ?? workflow.versionId)))}`);
		author.workflowVersionId = typeof version.versionId === 'string' ? version.versionId : null;
		author.authors = typeof version.authors === 'string' ? version.authors : null;
		author.savedAt = typeof version.createdAt === 'string' ? version.createdAt : null;
	} catch {
		// the change is recorded without the authors; Verify and Report do not depend on them
	}
	return author;
}
