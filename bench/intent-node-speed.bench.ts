/**
 * Normalize Intent through the node's execute() (a mocked n8n context, as in test/nodes) with a
 * 15,000-example training set (CLINC150's training split as Training Examples (JSON)):
 * - cold start: the first item of a fresh process, once with no kept model (it trains) and once with
 *   the model kept by the previous process under n8n's folder (it loads);
 * - warm: items per second over executions of 1,000 items once the model is known;
 * - printed as a ratio to the sklearn TF-IDF + LR port (bench/sklearn-baseline.ts) predicting the
 *   same texts one at a time and as one batch, measured in the same run.
 *
 *   npx tsx bench/intent-node-speed.bench.ts
 *   npx tsx bench/intent-node-speed.bench.ts --sentence-encoder   # with Use Sentence Encoder on (the first cold start embeds 15,000 texts: minutes)
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IExecuteFunctions } from 'n8n-workflow';
// The node class's execute() is this function (tsx would resolve NormalizeIntent.node to the codex JSON).
import { execute } from '../nodes/NormalizeIntent/execute';
import { clinc150 } from './intent-datasets';
import { trainSklearnBaseline } from './sklearn-baseline';

const BATCH = 1000;
const withEncoder = process.argv.includes('--sentence-encoder');
const mode = withEncoder ? ' with Use Sentence Encoder' : '';
const dataset = clinc150();
const trainingJson = JSON.stringify(dataset.train.map(({ text, label }) => ({ text, category: label })));
const texts = [...dataset.test, ...dataset.outOfScope!].map((example) => example.text);

/**
 * The mocked execute context of test/support/execute-context.ts without jest: the items, the node's
 * parameters as n8n resolves them (subject read from the item, as its default expression does).
 */
function context(subjects: readonly string[]): IExecuteFunctions {
	const items = subjects.map((subject) => ({ json: { subject, body: '' } }));
	const parameters: Record<string, unknown> = { trainingSource: 'json', trainingExamples: trainingJson, outputMode: 'classified', threshold: 0.5, rules: {}, options: withEncoder ? { sentenceEncoder: true } : {}, body: '' };
	const node = { id: 'bench', name: 'Normalize Intent', type: 'n8n-nodes-sla-orchestrator.normalizeIntent', typeVersion: 1, position: [0, 0], parameters: { trainingSource: 'json', trainingExamples: trainingJson, subject: '={{ $json.subject }}', body: '={{ $json.body }}' } };
	const lookup = (name: string): unknown => {
		if (name in parameters) return parameters[name];
		const [head, ...rest] = name.split('.');
		return rest.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), parameters[head]);
	};
	return {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => false,
		getMode: () => 'manual',
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = name === 'subject' ? items[itemIndex].json.subject : lookup(name);
			return value === undefined ? fallback : value;
		},
	} as unknown as IExecuteFunctions;
}

async function run(subjects: readonly string[]): Promise<number> {
	const outputs = await execute(context(subjects));
	return outputs.reduce((sum, output) => sum + output.length, 0);
}

function seconds(start: bigint): number {
	return Number(process.hrtime.bigint() - start) / 1e9;
}

async function firstItem(): Promise<void> {
	const start = process.hrtime.bigint();
	await run([texts[0]]);
	console.log(JSON.stringify({ firstItemMs: seconds(start) * 1000 }));
}

function coldStart(folder: string): number {
	const output = execFileSync(process.execPath, [...process.execArgv, __filename, '--first-item', ...(withEncoder ? ['--sentence-encoder'] : [])], { env: { ...process.env, N8N_USER_FOLDER: folder }, encoding: 'utf8' });
	return (JSON.parse(output.trim().split('\n').pop()!) as { firstItemMs: number }).firstItemMs;
}

async function main(): Promise<void> {
	const folder = mkdtempSync(join(tmpdir(), 'intent-speed-'));
	try {
		const training = coldStart(folder);
		const loading = coldStart(folder);
		console.log(`Cold start${mode}, first item of a fresh process (15,000 examples): ${(training / 1000).toFixed(2)} s training, ${(loading / 1000).toFixed(2)} s with the model kept by the previous process (target ≤ 2 s)`);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}

	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'intent-speed-'));
	await run(texts.slice(0, BATCH)); // trains (or loads) and warms up
	const batches: string[][] = [];
	// The encoder takes milliseconds a text: two executions a round are enough to time it.
	for (let at = 0; at + BATCH <= texts.length && (!withEncoder || batches.length < 2); at += BATCH) batches.push(texts.slice(at, at + BATCH));
	const samples: number[] = [];
	for (let round = 0; round < 3; round++) {
		const start = process.hrtime.bigint();
		let items = 0;
		for (const batch of batches) items += await run(batch);
		samples.push(items / seconds(start));
	}
	const nodeRate = samples.sort((a, b) => a - b)[1];
	rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });

	// The baseline's prediction speed does not depend on C or on how far its fit converged.
	const baseline = trainSklearnBaseline(dataset.train, [], { grid: [10], maxIter: 20 });
	for (const text of texts.slice(0, 500)) baseline.predict(text);
	let start = process.hrtime.bigint();
	for (const text of texts) baseline.predict(text);
	const perItem = texts.length / seconds(start);
	start = process.hrtime.bigint();
	baseline.predictBatch(texts);
	const batched = texts.length / seconds(start);

	console.log(`Warm${mode}, through execute() in executions of ${BATCH} items: ${Math.round(nodeRate).toLocaleString('en')} items/s (target ≥ 20,000)`);
	console.log(`sklearn TF-IDF + LR port, same texts: ${Math.round(perItem).toLocaleString('en')} items/s one at a time, ${Math.round(batched).toLocaleString('en')} items/s as one batch`);
	console.log(`Ratio: node ${(nodeRate / perItem).toPrecision(2)}x the baseline's per-item prediction, ${(nodeRate / batched).toPrecision(2)}x its batched prediction`);
}

if (process.argv.includes('--first-item')) void firstItem();
else void main();
