/**
 * Urgency and sentiment signals from trigger words (English, German, Spanish, French, Portuguese),
 * reported with the words that triggered them so a person can see why.
 */
import { allMatches } from './all-matches';

export type SignalKind = 'urgent' | 'outage' | 'legal' | 'churn' | 'anger' | 'positive';

export interface Trigger {
	signal: SignalKind;
	word: string;
}

export interface Urgency {
	level: 'low' | 'normal' | 'high' | 'critical';
	score: number;
	triggers: Trigger[];
}

export interface Sentiment {
	label: 'negative' | 'neutral' | 'positive';
	/** From -1 (very negative) to 1 (very positive). */
	score: number;
	triggers: Trigger[];
}

const LEXICON: Record<SignalKind, string[]> = {
	urgent: [
		'urgent', 'urgently', 'asap', 'as soon as possible', 'immediately', 'right now', 'emergency', 'critical', 'time sensitive',
		'dringend', 'sofort', 'notfall', 'urgente', 'inmediatamente', 'urgence', 'immédiatement', 'imediatamente',
	],
	outage: [
		'outage', 'is down', 'are down', 'went down', 'not working', "doesn't work", 'does not work', 'stopped working', 'crash', 'crashes',
		'crashed', 'cannot access', "can't access", 'unavailable', 'production', '500 error', 'error 500', 'service down', 'all users',
		'ausfall', 'funktioniert nicht', 'geht nicht', 'caído', 'caida', 'no funciona', 'panne', 'ne fonctionne pas', 'fora do ar', 'não funciona',
	],
	legal: [
		'lawyer', 'attorney', 'legal action', 'lawsuit', 'sue you', 'court', 'ombudsman', 'regulator', 'gdpr complaint', 'consumer protection',
		'small claims', 'anwalt', 'rechtliche schritte', 'abogado', 'demanda', 'avocat', 'poursuites', 'advogado', 'processo',
	],
	churn: [
		'cancel my', 'cancel the', 'close my account', 'switch to', 'switching to', 'competitor', 'leaving you', 'moving to another', 'not renew',
		'kündigen', 'kündigung', 'cancelar', 'darme de baja', 'résilier', 'resilier', 'cancelar minha',
	],
	anger: [
		'unacceptable', 'ridiculous', 'furious', 'angry', 'terrible', 'worst', 'horrible', 'awful', 'disgusting', 'scam', 'rip off', 'ripoff',
		'fed up', 'sick of', 'fraud', 'incompetent', 'useless', 'pathetic', 'inakzeptabel', 'frechheit', 'unverschämt', 'inaceptable', 'vergonzoso',
		'inadmissible', 'scandaleux', 'inaceitável', 'absurdo',
	],
	positive: [
		'thank you', 'thanks', 'great', 'love', 'appreciate', 'awesome', 'excellent', 'helpful', 'danke', 'gracias', 'merci', 'obrigado', 'obrigada',
	],
};

const WEIGHTS: Record<SignalKind, number> = { urgent: 2, outage: 2, legal: 3, churn: 1, anger: 1, positive: 0 };

function escape(word: string): string {
	return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PATTERNS = Object.entries(LEXICON).map(([signal, words]) => ({
	signal: signal as SignalKind,
	pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu'),
}));

/**
 * Any lexicon word anywhere, in lower case: one pass without the case-insensitive flag and the word
 * boundaries, which cost more per ticket than the rest of the signals. Most tickets have no trigger
 * word, and they skip the patterns above. (Case folding and toLowerCase differ only for the long s, ſ.)
 */
const ANY_WORD = new RegExp(Object.values(LEXICON).flat().map((word) => escape(word.toLowerCase())).join('|'), 'u');

export function findTriggers(text: string): Trigger[] {
	const triggers: Trigger[] = [];
	const words = ANY_WORD.test(text.toLowerCase()) ? PATTERNS : [];
	for (const { signal, pattern } of words) {
		const matches = allMatches(text, pattern);
		if (matches.length === 0) continue;
		const seen = new Set<string>();
		for (const match of matches) {
			const word = match[0].toLowerCase();
			if (!seen.has(word)) triggers.push({ signal, word });
			seen.add(word);
		}
	}
	// Shouting: three or more words of 4+ capital letters, or "!!!".
	const shouted = text.match(/\b\p{Lu}{4,}\b/gu) ?? [];
	if (shouted.length >= 3) triggers.push({ signal: 'anger', word: shouted.slice(0, 3).join(' ') });
	if (/!{3,}/.test(text)) triggers.push({ signal: 'anger', word: '!!!' });
	return triggers;
}

export function urgencyOf(triggers: readonly Trigger[]): Urgency {
	const relevant = triggers.filter((trigger) => WEIGHTS[trigger.signal] > 0);
	const score = relevant.reduce((sum, trigger) => sum + WEIGHTS[trigger.signal], 0);
	const kinds = new Set(relevant.map((trigger) => trigger.signal));
	let level: Urgency['level'] = score === 0 ? 'normal' : score >= 5 || (kinds.has('outage') && kinds.has('urgent')) || kinds.has('legal') ? 'critical' : score >= 2 ? 'high' : 'normal';
	if (score === 0 && triggers.some((trigger) => trigger.signal === 'positive')) level = 'low';
	return { level, score, triggers: relevant };
}

export function sentimentOf(triggers: readonly Trigger[]): Sentiment {
	const negative = triggers.filter((trigger) => trigger.signal === 'anger' || trigger.signal === 'legal' || trigger.signal === 'churn');
	const positive = triggers.filter((trigger) => trigger.signal === 'positive');
	const raw = positive.length - 1.5 * negative.length;
	const score = Math.max(-1, Math.min(1, raw / 3));
	const label = score <= -0.3 ? 'negative' : score >= 0.3 ? 'positive' : 'neutral';
	return { label, score: Math.round(score * 100) / 100, triggers: [...negative, ...positive] };
}
