import type { INodeParameters, INodeProperties } from 'n8n-workflow';

/**
 * The outputs, computed from the parameters in the editor (the function is sent as an expression, so
 * it cannot use anything outside itself): one per category or a single Classified, then Unclassified.
 */
export const configuredOutputs = (parameters: INodeParameters) => {
	const builtIn = ['billing', 'refund', 'cancellation', 'shipping', 'account_access', 'technical_issue', 'feature_request', 'complaint', 'general_question'];
	const unclassified = { type: 'main', displayName: 'Unclassified' };
	if (parameters.outputMode !== 'perCategory') return [{ type: 'main', displayName: 'Classified' }, unclassified];
	let names: string[] = builtIn;
	if (parameters.trainingSource === 'categories') {
		const entries = ((parameters.categories as { category?: Array<{ name?: string }> } | undefined)?.category ?? []) as Array<{ name?: string }>;
		names = entries.map((entry) => String(entry.name ?? '').trim()).filter((name) => name !== '');
	} else if (parameters.trainingSource === 'json' || parameters.trainingSource === 'dataTable') {
		names = String(parameters.outputCategories ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
	}
	return [...names.map((name) => ({ type: 'main', displayName: name })), unclassified];
};

const EXAMPLE_TRAINING = [
	{ text: 'I was charged twice this month', category: 'billing' },
	{ text: 'Please send me last month\'s invoice', category: 'billing' },
	{ text: 'The app crashes when I upload a file', category: 'technical_issue' },
	{ text: 'Nothing loads since this morning', category: 'technical_issue' },
];

const EXAMPLE_DIRECTORY = [
	{ id: 'cus_1001', accountId: 'acc_77', emails: ['ana@example.com'], phones: ['+34 600 123 456'], tier: 'enterprise', region: 'EMEA', timezone: 'Europe/Madrid' },
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '={{ $json.subject }}',
		description: 'The subject line of the ticket',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '={{ $json.body }}',
		description: 'What the customer wrote. HTML, quoted reply chains and signatures are removed before it is analysed.',
	},
	{
		displayName: 'Training Source',
		name: 'trainingSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Built-in Support Taxonomy', value: 'builtIn', description: 'Billing, refund, cancellation, shipping, account access, technical issue, feature request, complaint, general question' },
			{ name: 'Categories Defined Below', value: 'categories', description: 'Name your categories and give a few example texts for each' },
			{ name: 'Data Table (Labelled Tickets)', value: 'dataTable', description: "The team's own tickets from an n8n Data Table: text, category and the agents' corrections" },
			{ name: 'JSON Examples', value: 'json', description: 'Many labelled examples as JSON, e.g. from a spreadsheet node' },
		],
		default: 'builtIn',
		description: 'Where the classifier learns its categories from. It trains when the workflow runs and is kept for the life of the n8n process.',
	},
	{
		displayName: 'Categories',
		name: 'categories',
		placeholder: 'Add Category',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: { show: { trainingSource: ['categories'] } },
		description: 'Each category with example texts customers write; a few different examples each work better than many similar ones',
		options: [
			{
				name: 'category',
				displayName: 'Category',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'billing', description: 'The category, written to intent.type' },
					{
						displayName: 'Examples',
						name: 'examples',
						type: 'string',
						typeOptions: { rows: 4 },
						default: '',
						placeholder: 'I was charged twice\nWhere is my invoice?',
						description: 'Example texts of this category, one per line',
					},
					{
						displayName: 'Keywords',
						name: 'keywords',
						type: 'string',
						default: '',
						placeholder: 'chargeback, invoice',
						description: 'Comma-separated words or phrases that always mean this category (whole words, any case). They take precedence over the classifier.',
					},
					{
						displayName: 'Patterns',
						name: 'patterns',
						type: 'string',
						typeOptions: { rows: 2 },
						default: '',
						placeholder: '\\bINV-\\d+\\b',
						description: 'Regular expressions, one per line, that always mean this category (case-insensitive)',
					},
				],
			},
		],
	},
	{
		displayName: 'Training Examples (JSON)',
		name: 'trainingExamples',
		type: 'json',
		default: JSON.stringify(EXAMPLE_TRAINING, null, 2),
		displayOptions: { show: { trainingSource: ['json'] } },
		description: 'An array of {"text", "category", "intent"?} objects, or an object mapping each category to a list of texts. An expression can supply it from an earlier node.',
	},
	{
		displayName: 'Training Table',
		name: 'trainingTable',
		type: 'string',
		default: 'intent_training',
		required: true,
		displayOptions: { show: { trainingSource: ['dataTable'] } },
		description: 'The n8n Data Table whose rows are labelled tickets. Read once per execution through the SLA Store credential; the model trained from it is kept while its rows stay the same.',
	},
	{
		displayName: 'Text Column',
		name: 'trainingTextColumn',
		type: 'string',
		default: 'text',
		displayOptions: { show: { trainingSource: ['dataTable'] } },
		description: 'The column holding what the customer wrote',
	},
	{
		displayName: 'Category Column',
		name: 'trainingCategoryColumn',
		type: 'string',
		default: 'category',
		displayOptions: { show: { trainingSource: ['dataTable'] } },
		description: 'The column holding the category the ticket was filed under',
	},
	{
		displayName: 'Corrected Category Column',
		name: 'trainingCorrectionColumn',
		type: 'string',
		default: 'correctedCategory',
		displayOptions: { show: { trainingSource: ['dataTable'] } },
		description: 'The column where agents write the right category when the ticket was misfiled; when filled it wins over the category. Empty: no corrections column.',
	},
	{
		displayName: 'Intent Column',
		name: 'trainingIntentColumn',
		type: 'string',
		default: '',
		displayOptions: { show: { trainingSource: ['dataTable'] } },
		description: 'A column holding a finer intent within the category. Empty: the category is the intent.',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		placeholder: 'Add Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: { show: { trainingSource: ['builtIn', 'dataTable', 'json'] } },
		description: 'Keywords and patterns that decide the category outright, checked in order before the classifier',
		options: [
			{
				name: 'rule',
				displayName: 'Rule',
				values: [
					{ displayName: 'Category', name: 'category', type: 'string', default: '', placeholder: 'billing', description: 'The category the rule assigns' },
					{ displayName: 'Keywords', name: 'keywords', type: 'string', default: '', placeholder: 'chargeback', description: 'Comma-separated words or phrases (whole words, any case)' },
					{ displayName: 'Patterns', name: 'patterns', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'Regular expressions, one per line (case-insensitive)' },
				],
			},
		],
	},
	{
		displayName: 'Outputs',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Classified and Unclassified', value: 'classified', description: 'One Classified output; branch on intent.type later' },
			{ name: 'One per Category', value: 'perCategory', description: 'An output for each category, plus Unclassified' },
		],
		default: 'classified',
		description: 'How classified tickets leave the node. Tickets below the confidence threshold always leave on Unclassified.',
	},
	{
		displayName: 'Output Categories',
		name: 'outputCategories',
		type: 'string',
		noDataExpression: true,
		default: '',
		placeholder: 'billing, technical_issue',
		required: true,
		displayOptions: { show: { trainingSource: ['dataTable', 'json'], outputMode: ['perCategory'] } },
		description: 'Comma-separated categories, one output each, in this order. Tickets of other categories leave on Unclassified.',
	},
	{
		displayName: 'Confidence Threshold',
		name: 'threshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.4,
		description:
			'Tickets whose category confidence is below this leave on Unclassified with their top candidates, for a person to triage. So do tickets unlike every category\'s examples (decided by "out_of_scope"), whatever their confidence.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'The sender and customer directory, duplicate detection, languages, products to find and PII redaction',
		options: [
			{ displayName: 'Created At', name: 'createdAt', type: 'string', default: '={{ $json.createdAt }}', description: 'When the ticket was created (ISO-8601), for the duplicate window. Empty: now.' },
			{ displayName: 'CRM Fields', name: 'crmFields', type: 'string', default: '', placeholder: 'name, plan, csm', description: 'Comma-separated fields of the directory entry to copy onto the ticket\'s customer' },
			{
				displayName: 'Customer Directory',
				name: 'directory',
				type: 'json',
				default: JSON.stringify(EXAMPLE_DIRECTORY, null, 2),
				description: 'Customers to match the sender against: an array of {"ID", "accountId", "emails", "phones", "handles", "requesterIds", "tier", "region", "timezone", …}. An expression can supply it from a CRM node.',
			},
			{ displayName: 'Duplicate Window (Hours)', name: 'duplicateWindowHours', type: 'number', typeOptions: { minValue: 0 }, default: 24, description: 'A ticket from the same customer with the same category within this many hours is flagged as a probable duplicate. 0 turns it off.' },
			{ displayName: 'Known Language', name: 'knownLanguage', type: 'string', default: '={{ $json.customer?.language ?? $json.customer?.locale ?? $json.language ?? "" }}', placeholder: 'de-AT', hint: 'Used only when the text is too short or too close to call', description: 'The customer\'s language or locale (ISO 639-1 such as de, a locale such as pt-BR, or ISO 639-2 such as deu). The answer when the text is too short or too uncertain to tell; without it such a ticket gets intent.language.code "und".' },
			{ displayName: 'Languages', name: 'languages', type: 'string', default: '', placeholder: 'en, de, es, fr, pt', description: 'Comma-separated ISO 639-1 codes the language detection may answer with. Empty: any language.' },
			{ displayName: 'Maximum Text Length', name: 'maxTextLength', type: 'number', typeOptions: { minValue: 100 }, default: 20000, description: 'Longer texts are cut to this many characters before analysis, and intent.text.truncated is true' },
			{ displayName: 'Now', name: 'now', type: 'string', default: '', description: 'Treat this ISO-8601 time as now (for drills and tests). Empty: the real clock.' },
			{ displayName: 'Products and Plans', name: 'products', type: 'string', default: '', placeholder: 'Pro Plan, Starter, Widget X', description: 'Comma-separated product or plan names to find in the text' },
			{
				displayName: 'Recent Tickets',
				name: 'recentTickets',
				type: 'json',
				default: '[]',
				placeholder: '[{ "ticketId": "T-1", "customer": "ana@example.com", "type": "billing", "createdAt": "2026-05-04T09:00:00Z" }]',
				description: 'Earlier tickets to check for duplicates, e.g. from a Data Table: each with its identifier, customer (customer identifier or email), type and createdAt. Earlier items of the same run are checked too.',
			},
			{
				displayName: 'Redact PII',
				name: 'redactPii',
				type: 'boolean',
				default: false,
				description:
					'Whether to keep raw personal data out of the output: intent.pii values are masked (a***@***.com, ****1111), and intent.redactedSubject, intent.redactedBody (the whole body, quoted replies included) and intent.redactedText have it replaced by [EMAIL], [PHONE], [CARD] and so on',
			},
			{
				displayName: 'Replace Subject and Body With Redacted',
				name: 'replaceWithRedacted',
				type: 'boolean',
				default: false,
				description:
					'Whether to write the redacted subject and body (as plain text) over the item fields that the Subject and Body parameters read (the subject and body fields when they are set some other way), so no raw PII travels further. Needs Redact PII.',
			},
			{ displayName: 'Requester ID', name: 'requesterId', type: 'string', default: '={{ $json.requesterId ?? $json.customer?.requesterId ?? "" }}', description: 'The helpdesk\'s ID of the sender' },
			{ displayName: 'Sender Chat Handle', name: 'senderHandle', type: 'string', default: '={{ $json.customer?.handle ?? "" }}', description: 'The sender\'s chat handle' },
			{ displayName: 'Sender Email', name: 'senderEmail', type: 'string', default: '={{ $json.customer?.email ?? $json.email ?? "" }}', description: 'The sender\'s email address' },
			{ displayName: 'Sender Phone', name: 'senderPhone', type: 'string', default: '={{ $json.customer?.phone ?? $json.phone ?? "" }}', description: 'The sender\'s phone number' },
			{ displayName: 'Ticket ID', name: 'ticketId', type: 'string', default: '={{ $json.id }}', description: 'The ticket\'s ID, written as the earlier ticket of later duplicates' },
			{
				displayName: 'Use Sentence Encoder',
				name: 'sentenceEncoder',
				type: 'boolean',
				default: false,
				hint: 'English. Slower: milliseconds per ticket, and the first run embeds every training text once',
				description:
					'Whether to add a second opinion from a sentence encoder (Google\'s Universal Sentence Encoder, bundled with this package as optional dependencies; nothing is downloaded): the categories are chosen from both, and a ticket unlike every category to either goes to Unclassified. Catches paraphrases that share no word with the examples. The model trained on the encoder\'s vectors is kept under n8n\'s folder.',
			},
		],
	},
];
