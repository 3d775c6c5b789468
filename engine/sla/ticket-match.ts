import type { Ticket } from '../core';
import { fieldHolds, parseFieldTests, valueAt, type FieldTest } from './field-test';
import { factText, isRecord, normalizeName, parseList, PolicyError, rejectUnknownFields } from './policy-fields';

/**
 * Which tickets something applies to: a policy (`match`), a target (a goal's `when`) or an exclusion
 * (`exclude`). Each given list must contain the ticket's value (case-insensitive); `tags` fits when
 * the ticket has one of the tags; `fields` when every field test passes. An empty match fits any ticket.
 */
export const MATCH_FIELDS = ['priority', 'tier', 'channel', 'issueType'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

/** The values of a ticket that select its policy (`issueType` is Normalize Intent's `intent.type`). */
export type PolicyFacts = Partial<Record<MatchField, string>>;

/** As written: each list must contain the ticket's value; an empty or absent list matches any value. */
export type PolicyMatch = Partial<Record<MatchField, string[]>> & {
	/** The ticket has at least one of these tags. */
	tags?: string[];
	/** Field tests: `{ "type": ["problem"], "custom.vendor_ticket": true }`. */
	fields?: Record<string, true | string[]>;
};

export interface TicketMatch {
	readonly lists: Readonly<Partial<Record<MatchField, ReadonlySet<string>>>>;
	/** Normalised tag names; null: any tags. */
	readonly tags: ReadonlySet<string> | null;
	readonly fields: readonly FieldTest[];
}

/** A ticket as the matches see it: its facts (lower case) and its current tags (normalised). */
export interface MatchSubject {
	readonly facts: PolicyFacts;
	readonly tags: ReadonlySet<string>;
	readonly ticket: Ticket;
}

const KNOWN = [...MATCH_FIELDS, 'fields', 'tags'];

export function parseMatch(value: unknown, path: string): TicketMatch {
	if (!isRecord(value)) throw new PolicyError(path, `must be an object with any of ${KNOWN.join(', ')}`);
	rejectUnknownFields(value, KNOWN, path);
	const lists: Partial<Record<MatchField, ReadonlySet<string>>> = {};
	for (const field of MATCH_FIELDS) {
		if (value[field] === undefined || value[field] === null) continue;
		const values = parseList(value[field], `${path}.${field}`).map((entry) => entry.toLowerCase());
		if (values.length > 0) lists[field] = new Set(values);
	}
	const tags = value.tags === undefined || value.tags === null ? [] : parseList(value.tags, `${path}.tags`).map(normalizeName);
	return {
		lists,
		tags: tags.length > 0 ? new Set(tags) : null,
		fields: value.fields === undefined || value.fields === null ? [] : parseFieldTests(value.fields, `${path}.fields`),
	};
}

/** One match, or a list of them (any fits), as in `exclude`. */
export function parseMatches(value: unknown, path: string): TicketMatch[] {
	if (Array.isArray(value)) return value.map((entry, index) => parseMatch(entry, `${path}[${index}]`));
	return [parseMatch(value, path)];
}

export function matchesTicket(match: TicketMatch, subject: MatchSubject): boolean {
	for (const field of MATCH_FIELDS) {
		const allowed = match.lists[field];
		if (allowed === undefined) continue;
		const value = subject.facts[field];
		if (value === undefined || !allowed.has(value)) return false;
	}
	if (match.tags !== null && ![...match.tags].some((tag) => subject.tags.has(tag))) return false;
	return match.fields.every((test) => fieldHolds(test, valueAt(subject.ticket, test.field)));
}

/** The facts a ticket's policy is chosen by, read from the canonical ticket fields. */
export function policyFactsOf(ticket: Ticket): PolicyFacts {
	const intent = ticket.intent as { type?: unknown } | undefined;
	return {
		priority: factText(ticket.priority),
		tier: factText(ticket.customer?.tier),
		channel: factText(ticket.channel),
		issueType: factText(isRecord(intent) ? intent.type : undefined),
	};
}

/** The facts from the ticket with `overrides` (field mappings) laid over them, as written (not lower-cased). */
export function factsWith(ticket: Ticket, overrides?: PolicyFacts): PolicyFacts {
	const values = { ...policyFactsOf(ticket) };
	for (const field of MATCH_FIELDS) {
		if (overrides && overrides[field] !== undefined) values[field] = factText(overrides[field]);
	}
	return values;
}

/** The subject the matches test: lower-cased facts and the ticket's current tags. */
export function matchSubjectOf(ticket: Ticket, facts: PolicyFacts): MatchSubject {
	const lower: PolicyFacts = {};
	for (const field of MATCH_FIELDS) {
		const value = facts[field];
		if (value !== undefined) lower[field] = value.toLowerCase();
	}
	const tags = Array.isArray(ticket.tags) ? ticket.tags.filter((tag): tag is string => typeof tag === 'string').map(normalizeName) : [];
	return { facts: lower, tags: new Set(tags), ticket };
}
