/**
 * A local stand-in for a Zendesk-style helpdesk REST API, for tests: the templates' HTTP Request
 * node writes SLA results back to it (status, priority, assignee, group, tags, custom fields and
 * internal notes) the way it would write to Zendesk Support's Tickets API, and it can be told to
 * answer the next calls of a route with 429 + Retry-After or 5xx.
 *
 *   const helpdesk = await startHelpdeskServer({ token: 'zd-test' });
 *   helpdesk.seed({ id: 4711, subject: 'Checkout fails', status: 'open' });
 *   await fetch(`${helpdesk.url}/api/v2/tickets/4711.json`, {
 *     method: 'PUT',
 *     headers: { authorization: `Bearer ${helpdesk.token}`, 'content-type': 'application/json' },
 *     body: JSON.stringify({ ticket: { status: 'pending', comment: { body: 'SLA at risk', public: false } } }),
 *   });
 *   helpdesk.failNext('PUT /api/v2/tickets/:id.json', [{ status: 429, retryAfter: 1 }, { status: 500 }]);
 *   helpdesk.tickets.get(4711)?.comments.at(-1); // { body: 'SLA at risk', public: false, ... }
 *
 * Routes: `GET /api/v2/tickets/:id.json` → `{ ticket }`; `PUT /api/v2/tickets/:id.json` with
 * `{ ticket: { status?, priority?, assignee_id?, assignee_email?, group_id?, group?, tags?,
 * additional_tags?, remove_tags?, custom_fields?, subject?, comment?: { body, public? } } }` →
 * `{ ticket, audit: { id, events } }`; `POST /api/v2/tickets.json` (creation, 201 + Location);
 * `GET /api/v2/tickets/:id/comments.json` → `{ comments }`.
 *
 * Errors answer as Zendesk does: 401 `{ error: "Couldn't authenticate you" }`, 404 `{ error:
 * "RecordNotFound", description: "Not found" }`, 422 `{ error: "RecordInvalid", description,
 * details: { field: [{ description, error }] } }`. Authentication takes `Authorization: Bearer
 * <token>` or Zendesk's API-token form `Basic base64(email/token:<token>)`. Bodies are read once,
 * in linear time, and capped (1 MiB by default → 413); a body that is not JSON → 400 (our choice
 * of body: Zendesk's own wording varies).
 *
 * Beyond the API, `tickets` holds each ticket as it stands now with all its `comments` (public
 * replies and internal notes) and the `assignee_email` / `group` names it was given, which the API
 * itself, like Zendesk, does not echo.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

export type HelpdeskStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export type HelpdeskPriority = 'low' | 'normal' | 'high' | 'urgent';

/** Zendesk's ticket statuses, in their lifecycle order. */
export const HELPDESK_STATUSES: readonly HelpdeskStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
export const HELPDESK_PRIORITIES: readonly HelpdeskPriority[] = ['low', 'normal', 'high', 'urgent'];

/** A custom field value as Zendesk stores it: text, number, checkbox, or the options of a multi-select. */
export type CustomFieldValue = string | number | boolean | null | string[];

export interface HelpdeskCustomField {
	id: number;
	value: CustomFieldValue;
}

export interface HelpdeskComment {
	id: number;
	type: 'Comment';
	author_id: number;
	body: string;
	html_body: string;
	plain_body: string;
	/** false = an internal note, seen by agents only. */
	public: boolean;
	audit_id: number;
	via: { channel: string };
	created_at: string;
}

export interface HelpdeskTicket {
	id: number;
	subject: string;
	/** The first comment's text, as Zendesk sets it at creation. */
	description: string;
	status: HelpdeskStatus;
	priority: HelpdeskPriority | null;
	requester_id: number;
	submitter_id: number;
	assignee_id: number | null;
	/** The email the assignee was set by (test convenience; the API does not return it). */
	assignee_email: string | null;
	group_id: number | null;
	/** The group name the ticket was given (test convenience; the API returns only group_id). */
	group: string | null;
	tags: string[];
	custom_fields: HelpdeskCustomField[];
	external_id: string | null;
	via: { channel: string };
	created_at: string;
	updated_at: string;
	/** Every comment in order, public replies and internal notes (served by the comments route). */
	comments: HelpdeskComment[];
}

