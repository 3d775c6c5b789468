import { readFileSync } from 'fs';
import { join } from 'path';

import { DEFAULT_MIN_CONFIDENCE, DEFAULT_MIN_LETTERS, detectLanguage, prepareLanguageTable, type LanguageOptions, type LanguageTableStore } from '../../../engine/intent/language';
import { buildLanguageTable, decodeLanguageTable, type EldNgramData, encodeLanguageTable, type LanguageTable, languageScores } from '../../../engine/intent/language-table';
import { heldOutSamples, tuningSamples } from '../../fixtures/language/samples';

/** eld itself (its "small" entry), the reference every score is compared with. */
interface EldResult {
	language: string;
	getScores(): Record<string, number>;
}
const ELD = join(__dirname, '..', '..', '..', 'node_modules', 'eld');
const eld = (require(join(ELD, 'src', 'entries', 'static.small.js')) as { eld: { detect(text: string): EldResult } }).eld;
const version = `${(JSON.parse(readFileSync(join(ELD, 'package.json'), 'utf8')) as { version: string }).version}/small`;
const built = buildLanguageTable({
	version,
	data: (require(join(ELD, 'src', 'ngrams', 'small.js')) as { ngramsData: EldNgramData }).ngramsData,
	separators: (require(join(ELD, 'src', 'regexPatterns.js')) as { separators: RegExp }).separators,
	dictionary: (require(join(ELD, 'src', 'dictionary.js')) as { dictionary: string[] }).dictionary,
});

/** eld's getScores() as the table reads the text: s / (s + 25) of each language that scored. */
function tableScores(table: LanguageTable, text: string): Record<string, number> {
	const { scores, ngrams } = languageScores(table, text);
	const shares: Array<[number, number]> = [];
	for (let index = 0; index < table.languages.length; index++) {
		if (scores[index] > 0) shares.push([index, scores[index] / ngrams / (scores[index] / ngrams + 25)]);
	}
	shares.sort((a, b) => b[1] - a[1]);
	return Object.fromEntries(shares.map(([index, share]) => [table.languages[index], share]));
}

/** Normalize Intent's language reading as it was written over eld's own detect(), before the table. */
function detectWithEld(text: string, options: LanguageOptions = {}) {
	const only = options.only && options.only.length > 0 ? options.only : undefined;
	const known = options.known && (!only || only.includes(options.known)) ? options.known : undefined;
	const fallback = known ? { code: known, confidence: 0, source: 'known' } : { code: 'und', confidence: 0, source: 'none' };
	const letters = text.match(/\p{L}/gu)?.length ?? 0;
	if (letters < (options.minLetters ?? DEFAULT_MIN_LETTERS)) return fallback;
	const scores = Object.entries(eld.detect(text).getScores());
	const candidates = (only ? scores.filter(([code]) => only.includes(code)) : scores).sort((a, b) => b[1] - a[1]);
	if (candidates.length === 0) return fallback;
	const [[best, top], second] = candidates;
	const confidence = top > 0 ? Math.max(0, 1 - (second?.[1] ?? 0) / top) : 0;
	if (known && known !== best && (candidates.find(([code]) => code === known)?.[1] ?? 0) >= top * 0.95) return fallback;
	if (confidence < (options.minConfidence ?? DEFAULT_MIN_CONFIDENCE)) return fallback;
	return { code: best, confidence: Math.round(confidence * 1000) / 1000, source: 'text' };
}

