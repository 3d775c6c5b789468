/**
 * Escalate, run over all input items at once: plan each ticket with the engine, claim every delivery
 * key in n8n's deduplication store in one call, send to Slack, and release the claim of every delivery
 * Slack did not accept, so a failed post goes out on the next run and nothing unsent counts as sent.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	type EscalationStatus,
	firstInRun,
	planTicketEscalation,
	recordAfterSending,
	recordWithoutSending,
	type ThreadState,
	type TicketEscalation,
	traceIdOf,
	type WrittenRecord,
} from '../../engine/escalation';
import type { Ticket } from '../../engine/core';
import { asItemError, errorItem } from '../shared/items';
import { readNow } from '../shared/parameters';
import { perExecution } from '../shared/per-execution';
import { executeAlert } from './alert';
import { claimRun, type RunClaims } from './claims';
import { ESCALATED, NO_ACTION, SUPPRESSED } from './description';
import { send } from './send';
import { readSettings, SETTINGS_PARAMETERS, type EscalateSettings } from './settings';
import { slackTransport, type SlackTransport } from './transport';

interface Planned {
	index: number;
	escalation: TicketEscalation;
	settings: EscalateSettings;
	repeatedInRun: boolean;
}

const OUTPUT: Record<EscalationStatus, number> = { escalated: ESCALATED, noAction: NO_ACTION, suppressed: SUPPRESSED };

/** Runs the Escalate node over its input items; mode Post Alert is alert.ts. */
export async function executeEscalate(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (ctx.getNodeParameter('mode', 0, 'send') === 'alert') return await executeAlert(ctx);
	const items = ctx.getInputData();
	// Each item's result and the output it leaves on, by item index.
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const outputOf: number[] = new Array(items.length);
	const fail = (error: unknown, index: number) => {
		const itemError = asItemError(ctx, error, index);
		if (!ctx.continueOnFail()) throw itemError;
		results[index] = errorItem(itemError, index, items[index]);
		outputOf[index] = 0;
	};
	const leave = (index: number, record: WrittenRecord) => {
		results[index] = { json: { ...items[index].json, escalation: record as IDataObject }, pairedItem: { item: index } };
		outputOf[index] = OUTPUT[record.status];
	};

	// Read once for the run when no parameter holds an expression (a sweep reads the same for every item).
	const settingsOf = perExecution(ctx, SETTINGS_PARAMETERS, (index) => readSettings(ctx, index));
	const nowOf = perExecution(ctx, ['options'], (index) => readNow(ctx, index, 'options.now'));
	const planned: Planned[] = [];
	const executionId = ctx.getExecutionId() ?? 'run';
	for (let index = 0; index < items.length; index++) {
		try {
			const json = items[index].json as Ticket;
			const settings = settingsOf(index);
			const now = nowOf(index);
			const traceId = traceIdOf(json, settings.traceId, `${executionId}-${index}`);
			const escalation = planTicketEscalation(json, settings.escalation, settings.delivery, now, traceId);
			planned.push({ index, escalation, settings, repeatedInRun: false });
		} catch (error) {
			fail(error, index);
		}
	}

	// The same delivery twice in one run (a ticket listed twice) is sent once.
	firstInRun(planned.map((work) => work.escalation.deliveries)).forEach(({ deliveries, repeated }, position) => {
		const work = planned[position];
		// firstInRun only drops deliveries: the same number means the same list.
		if (deliveries.length !== work.escalation.deliveries.length) work.escalation = { ...work.escalation, deliveries };
		work.repeatedInRun = repeated;
	});

	const sending = planned.filter((work) => !work.settings.dryRun && work.escalation.deliveries.length > 0);
	const keys = sending.flatMap((work) => work.escalation.deliveries.map((delivery) => delivery.key));
	const claims = await claimRun(ctx, keys, sending[0]?.settings);
	try {
		await settleAll(ctx, planned, claims, leave, fail);
	} finally {
		await claims.releaseUnsent();
	}

	const outputs: INodeExecutionData[][] = [[], [], []];
	for (let index = 0; index < results.length; index++) {
		const result = results[index];
		if (result !== undefined) outputs[outputOf[index]].push(result);
	}
	return outputs;
}

/** Each planned ticket leaves with its record: settled without sending, or after its deliveries went out. */
async function settleAll(
	ctx: IExecuteFunctions,
	planned: Planned[],
	claims: RunClaims,
	leave: (index: number, record: WrittenRecord) => void,
	fail: (error: unknown, index: number) => void,
): Promise<void> {
	let transport: SlackTransport | undefined;
	const threads = new Map<string, ThreadState>();
	for (const { index, escalation, settings, repeatedInRun } of planned) {
		try {
			const pending = claims.processed.size === 0 ? escalation.deliveries : escalation.deliveries.filter((delivery) => !claims.processed.has(delivery.key));
			const settled = recordWithoutSending(escalation, { repeatedInRun, dryRun: settings.dryRun, pending });
			if (settled) {
				leave(index, settled);
				continue;
			}
			transport ??= await slackTransport(ctx);
			const dispatch = await send(escalation, pending, transport, threads.get(escalation.ticketId), claims, index);
			threads.set(escalation.ticketId, { thread: dispatch.thread, highestPosted: dispatch.highestPosted });
			leave(index, recordAfterSending(escalation, dispatch));
		} catch (error) {
			fail(error, index);
		}
	}
}
