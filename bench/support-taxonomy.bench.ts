/**
 * The built-in support taxonomy out of the box, on a public labelled support data set it was not
 * trained on: Bitext's customer-support messages (bench/intent-datasets.ts, CDLA-Sharing-1.0), each of
 * its 27 intents mapped onto one of our types. Normalize Intent runs as the node does (the built-in
 * examples, Confidence Threshold 0.4, out-of-scope check on); the scikit-learn recipe (bench/sklearn-*.ts)
 * is trained on the same built-in examples (both learn type/intent labels and are judged on the type) in
 * the same run, with C chosen by type accuracy on the development part.
 * For scale, both are also trained on the development part itself: what a team gets from a Training
 * Source of its own labelled tickets.
 *
 *   npx tsx bench/support-taxonomy.bench.ts
 *   npx tsx bench/support-taxonomy.bench.ts --sentence-encoder   # also Use Sentence Encoder
 *
 * The development part (every fifth message of each intent) is the only part read when the built-in
 * examples are written; the figures are on the other four fifths.
 */
import { intentEngine, type IntentEngine, normalizeIntent, type TicketInput } from '../engine/intent/intent';
import { trainSentenceModel } from '../engine/intent/sentence-model';
import { supportTrainingExamples } from '../engine/intent/support-intents';
import { sentenceEncoder } from '../nodes/NormalizeIntent/sentence-encoder';
import { bitextSupport, type Labelled } from './intent-datasets';
import { macroF1 } from './macro-f1';
import { DEFAULT_C_GRID, trainSklearnBaseline } from './sklearn-baseline';

const THRESHOLD = 0.4;
const withEncoder = process.argv.includes('--sentence-encoder');

interface Decision {
	type: string | null;
	classified: boolean;
}

interface Contender {
	name: string;
	decide(text: string): Decision;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

function normalizeIntentContender(name: string, engine: IntentEngine, vectors?: Map<string, Float32Array>): Contender {
	return {
		name,
		decide(text) {
			const input: TicketInput = { subject: '', body: text, at: 0, sentenceVector: vectors?.get(text) };
			const intent = normalizeIntent(engine, input);
			return { type: intent.type ?? intent.candidates[0]?.type ?? null, classified: intent.classified };
		},
	};
}

/** The baseline with C chosen over the usual grid by type accuracy on `validation` (its intents need not be the training set's). */
function baselineContender(name: string, train: readonly Labelled[], validation: readonly Labelled[]): Contender {
	const typeOf = (label: string) => label.split('/')[0];
	const fitted = DEFAULT_C_GRID.map((C) => {
		const baseline = trainSklearnBaseline(train, train, { grid: [C] });
		const right = validation.filter((ticket) => typeOf(baseline.predict(ticket.text).label) === ticket.label).length;
		return { C, baseline, accuracy: right / Math.max(1, validation.length) };
	});
	const { C, baseline } = fitted.reduce((best, next) => (next.accuracy > best.accuracy ? next : best));
	return {
		name: `${name} (C=${C})`,
		decide(text) {
			const prediction = baseline.predict(text);
			return { type: typeOf(prediction.label), classified: prediction.confidence >= THRESHOLD };
		},
	};
}

async function withSentenceEncoder(engine: IntentEngine, texts: readonly string[]): Promise<{ engine: IntentEngine; vectors: Map<string, Float32Array> }> {
	const encoder = await sentenceEncoder();
	if ('missing' in encoder) throw new Error(encoder.missing);
	const all = [...new Set([...engine.examples.map((example) => example.text), ...texts])];
	const vectors = new Map((await encoder.embed(all)).map((vector, i) => [all[i], vector]));
	const sentence = trainSentenceModel(engine.examples, engine.examples.map((example) => vectors.get(example.text)!), engine.model);
	return { engine: { ...engine, sentence }, vectors };
}

function report(contender: Contender, tickets: readonly Labelled[]): string[] {
	const decisions = tickets.map((ticket) => contender.decide(ticket.text));
	const right = decisions.filter((decision, i) => decision.type === tickets[i].label).length;
	const classified = decisions.filter((decision) => decision.classified);
	const classifiedRight = decisions.filter((decision, i) => decision.classified && decision.type === tickets[i].label).length;
	const lines = [
		`${contender.name}: accuracy ${pct(right / tickets.length)}, macro-F1 ${pct(macroF1(tickets.map((ticket) => ticket.label), decisions.map((decision) => decision.type)))}; ` +
			`at threshold ${THRESHOLD}: ${pct(classified.length / tickets.length)} classified, ${pct(classifiedRight / Math.max(1, classified.length))} of them right`,
	];
	const types = [...new Set(tickets.map((ticket) => ticket.label))].sort();
	lines.push(
		'  recall by type: ' +
			types
				.map((type) => {
					const ofType = tickets.map((ticket, i) => [ticket, decisions[i]] as const).filter(([ticket]) => ticket.label === type);
					return `${type} ${pct(ofType.filter(([, decision]) => decision.type === type).length / ofType.length)}`;
				})
				.join(', '),
	);
	return lines;
}

async function main(): Promise<void> {
	const data = bitextSupport();
	if (typeof data === 'string') {
		console.log(data);
		return;
	}
	console.log(`${data.name} (${data.licence}): ${data.test.length} messages measured, ${data.development.length} in the development part`);
	const builtIn = supportTrainingExamples();
	// Both learn the same labels, type/intent, and are judged on the type.
	const builtInLabelled = builtIn.map((example) => ({ text: example.text, label: `${example.type}/${example.intent}` }));
	const engine = intentEngine({ examples: builtIn, threshold: THRESHOLD });
	const own = intentEngine({ examples: data.development.map((ticket) => ({ text: ticket.text, type: ticket.label, intent: ticket.intent })), threshold: THRESHOLD });
	const contenders: Contender[] = [
		normalizeIntentContender(`Normalize Intent, built-in taxonomy (${builtIn.length} examples)`, engine),
		baselineContender('sklearn TF-IDF + LR (port), built-in examples', builtInLabelled, data.development),
	];
	if (withEncoder) {
		const encoded = await withSentenceEncoder(engine, data.test.map((ticket) => ticket.text));
		contenders.push(normalizeIntentContender('Normalize Intent + sentence encoder, built-in taxonomy', encoded.engine, encoded.vectors));
	}
	contenders.push(
		normalizeIntentContender(`Normalize Intent trained on the development part (${data.development.length} labelled tickets)`, own),
		baselineContender('sklearn TF-IDF + LR (port), development part', data.development.map((ticket) => ({ text: ticket.text, label: `${ticket.label}/${ticket.intent}` })), builtIn.map((example) => ({ text: example.text, label: example.type }))),
	);
	for (const contender of contenders) for (const line of report(contender, data.test)) console.log(line);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