const clinc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'clinc150', 'data_full.json'), 'utf8')) as Record<string, Array<[string, string]>>;
const samples = [heldOutSamples(), tuningSamples()].flatMap(({ short, long }) => [...short, ...long]).map((sample) => sample.text);
const awkward = [
	'',
	'   ',
	'ok',
	"don't won’t it`s l'été 'quoted' ''",
	'Re: Ticket #4711 — 2024-03-01 12:00 UTC',
	'Überweisung fehlgeschlagen, İstanbul ŞİRKET, ǅemal',
	'注文した商品がまだ届きません。至急確認してください',
	'배송이 아직 도착하지 않았습니다',
	'Заказ не пришёл, пожалуйста помогите',
	'طلبي لم يصل بعد',
	'emoji 🎉🎉 order 😀 not arrived \ud83d',
	'\udc00 lone surrogates \ud800x',
	'a'.repeat(500),
	`${'Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung'.repeat(3)} bitte`,
	'x y z '.repeat(200),
	'The the the the the the the the the the',
	'één twee drie vier vijf zes zeven acht negen tien '.repeat(30),
	'x'.repeat(69), 'x'.repeat(70), 'x'.repeat(71), 'abc', 'abcd', 'abcde', 'é', 'éé',
];
const texts = [...samples, ...clinc.test.map(([text]) => text), ...clinc.oos_test.map(([text]) => text), ...awkward];

describe("the language table reads texts as eld's own detect() does", () => {
	it("gives eld's getScores() for every sample, CLINC150 test text and awkward text, to the bit", () => {
		expect(texts.length).toBeGreaterThan(8000);
		const differing = texts.filter((text) => JSON.stringify(tableScores(built, text)) !== JSON.stringify(eld.detect(text).getScores()));
		expect(differing).toEqual([]);
	});

	it('gives the same scores after being kept as bytes and loaded again', () => {
		const loaded = decodeLanguageTable(encodeLanguageTable(built), version)!;
		expect(loaded).not.toBeNull();
		for (const text of texts.slice(0, 2000)) expect(tableScores(loaded, text)).toEqual(tableScores(built, text));
	});

	it('does not load bytes of another eld version, another format or a cut file', () => {
		const bytes = encodeLanguageTable(built);
		expect(decodeLanguageTable(bytes, '9.9.9/small')).toBeNull();
		expect(decodeLanguageTable(bytes.subarray(0, bytes.length - 1), version)).toBeNull();
		expect(decodeLanguageTable(new Uint8Array([1, 2, 3]), version)).toBeNull();
		const other = new Uint8Array(bytes);
		other.set(new TextEncoder().encode('"normalize-intent-language/0"'), 4 + '{"format":'.length);
		expect(decodeLanguageTable(other, version)).toBeNull();
	});

	it('answers detectLanguage as it was answered over eld, with and without allowed and known languages', () => {
		const options: LanguageOptions[] = [{}, { only: ['en', 'de', 'es', 'fr', 'pt', 'it', 'nl'] }, { only: ['es', 'pt'] }, { known: 'de' }, { known: 'pt', only: ['es', 'pt'] }, { known: 'ja', only: ['en'] }];
		const differing: string[] = [];
		for (const text of texts) {
			for (const option of options) if (JSON.stringify(detectLanguage(text, option)) !== JSON.stringify(detectWithEld(text, option))) differing.push(`${JSON.stringify(option)} ${text}`);
		}
		expect(differing).toEqual([]);
	});

	it('is kept in the store by the first process and loaded from it afterwards', () => {
		const kept = new Map<string, Uint8Array>();
		const store: LanguageTableStore = { load: (key) => kept.get(key) ?? null, save: (key, bytes) => void kept.set(key, bytes) };
		jest.isolateModules(() => {
			(require('../../../engine/intent/language') as { prepareLanguageTable: typeof prepareLanguageTable }).prepareLanguageTable(store);
		});
		expect([...kept.keys()]).toEqual([version]);
		let loads = 0;
		jest.isolateModules(() => {
			const fresh = require('../../../engine/intent/language') as { prepareLanguageTable: typeof prepareLanguageTable; detectLanguage: typeof detectLanguage };
			fresh.prepareLanguageTable({ load: (key) => (loads++, kept.get(key) ?? null), save: () => { throw new Error('a loaded table is not saved again'); } });
			expect(fresh.detectLanguage('Meine Rechnung wurde doppelt abgebucht')).toMatchObject({ code: 'de', source: 'text' });
		});
		expect(loads).toBe(1);
	});
});
