import { closeSharedPool, lockKeyOf, postgresConfigOf, sharedPool, tableNameOf } from '../../../nodes/AuditLog/postgres-connection';

describe('postgresConfigOf', () => {
	const credentials = { host: ' db.internal ', port: 6432, database: 'audit', user: 'n8n', password: 's3cret', ssl: false, rejectUnauthorized: true };

	test('turns the SLA Audit PostgreSQL credential into a small pool config', () => {
		expect(postgresConfigOf(credentials)).toEqual({
			host: 'db.internal',
			port: 6432,
			database: 'audit',
			user: 'n8n',
			password: 's3cret',
			ssl: false,
			application_name: 'n8n-nodes-sla-orchestrator',
			max: 5,
			connectionTimeoutMillis: 10_000,
			idleTimeoutMillis: 30_000,
		});
	});

	test('TLS checks the certificate unless Reject Unauthorized is off', () => {
		expect(postgresConfigOf({ ...credentials, ssl: true }).ssl).toEqual({ rejectUnauthorized: true });
		expect(postgresConfigOf({ ...credentials, ssl: true, rejectUnauthorized: false }).ssl).toEqual({ rejectUnauthorized: false });
	});

	test('names the field that is missing or wrong', () => {
		expect(() => postgresConfigOf({ ...credentials, host: ' ' })).toThrow(/^Host: /);
		expect(() => postgresConfigOf({ ...credentials, database: '' })).toThrow(/^Database: /);
		expect(() => postgresConfigOf({ ...credentials, user: '' })).toThrow(/^User: /);
		expect(() => postgresConfigOf({ ...credentials, port: 70000 })).toThrow(/^Port: /);
	});
});

describe('tableNameOf', () => {
	test('quotes a plain or schema-qualified name', () => {
		expect(tableNameOf('sla_audit_trail')).toEqual({ name: 'sla_audit_trail', sql: '"sla_audit_trail"', base: 'sla_audit_trail', schemaPrefix: '' });
		expect(tableNameOf('audit.trail_2')).toEqual({ name: 'audit.trail_2', sql: '"audit"."trail_2"', base: 'trail_2', schemaPrefix: '"audit".' });
	});

	test.each(['', 'Trail', 'trail; drop table x', 'a.b.c', '1trail', 'tr"ail', 'x'.repeat(49)])('refuses %j', (name) => {
		expect(() => tableNameOf(name)).toThrow(/^Table: /);
	});
});

describe('lockKeyOf', () => {
	test('is a stable signed 64-bit integer per trail', () => {
		const key = lockKeyOf('sla-audit-trail', '"sla_audit_trail"', 'main');
		expect(key).toBe(lockKeyOf('sla-audit-trail', '"sla_audit_trail"', 'main'));
		expect(key).not.toBe(lockKeyOf('sla-audit-trail', '"sla_audit_trail"', 'other'));
		expect(key).toMatch(/^-?\d+$/);
		const value = BigInt(key);
		expect(value >= -(2n ** 63n) && value < 2n ** 63n).toBe(true);
	});
});

describe('sharedPool', () => {
	test('one pool per connection config, a new one after it was closed', async () => {
		const config = { host: '127.0.0.1', port: 1, database: 'x', user: 'x', password: 'p' };
		const pool = sharedPool(config);
		expect(sharedPool({ password: 'p', user: 'x', database: 'x', port: 1, host: '127.0.0.1' })).toBe(pool);
		expect(sharedPool({ ...config, password: 'q' })).not.toBe(pool);
		await closeSharedPool({ ...config, password: 'q' });
		await closeSharedPool(config);
		expect(sharedPool(config)).not.toBe(pool);
		await closeSharedPool(config);
	});
});
