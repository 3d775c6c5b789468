import { AuditLog } from '../../../nodes/AuditLog/AuditLog.node';
import { executeContext } from '../../support/execute-context';

const node = new AuditLog();

describe('Audit Log node', () => {
	it('tests the credential locally', async () => {
		const test = node.methods.credentialTest.slaAuditKeyTest;
		await expect(test.call({} as never, { id: '1', name: 'k', type: 'slaAuditKeyApi', data: { secret: 'short', version: 'v1' } })).resolves.toMatchObject({ status: 'Error' });
		await expect(test.call({} as never, { id: '1', name: 'k', type: 'slaAuditKeyApi', data: { secret: 'long-enough-secret-123', version: 'v1' } })).resolves.toMatchObject({ status: 'OK' });
	});

	it('refuses an operation it does not know, naming it', async () => {
		const ctx = executeContext({ items: [{}], parameters: { operation: 'purge' } });
		await expect(node.execute.call(ctx)).rejects.toThrow('The operation "purge" is not known');
	});

	it('shows every parameter of the four operations, each once', () => {
		const names = node.description.properties.map((property) => property.name);
		expect(new Set(names).size).toBe(names.length);
		expect(names).toEqual(['operation', 'trailStore', 'trailName', 'trailTable', 'trailFile', 'anchorStore', 'anchorTable', 'anchorFile', 'subjectKeyStore', 'subjectTable', 'subjectFile', 'action', 'actorType', 'actorId', 'actorName', 'ticketId', 'ticketSource', 'ruleId', 'ruleVersion', 'before', 'after', 'occurredAt', 'traceId', 'idempotencyKey', 'piiFields', 'piiMode', 'subjectFields', 'ruleNodes', 'options', 'subjectValue', 'requestReference', 'requestedBy', 'from', 'to']);
	});
});
