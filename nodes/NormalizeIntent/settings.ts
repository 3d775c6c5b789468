/** The Normalize Intent parameters read into engine settings; errors name the parameter. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { type IntentExample, type IntentRule, type IntentSettings, parseDirectory, SUPPORT_TYPES, supportTrainingExamples, type TicketFingerprint } from '../../engine/intent';
import { ParameterError, splitList, toInstant } from '../shared/parameters';

const BUILT_IN_EXAMPLES: IntentExample[] = supportTrainingExamples();

function lines(value: unknown): string[] {
	return String(value ?? '').split(/\r?\n/).map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function parseJson(value: unknown, displayName: string): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	let problem = '';
	try {
		return JSON.parse(value);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new ParameterError(displayName, `is not valid JSON (${problem})`);
}

/**
 * The examples of the last few Training Examples (JSON) texts read in this process: an unchanged
 * parameter gives the same array, so its model is found without parsing and hashing 15,000 examples
 * again for every execution (a long string compares in one memory comparison).
 */
const parsedExamples = new Map<string, IntentExample[]>();

function examplesFromJson(value: unknown): IntentExample[] {
	if (typeof value !== 'string') return parseExamples(value);
	const known = parsedExamples.get(value);
	if (known) return known;
	const examples = parseExamples(value);
	parsedExamples.set(value, examples);
	if (parsedExamples.size > 4) parsedExamples.delete(parsedExamples.keys().next().value as string);
	return examples;
}

/** Training examples as an array of {text, category|type, intent?} or an object of category → texts. */
function parseExamples(value: unknown): IntentExample[] {
	const parsed = parseJson(value, 'Training Examples (JSON)');
	if (Array.isArray(parsed)) {
		return parsed.map((entry, index) => {
			const record = (entry ?? {}) as IDataObject;
			const type = record.category ?? record.type ?? record.label;
			if (typeof record.text !== 'string' || typeof type !== 'string') {
				throw new ParameterError('Training Examples (JSON)', `entry ${index} needs a "text" and a "category"`);
			}
			return { text: record.text, type, intent: typeof record.intent === 'string' ? record.intent : undefined };
		});
	}
	if (parsed && typeof parsed === 'object') {
		return Object.entries(parsed as IDataObject).flatMap(([type, texts]) => {
			if (!Array.isArray(texts)) throw new ParameterError('Training Examples (JSON)', `"${type}" must list example texts`);
			return texts.map((text) => ({ text: String(text), type }));
		});
	}
	throw new ParameterError('Training Examples (JSON)', 'must be an array of examples or an object of category → texts');
}

/** `tableExamples`: the rows of the Training Table, read once per execution (Training Source "Data Table"). */
export function readSettings(ctx: IExecuteFunctions, i: number, tableExamples?: IntentExample[]): { settings: IntentSettings; outputs: string[] | null } {
	const source = ctx.getNodeParameter('trainingSource', i) as string;
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	let examples: IntentExample[];
	let rules: IntentRule[];
	let categoryNames: string[];
	if (source === 'categories') {
		const categories = ((ctx.getNodeParameter('categories', i, {}) as IDataObject).category ?? []) as IDataObject[];
		if (categories.length === 0) throw new ParameterError('Categories', 'add at least one category with example texts');
		categoryNames = categories.map((category, index) => {
			const name = String(category.name ?? '').trim();
			if (name === '') throw new ParameterError('Categories', `category ${index + 1} has no name`);
			return name;
		});
		examples = categories.flatMap((category, index) => lines(category.examples).map((text) => ({ text, type: categoryNames[index] })));
		rules = categories.map((category, index) => ({ type: categoryNames[index], keywords: splitList(category.keywords), patterns: lines(category.patterns) }));
		for (const [index, name] of categoryNames.entries()) {
			if (!examples.some((example) => example.type === name) && rules[index].keywords!.length === 0 && rules[index].patterns!.length === 0) {
				throw new ParameterError('Categories', `"${name}" needs example texts (or keywords or patterns)`);
			}
		}
		if (examples.length === 0) throw new ParameterError('Categories', 'give example texts for at least one category');
	} else {
		examples = source === 'json' ? examplesFromJson(ctx.getNodeParameter('trainingExamples', i)) : source === 'dataTable' ? (tableExamples ?? []) : BUILT_IN_EXAMPLES;
		if (examples.length === 0) throw new ParameterError('Training Examples (JSON)', 'has no examples');
		const ruleEntries = ((ctx.getNodeParameter('rules', i, {}) as IDataObject).rule ?? []) as IDataObject[];
		rules = ruleEntries.map((rule) => ({ type: String(rule.category ?? '').trim(), keywords: splitList(rule.keywords), patterns: lines(rule.patterns) }));
		categoryNames = source === 'json' || source === 'dataTable' ? splitList(ctx.getNodeParameter('outputCategories', i, '')) : [...SUPPORT_TYPES];
	}
	const perCategory = ctx.getNodeParameter('outputMode', i) === 'perCategory';
	const windowHours = Number(options.duplicateWindowHours ?? 24);
	const maxTextLength = Number(options.maxTextLength ?? 20000);
	if (!Number.isFinite(maxTextLength) || maxTextLength < 100) throw new ParameterError('Maximum Text Length', 'must be at least 100');
	return {
		settings: {
			examples,
			rules,
			threshold: ctx.getNodeParameter('threshold', i) as number,
			products: splitList(options.products),
			languages: splitList(options.languages).map((code) => code.toLowerCase()),
			redactPii: options.redactPii === true,
			maxTextLength,
			directory: parseDirectory(parseJson(options.directory, 'Customer Directory'), 'Customer Directory'),
			crmFields: splitList(options.crmFields),
			duplicateWindowMs: Number.isFinite(windowHours) && windowHours > 0 ? windowHours * 3_600_000 : 0,
		},
		outputs: perCategory ? categoryNames : null,
	};
}

export function readRecentTickets(options: IDataObject): TicketFingerprint[] {
	const parsed = parseJson(options.recentTickets ?? '[]', 'Recent Tickets');
	if (parsed === undefined || parsed === null) return [];
	if (!Array.isArray(parsed)) throw new ParameterError('Recent Tickets', 'must be an array of {"id", "customer", "type", "createdAt"}');
	return parsed.flatMap((entry) => {
		const record = (entry ?? {}) as IDataObject;
		const at = toInstant(record.createdAt ?? record.at);
		const customer = record.customer ?? record.customerId ?? record.email;
		if (at === null || customer === undefined) return [];
		const id = record.id ?? record.ticketId;
		return [{ id: id === undefined ? undefined : String(id), customer: String(customer), type: record.type === undefined ? undefined : String(record.type), at }];
	});
}

