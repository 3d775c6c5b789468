/**
 * What the engine reads of one ticket: subject and body, the sender, when it was created, the
 * earlier tickets to compare against and the customer's known language. Each field is an option the builder can map, defaulting to the
 * canonical ticket record (customer.email, createdAt, …).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Sender, TicketFingerprint, TicketInput } from '../../engine/intent';
import { optionText, readNow, toInstant } from '../shared/parameters';
import { itemFieldPath, perExecution, rawParameters, readItemParameter } from '../shared/per-execution';
import { readRecentTickets } from './settings';

function senderOf(options: IDataObject, json: IDataObject, customer: IDataObject): Sender {
	return {
		email: optionText(options, 'senderEmail', customer.email ?? json.email),
		phone: optionText(options, 'senderPhone', customer.phone ?? json.phone),
		handle: optionText(options, 'senderHandle', customer.handle),
		requesterId: optionText(options, 'requesterId', json.requesterId ?? customer.requesterId),
	};
}

/** When the ticket was created: the mapped or canonical createdAt, else "now" (the Now option or the clock). */
function createdAtOf(ctx: IExecuteFunctions, options: IDataObject, json: IDataObject, itemIndex: number): number {
	const createdAt = optionText(options, 'createdAt', json.createdAt);
	const at = createdAt === undefined ? readNow(ctx, itemIndex, 'options.now') : toInstant(createdAt);
	if (at === null) {
		throw new NodeOperationError(ctx.getNode(), `Created At: "${createdAt}" is not an ISO-8601 timestamp`, { itemIndex });
	}
	return at;
}

/** The item's options and the recent tickets they list, read once per execution when they hold no expression. */
export interface TicketOptions {
	options: IDataObject;
	recent: TicketFingerprint[];
}

export function ticketOptionsReader(ctx: IExecuteFunctions): (itemIndex: number) => TicketOptions {
	return perExecution(ctx, ['options'], (itemIndex) => {
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return { options, recent: readRecentTickets(options) };
	});
}

/** The ticket of one item; `earlierInBatch` are the fingerprints of the items before it. */
export function ticketInput(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number, earlierInBatch: readonly TicketFingerprint[], { options, recent }: TicketOptions): TicketInput {
	const json = item.json;
	const customer = (json.customer ?? {}) as IDataObject;
	const sender = senderOf(options, json, customer);
	const at = createdAtOf(ctx, options, json, itemIndex);
	return {
		id: optionText(options, 'ticketId', json.id),
		subject: readItemParameter(ctx, 'subject', json, itemIndex, ''),
		body: readItemParameter(ctx, 'body', json, itemIndex, ''),
		sender,
		at,
		// Not copied per item when there are no recent tickets: a copy per item is quadratic in the batch.
		earlier: recent.length === 0 ? earlierInBatch : [...recent, ...earlierInBatch],
		knownLanguage: optionText(options, 'knownLanguage', customer.language ?? customer.locale ?? json.language),
	};
}

/**
 * The item field a parameter reads when it is a plain `{{ $json.field }}` or `{{ $json.a.b }}` (as
 * Subject and Body are by default), else `fallback`: where Replace Subject and Body With Redacted writes.
 */
export function sourceFieldOf(ctx: IExecuteFunctions, parameterName: string, fallback: string): string[] {
	const path = itemFieldPath(rawParameters(ctx)[parameterName]);
	return path !== null && path.length > 0 ? [...path] : [fallback];
}

/** A copy of `json` with `value` at `path`, copying only the objects along the path. */
export function withField(json: IDataObject, path: readonly string[], value: string): IDataObject {
	const [key, ...rest] = path;
	if (rest.length === 0) return { ...json, [key]: value };
	const inner = json[key];
	const child = inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as IDataObject) : {};
	return { ...json, [key]: withField(child, rest, value) };
}
