import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { parseInstant } from '../../engine/core';

/** Thrown for a parameter a builder has to fix; the message names the parameter. */
export class ParameterError extends Error {
	constructor(
		readonly parameter: string,
		message: string,
		readonly hint?: string,
	) {
		super(`${parameter}: ${message}`);
	}
}

/**
 * The instant the node treats as "now", in epoch milliseconds: the optional "Now" parameter (drills,
 * tests, replays), else the real clock. The engine never reads the clock itself.
 */
export function readNow(ctx: IExecuteFunctions, itemIndex: number, parameterName = 'now'): number {
	const value = ctx.getNodeParameter(parameterName, itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) return Date.now();
	const instant = toInstant(value);
	if (instant === null) {
		throw new ParameterError('Now', `"${String(value)}" is not an ISO-8601 timestamp`, 'Leave it empty to use the real clock.');
	}
	return instant;
}

/**
 * Epoch milliseconds from an ISO-8601 string, a Date, epoch ms or a luxon DateTime. Strings are read
 * by the engine's one parser (the one the clocks use), so a time every node accepts means the same
 * instant in every node: `2026-03-25 16:30:00 +0100` included, and a text without an offset as UTC.
 */
export function toInstant(value: unknown): number | null {
	if (DateTime.isDateTime(value)) return value.isValid ? value.toMillis() : null;
	if (typeof value === 'string' && value.trim() === '') return null;
	return parseInstant(value);
}

/** A JSON parameter given as an object, an array or a JSON string (as pasted or from an expression). */
export function readJsonParameter<T = IDataObject>(
	ctx: IExecuteFunctions,
	parameterName: string,
	displayName: string,
	itemIndex: number,
): T {
	return jsonParameterValue<T>(ctx, ctx.getNodeParameter(parameterName, itemIndex, undefined) as unknown, displayName, itemIndex);
}

/** A JSON parameter's value as read (readJsonParameter): an object or array as it is, a string parsed. */
export function jsonParameterValue<T = IDataObject>(ctx: IExecuteFunctions, value: unknown, displayName: string, itemIndex: number): T {
	if (typeof value !== 'string') return value as T;
	try {
		return JSON.parse(value) as T;
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `${displayName}: is not valid JSON (${(error as Error).message})`, { itemIndex });
	}
}

/** A comma-separated text as trimmed, non-empty entries, case kept. */
export function splitList(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/**
 * A mapped field as text: the option's value when the builder added the option, else `fallback`
 * (the canonical field of the ticket); empty, null and undefined mean "not given".
 */
export function optionText(options: IDataObject, name: string, fallback?: unknown): string | undefined {
	const value = name in options ? options[name] : fallback;
	if (value === undefined || value === null || value === '') return undefined;
	return String(value);
}

/** A comma-separated list parameter as trimmed, non-empty, lower-case entries. */
export function readList(ctx: IExecuteFunctions, parameterName: string, itemIndex: number): string[] {
	const value = ctx.getNodeParameter(parameterName, itemIndex, '') as unknown;
	const entries = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return entries.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry.length > 0);
}
