import { cachedClassifier, classify, type ClassifierModel, type ModelStore, type TrainingExample } from './classifier';
import { findDuplicate, type Duplicate, type TicketFingerprint } from './duplicates';
import { findEntities, type Entities, type Span } from './entities';
import { resolveIdentity, type DirectoryEntry, type ResolvedIdentity, type Sender } from './identity';
import { detectLanguage, languageCodeOf, type DetectedLanguage } from './language';
import { findPii, maskMatch, maskPii, redact, type PiiMatch } from './pii';
import { classifyWithSentence, type SentenceModel } from './sentence-model';
import { findTriggers, sentimentOf, urgencyOf, type Sentiment, type Urgency } from './signals';
import { DEFAULT_MAX_TEXT_LENGTH, plainText, ticketText } from './text';
import { TicketFieldError } from '../core';

/**
 * Normalize Intent: what a customer wrote turned into an issue type and intent with a confidence,
 * language, urgency, sentiment, entities, PII, the resolved customer and a duplicate flag.
 */

export interface IntentExample {
	text: string;
	type: string;
	/** A finer intent within the type; the type itself when absent. */
	intent?: string;
}

/** Keywords (whole words, any case) and regular expressions that decide the type outright. */
export interface IntentRule {
	type: string;
	intent?: string;
	keywords?: string[];
	patterns?: string[];
}

export interface IntentSettings {
	examples: readonly IntentExample[];
	rules?: readonly IntentRule[];
	/** Below this confidence the ticket is Unclassified. */
	threshold: number;
	products?: readonly string[];
	languages?: readonly string[];
	/**
	 * No raw personal data in the result: `pii` values masked, entities that hold PII masked, and the
	 * whole subject and body (quoted reply chain included) scanned and given back redacted.
	 */
	redactPii?: boolean;
	maxTextLength?: number;
	directory?: readonly DirectoryEntry[];
	crmFields?: readonly string[];
	duplicateWindowMs?: number;
}

export interface TicketInput {
	id?: string;
	subject: unknown;
	body: unknown;
	sender?: Sender;
	/** When the ticket was created, epoch ms (duplicate window). */
	at: number;
	/** Earlier tickets to compare against (recent tickets and earlier items of the batch). */
	earlier?: readonly TicketFingerprint[];
	/** The customer's known language or locale (`de`, `pt-BR`), the answer when the text is too short or uncertain to tell. */
	knownLanguage?: string;
	/**
	 * The sentence encoder's vector of `classificationText(engine, input)`, when the engine has a
	 * sentence model (made with the same encoder); without one the word classifier decides alone.
	 */
	sentenceVector?: ArrayLike<number>;
}

export interface IntentCandidate {
	type: string;
	intent: string;
	confidence: number;
}

export interface IntentResult {
	type: string | null;
	intent: string | null;
	confidence: number;
	classified: boolean;
	/** Why: `rule` (a keyword or pattern matched), `classifier`, `out_of_scope` (the text is unlike every category's examples: Unclassified whatever its confidence), or `no_text`. */
	decidedBy: 'rule' | 'classifier' | 'out_of_scope' | 'no_text';
	matchedRule?: string;
	candidates: IntentCandidate[];
	language: DetectedLanguage;
	urgency: Urgency;
	sentiment: Sentiment;
	entities: Entities;
	pii: ReportedPii[];
	/** The analysed text with every PII match replaced by `[TYPE]` (Redact PII). */
	redactedText?: string;
	/** The whole subject as plain text, PII replaced by `[TYPE]` (Redact PII). */
	redactedSubject?: string;
	/** The whole body as plain text (HTML converted, quoted reply chain and signature kept), PII replaced by `[TYPE]` (Redact PII). */
	redactedBody?: string;
	customer: ResolvedIdentity;
	duplicate: Duplicate;
	text: { length: number; originalLength: number; truncated: boolean };
}

/**
 * A PII match as the result reports it. Without Redact PII: the raw value, offsets into the analysed
 * text. With Redact PII: the value masked (`a***@***.com`, `****1111`), `field` and offsets into that
 * field's plain text (what `redactedSubject` / `redactedBody` were made from), and `quoted` when the
 * value is not in the analysed text (it is in the quoted reply chain, the signature or beyond the
 * maximum text length).
 */
