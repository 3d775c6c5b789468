/**
 * Linear time on any input (a webhook body is attacker-controlled): for every adversarial shape,
 * doubling the input must not more than triple the time of text cleaning or of the whole
 * normalisation. Times are the fastest of several runs, and a ratio over 3 is measured again at twice
 * the size before it fails, so a noisy machine does not fail the test while a quadratic path (ratio 4
 * and growing) always does.
 */
import { intentEngine, normalizeIntent } from '../../../engine/intent/intent';
import { supportTrainingExamples } from '../../../engine/intent/support-intents';
import { ticketText } from '../../../engine/intent/text';
import { ADVERSARIAL_CASES } from '../../support/adversarial-text';

const KB = 1024;
const engine = intentEngine({ examples: supportTrainingExamples(), threshold: 0.5, redactPii: true, maxTextLength: 64 * KB * KB });

const FUNCTIONS: Array<{ name: string; run: (text: string) => unknown }> = [
	{ name: 'ticketText', run: (text) => ticketText('Subject', text, 64 * KB * KB) },
	{ name: 'normalizeIntent', run: (text) => normalizeIntent(engine, { subject: 'Help', body: text, at: 0 }) },
];

function fastestMs(run: () => unknown, runs: number): number {
	let best = Number.POSITIVE_INFINITY;
	for (let i = 0; i < runs; i++) {
		const start = process.hrtime.bigint();
		run();
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
	}
	return best;
}

/** Time at 2×size over time at size; a floor of 2 ms keeps sub-millisecond jitter from counting. */
function doublingRatio(make: (size: number) => string, run: (text: string) => unknown, size: number): number {
	const small = make(size);
	const large = make(2 * size);
	run(small);
	const smallMs = fastestMs(() => run(small), 5);
	const largeMs = fastestMs(() => run(large), 3);
	return largeMs / Math.max(smallMs, 2);
}

describe('text paths run in time linear in their input', () => {
	for (const testCase of ADVERSARIAL_CASES) {
		for (const fn of FUNCTIONS) {
			it(`${fn.name} on ${testCase.name}: doubling the input at most triples the time`, () => {
				let ratio = doublingRatio(testCase.make, fn.run, 128 * KB);
				if (ratio > 3) ratio = Math.min(ratio, doublingRatio(testCase.make, fn.run, 256 * KB));
				if (ratio > 3) ratio = Math.min(ratio, doublingRatio(testCase.make, fn.run, 512 * KB));
				if (ratio > 3) ratio = Math.min(ratio, doublingRatio(testCase.make, fn.run, 1024 * KB));
				expect(ratio).toBeLessThanOrEqual(3);
			});
		}
	}
});
