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

/** Every `every`-th example of each label goes to validation, the rest to training. */
export function stratifiedSplit(examples: readonly Labelled[], every: number): { train: Labelled[]; validation: Labelled[] } {
	const seen = new Map<string, number>();
	const train: Labelled[] = [];
	const validation: Labelled[] = [];
	for (const example of examples) {
		const count = (seen.get(example.label) ?? 0) + 1;
		seen.set(example.label, count);
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
