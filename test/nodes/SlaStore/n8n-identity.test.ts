import { actingUser, IdentityError, userIdOfApiKey } from '../../../nodes/SlaStore/n8n-identity';
import { executeContext } from '../../support/execute-context';

/** An API key shaped as n8n 2.8 issues them: a JWT whose `sub` is the user's id. */
const apiKeyOf = (sub: string) => ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', Buffer.from(JSON.stringify({ sub, iss: 'n8n', aud: 'public-api' })).toString('base64url'), 'signature'].join('.');

function contextWith(parameters: Record<string, unknown>, extra: { userId?: string; status?: number } = {}) {
	const ctx = executeContext({ items: [{}], parameters });
	(ctx as unknown as { additionalData: unknown }).additionalData = extra.userId === undefined ? {} : { userId: extra.userId };
	ctx.getCredentials.mockResolvedValue({ baseUrl: 'http://n8n.test:5678/' });
	const httpRequest = jest.fn().mockResolvedValue({ statusCode: extra.status ?? 200, body: { data: [] } });
	(ctx as unknown as { helpers: unknown }).helpers = { httpRequest };
	return { ctx, httpRequest };
}

describe('who acts, as an n8n user id', () => {
	it('reads the user id of an n8n API key', () => {
		expect(userIdOfApiKey(apiKeyOf('3f1c-user'))).toBe('3f1c-user');
		expect(userIdOfApiKey('n8n_api_plain')).toBeNull();
		expect(userIdOfApiKey('a.b.c')).toBeNull();
	});

	it('the editor user is the user who started the execution', async () => {
		const { ctx } = contextWith({ actingUser: 'editorUser' }, { userId: 'user-bob' });
		await expect(actingUser(ctx, 0)).resolves.toEqual({ id: 'user-bob' });
	});

	it('an execution without a user (a webhook run) is refused, saying what to do', async () => {
		const { ctx } = contextWith({ actingUser: 'editorUser' });
		await expect(actingUser(ctx, 0)).rejects.toThrow(IdentityError);
		await expect(actingUser(ctx, 0)).rejects.toThrow(/carries no n8n user/);
	});

	it('an API key is shown to n8n, which must accept it: its user acts', async () => {
		const { ctx, httpRequest } = contextWith({ actingUser: 'apiKey', userApiKey: apiKeyOf('user-carol') });
		await expect(actingUser(ctx, 0)).resolves.toEqual({ id: 'user-carol' });
		expect(httpRequest).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://n8n.test:5678/api/v1/workflows', headers: { 'X-N8N-API-KEY': apiKeyOf('user-carol') }, ignoreHttpStatusErrors: true }));
	});

	it('a key n8n refuses (401) is refused; one it accepts without the scope (403) still names its user', async () => {
		await expect(actingUser(contextWith({ actingUser: 'apiKey', userApiKey: apiKeyOf('user-x') }, { status: 401 }).ctx, 0)).rejects.toThrow(/n8n refused it/);
		await expect(actingUser(contextWith({ actingUser: 'apiKey', userApiKey: apiKeyOf('user-x') }, { status: 403 }).ctx, 0)).resolves.toEqual({ id: 'user-x' });
		await expect(actingUser(contextWith({ actingUser: 'apiKey', userApiKey: 'typed-name' }).ctx, 0)).rejects.toThrow(/is not an n8n API key/);
	});
});
