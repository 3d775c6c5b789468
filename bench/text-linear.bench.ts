/**
 * Linear time on any input: milliseconds per MB of cleanText, ticketText, findPii, findEntities and
 * the whole normalizeIntent (Redact PII on, no truncation) for adversarial inputs (unclosed tags, runs
 * without spaces, digit runs, repeated punctuation, deep quote nesting, many '@', long email-like
 * strings, …) at 1, 2 and 4 MB. Time proportional to length shows as a flat ms/MB row and a 4 MB / 1 MB
 * ratio near 4; a super-linear path shows as a growing row.
 *
 *   npx tsx bench/text-linear.bench.ts            (SIZES_MB=1,2,4,10 to add a size; CASES=digit to filter)
 *
 * A measurement slower than BUDGET_MS (default 20,000) stops that row: the larger sizes are skipped
 * and shown as "skip" (only the code before the fix needed that).
 */
import { findEntities } from '../engine/intent/entities';
import { intentEngine, normalizeIntent } from '../engine/intent/intent';
import { findPii } from '../engine/intent/pii';
import { supportTrainingExamples } from '../engine/intent/support-intents';
import { cleanText, ticketText } from '../engine/intent/text';
import { ADVERSARIAL_CASES } from '../test/support/adversarial-text';

const MB = 1 << 20;
const SIZES = (process.env.SIZES_MB ?? '1,2,4').split(',').map(Number);
const BUDGET_MS = Number(process.env.BUDGET_MS ?? 20_000);
const FILTER = process.env.CASES ?? '';

const engine = intentEngine({ examples: supportTrainingExamples(), threshold: 0.5, redactPii: true, maxTextLength: 64 * MB });

const FUNCTIONS: Array<{ name: string; run: (text: string) => unknown }> = [
	{ name: 'cleanText', run: (text) => cleanText(text) },
	{ name: 'ticketText', run: (text) => ticketText('Subject', text, 64 * MB) },
	{ name: 'findPii', run: (text) => findPii(text) },
	{ name: 'findEntities', run: (text) => findEntities(text) },
	{ name: 'normalizeIntent', run: (text) => normalizeIntent(engine, { subject: 'Help', body: text, at: 0 }) },
];

function msOf(run: () => unknown): number {
	const start = process.hrtime.bigint();
	run();
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The fastest of up to three runs (one when a run takes over a second). */
function minimumMs(run: () => unknown): number {
	let best = msOf(run);
	for (let i = 0; i < 2 && best < 1000; i++) best = Math.min(best, msOf(run));
	return best;
}

const pad = (value: string, width: number) => value.padEnd(width);
const padLeft = (value: string, width: number) => value.padStart(width);

console.log(`ms per MB (fastest of up to 3 runs), sizes ${SIZES.join(', ')} MB; ratio = time at ${SIZES[SIZES.length - 1]} MB / time at ${SIZES[0]} MB (linear: ${SIZES[SIZES.length - 1] / SIZES[0]})`);
console.log(`${pad('input', 48)} ${pad('function', 16)} ${SIZES.map((size) => padLeft(`${size} MB`, 9)).join(' ')} ${padLeft('ratio', 7)}`);
const worst: Array<{ name: string; fn: string; msPerMb: number; ratio: number }> = [];
for (const testCase of ADVERSARIAL_CASES) {
	if (FILTER && !testCase.name.includes(FILTER)) continue;
	const inputs = new Map(SIZES.map((size) => [size, testCase.make(size * MB)]));
	for (const fn of FUNCTIONS) {
		fn.run(testCase.make(64 * 1024));
		const cells: string[] = [];
		const times: number[] = [];
		let stopped = false;
		for (const size of SIZES) {
			if (stopped) {
				cells.push(padLeft('skip', 9));
				continue;
			}
			const ms = minimumMs(() => fn.run(inputs.get(size)!));
			times.push(ms);
			cells.push(padLeft((ms / size).toFixed(1), 9));
			if (ms > BUDGET_MS) stopped = true;
		}
		const ratio = times.length === SIZES.length ? times[times.length - 1] / times[0] : Number.NaN;
		const row = `${pad(testCase.name, 48)} ${pad(fn.name, 16)} ${cells.join(' ')} ${padLeft(Number.isNaN(ratio) ? '-' : ratio.toFixed(1), 7)}`;
		console.log(row);
		worst.push({ name: testCase.name, fn: fn.name, msPerMb: Math.max(...times.map((ms, index) => ms / SIZES[index])), ratio });
	}
}
const slowest = [...worst].sort((a, b) => b.msPerMb - a.msPerMb).slice(0, 5);
console.log('\nslowest (ms per MB at any size):');
for (const row of slowest) console.log(`  ${row.msPerMb.toFixed(1).padStart(9)} ms/MB  ${row.fn} on ${row.name}`);
const ratios = worst.filter((row) => !Number.isNaN(row.ratio));
const steepest = ratios.length ? ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a)) : undefined;
if (steepest) console.log(`largest ${SIZES[SIZES.length - 1]} MB / ${SIZES[0]} MB ratio: ${steepest.ratio.toFixed(2)} (${steepest.fn} on ${steepest.name}; linear is ${SIZES[SIZES.length - 1] / SIZES[0]})`);
const skipped = worst.filter((row) => Number.isNaN(row.ratio));
if (skipped.length) console.log(`rows stopped by the ${BUDGET_MS} ms budget: ${skipped.length}`);
