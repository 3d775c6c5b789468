import type { MessageTicket } from './slack-message';

/**
 * What an escalation message shows of a ticket, read from the canonical ticket fields and what the
 * other nodes wrote (intent, routing): the ticket line, and the customer context from the CRM.
 */
type Fields = Record<string, unknown>;

const text = (value: unknown): string | undefined => {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
};

function personName(value: unknown): string | undefined {
	if (value && typeof value === 'object') {
		const person = value as Fields;
		return text(person.name) ?? text(person.displayName) ?? text(person.email) ?? text(person.id);
	}
	return text(value);
}

/** The ticket as the message header and fields show it. */
export function messageTicket(json: Fields, ticketId: string): MessageTicket {
	const customer = (json.customer ?? {}) as Fields;
	const intent = (json.intent ?? {}) as Fields;
	const routing = (json.routing ?? {}) as Fields;
	return {
		id: ticketId,
		subject: text(json.subject),
		priority: text(json.priority),
		issueType: text(intent.type) ?? text(json.issueType) ?? text(json.type),
		customerName: text(customer.name) ?? text(customer.company) ?? text(customer.id),
		tier: text(customer.tier),
		assignee: personName(routing.assignee) ?? text(routing.queue) ?? personName(json.assignee),
	};
}

function valueAt(json: Fields, path: string): unknown {
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Fields)[key];
	}
	return value;
}

/** Labels already worked out: the same few keys and paths come on every ticket of a run. */
const LABELS = new Map<string, string>();

function label(path: string): string {
	let shown = LABELS.get(path);
	if (shown === undefined) {
		const last = path.split('.').pop() ?? path;
		const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
		shown = words.length <= 3 ? words.toUpperCase() : words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
		if (LABELS.size >= 1024) LABELS.clear();
		LABELS.set(path, shown);
	}
	return shown;
}

function display(value: unknown): string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

const SHOWN_ELSEWHERE = new Set(['id', 'tier', 'name', 'company', 'timezone', 'crm']);

/**
 * Customer context for the message: the given paths, or by default the CRM fields on the ticket
 * (`customer.crm`, then `crm`) followed by the other customer fields not already in the message.
 */
export function customerContext(json: Fields, paths: readonly string[]): Array<[string, string]> {
	const entries: Array<[string, string]> = [];
	const push = (name: string, value: unknown) => {
		const shown = display(value);
		if (shown !== undefined) entries.push([name, shown]);
	};
	if (paths.length > 0) {
		for (const path of paths) push(label(path), valueAt(json, path));
		return entries;
	}
	const customer = (json.customer ?? {}) as Fields;
	const crm = (customer.crm ?? json.crm) as Fields | undefined;
	if (crm && typeof crm === 'object') for (const key of Object.keys(crm)) push(label(key), crm[key]);
	for (const key of Object.keys(customer)) if (!SHOWN_ELSEWHERE.has(key)) push(label(key), customer[key]);
	return entries;
}
