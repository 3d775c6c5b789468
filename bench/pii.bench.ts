/**
 * PII detection precision and recall per type on the generated corpus of test/support/pii-corpus.ts
 * (valid and invalid cards, IBANs, emails, phones and national ids in ticket sentences in seven
 * languages, with dates, timestamps, order, invoice and tracking numbers, amounts and versions as
 * decoys), and findPii's throughput on it.
 *
 *   npx tsx bench/pii.bench.ts            (SEED=… COUNT=… for another corpus; EXAMPLES=1 lists misses)
 */
import { findPii } from '../engine/intent/pii';
import { piiCorpus, scoreCorpus } from '../test/support/pii-corpus';

const seed = Number(process.env.SEED ?? 16);
const count = Number(process.env.COUNT ?? 5000);
const docs = piiCorpus(seed, count);
const values = docs.reduce((sum, doc) => sum + doc.pii.length, 0);
const decoys = docs.reduce((sum, doc) => sum + doc.decoys.length, 0);
const score = scoreCorpus(docs, findPii);

console.log(`corpus: ${docs.length} tickets (seed ${seed}), ${values} PII values, ${decoys} decoys`);
console.log(`${'type'.padEnd(10)} ${'values'.padStart(7)} ${'TP'.padStart(6)} ${'FP'.padStart(6)} ${'FN'.padStart(6)} ${'precision'.padStart(10)} ${'recall'.padStart(8)}`);
for (const row of score.byType) {
	const support = row.truePositives + row.falseNegatives;
	console.log(
		`${row.type.padEnd(10)} ${String(support).padStart(7)} ${String(row.truePositives).padStart(6)} ${String(row.falsePositives).padStart(6)} ${String(row.falseNegatives).padStart(6)} ${(row.precision * 100).toFixed(1).padStart(9)}% ${(row.recall * 100).toFixed(1).padStart(7)}%`,
	);
}
const micro = score.byType.reduce((sum, row) => ({ tp: sum.tp + row.truePositives, fp: sum.fp + row.falsePositives, fn: sum.fn + row.falseNegatives }), { tp: 0, fp: 0, fn: 0 });
console.log(`${'all'.padEnd(10)} ${String(micro.tp + micro.fn).padStart(7)} ${String(micro.tp).padStart(6)} ${String(micro.fp).padStart(6)} ${String(micro.fn).padStart(6)} ${((micro.tp / (micro.tp + micro.fp)) * 100).toFixed(1).padStart(9)}% ${((micro.tp / (micro.tp + micro.fn)) * 100).toFixed(1).padStart(7)}%`);
console.log(`redaction recall (value covered by a match of any type): ${(score.redactionRecall * 100).toFixed(2)}%`);
console.log(`decoys reported as PII: ${Object.entries(score.decoyHits).map(([kind, hits]) => `${kind} ${hits}`).join(', ') || 'none'}`);
if (process.env.EXAMPLES) {
	console.log('\nfalse positives:', score.falsePositiveExamples.join('\n  '));
	console.log('\nfalse negatives:', score.falseNegativeExamples.join('\n  '));
}

const texts = docs.map((doc) => doc.text);
const bytes = texts.reduce((sum, text) => sum + text.length, 0);
let best = Infinity;
for (let round = 0; round < 5; round++) {
	const start = process.hrtime.bigint();
	for (const text of texts) findPii(text);
	best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(`findPii: ${((best * 1000) / texts.length).toFixed(1)} µs per ticket, ${(bytes / (1 << 20) / (best / 1000)).toFixed(1)} MB/s`);
