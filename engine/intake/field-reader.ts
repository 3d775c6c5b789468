import { lacksOffset, parseInstant, TicketFieldError } from '../core';

/**
 * Typed reads of one field of an untrusted webhook body: each either returns the value, returns
 * undefined for an absent optional field, or throws TicketFieldError naming the field and what it
 * should be. Lengths are checked before any other work, and nothing here walks into nested values,
 * so every read costs at most one pass over the field's text.
 */
export const MAX_ID_LENGTH = 200;
export const MAX_SHORT_TEXT_LENGTH = 200;
const MAX_INSTANT_LENGTH = 64;
/** Longest piece of a bad value quoted in an error message. */
const QUOTE_LENGTH = 60;

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "text", "a number", "a list", … : what a value is, for messages. */
export function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return 'text';
	if (typeof value === 'number') return 'a number';
	if (typeof value === 'boolean') return 'true/false';
	return typeof value === 'object' ? 'an object' : typeof value;
}

/** A value as it may appear in a message: JSON, cut after a few dozen characters. */
export function quote(value: string): string {
	return value.length > QUOTE_LENGTH ? `${JSON.stringify(value.slice(0, QUOTE_LENGTH))}…` : JSON.stringify(value);
}

const absent = (value: unknown) => value === undefined || value === null || value === '';

function tooLong(field: string, length: number, limit: number): TicketFieldError {
	return new TicketFieldError(field, `is ${length.toLocaleString('en-US')} characters long; the limit is ${limit.toLocaleString('en-US')}`);
}

/** Text of at most `limit` characters, trimmed; undefined when absent or empty. */
export function readText(value: unknown, field: string, limit: number): string | undefined {
	if (absent(value)) return undefined;
	if (typeof value !== 'string') throw new TicketFieldError(field, `must be text, got ${kindOf(value)}`);
	if (value.length > limit) throw tooLong(field, value.length, limit);
	const text = value.trim();
	return text === '' ? undefined : text;
}

/** A short name or label: text of at most 200 characters without control characters. */
export function readName(value: unknown, field: string, limit = MAX_SHORT_TEXT_LENGTH): string | undefined {
	const text = readText(value, field, limit);
	if (text !== undefined && CONTROL_CHARACTER.test(text)) throw new TicketFieldError(field, 'must not contain control characters (line breaks, tabs, …)');
	return text;
}

/** An identifier: text or a whole number, kept as text; at most 200 characters, no control characters. */
export function readId(value: unknown, field: string): string | undefined {
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value)) throw new TicketFieldError(field, `must be text or a whole number, got ${value}`);
		return String(value);
	}
	if (!absent(value) && typeof value !== 'string') throw new TicketFieldError(field, `must be text or a whole number, got ${kindOf(value)}`);
	return readName(value, field, MAX_ID_LENGTH);
}

export function required<T>(value: T | undefined, field: string, why = ''): T {
	if (value === undefined) throw new TicketFieldError(field, `is missing${why}`);
	return value;
}

export interface InstantField {
	ms: number;
	text: string;
}

/** An ISO-8601 timestamp with a UTC offset or Z: the instant and the text as given. */
export function readInstant(value: unknown, field: string): InstantField | undefined {
	if (absent(value)) return undefined;
	if (typeof value !== 'string') throw new TicketFieldError(field, `must be an ISO-8601 timestamp as text (2026-03-27T16:30:00+01:00), got ${kindOf(value)}`);
	const text = value.trim();
	const ms = text.length > MAX_INSTANT_LENGTH ? null : parseInstant(text);
	if (ms === null) throw new TicketFieldError(field, `${quote(text)} is not an ISO-8601 timestamp (for example 2026-03-27T16:30:00+01:00)`);
	if (lacksOffset(text)) {
		throw new TicketFieldError(field, `${quote(text)} has no UTC offset, so its time zone would be a guess: add one (2026-03-27T16:30:00+01:00) or Z for UTC`);
	}
	return { ms, text };
}

export function readBoolean(value: unknown, field: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw new TicketFieldError(field, `must be true or false, got ${kindOf(value)}`);
	return value;
}

/** A list of names, trimmed, without repeats, in the order given. */
export function readNames(value: unknown, field: string, limit: number): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw new TicketFieldError(field, `must be a list of text, got ${kindOf(value)}`);
	if (value.length > limit) throw new TicketFieldError(field, `has ${value.length} entries; the limit is ${limit}`);
	const names = new Set<string>();
	value.forEach((entry: unknown, index) => {
		const name = readName(entry, `${field}[${index}]`);
		if (name !== undefined) names.add(name);
	});
	return [...names];
}

/** An optional object; undefined when absent. */
export function readFields(value: unknown, field: string): Fields | undefined {
	if (value === undefined || value === null) return undefined;
	if (!isFields(value)) throw new TicketFieldError(field, `must be an object, got ${kindOf(value)}`);
	return value;
}
