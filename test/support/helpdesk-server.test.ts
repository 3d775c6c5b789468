/** The local Zendesk-style helpdesk the write-back tests talk to answers as Zendesk's Tickets API does. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startHelpdeskServer, type HelpdeskServer } from './helpdesk-server';

let helpdesk: HelpdeskServer;
let clock = new Date('2026-03-25T15:30:00Z');
beforeAll(async () => {
	helpdesk = await startHelpdeskServer({ token: 'zd-test-token', now: () => clock });
});
afterAll(() => helpdesk.close());
beforeEach(() => {
	helpdesk.reset();
	clock = new Date('2026-03-25T15:30:00Z');
});

const bearer = (token = 'zd-test-token') => ({ authorization: `Bearer ${token}` });
const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = bearer()) {
	const response = await fetch(`${helpdesk.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}

const update = (id: number, ticket: unknown, headers?: Record<string, string>) => call('PUT', `/api/v2/tickets/${id}.json`, { ticket }, headers);

describe('the local helpdesk server', () => {
	it('listens on 127.0.0.1 and exposes its token', () => {
		expect(helpdesk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(helpdesk.token).toBe('zd-test-token');
	});

	it('refuses a missing or wrong token with 401 and accepts Bearer and Zendesk API-token Basic auth', async () => {
		helpdesk.seed({ id: 4711, subject: 'Checkout fails' });
		const refused = { status: 401, json: { error: "Couldn't authenticate you" } };
		expect(await call('GET', '/api/v2/tickets/4711.json', undefined, {})).toMatchObject(refused);
		expect(await call('GET', '/api/v2/tickets/4711.json', undefined, bearer('wrong'))).toMatchObject(refused);
		expect(await call('GET', '/api/v2/tickets/4711.json', undefined, basic('agent@example.com:zd-test-token'))).toMatchObject(refused);
		expect(await call('GET', '/api/v2/tickets/4711.json', undefined, basic('agent@example.com/token:wrong'))).toMatchObject(refused);

		expect((await call('GET', '/api/v2/tickets/4711.json')).status).toBe(200);
		expect((await call('GET', '/api/v2/tickets/4711.json', undefined, basic('agent@example.com/token:zd-test-token'))).status).toBe(200);
		expect(helpdesk.calls.map((entry) => entry.status)).toEqual([401, 401, 401, 401, 200, 200]);
		expect(helpdesk.calls[4]).toMatchObject({ method: 'GET', path: '/api/v2/tickets/4711.json', headers: { authorization: 'Bearer zd-test-token' } });
	});

	it('serves a ticket as { ticket } and answers 404 RecordNotFound for an unknown one', async () => {
		helpdesk.seed({ id: 4711, subject: 'Checkout fails', status: 'open', priority: 'high', tags: ['Billing', 'vip'] });
		const found = await call('GET', '/api/v2/tickets/4711.json');
		expect(found.json.ticket).toMatchObject({ id: 4711, subject: 'Checkout fails', status: 'open', priority: 'high', tags: ['billing', 'vip'], url: `${helpdesk.url}/api/v2/tickets/4711.json` });
		expect(found.json.ticket).not.toHaveProperty('comments');

		const missing = { status: 404, json: { error: 'RecordNotFound', description: 'Not found' } };
		expect(await call('GET', '/api/v2/tickets/4712.json')).toMatchObject(missing);
		expect(await update(4712, { status: 'open' })).toMatchObject(missing);
		expect(await call('GET', '/api/v2/tickets/not-a-number.json')).toMatchObject(missing);
	});

	it('updates a ticket and answers { ticket, audit: { id, events } } with one Change event per field', async () => {
		helpdesk.seed({ id: 4711, subject: 'Checkout fails', status: 'new', priority: 'normal', tags: ['billing'], custom_fields: [{ id: 360001, value: 'eu' }] });
		clock = new Date('2026-03-25T15:45:10Z');
		const answer = await update(4711, {
			status: 'open',
			priority: 'urgent',
			assignee_email: 'Ana.Silva@example.com',
			group: 'Billing L2',
			additional_tags: ['sla_at_risk'],
			custom_fields: [{ id: 360001, value: 'emea' }, { id: 360002, value: 75 }],
		});
		expect(answer.status).toBe(200);
		expect(answer.json.ticket).toMatchObject({ id: 4711, status: 'open', priority: 'urgent', tags: ['billing', 'sla_at_risk'], updated_at: '2026-03-25T15:45:10Z' });
		expect(answer.json.ticket.assignee_id).toEqual(expect.any(Number));
		expect(answer.json.ticket.group_id).toEqual(expect.any(Number));
		expect(answer.json.ticket).not.toHaveProperty('assignee_email');
		expect(answer.json.audit).toMatchObject({ id: 1, ticket_id: 4711, created_at: '2026-03-25T15:45:10Z' });
		const changes = answer.json.audit.events.map((event: any) => [event.type, event.field_name, event.value, event.previous_value]);
		expect(changes).toEqual([
			['Change', 'status', 'open', 'new'],
			['Change', 'priority', 'urgent', 'normal'],
			['Change', 'assignee_id', answer.json.ticket.assignee_id, null],
			['Change', 'group_id', answer.json.ticket.group_id, null],
			['Change', 'tags', ['billing', 'sla_at_risk'], ['billing']],
			['Change', '360001', 'emea', 'eu'],
			['Change', '360002', 75, null],
		]);

		const stored = helpdesk.tickets.get(4711)!;
		expect(stored).toMatchObject({ status: 'open', assignee_email: 'ana.silva@example.com', group: 'Billing L2', custom_fields: [{ id: 360001, value: 'emea' }, { id: 360002, value: 75 }] });
		expect((await call('GET', '/api/v2/tickets/4711.json')).json.ticket.status).toBe('open');

		const again = await update(4711, { status: 'open', remove_tags: ['billing'] });
		expect(again.json.audit.id).toBe(2);
		expect(again.json.audit.events).toEqual([expect.objectContaining({ type: 'Change', field_name: 'tags', value: ['sla_at_risk'] })]);
	});

	it('records a comment with public: false as an internal note, authored by the Basic-auth agent', async () => {
		helpdesk.seed({ id: 4711, subject: 'Checkout fails', status: 'open' });
		const note = 'SLA first response at 75 % — escalated to L2.\nRunbook: https://runbooks.example.com/sla';
		const answer = await update(4711, { status: 'pending', comment: { body: note, public: false } }, basic('ana.silva@example.com/token:zd-test-token'));
		expect(answer.status).toBe(200);
		const commentEvent = answer.json.audit.events.find((event: any) => event.type === 'Comment');
		expect(commentEvent).toMatchObject({ type: 'Comment', body: note, plain_body: note, public: false, attachments: [] });

		const [comment] = helpdesk.tickets.get(4711)!.comments;
		expect(comment).toMatchObject({ body: note, public: false, audit_id: answer.json.audit.id, author_id: answer.json.audit.author_id, created_at: '2026-03-25T15:30:00Z' });
		expect(comment.id).toBe(commentEvent.id);
		expect(comment.html_body).toContain('75 % — escalated to L2.<br>Runbook');

		await update(4711, { comment: { body: 'We are on it.' } });
		const listed = await call('GET', '/api/v2/tickets/4711/comments.json');
		expect(listed.json.comments.map((entry: any) => [entry.body, entry.public])).toEqual([
			[note, false],
			['We are on it.', true],
		]);
		expect(listed.json.comments[1].author_id).not.toBe(comment.author_id);
	});

	it('refuses a status outside new, open, pending, hold, solved, closed with 422 RecordInvalid and changes nothing', async () => {
		helpdesk.seed({ id: 4711, subject: 'Checkout fails', status: 'open', priority: 'high' });
		const answer = await update(4711, { status: 'resolved', priority: 'low', comment: { body: 'done', public: false } });
		expect(answer.status).toBe(422);
		expect(answer.json).toMatchObject({ error: 'RecordInvalid', details: { status: [{ error: 'InvalidValue' }] } });
		expect(answer.json.details.status[0].description).toContain('new, open, pending, hold, solved, closed');
		expect(helpdesk.tickets.get(4711)).toMatchObject({ status: 'open', priority: 'high', comments: [] });

		const several = await update(4711, { priority: 'p1', tags: 'billing', comment: { body: '   ' }, custom_fields: [{ id: 1, value: { nested: true } }] });
		expect(Object.keys(several.json.details).sort()).toEqual(['comment', 'custom_fields', 'priority', 'tags']);

		expect((await update(4711, { status: 'HOLD' })).json.ticket.status).toBe('hold');
		helpdesk.seed({ id: 4712, subject: 'Old', status: 'closed' });
		expect((await update(4712, { status: 'open' })).json).toMatchObject({ error: 'RecordInvalid', details: { status: [{ error: 'ClosedPreventsUpdate' }] } });
	});

	it('creates tickets with POST /api/v2/tickets.json (201, Location), the first comment as description', async () => {
		const created = await call('POST', '/api/v2/tickets.json', {
			ticket: { subject: 'Drill: checkout down', comment: { body: 'Synthetic breach drill' }, priority: 'urgent', requester: { name: 'Drill Bot', email: 'drill@example.com' }, tags: ['drill'] },
		});
		expect(created.status).toBe(201);
		expect(created.json.ticket).toMatchObject({ id: 10001, subject: 'Drill: checkout down', description: 'Synthetic breach drill', status: 'new', priority: 'urgent', tags: ['drill'], created_at: '2026-03-25T15:30:00Z' });
		expect(created.headers.get('location')).toBe(`${helpdesk.url}/api/v2/tickets/10001.json`);
		expect(created.json.audit.events.map((event: any) => event.type)).toEqual(['Create', 'Create', 'Create', 'Create', 'Comment']);
		expect(helpdesk.tickets.get(10001)!.comments).toEqual([expect.objectContaining({ body: 'Synthetic breach drill', public: true })]);

		const seeded = helpdesk.seed({ subject: 'Seeded after' });
		expect(seeded.id).toBe(10002);
		expect(await call('POST', '/api/v2/tickets.json', { ticket: { subject: 'No description' } })).toMatchObject({ status: 422, json: { details: { description: [{ error: 'BlankValue' }] } } });
		expect(await call('POST', '/api/v2/tickets.json', { subject: 'not wrapped' })).toMatchObject({ status: 400 });
	});

	it('answers the next matching requests with 429 + Retry-After, then 500, then normally', async () => {
		helpdesk.seed({ id: 4711, subject: 'Checkout fails', status: 'open' });
		helpdesk.failNext('PUT /api/v2/tickets/:id.json', [{ status: 429, retryAfter: 1 }, { status: 500 }]);
		expect((await call('GET', '/api/v2/tickets/4711.json')).status).toBe(200);

		const limited = await update(4711, { status: 'pending' });
		expect([limited.status, limited.headers.get('retry-after'), limited.json.error]).toEqual([429, '1', 'APIRateLimitExceeded']);
		const broken = await update(4711, { status: 'pending' });
		expect([broken.status, broken.headers.get('retry-after')]).toEqual([500, null]);
		expect(helpdesk.tickets.get(4711)!.status).toBe('open');

		expect((await update(4711, { status: 'pending' })).status).toBe(200);
		expect(helpdesk.tickets.get(4711)!.status).toBe('pending');
		expect(helpdesk.calls.map((entry) => `${entry.method} ${entry.status}`)).toEqual(['GET 200', 'PUT 429', 'PUT 500', 'PUT 200']);
		expect(helpdesk.calls[1].body).toEqual({ ticket: { status: 'pending' } });
	});

	it('matches failure routes by method and path pattern, queueing per route', async () => {
		helpdesk.seed({ id: 4711, subject: 'a' });
		helpdesk.seed({ id: 4712, subject: 'b' });
		helpdesk.failNext('PUT /api/v2/tickets/4712.json', [{ status: 503 }]);
		helpdesk.failNext('/api/v2/tickets/*', [{ status: 502, body: { error: 'BadGateway' } }]);
		helpdesk.failNext('/api/v2/tickets/*', [{ status: 504 }]);
		helpdesk.failNext(/^POST /, [{ status: 429, retryAfter: 30 }]);

		expect((await update(4711, { status: 'open' })).status).toBe(502);
		expect((await update(4712, { status: 'open' })).status).toBe(503);
		expect((await call('GET', '/api/v2/tickets/4712.json')).status).toBe(504);
		expect((await call('GET', '/api/v2/tickets/4712.json')).status).toBe(200);
		const posted = await call('POST', '/api/v2/tickets.json', { ticket: { subject: 'x', comment: { body: 'y' } } });
		expect([posted.status, posted.headers.get('retry-after')]).toEqual([429, '30']);
		expect(helpdesk.calls[0].response).toEqual({ error: 'BadGateway' });
	});

	it('caps bodies at 1 MiB: one byte over is 413 and recorded, exactly 1 MiB is read', async () => {
		helpdesk.seed({ id: 4711, subject: 'Checkout fails', status: 'open' });
		const envelope = (padding: number) => `{"ticket":{"comment":{"public":false,"body":"${'x'.repeat(padding)}"}}}`;
		const overhead = envelope(0).length;
		const exact = envelope(1024 * 1024 - overhead);
		expect(Buffer.byteLength(exact)).toBe(1024 * 1024);

		const over = await call('PUT', '/api/v2/tickets/4711.json', envelope(1024 * 1024 - overhead + 1));
		expect(over).toMatchObject({ status: 413, json: { error: 'RequestEntityTooLarge' } });
		const twoMegabytes = await call('PUT', '/api/v2/tickets/4711.json', envelope(2 * 1024 * 1024));
		expect(twoMegabytes.status).toBe(413);
		expect(helpdesk.calls.map((entry) => [entry.status, entry.body])).toEqual([
			[413, undefined],
			[413, undefined],
		]);

		expect((await call('PUT', '/api/v2/tickets/4711.json', exact)).status).toBe(200);
		expect(helpdesk.tickets.get(4711)!.comments[0].body).toHaveLength(1024 * 1024 - overhead);
	});

	it('answers 400 for a body that is not JSON and 422 for a 10,000-level nested value, without falling over', async () => {
		helpdesk.seed({ id: 4711, subject: 'Checkout fails', status: 'open' });
		const broken = await call('PUT', '/api/v2/tickets/4711.json', '{"ticket": {"status": "open",');
		expect(broken).toMatchObject({ status: 400, json: { error: 'InvalidJSON' } });
		expect(helpdesk.calls[0].body).toBe('{"ticket": {"status": "open",');

		const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
		const nested = await call('PUT', '/api/v2/tickets/4711.json', `{"ticket":{"status":${deep},"custom_fields":[{"id":1,"value":${deep}}]}}`);
		expect(nested.status).toBe(422);
		expect(Object.keys(nested.json.details).sort()).toEqual(['custom_fields', 'status']);
		expect((await call('GET', '/api/v2/tickets/4711.json')).status).toBe(200);
	});

	it('answers unknown routes with 404 InvalidEndpoint and seeds only valid tickets', async () => {
		expect(await call('DELETE', '/api/v2/tickets/4711.json')).toMatchObject({ status: 404, json: { error: 'InvalidEndpoint' } });
		expect(await call('GET', '/api/v2/users/me.json')).toMatchObject({ status: 404, json: { error: 'InvalidEndpoint' } });
		expect(() => helpdesk.seed({ id: 1, status: 'resolved' as any })).toThrow(/new, open, pending, hold, solved, closed/);
		expect(() => helpdesk.seed({ id: 0 })).toThrow(/positive integer/);
		const seeded = helpdesk.seed({ id: 5, subject: 'With history', comments: [{ body: 'first' }, { body: 'note', public: false }] });
		expect(seeded).toMatchObject({ description: 'first', status: 'new', comments: [{ body: 'first', public: true }, { body: 'note', public: false }] });
	});
});

describe('the helpdesk webhook fixtures', () => {
	const folder = join(__dirname, '..', 'fixtures', 'helpdesk');
	const files = (dir: string) => readdirSync(dir).filter((name) => name !== 'README.md' && !statSync(join(dir, name)).isDirectory());
	const OFFSET = /(?:Z|[+-]\d{2}:\d{2})$/;

	it('are valid JSON, each described in the README', () => {
		const readme = readFileSync(join(folder, 'README.md'), 'utf8');
		for (const name of files(folder)) {
			expect(name).toMatch(/^(generic|zendesk|freshdesk)-[a-z0-9-]+\.json$/);
			expect(() => JSON.parse(readFileSync(join(folder, name), 'utf8'))).not.toThrow();
			expect(readme).toContain(`\`${name}\``);
		}
	});

	it('generic events carry an eventId and ISO timestamps with offsets', () => {
		for (const name of files(folder).filter((file) => file.startsWith('generic-'))) {
			const event = JSON.parse(readFileSync(join(folder, name), 'utf8'));
			expect(event).toEqual(expect.objectContaining({ eventId: expect.any(String), source: 'generic', type: expect.any(String), at: expect.stringMatching(OFFSET) }));
			expect(event.ticket).toEqual(expect.objectContaining({ id: expect.any(String), createdAt: expect.stringMatching(OFFSET), tags: expect.any(Array) }));
			expect(Object.keys(event.ticket.customer).sort()).toEqual(['email', 'id', 'name', 'region', 'tier', 'timezone']);
			expect(Number.isNaN(Date.parse(event.at))).toBe(false);
		}
	});

	it('malformed: .json files parse, .txt files do not, and the README describes each', () => {
		const malformed = join(folder, 'malformed');
		const readme = readFileSync(join(malformed, 'README.md'), 'utf8');
		const names = files(malformed);
		expect(names.length).toBeGreaterThanOrEqual(20);
		for (const name of names) {
			const text = readFileSync(join(malformed, name), 'utf8');
			if (name.endsWith('.json')) expect(() => JSON.parse(text)).not.toThrow();
			else expect(() => JSON.parse(text)).toThrow();
			expect(readme).toContain(`\`${name}\``);
		}
	});
});