export interface ReportedPii extends PiiMatch {
	field?: 'subject' | 'body';
	quoted?: boolean;
}

interface CompiledRule {
	type: string;
	intent: string;
	test: (text: string) => string | null;
}

export interface IntentEngine {
	model: ClassifierModel;
	/** The classifier's training examples (label `type/intent`), in order: what a sentence model is trained on. */
	examples: readonly TrainingExample[];
	rules: CompiledRule[];
	settings: IntentSettings;
	/** A second opinion from sentence vectors (see sentence-model.ts), used for inputs that bring a `sentenceVector`. */
	sentence?: SentenceModel;
}

const SEPARATOR = '/';
/**
 * Language detection reads the first this many characters of the analysed text: a few sentences
 * tell the language.
 */
const LANGUAGE_SAMPLE = 4096;

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compilePattern(pattern: string, field: string): RegExp {
	let problem = '';
	try {
		return new RegExp(pattern, 'iu');
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new TicketFieldError(field, `"${pattern}" is not a valid regular expression (${problem})`);
}

function compileRules(rules: readonly IntentRule[]): CompiledRule[] {
	return rules.map((rule, index) => {
		if (!rule.type || typeof rule.type !== 'string') throw new TicketFieldError(`rules[${index}].type`, 'every rule needs a category');
		const keywords = (rule.keywords ?? []).map((keyword) => keyword.trim()).filter((keyword) => keyword !== '');
		const keywordPattern = keywords.length
			? new RegExp(`(?<![\\p{L}\\p{N}])(?:${keywords.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu')
			: null;
		const patterns = (rule.patterns ?? []).filter((pattern) => pattern.trim() !== '').map((pattern) => compilePattern(pattern, `rules[${index}].patterns`));
		return {
			type: rule.type,
			intent: rule.intent || rule.type,
			test: (text: string) => {
				const keyword = keywordPattern?.exec(text);
				if (keyword) return keyword[0];
				for (const pattern of patterns) {
					const match = pattern.exec(text);
					if (match) return match[0];
				}
				return null;
			},
		};
	});
}

/**
 * The model of an examples list already seen (the same array, as the node passes while its training
 * parameter is unchanged): no re-validation and no re-hashing of the whole training set per execution.
 */
const modelOfExamples = new WeakMap<readonly IntentExample[], { model: ClassifierModel; examples: readonly TrainingExample[] }>();

/** Validates the settings and trains the classifier, or takes it from the process cache or the model store. */
export function intentEngine(settings: IntentSettings, store?: ModelStore): IntentEngine {
	const known = modelOfExamples.get(settings.examples);
	if (known) {
		if (!(settings.threshold >= 0 && settings.threshold <= 1)) throw new TicketFieldError('threshold', 'must be between 0 and 1');
		return { ...known, rules: compileRules(settings.rules ?? []), settings };
	}
	if (!(settings.threshold >= 0 && settings.threshold <= 1)) throw new TicketFieldError('threshold', 'must be between 0 and 1');
	const examples = settings.examples.map((example, index) => {
		if (!example || typeof example.text !== 'string' || example.text.trim() === '') {
			throw new TicketFieldError(`examples[${index}].text`, 'every training example needs a text');
		}
		if (typeof example.type !== 'string' || example.type.trim() === '') {
			throw new TicketFieldError(`examples[${index}].category`, 'every training example needs a category');
		}
		return { text: example.text, label: `${example.type.trim()}${SEPARATOR}${(example.intent || example.type).trim()}` };
	});
	if (examples.length === 0) throw new TicketFieldError('examples', 'at least one training example is needed');
	const model = cachedClassifier(examples, {}, store);
	modelOfExamples.set(settings.examples, { model, examples });
	return { model, examples, rules: compileRules(settings.rules ?? []), settings };
}

/** The text the classifier reads for this input (subject and body, cleaned and cut to the maximum length): what a sentence encoder should embed. */
export function classificationText(engine: IntentEngine, input: TicketInput): string {
	return ticketText(asText(input.subject, 'subject'), asText(input.body, 'body'), engine.settings.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH).text;
}

function asText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new TicketFieldError(field, `must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
}

/** Type candidates: the intents' confidences added up per type, best first. */
/** Labels (`type/intent`) split once per process: the same few hundred labels come back for every ticket. */
const labelParts = new Map<string, string[]>();

function partsOf(label: string): string[] {
	let parts = labelParts.get(label);
	if (!parts) {
		parts = label.split(SEPARATOR);
		if (labelParts.size >= 100_000) labelParts.clear();
		labelParts.set(label, parts);
	}
	return parts;
}

function rankTypes(candidates: Array<{ label: string; confidence: number }>): IntentCandidate[] {
	const byType = new Map<string, IntentCandidate>();
	for (const { label, confidence } of candidates) {
		const [type, intent] = partsOf(label);
		const entry = byType.get(type);
		if (entry) entry.confidence += confidence;
		else byType.set(type, { type, intent, confidence });
	}
	return [...byType.values()]
		.sort((a, b) => b.confidence - a.confidence)
		.map((candidate) => ({ ...candidate, confidence: Math.round(candidate.confidence * 1000) / 1000 }));
}

export function normalizeIntent(engine: IntentEngine, input: TicketInput): IntentResult {
	const { settings } = engine;
	const subject = asText(input.subject, 'subject');
	const body = asText(input.body, 'body');
	const prepared = ticketText(subject, body, settings.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH);
	const text = prepared.text;
	const triggers = findTriggers(text);
	const analysedPii = findPii(text);
	const customer = resolveIdentity(input.sender ?? {}, settings.directory ?? [], settings.crmFields ?? []);

	let decision: Pick<IntentResult, 'type' | 'intent' | 'confidence' | 'classified' | 'decidedBy' | 'matchedRule' | 'candidates'>;
	const rule = text === '' ? undefined : engine.rules.map((candidate) => ({ candidate, match: candidate.test(text) })).find(({ match }) => match !== null);
	if (text.trim() === '') {
		decision = { type: null, intent: null, confidence: 0, classified: false, decidedBy: 'no_text', candidates: [] };
	} else if (rule) {
		decision = {
			type: rule.candidate.type,
			intent: rule.candidate.intent,
			confidence: 1,
			classified: true,
			decidedBy: 'rule',
			matchedRule: settings.redactPii ? redactString(rule.match!) : rule.match!,
			candidates: [{ type: rule.candidate.type, intent: rule.candidate.intent, confidence: 1 }],
		};
	} else {
		const maxCandidates = Math.min(8, engine.model.labels.length);
		const prediction =
			engine.sentence && input.sentenceVector
				? classifyWithSentence(engine.model, engine.sentence, text, input.sentenceVector, maxCandidates)
				: classify(engine.model, text, maxCandidates);
		const candidates = rankTypes(prediction.candidates).slice(0, 3);
		const best = candidates[0];
		decision = {
			type: best.type,
			intent: best.intent,
			confidence: best.confidence,
			classified: prediction.familiar && best.confidence >= settings.threshold,
			decidedBy: prediction.familiar ? 'classifier' : 'out_of_scope',
			candidates,
		};
	}

	const sender = input.sender ?? {};
	const who = customer.customer?.id ?? sender.email ?? sender.phone ?? sender.handle ?? sender.requesterId;
	const duplicate = findDuplicate(
		{ id: input.id, customer: who, type: decision.type ?? undefined, at: input.at },
		input.earlier ?? [],
		settings.duplicateWindowMs ?? 0,
	);

	const entities = findEntities(text, settings.products ?? []);
	const language = detectLanguage(text.length > LANGUAGE_SAMPLE ? text.slice(0, LANGUAGE_SAMPLE) : text, { only: settings.languages, known: knownLanguageOf(input) });
	const summary = { length: text.length, originalLength: prepared.originalLength, truncated: prepared.truncated };
	if (decision.matchedRule === undefined && !settings.redactPii) {
		// The usual result written out field by field, in the order of the general case below: two
		// spreads in one literal cost more per ticket than every detector but the classifier.
		const { type, intent, confidence, classified, decidedBy, candidates } = decision;
		const urgency = urgencyOf(triggers);
		const sentiment = sentimentOf(triggers);
		return { type, intent, confidence, classified, decidedBy, candidates, language, urgency, sentiment, entities, pii: analysedPii, customer, duplicate, text: summary };
	}
	return {
		...decision,
		language,
		urgency: urgencyOf(triggers),
		sentiment: sentimentOf(triggers),
		...(settings.redactPii ? redactedOutput(subject, body, text, analysedPii, entities) : { entities, pii: analysedPii }),
		customer,
		duplicate,
		text: summary,
	};
}

/** The ticket's known language as an ISO 639-1 code, undefined when none is given. */
function knownLanguageOf(input: TicketInput): string | undefined {
	if (input.knownLanguage === undefined) return undefined;
	const code = languageCodeOf(input.knownLanguage);
	if (code === null) throw new TicketFieldError('knownLanguage', `"${input.knownLanguage}" is not a language code or locale (such as de, pt-BR or deu)`);
	return code;
}

/** A short string (a matched rule) with the PII in it replaced. */
function redactString(value: string): string {
	return redact(value, findPii(value));
}

/** The index of the first match (sorted, disjoint) that ends after `position`. */
function firstEndingAfter(matches: readonly PiiMatch[], position: number): number {
	let low = 0;
	let high = matches.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (matches[middle].end <= position) low = middle + 1;
		else high = middle;
	}
	return low;
}

/** An entity's value with the PII matches of the text that overlap it masked. */
function maskedSpan<T extends Span>(text: string, span: T, pii: readonly PiiMatch[]): T {
	let index = firstEndingAfter(pii, span.start);
	if (index >= pii.length || pii[index].start >= span.end) return span;
	let value = '';
	let cursor = span.start;
	for (; index < pii.length && pii[index].start < span.end; index++) {
		const match = pii[index];
		value += `${text.slice(cursor, Math.max(cursor, match.start))}[${match.type.toUpperCase()}]`;
		cursor = Math.min(span.end, match.end);
	}
	return { ...span, value: value + text.slice(cursor, span.end) };
}

/** Entities without raw PII: emails and phone numbers masked, any other entity that overlaps a PII match masked there. */
function maskEntities(text: string, entities: Entities, pii: readonly PiiMatch[]): Entities {
	const overlapping = <T extends Span>(spans: T[]) => spans.map((span) => maskedSpan(text, span, pii));
	return {
		orderNumbers: overlapping(entities.orderNumbers),
		invoiceNumbers: overlapping(entities.invoiceNumbers),
		amounts: overlapping(entities.amounts),
		emails: entities.emails.map((span) => ({ ...span, value: maskPii('email', span.value) })),
		phones: entities.phones.map((span) => ({ ...span, value: maskPii('phone', span.value) })),
		urls: overlapping(entities.urls),
		products: entities.products,
	};
}

/**
 * Redact PII: the whole subject and body (not only the analysed, possibly truncated text with the
 * quoted reply chain cut) are scanned, so the PII of quoted messages is found and redacted too.
 */
function redactedOutput(subject: string, body: string, text: string, analysedPii: readonly PiiMatch[], entities: Entities) {
	const inAnalysed = new Map<string, number>();
	for (const match of analysedPii) inAnalysed.set(`${match.type}\u0000${match.value}`, (inAnalysed.get(`${match.type}\u0000${match.value}`) ?? 0) + 1);
	const pii: ReportedPii[] = [];
	const redactField = (field: 'subject' | 'body', raw: string) => {
		const plain = plainText(raw);
		const matches = findPii(plain);
		for (const match of matches) {
			const key = `${match.type}\u0000${match.value}`;
			const left = inAnalysed.get(key) ?? 0;
			if (left > 0) inAnalysed.set(key, left - 1);
			pii.push({ ...maskMatch(match), field, quoted: left === 0 });
		}
		return redact(plain, matches);
	};
	const redactedSubject = redactField('subject', subject);
	const redactedBody = redactField('body', body);
	return { entities: maskEntities(text, entities, analysedPii), pii, redactedText: redact(text, analysedPii), redactedSubject, redactedBody };
}

/** What a later ticket in the batch compares against. */
export function fingerprintOf(input: TicketInput, result: IntentResult): TicketFingerprint {
	const sender = input.sender ?? {};
	return {
		id: input.id,
		customer: result.customer.customer?.id ?? sender.email ?? sender.phone ?? sender.handle ?? sender.requesterId,
		type: result.type ?? undefined,
		at: input.at,
	};
}
