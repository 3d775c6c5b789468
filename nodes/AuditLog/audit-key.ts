import type { ICredentialsDecrypted, ICredentialTestFunctions, IExecuteFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import type { PiiKey } from '../../engine/audit';

export const CREDENTIAL_NAME = 'slaAuditKeyApi';

export interface AuditKeys {
	current: PiiKey;
	/** Every key version that may have signed checkpoints in the trail, by version. */
	all: Record<string, string>;
}

export function parsePreviousKeys(value: unknown): Record<string, string> {
	if (value === undefined || value === null || value === '') return {};
	const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('Previous Secrets: must be a JSON object of key version → key');
	const keys: Record<string, string> = {};
	for (const [version, key] of Object.entries(parsed as Record<string, unknown>)) {
		if (typeof key !== 'string' || !key) throw new Error(`Previous Keys: key of version "${version}" must be a non-empty string`);
		keys[version] = key;
	}
	return keys;
}

export async function readAuditKeys(ctx: IExecuteFunctions): Promise<AuditKeys> {
	const credentials = await ctx.getCredentials(CREDENTIAL_NAME);
	const key = String(credentials.secret ?? '');
	const version = String(credentials.version ?? '').trim() || 'v1';
	if (key.length < 16) throw new Error('Audit key: the HMAC key must be at least 16 characters long');
	return { current: { key, version }, all: { ...parsePreviousKeys(credentials.previousSecrets), [version]: key } };
}

/** The credential test: checks the key locally (the key reaches no service to test against). */
export async function slaAuditKeyTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	if (String(data.secret ?? '').length < 16) return { status: 'Error', message: 'The HMAC key must be at least 16 characters long' };
	if (!String(data.version ?? '').trim()) return { status: 'Error', message: 'The key version must not be empty' };
	try {
		parsePreviousKeys(data.previousSecrets);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'The audit key can sign checkpoints and pseudonyms' };
}
