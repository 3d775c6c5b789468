/**
 * Accuracy of Normalize Intent's classifier against the scikit-learn recipe (TF-IDF word 1–2-grams +
 * char_wb 2–5-grams, sublinear tf, logistic regression with C tuned on a validation split; ported in
 * bench/sklearn-*.ts), both trained on the same examples in the same run, on CLINC150 and Banking77
 * (bench/intent-datasets.ts), plus the out-of-scope curve on CLINC150's oos test.
 *
 *   npx tsx bench/intent-accuracy.bench.ts              # C tuned over 1, 10, 100 on the validation split (slow: the port's L-BFGS)
 *   npx tsx bench/intent-accuracy.bench.ts --quick      # C = 10 only, not tuned (a few minutes)
 *   C_GRID=10,100 npx tsx bench/intent-accuracy.bench.ts  # any grid
 *   npx tsx bench/intent-accuracy.bench.ts --quick --sentence-encoder  # also Use Sentence Encoder (embeds every text: ~10 more minutes)
 *
 * Banking77 is read from a cache folder (see bench/intent-datasets.ts for how to get it); without it
 * only CLINC150 is measured. Normalize Intent's defaults were chosen on the validation splits only;
 * the test splits are read here and nowhere else.
 */
import { classify, trainClassifier } from '../engine/intent/classifier';
import { classifyWithSentence, trainSentenceModel } from '../engine/intent/sentence-model';
import { sentenceEncoder } from '../nodes/NormalizeIntent/sentence-encoder';
import { banking77, clinc150, type IntentDataset, type Labelled } from './intent-datasets';
import { macroF1 } from './macro-f1';
import { DEFAULT_C_GRID, trainSklearnBaseline } from './sklearn-baseline';

const DEFAULT_THRESHOLD = 0.4; // Normalize Intent's default Confidence Threshold
const quick = process.argv.includes('--quick');
const withEncoder = process.argv.includes('--sentence-encoder');
const grid = process.env.C_GRID ? process.env.C_GRID.split(',').map(Number) : quick ? [10] : DEFAULT_C_GRID;

interface Scored {
	label: string;
	confidence: number;
	/** Normalize Intent's out-of-scope check: false sends the text to Unclassified at any threshold. */
	familiar?: boolean;
}