/** What `seed` takes: any ticket fields, the rest filled in as Zendesk would at creation. */
export type HelpdeskTicketSeed = Partial<Omit<HelpdeskTicket, 'comments'>> & {
	comments?: Array<Partial<HelpdeskComment> & { body: string }>;
};

export interface HelpdeskAuditEvent {
	id: number;
	type: 'Create' | 'Change' | 'Comment';
	field_name?: string;
	value?: unknown;
	previous_value?: unknown;
	[key: string]: unknown;
}

export interface HelpdeskAudit {
	id: number;
	ticket_id: number;
	author_id: number;
	created_at: string;
	via: { channel: string };
	events: HelpdeskAuditEvent[];
}

export interface HelpdeskCall {
	/** The HTTP method (GET, PUT, POST, ...). */
	method: string;
	/** The path without the query string, e.g. `/api/v2/tickets/4711.json`. */
	path: string;
	/** The query string without `?` ('' if none). */
	query: string;
	/** The parsed JSON body; the raw text if it is not JSON; undefined if empty or over the size cap. */
	body: any;
	/** Request headers, names in lower case. */
	headers: Record<string, string>;
	/** The HTTP status this server answered with. */
	status: number;
	/** The JSON this server answered with. */
	response: any;
}

export interface HelpdeskFailure {
	status: number;
	/** Seconds, sent as the Retry-After header (Zendesk sends it with its 429s). */
	retryAfter?: number;
	/** Answer body; defaults to a Zendesk-style `{ error, description }` for the status. */
	body?: any;
}

export interface HelpdeskServerOptions {
	/** The API token requests must carry; default `helpdesk-test-token`. */
	token?: string;
	/** Largest accepted request body in bytes; default 1 MiB (1,048,576). */
	maxBodyBytes?: number;
	/** The clock for created_at / updated_at; default the real one. */
	now?: () => Date;
	/** The port on 127.0.0.1; default any free port. */
	port?: number;
	/** An update of a ticket this server has not seen creates it (for a local demo); tests leave it off. */
	createOnUpdate?: boolean;
}

export interface HelpdeskServer {
	/** Base URL without a trailing slash, e.g. `http://127.0.0.1:PORT` (append `/api/v2/...`). */
	url: string;
	/** The token requests must carry (Bearer, or in Basic as `email/token:<token>`). */
	token: string;
	/** Every request received, in order, including the ones answered with an error or a failure. */
	calls: HelpdeskCall[];
	/** Tickets as they stand now, with their comments, keyed by id. */
	tickets: Map<number, HelpdeskTicket>;
	/** Puts a ticket in place (replacing one with the same id) and returns it as stored. */
	seed(ticket: HelpdeskTicketSeed): HelpdeskTicket;
	/**
	 * Answers the next requests matching `route` with these responses, one per request, in order.
	 * `route` is `'METHOD /path'` or just `'/path'` (any method); in the path `:name` matches one
	 * path part up to a dot (`:id.json`) and `*` anything within one part. A RegExp is tested
	 * against `'METHOD /path'`. Failures are answered before authentication, as a rate limiter in
	 * front of the API would.
	 */
	failNext(route: string | RegExp, responses: HelpdeskFailure[]): void;
	/** Forgets calls, tickets, users, groups and pending failures; ids start again. */
	reset(): void;
	close(): Promise<void>;
}

const DEFAULT_TOKEN = 'helpdesk-test-token';
const DEFAULT_MAX_BODY = 1024 * 1024;
const FIRST_TICKET_ID = 10001;
const FIRST_USER_ID = 900001;
const FIRST_GROUP_ID = 360001;
const BOT_EMAIL = 'sla-bot@helpdesk.test';
const TICKET_PATH = /^\/api\/v2\/tickets\/([^/]+)\.json$/;
const COMMENTS_PATH = /^\/api\/v2\/tickets\/([^/]+)\/comments\.json$/;
const CREATE_PATH = '/api/v2/tickets.json';
const UNAUTHENTICATED = { error: "Couldn't authenticate you" };
const NOT_FOUND = { error: 'RecordNotFound', description: 'Not found' };

