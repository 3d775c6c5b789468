import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { fingerprintOf, intentEngine, normalizeIntent, type Sender, type TicketFingerprint } from '../../engine/intent';
import { routeEachItem } from '../shared/items';
import { readNow, toInstant } from '../shared/parameters';
import { configuredOutputs, properties } from './description';
import { optionText, readRecentTickets, readSettings } from './settings';

export class NormalizeIntent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Normalize Intent',
		name: 'normalizeIntent',
		icon: { light: 'file:normalize-intent.svg', dark: 'file:normalize-intent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["trainingSource"] === "builtIn" ? "Support taxonomy" : "Custom categories" }}',
		description: 'Classify free-text tickets into issue type and intent, with language, urgency, entities, PII, customer and duplicates',
		defaults: { name: 'Normalize Intent' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const first = readSettings(this, 0);
		const outputCount = (first.outputs?.length ?? 1) + 1;
		const unclassifiedOutput = outputCount - 1;
		const batch: TicketFingerprint[] = [];
		return await routeEachItem(this, outputCount, (item, i) => {
			const { settings, outputs } = i === 0 ? first : readSettings(this, i);
			const engine = intentEngine(settings);
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const json = item.json;
			const customer = (json.customer ?? {}) as IDataObject;
			const sender: Sender = {
				email: optionText(options, 'senderEmail', customer.email ?? json.email),
				phone: optionText(options, 'senderPhone', customer.phone ?? json.phone),
				handle: optionText(options, 'senderHandle', customer.handle),
				requesterId: optionText(options, 'requesterId', json.requesterId ?? customer.requesterId),
			};
			const createdAt = optionText(options, 'createdAt', json.createdAt);
			const at = createdAt === undefined ? readNow(this, i, 'options.now') : toInstant(createdAt);
			if (at === null) {
				throw new NodeOperationError(this.getNode(), `Created At: "${createdAt}" is not an ISO-8601 timestamp`, { itemIndex: i });
			}
			const input = {
				id: optionText(options, 'ticketId', json.id),
				subject: this.getNodeParameter('subject', i, '') as unknown,
				body: this.getNodeParameter('body', i, '') as unknown,
				sender,
				at,
				earlier: [...readRecentTickets(options), ...batch],
			};
			const intent = normalizeIntent(engine, input);
			batch.push(fingerprintOf(input, intent));
			const enriched: IDataObject = { ...json, intent: intent as unknown as IDataObject };
			if (intent.customer.status === 'known') enriched.customer = { ...customer, ...intent.customer.customer };
			let output = intent.classified ? 0 : unclassifiedOutput;
			if (intent.classified && outputs) {
				const index = outputs.indexOf(intent.type!);
				output = index >= 0 ? index : unclassifiedOutput;
			}
			return { output, json: enriched };
		});
	}
}
