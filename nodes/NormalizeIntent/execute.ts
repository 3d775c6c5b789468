import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { type NodeApiError, NodeOperationError } from 'n8n-workflow';

import { classificationText, fingerprintOf, type IntentEngine, intentEngine, type IntentResult, normalizeIntent, prepareLanguageTable, type TicketFingerprint, type TicketInput } from '../../engine/intent';
import { routeEachItem } from '../shared/items';
import { ParameterError } from '../shared/parameters';
import { perExecution } from '../shared/per-execution';
import { languageTableFileStore, modelFileStore, sentenceModelFileStore } from './model-file-store';
import { sentenceEncoder, type SentenceEncoder } from './sentence-encoder';
import { withSentenceModel } from './sentence-models';
import { readSettings } from './settings';
import { sourceFieldOf, ticketInput, ticketOptionsReader, withField } from './ticket-input';
import { readTrainingTable } from './training-table';

/**
 * The output an item leaves on: Classified (or its category's output when there is one per category),
 * else Unclassified, the last output.
 */
function outputOf(intent: IntentResult, categoryOutputs: string[] | null, unclassified: number): number {
	if (!intent.classified) return unclassified;
	if (!categoryOutputs) return 0;
	const index = categoryOutputs.indexOf(intent.type!);
	return index >= 0 ? index : unclassified;
}

/** Where the redacted subject and body are written over the originals (Replace Subject and Body With Redacted). */
interface Replacement {
	subject: string[];
	body: string[];
}

/**
 * The item with `intent` written, and the customer completed from the directory when it was found
 * there; with a replacement, the redacted subject and body written over the fields they came from
 * (and not repeated under `intent`).
 */
function withIntent(json: IDataObject, intent: IntentResult, replacement: Replacement | null): IDataObject {
	let enriched: IDataObject = { ...json, intent: intent as unknown as IDataObject };
	if (replacement && intent.redactedSubject !== undefined && intent.redactedBody !== undefined) {
		const { redactedSubject, redactedBody, ...rest } = intent;
		enriched = withField(withField({ ...json, intent: rest as unknown as IDataObject }, replacement.subject, redactedSubject), replacement.body, redactedBody);
	}
	if (intent.customer.status === 'known') enriched.customer = { ...((json.customer ?? {}) as IDataObject), ...intent.customer.customer };
	return enriched;
}

/** Classifies every item; items of one batch are duplicate candidates of the items after them. */
/** The parameters readSettings reads. */
const SETTINGS = ['trainingSource', 'categories', 'trainingExamples', 'trainingTable', 'trainingTextColumn', 'trainingCategoryColumn', 'trainingCorrectionColumn', 'trainingIntentColumn', 'rules', 'outputCategories', 'outputMode', 'threshold', 'options.products', 'options.languages', 'options.redactPii', 'options.maxTextLength', 'options.directory', 'options.crmFields', 'options.duplicateWindowHours'];

/** The Training Table's rows, read once for the execution; a bad table setting stops the node with its parameter named. */
async function tableExamples(ctx: IExecuteFunctions) {
	try {
		return await readTrainingTable(ctx);
	} catch (error) {
		if (error instanceof ParameterError) throw new NodeOperationError(ctx.getNode(), error.message, { itemIndex: 0, description: error.hint });
		// The Data Tables API's error (NodeApiError) keeps its message and its hint about the credential.
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: 0, description: (error as NodeApiError).description ?? undefined });
	}
}

/** Items whose sentence vectors are computed together: the encoder is several times faster per text in a batch. */
const ENCODE_AHEAD = 64;

/**
 * With Use Sentence Encoder: each item's engine with its sentence model, and the item's vector,
 * encoded with the next items' (those whose ticket cannot be read are left to fail on their own turn).
 */
function sentenceReader(ctx: IExecuteFunctions, readInput: (itemIndex: number) => { engine: IntentEngine; input: TicketInput }) {
	const vectors = new Map<number, Float32Array>();
	const store = sentenceModelFileStore();
	return async (itemIndex: number, engine: IntentEngine, input: TicketInput): Promise<{ engine: IntentEngine; input: TicketInput }> => {
		const encoder = await encoderFor(ctx, itemIndex);
		const withSentence = await withSentenceModel(engine, encoder, store);
		if (!vectors.has(itemIndex)) {
			const ahead: number[] = [itemIndex];
			const texts: string[] = [classificationText(withSentence, input)];
			const end = Math.min(ctx.getInputData().length, itemIndex + ENCODE_AHEAD);
			for (let next = itemIndex + 1; next < end; next++) {
				try {
					const read = readInput(next);
					texts.push(classificationText(read.engine, read.input));
					ahead.push(next);
				} catch {
					// Reported when that item's turn comes.
				}
			}
			const encoded = await encoder.embed(texts);
			ahead.forEach((index, at) => vectors.set(index, encoded[at]));
		}
		const sentenceVector = vectors.get(itemIndex);
		vectors.delete(itemIndex);
		return { engine: withSentence, input: { ...input, sentenceVector } };
	};
}

/** The encoder, loaded when the first item asks for it; without its packages that item fails with what to install. */
async function encoderFor(ctx: IExecuteFunctions, itemIndex: number): Promise<SentenceEncoder> {
	const loaded = await sentenceEncoder();
	if ('missing' in loaded) {
		throw new NodeOperationError(ctx.getNode(), loaded.missing, { itemIndex, description: 'Install them where n8n installs community nodes (npm install in ~/.n8n/nodes), or turn Use Sentence Encoder off' });
	}
	return loaded;
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const fromTable = await tableExamples(ctx);
	// eld's n-gram database as the table kept under n8n's folder (made from eld by the first process
	// only). Should eld not load, each item reports it as before.
	try {
		prepareLanguageTable(languageTableFileStore());
	} catch {
		// Reported per item by the language reading.
	}
	const first = readSettings(ctx, 0, fromTable);
	const outputCount = (first.outputs?.length ?? 1) + 1;
	const batch: TicketFingerprint[] = [];
	const configured = perExecution(ctx, SETTINGS, (itemIndex) => {
		const { settings, outputs } = itemIndex === 0 ? first : readSettings(ctx, itemIndex, fromTable);
		return { outputs, engine: intentEngine(settings, modelFileStore()) };
	});
	const ticketOptions = ticketOptionsReader(ctx);
	const fields: Replacement = { subject: sourceFieldOf(ctx, 'subject', 'subject'), body: sourceFieldOf(ctx, 'body', 'body') };
	const items = ctx.getInputData();
	const withSentence = sentenceReader(ctx, (itemIndex) => ({ engine: configured(itemIndex).engine, input: ticketInput(ctx, items[itemIndex], itemIndex, [], ticketOptions(itemIndex)) }));
	return await routeEachItem(ctx, outputCount, (item, itemIndex) => {
		const { outputs, engine } = configured(itemIndex);
		const options = ticketOptions(itemIndex);
		const input = ticketInput(ctx, item, itemIndex, batch, options);
		const route = (chosen: IntentEngine, read: TicketInput) => {
			const intent = normalizeIntent(chosen, read);
			batch.push(fingerprintOf(read, intent));
			const replacement = options.options.replaceWithRedacted === true ? fields : null;
			return { output: outputOf(intent, outputs, outputCount - 1), json: withIntent(item.json, intent, replacement) };
		};
		// Without the encoder an item is classified without waiting on a promise.
		if (options.options.sentenceEncoder !== true) return route(engine, input);
		return withSentence(itemIndex, engine, input).then((read) => route(read.engine, read.input));
	});
}