interface Contender {
	name: string;
	trainMs: number;
	predict(text: string): Scored;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

function timed<T>(run: () => T): [T, number] {
	const start = process.hrtime.bigint();
	const result = run();
	return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Each text is scored once per contender: the accuracy table and the out-of-scope curve share the predictions. */
function remembered(predict: (text: string) => Scored): (text: string) => Scored {
	const seen = new Map<string, Scored>();
	return (text) => {
		let scored = seen.get(text);
		if (!scored) seen.set(text, (scored = predict(text)));
		return scored;
	};
}

/** Normalize Intent with Use Sentence Encoder: the same word classifier, and the encoder's vectors of every text of the data set. */
async function withSentenceEncoder(dataset: IntentDataset, words: ReturnType<typeof trainClassifier>, wordsMs: number): Promise<Contender> {
	const encoder = await sentenceEncoder();
	if ('missing' in encoder) throw new Error(encoder.missing);
	const texts = [...new Set([...dataset.train, ...dataset.validation, ...dataset.test, ...(dataset.outOfScope ?? [])].map((example) => example.text))];
	const [encoded, encodeMs] = await timedAsync(() => encoder.embed(texts));
	const vectorOf = new Map(texts.map((text, i) => [text, encoded[i]]));
	console.log(`sentence encoder ${encoder.id}: ${texts.length} texts encoded in ${(encodeMs / 1000).toFixed(1)} s (${(encodeMs / texts.length).toFixed(2)} ms a text, in batches)`);
	const [sentence, sentenceMs] = timed(() => trainSentenceModel(dataset.train, dataset.train.map((example) => vectorOf.get(example.text)!), words));
	const trainEncodeMs = (encodeMs * dataset.train.length) / texts.length;
	return { name: 'Normalize Intent + sentence encoder', trainMs: wordsMs + trainEncodeMs + sentenceMs, predict: remembered((text) => classifyWithSentence(words, sentence, text, vectorOf.get(text)!, 1)) };
}

async function timedAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
	const start = process.hrtime.bigint();
	const result = await run();
	return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

async function contenders(dataset: IntentDataset): Promise<{ contenders: Contender[]; baselineC: string }> {
	const [ours, oursMs] = timed(() => trainClassifier(dataset.train));
	const [baseline, baselineMs] = timed(() => trainSklearnBaseline(dataset.train, dataset.validation, { grid }));
	const oursValidation = dataset.validation.filter((example) => classify(ours, example.text, 1).label === example.label).length / Math.max(1, dataset.validation.length);
	const baselineC = baseline.tried.map((t) => `C=${t.C}: val ${pct(t.accuracy)} (${t.iterations} it${t.converged ? '' : ', not converged'})`).join('; ');
	return {
		baselineC: `${grid.length > 1 ? 'chosen' : 'fixed (not tuned)'} C=${baseline.C} (${baselineC}), ${baseline.features} features; Normalize Intent val ${pct(oursValidation)}`,
		contenders: [
			{ name: 'Normalize Intent', trainMs: oursMs, predict: remembered((text) => classify(ours, text, 1)) },
			{ name: 'sklearn TF-IDF + LR (port)', trainMs: baselineMs, predict: remembered((text) => baseline.predict(text)) },
			...(withEncoder ? [await withSentenceEncoder(dataset, ours, oursMs)] : []),
		],
	};
}

/** What the node compares with its Confidence Threshold: an unfamiliar text is below every threshold. */
const keptConfidence = (scored: Scored) => (scored.familiar === false ? -1 : scored.confidence);

function oosCurve(contender: Contender, inScope: readonly Labelled[], outOfScope: readonly Labelled[]) {
	const inside = inScope.map((example) => keptConfidence(contender.predict(example.text)));
	const outside = outOfScope.map((example) => keptConfidence(contender.predict(example.text)));
	const at = (threshold: number) => ({
		threshold,
		oosRecall: outside.filter((c) => c < threshold).length / outside.length,
		falseReject: inside.filter((c) => c < threshold).length / inside.length,
	});
	const thresholds = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);
	// The best oos recall with at most 5% of in-scope texts rejected, over every threshold.
	const sorted = [...inside].sort((a, b) => a - b);
	const atFivePercent = at(sorted[Math.floor(sorted.length * 0.05)]);
	return { curve: thresholds.map(at), atDefault: at(DEFAULT_THRESHOLD), atFivePercent };
}

async function main(): Promise<void> {
	const datasets: IntentDataset[] = [clinc150()];
	const other = banking77();
	if (typeof other === 'string') console.log(`${other}\n`);
	else datasets.push(other);
	const summary: string[] = [];
	for (const dataset of datasets) {
		console.log(`## ${dataset.name} (${dataset.licence}): ${dataset.train.length} training, ${dataset.validation.length} validation, ${dataset.test.length} test texts, ${new Set(dataset.test.map((e) => e.label)).size} intents`);
		const { contenders: pair, baselineC } = await contenders(dataset);
		console.log(`baseline: ${baselineC}`);
		console.log('| classifier | accuracy | macro-F1 | train |');
		console.log('| --- | --- | --- | --- |');
		const rows = pair.map((contender) => {
			const predicted = dataset.test.map((example) => contender.predict(example.text).label);
			const truth = dataset.test.map((example) => example.label);
			const accuracy = predicted.filter((label, i) => label === truth[i]).length / truth.length;
			const f1 = macroF1(truth, predicted);
			console.log(`| ${contender.name} | ${pct(accuracy)} | ${pct(f1)} | ${(contender.trainMs / 1000).toFixed(1)} s |`);
			return { accuracy, f1 };
		});
		const versus = (row: { accuracy: number; f1: number }) =>
			`accuracy ${pct(row.accuracy)} vs ${pct(rows[1].accuracy)} (${(row.accuracy - rows[1].accuracy >= 0 ? '+' : '') + ((row.accuracy - rows[1].accuracy) * 100).toFixed(1)} points), macro-F1 ${pct(row.f1)} vs ${pct(rows[1].f1)}`;
		summary.push(`${dataset.name}: ${versus(rows[0])}`);
		if (rows[2]) summary.push(`${dataset.name} with the sentence encoder: ${versus(rows[2])}`);
		if (dataset.outOfScope) {
			console.log(`\nOut of scope (${dataset.outOfScope.length} oos test texts): oos recall / in-scope false-reject rate by threshold`);
			const ours = pair[0];
			const confidenceOnly: Contender = { ...ours, name: 'confidence only', predict: (text) => ({ ...ours.predict(text), familiar: undefined }) };
			const compared = [ours, confidenceOnly, pair[1], ...pair.slice(2)];
			const curves = compared.map((contender) => oosCurve(contender, dataset.test, dataset.outOfScope!));
			console.log(`| threshold | ${compared.map((c) => `${c.name} oos recall | false reject`).join(' | ')} |`);
			console.log(`| --- | ${compared.map(() => '--- | ---').join(' | ')} |`);
			curves[0].curve.forEach((_, i) => {
				console.log(`| ${curves[0].curve[i].threshold.toFixed(2)} | ${curves.map((c) => `${pct(c.curve[i].oosRecall)} | ${pct(c.curve[i].falseReject)}`).join(' | ')} |`);
			});
			curves.forEach((c, i) => {
				console.log(
					`${compared[i].name}: at the default threshold ${DEFAULT_THRESHOLD}: oos recall ${pct(c.atDefault.oosRecall)}, in-scope false reject ${pct(c.atDefault.falseReject)} (target ≥ 85% with ≤ 5%); ` +
						`at 5% false reject (threshold ${c.atFivePercent.threshold.toFixed(3)}): oos recall ${pct(c.atFivePercent.oosRecall)}`,
				);
				if (i === 3) summary.push(`CLINC150 oos with the sentence encoder at threshold ${DEFAULT_THRESHOLD}: recall ${pct(c.atDefault.oosRecall)}, false reject ${pct(c.atDefault.falseReject)}; at 5% false reject: recall ${pct(c.atFivePercent.oosRecall)}`);
				if (i === 0) summary.push(`CLINC150 oos at threshold ${DEFAULT_THRESHOLD}: recall ${pct(c.atDefault.oosRecall)}, false reject ${pct(c.atDefault.falseReject)}; at 5% false reject: recall ${pct(c.atFivePercent.oosRecall)}`);
			});
		}
		console.log('');
	}
	console.log('Summary (Normalize Intent vs sklearn baseline, same run):');
	for (const line of summary) console.log(`- ${line}`);
}

void main();
