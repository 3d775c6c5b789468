/**
 * Public intent data sets for the accuracy bench. None is tuned on by the project except that
 * CLINC150 ships in test/fixtures (see its README).
 *
 * - CLINC150 (CC BY 3.0, Larson et al. 2019): test/fixtures/clinc150, 150 intents + out-of-scope.
 * - Banking77 (CC BY 4.0, Casanueva et al. 2020, PolyAI-LDN/task-specific-datasets, banking_data/):
 *   no npm package ships it (the registry's search answers 404 here and no package of the lists in
 *   the environment carries it), so it is read from the cache folder
 *   ~/.cache/n8n-sla-orchestrator/datasets/banking77/{train,test}.csv; copy the two CSV files of the
 *   repository's banking_data/ folder there. It is never committed. Without it the bench says so and
 *   measures CLINC150 only.
 */
import { existsSync, readFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

export interface Labelled {
	text: string;
	label: string;
}

export interface IntentDataset {
	name: string;
	licence: string;
	train: Labelled[];
	/** Split off the training data (or given) for tuning the baseline's C. */
	validation: Labelled[];
	test: Labelled[];
	/** Texts that belong to no intent (CLINC150 only). */
	outOfScope?: Labelled[];
}

export const DATASET_CACHE = process.env.SLA_DATASET_CACHE ?? join(homedir(), '.cache', 'n8n-sla-orchestrator', 'datasets');

export function clinc150(): IntentDataset {
	const folder = join(__dirname, '..', 'test', 'fixtures', 'clinc150');
	const data = JSON.parse(readFileSync(join(folder, 'data_full.json'), 'utf8')) as Record<string, Array<[string, string]>>;
	const split = (name: string) => data[name].map(([text, label]) => ({ text, label }));
	return { name: 'CLINC150', licence: 'CC BY 3.0', train: split('train'), validation: split('val'), test: split('test'), outOfScope: split('oos_test') };
}

/** RFC 4180 CSV rows (quoted fields with doubled quotes). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += char;
	}
	if (field !== '' || row.length > 0) rows.push([...row, field]);
	return rows;
}

/** Every `every`-th example of each group (by default, of each label) goes to validation, the rest to training. */
export function stratifiedSplit<T extends Labelled>(examples: readonly T[], every: number, groupOf: (example: T) => string = (example) => example.label): { train: T[]; validation: T[] } {
	const seen = new Map<string, number>();
	const train: T[] = [];
	const validation: T[] = [];
	for (const example of examples) {
		const group = groupOf(example);
		const count = (seen.get(group) ?? 0) + 1;
		seen.set(group, count);
		(count % every === 0 ? validation : train).push(example);
	}
	return { train, validation };
}

export function banking77(): IntentDataset | string {
	const folder = join(DATASET_CACHE, 'banking77');
	const files = ['train.csv', 'test.csv'].map((name) => join(folder, name));
	if (!files.every((file) => existsSync(file))) {
		return `Banking77 not found in ${folder}: copy train.csv and test.csv from banking_data/ of the public repository PolyAI-LDN/task-specific-datasets (CC BY 4.0) there`;
	}
	const [train, test] = files.map((file) =>
		parseCsv(readFileSync(file, 'utf8'))
			.slice(1)
			.filter((row) => row.length === 2 && row[0] !== '')
			.map(([text, label]) => ({ text, label })),
	);
	const { train: fit, validation } = stratifiedSplit(train, 10);
	return { name: 'Banking77', licence: 'CC BY 4.0', train: fit, validation, test };
}

/**
 * Bitext's customer-support intents (CDLA-Sharing-1.0), mapped onto the built-in support taxonomy:
 * the public labelled support data set the built-in taxonomy is measured on. It has no technical
 * issue or feature request intents; every one of its 27 intents has a type of ours.
 */
export const BITEXT_TYPES: Record<string, string> = {
	check_invoice: 'billing',
	get_invoice: 'billing',
	payment_issue: 'billing',
	check_payment_methods: 'billing',
	get_refund: 'refund',
	track_refund: 'refund',
	check_refund_policy: 'refund',
	cancel_order: 'cancellation',
	delete_account: 'cancellation',
	check_cancellation_fee: 'cancellation',
	track_order: 'shipping',
	delivery_options: 'shipping',
	delivery_period: 'shipping',
	change_shipping_address: 'shipping',
	set_up_shipping_address: 'shipping',
	change_order: 'shipping',
	recover_password: 'account_access',
	registration_problems: 'account_access',
	switch_account: 'account_access',
	create_account: 'account_access',
	edit_account: 'account_access',
	complaint: 'complaint',
	contact_customer_service: 'general_question',
	contact_human_agent: 'general_question',
	place_order: 'general_question',
	newsletter_subscription: 'general_question',
	review: 'general_question',
};

export interface SupportTickets {
	name: string;
	licence: string;
	/** Every fifth ticket of each Bitext intent: the only part read when writing built-in examples. */
	development: Array<Labelled & { intent: string }>;
	/** The rest: measured, never read to write examples. */
	test: Array<Labelled & { intent: string }>;
}

const BITEXT_FILE = 'Bitext_Sample_Customer_Support_Training_Dataset.csv';

/**
 * Bitext's "Sample Customer Support Training Dataset" as its own repository had it on 2023-08-18
 * (4,514 customer messages, 27 intents): not committed here; from a clone of
 * github.com/bitext/customer-support-llm-chatbot-training-dataset,
 *   git show 8b6ca3d9559a4a9abab94f7978fae67019215a82:data/train/Bitext_Sample_Customer_Support_Training_Dataset.csv
 * into ~/.cache/n8n-sla-orchestrator/datasets/bitext-customer-support-2023-08/.
 */
export function bitextSupport(): SupportTickets | string {
	const folder = join(DATASET_CACHE, 'bitext-customer-support-2023-08');
	const file = join(folder, BITEXT_FILE);
	if (!existsSync(file)) {
		return `Bitext support tickets not found in ${folder}: copy data/train/${BITEXT_FILE} of github.com/bitext/customer-support-llm-chatbot-training-dataset at commit 8b6ca3d (CDLA-Sharing-1.0) there`;
	}
	const [header, ...rows] = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
	const text = header.indexOf('instruction');
	const intent = header.indexOf('intent');
	const tickets = rows
		.filter((row) => row.length === header.length && BITEXT_TYPES[row[intent]] !== undefined)
		.map((row) => ({ text: row[text], label: BITEXT_TYPES[row[intent]], intent: row[intent] }));
	const { train: test, validation: development } = stratifiedSplit(tickets, 5, (ticket) => ticket.intent);
	return { name: 'Bitext customer support (2023-08)', licence: 'CDLA-Sharing-1.0', development, test };
}
