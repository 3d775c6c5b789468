/**
 * Runs the SLA Store node against a FakeDataTables: a mocked execute context per execution (so
 * Promise.all of several runs are concurrent executions, as n8n's webhook processors and workers make
 * them), the store's tables set up in the fake, and fixtures for ticket events.
 *
 * Every test file that uses it mocks the transport first, so `dataTablesApi()` answers with the fake
 * while `where` and `eq` stay real:
 *
 *   jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../../nodes/SlaStore/description';
import { SlaStore } from '../../../nodes/SlaStore/SlaStore.node';
import { TABLES, TABLE_NAMES } from '../../../nodes/SlaStore/tables';
import { dataTablesApi } from '../../../nodes/SlaStore/transport';
import { executeContext } from '../../support/execute-context';
import { FakeDataTables, type FakeOptions } from './fake-data-tables';

export const PREFIX = 'sla_';
export const T0 = Date.parse('2026-03-10T09:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const iso = (ms: number): string => new Date(ms).toISOString();

/** The full table name of a store table ('tickets' → 'sla_tickets'). */
export const table = (name: keyof typeof TABLES): string => `${PREFIX}${TABLES[name].suffix}`;

const fakes = new WeakMap<IExecuteFunctions, FakeDataTables>();
let executions = 0;

function wireTransport(): void {
	const mocked = dataTablesApi as jest.MockedFunction<typeof dataTablesApi>;
	if (!jest.isMockFunction(mocked)) throw new Error("Mock the transport in the test file: jest.mock('../../../nodes/SlaStore/transport', …) (see store-harness.ts)");
	mocked.mockImplementation(async (ctx) => {
		const fake = fakes.get(ctx);
		if (!fake) throw new Error('no fake Data Tables for this execution');
		return fake;
	});
}

/** A fake with every table of the store created (empty), as after Set Up Tables. */
export function storeWithTables(options: FakeOptions = {}): FakeDataTables {
	const fake = new FakeDataTables(options);
	for (const name of TABLE_NAMES) fake.createTableNow(table(name), Object.entries(TABLES[name].columns).map(([column, type]) => ({ name: column, type })));
	return fake;
}

export interface RunOptions {
	items?: Array<Record<string, unknown>>;
	parameters?: Record<string, unknown>;
	continueOnFail?: boolean;
	executionId?: string;
}

export interface Run {
	outputs: INodeExecutionData[][];
	/** The JSON of each output's items. */
	json: Array<Array<Record<string, any>>>;
	ctx: IExecuteFunctions;
}

/** One execution of the node with `operation` on the input items (one empty item by default). */
export async function run(fake: FakeDataTables, operation: Operation, options: RunOptions = {}): Promise<Run> {
	wireTransport();
	const ctx = executeContext({
		items: options.items ?? [{}],
		parameters: { operation, tablePrefix: PREFIX, ...options.parameters },
		continueOnFail: options.continueOnFail,
	});
	(ctx.getExecutionId as jest.Mock).mockReturnValue(options.executionId ?? `exec-${++executions}`);
	fakes.set(ctx, fake);
	const outputs = await new SlaStore().execute.call(ctx);
	return { outputs, json: outputs.map((output) => output.map((item) => item.json as Record<string, any>)), ctx };
}

/** Record Ticket Event's outputs by name. */
export const RECORDED = 0;
export const MERGED = 1;
export const DUPLICATE = 2;
export const INVALID = 3;

/** Record Ticket Event with the event taken from each item, as the default expression `{{ $json.body ?? $json }}` does. */
export async function record(fake: FakeDataTables, events: Array<Record<string, unknown>>, parameters: Record<string, unknown> = {}, options: Omit<RunOptions, 'items' | 'parameters'> = {}): Promise<Run> {
	return await run(fake, 'recordEvent', {
		...options,
		items: events,
		parameters: { event: (_: number, item: INodeExecutionData) => (item.json as { body?: unknown }).body ?? item.json, now: iso(T0), ...parameters },
	});
}

export interface EventOptions {
	eventId?: string;
	ticketId?: string;
	type?: string;
	at?: number | string;
	createdAt?: number | string | null;
	status?: string;
	customer?: Record<string, unknown> | null;
	subject?: string;
	body?: string;
	ticket?: Record<string, unknown>;
	[field: string]: unknown;
}

/** A generic ticket event: by default ticket T-1 of customer C-1 created at T0. */
export function ticketEvent(options: EventOptions = {}): Record<string, unknown> {
	const { eventId = 'evt-1', ticketId = 'T-1', type = 'ticket_created', at = T0, createdAt = T0, customer = { id: 'C-1', tier: 'pro' }, subject = 'Checkout fails', body = 'The card payment fails at checkout with error 402', ticket = {}, ...rest } = options;
	const text = (value: number | string) => (typeof value === 'number' ? iso(value) : value);
	return {
		eventId,
		type,
		at: text(at),
		...rest,
		ticket: {
			id: ticketId,
			subject,
			body,
			...(createdAt === null ? {} : { createdAt: text(createdAt) }),
			...(customer === null ? {} : { customer }),
			...ticket,
		},
	};
}

/** The rows of a store table in the fake. */
export const rowsOf = (fake: FakeDataTables, name: keyof typeof TABLES) => fake.dump(table(name));

/** The stored ticket (the record column) of each tickets row. */
export const ticketsIn = (fake: FakeDataTables): Array<Record<string, any>> => rowsOf(fake, 'tickets').map((row) => JSON.parse(String(row.record)));