function headersOf(request: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

function defaultFailureBody(status: number): any {
	if (status === 429) return { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' };
	if (status === 503) return { error: 'ServiceUnavailable', description: 'Service temporarily unavailable' };
	if (status >= 500) return { error: 'InternalServerError', description: 'Internal server error' };
	return { error: `HTTP${status}`, description: `Answered with ${status} by failNext` };
}

/** `2026-03-25T15:30:00Z`: Zendesk's timestamps are UTC, to the second. */
function iso(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

function isObject(value: unknown): value is Record<string, any> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isCustomFieldValue(value: unknown): value is CustomFieldValue {
	return value === null || ['string', 'number', 'boolean'].includes(typeof value) || isStringArray(value);
}

/** Zendesk lower-cases tags and turns spaces into underscores; duplicates collapse. */
function normalizeTags(tags: string[]): string[] {
	return [...new Set(tags.map((tag) => tag.trim().toLowerCase().replace(/\s+/g, '_')).filter((tag) => tag !== ''))];
}

/** Compiles a failNext route into a test on `'METHOD /path'`. */
function routeMatcher(route: string | RegExp): (key: string) => boolean {
	if (route instanceof RegExp) return (key) => route.test(key);
	const spaced = /^([A-Z]+|\*)\s+(\S+)$/.exec(route.trim());
	const method = spaced ? spaced[1] : '*';
	const path = spaced ? spaced[2] : route.trim();
	let source = '';
	for (let index = 0; index < path.length; index += 1) {
		const char = path[index];
		if (char === '*') source += '[^/]*';
		else if (char === ':' && /[A-Za-z_]/.test(path[index + 1] ?? '')) {
			while (/[A-Za-z0-9_]/.test(path[index + 1] ?? '')) index += 1;
			source += '[^/.]+';
		} else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
	}
	const pattern = new RegExp(`^${method === '*' ? '[A-Z]+' : method} ${source}$`);
	return (key) => pattern.test(key);
}

interface Validation {
	details: Record<string, Array<{ description: string; error: string }>>;
	add(field: string, description: string, error?: string): void;
}

function validation(): Validation {
	const details: Validation['details'] = {};
	return {
		details,
		add(field, description, error = 'InvalidValue') {
			(details[field] ??= []).push({ description, error });
		},
	};
}

function invalid(details: Validation['details']): any {
	return { error: 'RecordInvalid', description: 'Record validation errors', details };
}

export async function startHelpdeskServer(options: HelpdeskServerOptions = {}): Promise<HelpdeskServer> {
	const token = options.token ?? DEFAULT_TOKEN;
	const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
	const now = options.now ?? (() => new Date());
	const calls: HelpdeskCall[] = [];
	const tickets = new Map<number, HelpdeskTicket>();
	const failures: Array<{ route: string; matches: (key: string) => boolean; queue: HelpdeskFailure[] }> = [];
	const users = new Map<string, number>();
	const groups = new Map<string, number>();
	let nextTicketId = FIRST_TICKET_ID;
	let nextEventId = 1;
	let nextAuditId = 1;

	const userId = (email: string): number => {
		const key = email.trim().toLowerCase();
		let id = users.get(key);
		if (id === undefined) {
			id = FIRST_USER_ID + users.size;
			users.set(key, id);
		}
		return id;
	};
	const groupId = (name: string): number => {
		let id = groups.get(name);
		if (id === undefined) {
			id = FIRST_GROUP_ID + groups.size;
			groups.set(name, id);
		}
		return id;
	};
	const eventId = () => nextEventId++;

	/** The ticket as the API shows it: without the comments and the test-only name fields. */
	const view = (ticket: HelpdeskTicket, base: string) => {
		const { comments: _comments, assignee_email: _email, group: _group, ...fields } = ticket;
		return { url: `${base}/api/v2/tickets/${ticket.id}.json`, ...fields, tags: [...ticket.tags], custom_fields: ticket.custom_fields.map((field) => ({ ...field })) };
	};

	const newComment = (body: string, isPublic: boolean, authorId: number, auditId: number, at: string, htmlBody?: string): HelpdeskComment => ({
		id: eventId(),
		type: 'Comment',
		author_id: authorId,
		body,
		html_body: htmlBody ?? `<div class="zd-comment" dir="auto"><p dir="auto">${escapeHtml(body).replace(/\n/g, '<br>')}</p></div>`,
		plain_body: body,
		public: isPublic,
		audit_id: auditId,
		via: { channel: 'api' },
		created_at: at,
	});

	/** The author of a request: the Basic user's email, or the bot the Bearer token belongs to. */
	const authenticate = (headers: Record<string, string>): { authorId: number } | null => {
		const header = headers.authorization ?? '';
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (bearer) return bearer[1] === token ? { authorId: userId(BOT_EMAIL) } : null;
		const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
		if (!basic) return null;
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const separator = decoded.indexOf('/token:');
		if (separator <= 0 || decoded.slice(separator + '/token:'.length) !== token) return null;
		return { authorId: userId(decoded.slice(0, separator)) };
	};

	/**
	 * Applies a ticket payload's fields to `target` (in place) and returns the audit events, or the
	 * validation details when a field is wrong (then nothing is changed).
	 */
	const applyFields = (
		target: HelpdeskTicket,
		input: Record<string, any>,
		authorId: number,
		auditId: number,
		at: string,
		creating: boolean,
	): { events: HelpdeskAuditEvent[] } | { details: Validation['details'] } => {
		const check = validation();
		const changes: Array<[keyof HelpdeskTicket | `custom_field:${number}`, unknown]> = [];

		if (!creating && target.status === 'closed') check.add('status', 'Status: closed prevents ticket update', 'ClosedPreventsUpdate');
		if (input.status !== undefined) {
			if (typeof input.status !== 'string' || !HELPDESK_STATUSES.includes(input.status.toLowerCase() as HelpdeskStatus)) {
				check.add('status', `Status: ${JSON.stringify(typeof input.status === 'string' ? input.status : typeof input.status)} is not valid; use one of ${HELPDESK_STATUSES.join(', ')}`);
			} else changes.push(['status', input.status.toLowerCase()]);
		}
		if (input.priority !== undefined) {
			if (input.priority === null || input.priority === '') changes.push(['priority', null]);
			else if (typeof input.priority !== 'string' || !HELPDESK_PRIORITIES.includes(input.priority.toLowerCase() as HelpdeskPriority)) {
				check.add('priority', `Priority: is not valid; use one of ${HELPDESK_PRIORITIES.join(', ')}`);
			} else changes.push(['priority', input.priority.toLowerCase()]);
		}
		if (input.subject !== undefined) {
			if (typeof input.subject !== 'string') check.add('subject', 'Subject: must be text');
			else changes.push(['subject', input.subject]);
		}
		if (input.assignee_email !== undefined) {
			if (input.assignee_email === null || input.assignee_email === '') {
				changes.push(['assignee_id', null], ['assignee_email', null]);
			} else if (typeof input.assignee_email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(input.assignee_email)) {
				check.add('assignee', 'Assignee: is not an email address');
			} else changes.push(['assignee_id', userId(input.assignee_email)], ['assignee_email', input.assignee_email.trim().toLowerCase()]);
		} else if (input.assignee_id !== undefined) {
			if (input.assignee_id === null) changes.push(['assignee_id', null], ['assignee_email', null]);
			else if (!Number.isSafeInteger(input.assignee_id) || input.assignee_id <= 0) check.add('assignee', 'Assignee: is invalid');
			else {
				const email = [...users].find(([, id]) => id === input.assignee_id)?.[0] ?? null;
				changes.push(['assignee_id', input.assignee_id], ['assignee_email', email]);
			}
		}
		if (input.group !== undefined) {
			if (input.group === null || input.group === '') changes.push(['group_id', null], ['group', null]);
			else if (typeof input.group !== 'string') check.add('group', 'Group: must be a group name');
			else changes.push(['group_id', groupId(input.group)], ['group', input.group]);
		} else if (input.group_id !== undefined) {
			if (input.group_id === null) changes.push(['group_id', null], ['group', null]);
			else if (!Number.isSafeInteger(input.group_id) || input.group_id <= 0) check.add('group', 'Group: is invalid');
			else changes.push(['group_id', input.group_id], ['group', [...groups].find(([, id]) => id === input.group_id)?.[0] ?? null]);
		}
		let tags = target.tags;
		for (const field of ['tags', 'additional_tags', 'remove_tags'] as const) {
			if (input[field] === undefined) continue;
			if (!isStringArray(input[field])) {
				check.add(field, `${field}: must be a list of tags`);
				continue;
			}
			const given = normalizeTags(input[field]);
			if (field === 'tags') tags = given;
			else if (field === 'additional_tags') tags = normalizeTags([...tags, ...given]);
			else tags = tags.filter((tag) => !given.includes(tag));
		}
		if (tags !== target.tags) changes.push(['tags', tags]);
		if (input.custom_fields !== undefined) {
			if (!Array.isArray(input.custom_fields)) check.add('custom_fields', 'Custom fields: must be a list of { id, value }');
			else {
				for (const field of input.custom_fields) {
					if (!isObject(field) || !Number.isSafeInteger(field.id) || field.id <= 0) check.add('custom_fields', 'Custom fields: each needs a numeric id');
					else if (!isCustomFieldValue(field.value)) check.add('custom_fields', `Custom field ${field.id}: the value must be text, a number, true/false, null or a list of option tags`);
					else changes.push([`custom_field:${field.id}`, field.value]);
				}
			}
		}
		let comment: HelpdeskComment | null = null;
		if (input.comment !== undefined) {
			const body = isObject(input.comment) ? (input.comment.body ?? input.comment.html_body) : undefined;
			if (typeof body !== 'string' || body.trim() === '') check.add(creating ? 'description' : 'comment', `${creating ? 'Description' : 'Comment'}: cannot be blank`, 'BlankValue');
			else if (input.comment.public !== undefined && typeof input.comment.public !== 'boolean') check.add('comment', 'Comment: public must be true or false');
			else if (input.comment.author_id !== undefined && !Number.isSafeInteger(input.comment.author_id)) check.add('comment', 'Comment: author_id is invalid');
			else {
				const html = typeof input.comment.html_body === 'string' && input.comment.body === undefined ? input.comment.html_body : undefined;
				comment = newComment(body, input.comment.public ?? true, input.comment.author_id ?? authorId, auditId, at, html);
			}
		} else if (creating) check.add('description', 'Description: cannot be blank', 'BlankValue');

		if (Object.keys(check.details).length > 0) return { details: check.details };

		const events: HelpdeskAuditEvent[] = [];
		for (const [field, value] of changes) {
			if (typeof field === 'string' && field.startsWith('custom_field:')) {
				const id = Number(field.slice('custom_field:'.length));
				const existing = target.custom_fields.find((entry) => entry.id === id);
				const previous = existing?.value ?? null;
				if (existing) existing.value = value as CustomFieldValue;
				else target.custom_fields.push({ id, value: value as CustomFieldValue });
				if (creating) events.push({ id: eventId(), type: 'Create', field_name: String(id), value });
				else if (JSON.stringify(previous) !== JSON.stringify(value)) events.push({ id: eventId(), type: 'Change', field_name: String(id), value, previous_value: previous });
				continue;
			}
			const key = field as keyof HelpdeskTicket;
			const previous = target[key];
			(target as any)[key] = value;
			// the name fields are this server's bookkeeping, not Zendesk audit fields
			if (key === 'assignee_email' || key === 'group') continue;
			if (creating) events.push({ id: eventId(), type: 'Create', field_name: key, value });
			else if (JSON.stringify(previous) !== JSON.stringify(value)) events.push({ id: eventId(), type: 'Change', field_name: key, value, previous_value: previous });
		}
		if (comment) {
			target.comments.push(comment);
			if (creating && target.description === '') target.description = comment.body;
			const { type: _type, audit_id: _audit, via: _via, created_at: _at, ...shown } = comment;
			events.push({ ...shown, type: 'Comment', attachments: [] });
		}
		if (events.length > 0 || creating) target.updated_at = at;
		return { events };
	};

	const emptyTicket = (id: number, at: string, requesterId: number): HelpdeskTicket => ({
		id,
		subject: '',
		description: '',
		status: 'new',
		priority: null,
		requester_id: requesterId,
		submitter_id: requesterId,
		assignee_id: null,
		assignee_email: null,
		group_id: null,
		group: null,
		tags: [],
		custom_fields: [],
		external_id: null,
		via: { channel: 'api' },
		created_at: at,
		updated_at: at,
		comments: [],
	});

	const seed = (input: HelpdeskTicketSeed): HelpdeskTicket => {
		if (input.status !== undefined && !HELPDESK_STATUSES.includes(input.status)) throw new Error(`seed: status ${JSON.stringify(input.status)} is not one of ${HELPDESK_STATUSES.join(', ')}`);
		if (input.priority !== undefined && input.priority !== null && !HELPDESK_PRIORITIES.includes(input.priority)) throw new Error(`seed: priority ${JSON.stringify(input.priority)} is not one of ${HELPDESK_PRIORITIES.join(', ')}`);
		const id = input.id ?? nextTicketId;
		if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`seed: id ${JSON.stringify(id)} must be a positive integer, as Zendesk ticket ids are`);
		nextTicketId = Math.max(nextTicketId, id + 1);
		const at = input.created_at ?? iso(now());
		const base = emptyTicket(id, at, input.requester_id ?? userId('customer@example.com'));
		const { comments: seededComments, ...fields } = input;
		const ticket: HelpdeskTicket = { ...base, ...fields, id, tags: normalizeTags(input.tags ?? []), custom_fields: (input.custom_fields ?? []).map((field) => ({ ...field })), comments: [] };
		if (ticket.assignee_email && input.assignee_id === undefined) ticket.assignee_id = userId(ticket.assignee_email);
		if (ticket.group && input.group_id === undefined) ticket.group_id = groupId(ticket.group);
		for (const comment of seededComments ?? []) {
			ticket.comments.push({ ...newComment(comment.body, comment.public ?? true, comment.author_id ?? ticket.requester_id, 0, comment.created_at ?? at), ...comment });
		}
		if (ticket.description === '' && ticket.comments.length > 0) ticket.description = ticket.comments[0].body;
		tickets.set(id, ticket);
		return ticket;
	};

	let base = '';

	const route = (method: string, path: string, body: any, authorId: number): { status: number; payload: any; headers?: Record<string, string> } => {
		const ticketMatch = TICKET_PATH.exec(path);
		const commentsMatch = COMMENTS_PATH.exec(path);
		const idOf = (text: string) => (/^[1-9]\d{0,15}$/.test(text) ? Number(text) : null);

		if (method === 'POST' && path === CREATE_PATH) {
			if (!isObject(body) || !isObject(body.ticket)) return { status: 400, payload: { error: 'ParameterMissing', description: 'The body needs a ticket object: { "ticket": { ... } }' } };
			const input = body.ticket;
			const at = iso(now());
			let requesterId = authorId;
			if (isObject(input.requester) && typeof input.requester.email === 'string') requesterId = userId(input.requester.email);
			else if (Number.isSafeInteger(input.requester_id)) requesterId = input.requester_id;
			const ticket = emptyTicket(nextTicketId, at, requesterId);
			ticket.submitter_id = authorId;
			if (typeof input.external_id === 'string') ticket.external_id = input.external_id;
			const auditId = nextAuditId;
			const result = applyFields(ticket, input, authorId, auditId, at, true);
			if ('details' in result) return { status: 422, payload: invalid(result.details) };
			const events = result.events;
			if (input.status === undefined) {
				ticket.status = ticket.assignee_id !== null ? 'open' : 'new';
				events.unshift({ id: eventId(), type: 'Create', field_name: 'status', value: ticket.status });
			}
			nextAuditId += 1;
			nextTicketId += 1;
			tickets.set(ticket.id, ticket);
			const audit: HelpdeskAudit = {
				id: auditId,
				ticket_id: ticket.id,
				author_id: authorId,
				created_at: at,
				via: { channel: 'api' },
				events,
			};
			return { status: 201, payload: { ticket: view(ticket, base), audit }, headers: { location: `${base}/api/v2/tickets/${ticket.id}.json` } };
		}

		if (commentsMatch && method === 'GET') {
			const id = idOf(commentsMatch[1]);
			const ticket = id === null ? undefined : tickets.get(id);
			if (!ticket) return { status: 404, payload: NOT_FOUND };
			return { status: 200, payload: { comments: ticket.comments.map((comment) => ({ ...comment })), next_page: null, previous_page: null, count: ticket.comments.length } };
		}

		if (ticketMatch && (method === 'GET' || method === 'PUT')) {
			const id = idOf(ticketMatch[1]);
			let ticket = id === null ? undefined : tickets.get(id);
			if (!ticket && id !== null && method === 'PUT' && options.createOnUpdate) ticket = seed({ id, subject: `Ticket ${id}` });
			if (!ticket) return { status: 404, payload: NOT_FOUND };
			if (method === 'GET') return { status: 200, payload: { ticket: view(ticket, base) } };
			if (!isObject(body) || !isObject(body.ticket)) return { status: 400, payload: { error: 'ParameterMissing', description: 'The body needs a ticket object: { "ticket": { ... } }' } };
			const at = iso(now());
			const auditId = nextAuditId;
			const result = applyFields(ticket, body.ticket, authorId, auditId, at, false);
			if ('details' in result) return { status: 422, payload: invalid(result.details) };
			nextAuditId += 1;
			const audit: HelpdeskAudit = { id: auditId, ticket_id: ticket.id, author_id: authorId, created_at: at, via: { channel: 'api' }, events: result.events };
			return { status: 200, payload: { ticket: view(ticket, base), audit } };
		}

		return { status: 404, payload: { error: 'InvalidEndpoint', description: 'Not found' } };
	};

	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		// Chunks are kept in a list and joined once at the end: linear in the body size. Past the cap
		// the rest is read and dropped (answering before the upload ends would reset the client).
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBodyBytes) chunks.push(chunk);
			else chunks.length = 0;
		});
		request.on('end', () => {
			const headers = headersOf(request);
			const method = (request.method ?? 'GET').toUpperCase();
			const [path, query = ''] = (request.url ?? '/').split(/\?(.*)/s, 2);
			let body: any;
			const call: HelpdeskCall = { method, path, query, body: undefined, headers, status: 0, response: undefined };
			const send = (status: number, payload: any, extraHeaders: Record<string, string> = {}) => {
				call.body = body;
				call.status = status;
				call.response = payload;
				calls.push(call);
				response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extraHeaders });
				response.end(JSON.stringify(payload));
			};

			if (size > maxBodyBytes) {
				send(413, { error: 'RequestEntityTooLarge', description: `The request body is ${size} bytes; at most ${maxBodyBytes} are accepted` });
				return;
			}
			const raw = size === 0 ? '' : Buffer.concat(chunks, size).toString('utf8');
			let notJson = false;
			if (raw.trim() !== '') {
				try {
					body = JSON.parse(raw);
				} catch {
					body = raw;
					notJson = true;
				}
			}

			const key = `${method} ${path}`;
			const failure = failures.find((entry) => entry.queue.length > 0 && entry.matches(key))?.queue.shift();
			if (failure) {
				const extra: Record<string, string> = failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
				send(failure.status, failure.body ?? defaultFailureBody(failure.status), extra);
				return;
			}
			const auth = authenticate(headers);
			if (!auth) {
				send(401, UNAUTHENTICATED, { 'www-authenticate': 'Basic realm="Web Password"' });
				return;
			}
			if (notJson) {
				send(400, { error: 'InvalidJSON', description: 'The request body is not valid JSON' });
				return;
			}
			const answer = route(method, path, body, auth.authorId);
			send(answer.status, answer.payload, answer.headers);
		});
	});

	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	base = `http://127.0.0.1:${port}`;

	return {
		url: base,
		token,
		calls,
		tickets,
		seed,
		failNext(routePattern, responses) {
			const label = routePattern instanceof RegExp ? routePattern.toString() : routePattern.trim();
			const existing = failures.find((entry) => entry.route === label);
			if (existing) existing.queue.push(...responses);
			else failures.push({ route: label, matches: routeMatcher(routePattern), queue: [...responses] });
		},
		reset() {
			calls.length = 0;
			tickets.clear();
			failures.length = 0;
			users.clear();
			groups.clear();
			nextTicketId = FIRST_TICKET_ID;
			nextEventId = 1;
			nextAuditId = 1;
		},
		close() {
			return new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			});
		},
	};
}
