import { cachedClassifier, classify, type ClassifierModel } from './classifier';
import { findDuplicate, type Duplicate, type TicketFingerprint } from './duplicates';
import { findEntities, type Entities } from './entities';
import { resolveIdentity, type DirectoryEntry, type ResolvedIdentity, type Sender } from './identity';
import { detectLanguage, type DetectedLanguage } from './language';
import { findPii, redact, type PiiMatch } from './pii';
import { findTriggers, sentimentOf, urgencyOf, type Sentiment, type Urgency } from './signals';
import { DEFAULT_MAX_TEXT_LENGTH, ticketText } from './text';
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
	/** Why: `rule` (a keyword or pattern matched), `classifier`, or `no_text`. */
	decidedBy: 'rule' | 'classifier' | 'no_text';
	matchedRule?: string;
	candidates: IntentCandidate[];
	language: DetectedLanguage;
	urgency: Urgency;
	sentiment: Sentiment;
	entities: Entities;
	pii: PiiMatch[];
	redactedText?: string;
	customer: ResolvedIdentity;
	duplicate: Duplicate;
	text: { length: number; originalLength: number; truncated: boolean };
}

interface CompiledRule {
	type: string;
	intent: string;
	test: (text: string) => string | null;
}

export interface IntentEngine {
	model: ClassifierModel;
	rules: CompiledRule[];
	settings: IntentSettings;
}

const SEPARATOR = '/';

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

/** Validates the settings and trains (or takes from the process cache) the classifier. */
export function intentEngine(settings: IntentSettings): IntentEngine {
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
	return { model: cachedClassifier(examples), rules: compileRules(settings.rules ?? []), settings };
}

function asText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new TicketFieldError(field, `must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
}

/** Type candidates: the intents' confidences added up per type, best first. */
function rankTypes(candidates: Array<{ label: string; confidence: number }>): IntentCandidate[] {
	const byType = new Map<string, IntentCandidate>();
	for (const { label, confidence } of candidates) {
		const [type, intent] = label.split(SEPARATOR);
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
	const pii = findPii(text);
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
			matchedRule: rule.match!,
			candidates: [{ type: rule.candidate.type, intent: rule.candidate.intent, confidence: 1 }],
		};
	} else {
		const prediction = classify(engine.model, text, Math.min(8, engine.model.labels.length));
		const candidates = rankTypes(prediction.candidates).slice(0, 3);
		const best = candidates[0];
		decision = {
			type: best.type,
			intent: best.intent,
			confidence: best.confidence,
			classified: best.confidence >= settings.threshold,
			decidedBy: 'classifier',
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

	return {
		...decision,
		language: detectLanguage(text, { only: settings.languages }),
		urgency: urgencyOf(triggers),
		sentiment: sentimentOf(triggers),
		entities: findEntities(text, settings.products ?? []),
		pii,
		...(settings.redactPii ? { redactedText: redact(text, pii) } : {}),
		customer,
		duplicate,
		text: { length: text.length, originalLength: prepared.originalLength, truncated: prepared.truncated },
	};
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
