/**
 * The Slack message of an escalation, as Block Kit: a header (priority, ticket, issue type), the
 * subject, fields (customer and tier, assignee, SLA metric, due time shown in each reader's own time
 * zone, level), the customer's CRM context, buttons to the runbook and the ticket, and a trace id —
 * with a plain-text fallback, and cut to Slack's limits so Slack never rejects it for size.
 */
import { isoOf } from './instants';

/** Slack's documented limits for the blocks used here. */
export const SLACK_LIMITS = {
	blocks: 50,
	headerText: 150,
	sectionText: 3000,
	fields: 10,
	fieldText: 2000,
	buttonText: 75,
	url: 3000,
	contextElements: 10,
	/** Slack truncates a message's text after 40,000 characters; notifications show far less. */
	fallbackText: 4000,
} as const;

export const ELLIPSIS = '…';

export interface MessageTicket {
	id: string;
	subject?: string;
	priority?: string;
	issueType?: string;
	customerName?: string;
	tier?: string;
	assignee?: string;
}

export interface MessageMetric {
	label: string;
	state: string;
	dueAt: number | null;
	percentUsed: number | null;
}

export interface EscalationMessageInput {
	ticket: MessageTicket;
	metric: MessageMetric;
	level: { level: number; name: string; of: number };
	/** Customer context from the CRM, in display order. */
	context: Array<[string, string]>;
	runbookUrl?: string;
	ticketUrl?: string;
	traceId: string;
	/** Slack mention tokens (`<!here>`, `<@U…>`, `<!subteam^S…>`); empty outside paging hours. */
	mentions: string[];
	/** Why nobody is paged, shown to readers (e.g. outside paging hours). */
	quietNote?: string;
	skippedLevels?: number[];
	/** `alert`: a new level; `status`: the thread's parent message rewritten to the current state. */
	kind?: 'alert' | 'status';
}

export type Block = Record<string, unknown>;

export interface SlackMessage {
	text: string;
	blocks: Block[];
}

/** Cuts text to `max` characters, ending in an ellipsis when cut (never splitting a surrogate pair). */
export function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	let cut = max - ELLIPSIS.length;
	const code = text.charCodeAt(cut - 1);
	if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
	return `${text.slice(0, cut)}${ELLIPSIS}`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters (so `<!channel>` in a subject pings no one). */
export function escapeMrkdwn(text: string): string {
	let escaped = '';
	let from = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code !== 0x26 && code !== 0x3c && code !== 0x3e) continue;
		escaped += text.slice(from, index) + (code === 0x26 ? '&amp;' : code === 0x3c ? '&lt;' : '&gt;');
		from = index + 1;
	}
	return from === 0 ? text : escaped + text.slice(from);
}

/**
 * A Slack mention token from what a builder types: `here`, `channel`, `@here`, a user id (`U…`/`W…`),
 * a user group id (`S…`), or a token already in Slack's syntax (`<@U…>`, `<!subteam^S…>`).
 */
export function mentionToken(target: string): string | null {
	const value = target.trim().replace(/^@/, '');
	if (value === '') return null;
	if (/^<[@!#][^<>]+>$/.test(value)) return value;
	if (/^(here|channel|everyone)$/i.test(value)) return `<!${value.toLowerCase()}>`;
	if (/^[UW][A-Z0-9]{2,}$/.test(value)) return `<@${value}>`;
	if (/^S[A-Z0-9]{2,}$/.test(value)) return `<!subteam^${value}>`;
	if (/^subteam\^S[A-Z0-9]+$/.test(value)) return `<!${value}>`;
	return null;
}

/** Dates already rendered: a run shows the same few due times on thousands of tickets. */
const slackDates = new Map<number, string>();

/** An instant Slack renders in each reader's own time zone, with a UTC fallback for old clients. */
export function slackDate(at: number): string {
	let date = slackDates.get(at);
	if (date === undefined) {
		const fallback = isoOf(at).replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC');
		date = `<!date^${Math.floor(at / 1000)}^{date_short_pretty} {time}|${fallback}>`;
		if (slackDates.size >= 4096) slackDates.clear();
		slackDates.set(at, date);
	}
	return date;
}

/** A link Slack accepts behind a button: http(s), no spaces, within Slack's URL limit; else null. */
export function httpUrl(url: string | undefined): string | null {
	if (!url) return null;
	const trimmed = url.trim();
	if (!/^https?:\/\/[^\s]+$/i.test(trimmed) || trimmed.length > SLACK_LIMITS.url) return null;
	return trimmed;
}

function field(label: string, value: string): Block {
	return labelledField(`*${escapeMrkdwn(label)}*\n`, value);
}

/**
 * Texts many tickets' messages share (a field, the level reached), kept once: thousands of tickets in
 * a run show the same few, and an output that holds one copy is cheaper to build and to keep.
 */
const SHARED_TEXTS = new Map<string, string>();

function shared(text: string): string {
	const known = SHARED_TEXTS.get(text);
	if (known !== undefined) return known;
	if (SHARED_TEXTS.size >= 4096) SHARED_TEXTS.clear();
	SHARED_TEXTS.set(text, text);
	return text;
}

/** The Due field of an instant, rendered once per instant. */
const dueFields = new Map<number, string>();

function dueField(at: number | null): Block {
	if (at === null) return { type: 'mrkdwn', text: '*Due*\nNot set' };
	let text = dueFields.get(at);
	if (text === undefined) {
		text = truncate(`*Due*\n${slackDate(at)}`, SLACK_LIMITS.fieldText);
		if (dueFields.size >= 4096) dueFields.clear();
		dueFields.set(at, text);
	}
	return { type: 'mrkdwn', text };
}

/** The SLA metric field by metric label and whole percent used (null: not known), rendered once each. */
const metricFields = new Map<string, Map<number | null, string>>();

function metricField(label: string, percent: number | null): Block {
	let byPercent = metricFields.get(label);
	if (byPercent === undefined) {
		if (metricFields.size >= 64) metricFields.clear();
		byPercent = new Map();
		metricFields.set(label, byPercent);
	}
	const rounded = percent === null ? null : Math.round(percent);
	let text = byPercent.get(rounded);
	if (text === undefined) {
		text = truncate(`*SLA metric*\n${escapeMrkdwn(label)}${percentText(percent)}`, SLACK_LIMITS.fieldText);
		if (byPercent.size >= 4096) byPercent.clear();
		byPercent.set(rounded, text);
	}
	return { type: 'mrkdwn', text };
}

/** A field whose label is already escaped and set in bold (`*Label*\n`). */
function labelledField(label: string, value: string): Block {
	return { type: 'mrkdwn', text: shared(truncate(label + value, SLACK_LIMITS.fieldText)) };
}

function percentText(percent: number | null): string {
	return percent === null ? '' : ` (${Math.round(percent)}% used)`;
}

function headerText(input: EscalationMessageInput): string {
	const { ticket } = input;
	let title = ticket.priority ? `[${ticket.priority.toUpperCase()}] · Ticket ${ticket.id}` : `Ticket ${ticket.id}`;
	if (ticket.issueType) title += ` · ${ticket.issueType}`;
	return truncate(input.kind === 'status' ? `Escalation L${input.level.level}: ${title}` : `🚨 L${input.level.level} ${title}`, SLACK_LIMITS.headerText);
}

/** `mentions`: the mention tokens joined, null when there are none. */
function fallbackText(input: EscalationMessageInput, mentions: string | null): string {
	const { ticket, metric, level } = input;
	const due = metric.dueAt === null ? 'no due time' : `due ${isoOf(metric.dueAt)}`;
	const detail = ticket.priority ? (ticket.issueType ? `${ticket.priority}, ${ticket.issueType}` : ticket.priority) : (ticket.issueType ?? '');
	const prefix = input.kind === 'status' ? 'Escalation status' : 'Escalation';
	const line = `${prefix} L${level.level} ${level.name}: ticket ${ticket.id}${detail ? ` (${detail})` : ''} — ${metric.label} ${due}${percentText(metric.percentUsed)}.`;
	// Slack reads the fallback as mrkdwn too (it is the notification text): only our mentions may ping.
	return truncate(`${mentions === null ? '' : `${mentions} `}${escapeMrkdwn(ticket.subject ? `${line} ${ticket.subject}` : line)}`, SLACK_LIMITS.fallbackText);
}

/** Fields in sections of at most ten each. */
function fieldSections(fields: Block[]): Block[] {
	const sections: Block[] = [];
	for (let start = 0; start < fields.length; start += SLACK_LIMITS.fields) {
		sections.push({ type: 'section', fields: fields.slice(start, start + SLACK_LIMITS.fields) });
	}
	return sections;
}

/**
 * The message, built within Slack's limits as it goes (every text cut, at most ten fields a section,
 * the customer context cut to the blocks left), so it needs no enforceSlackLimits pass afterwards.
 */
export function buildEscalationMessage(input: EscalationMessageInput): SlackMessage {
	const { ticket, metric, level } = input;
	const mentions = input.mentions.length > 0 ? input.mentions.join(' ') : null;
	const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: headerText(input), emoji: true } }];

	const levelName = escapeMrkdwn(level.name);
	let lines = mentions === null ? '' : `${mentions}\n`;
	if (ticket.subject) lines += `*${escapeMrkdwn(ticket.subject)}*\n`;
	const verb = input.kind === 'status' ? 'Current level' : 'Reached';
	lines += `${verb}: *L${level.level} ${levelName}* on ${escapeMrkdwn(metric.label.toLowerCase())} (${escapeMrkdwn(metric.state)}).`;
	if (input.skippedLevels && input.skippedLevels.length > 0) lines += `\nSkipped: ${input.skippedLevels.map((n) => `L${n}`).join(', ')} (passed before this check).`;
	if (input.quietNote) lines += `\n_${escapeMrkdwn(input.quietNote)}_`;
	blocks.push({ type: 'section', text: { type: 'mrkdwn', text: shared(truncate(lines, SLACK_LIMITS.sectionText)) } });

	const customer = `${ticket.customerName ? escapeMrkdwn(ticket.customerName) : 'Unknown'}${ticket.tier ? ` (${escapeMrkdwn(ticket.tier)})` : ''}`;
	blocks.push({
		type: 'section',
		fields: [
			labelledField('*Customer*\n', customer),
			labelledField('*Assignee*\n', ticket.assignee ? escapeMrkdwn(ticket.assignee) : 'Unassigned'),
			metricField(metric.label, metric.percentUsed),
			dueField(metric.dueAt),
			labelledField('*Escalation level*\n', `L${level.level} of ${level.of} · ${levelName}`),
		],
	});

	const contextFields = input.context.map(([label, value]) => field(label, escapeMrkdwn(value)));
	const buttons: Block[] = [];
	const runbook = httpUrl(input.runbookUrl);
	const ticketUrl = httpUrl(input.ticketUrl);
	if (runbook) buttons.push({ type: 'button', text: { type: 'plain_text', text: 'Open runbook' }, url: runbook, action_id: 'sla_open_runbook', style: 'primary' });
	if (ticketUrl) buttons.push({ type: 'button', text: { type: 'plain_text', text: `Open ticket ${truncate(ticket.id, 40)}` }, url: ticketUrl, action_id: 'sla_open_ticket' });
	const tail: Block[] = [];
	if (buttons.length > 0) tail.push({ type: 'actions', elements: buttons });
	const footer: Block[] = [
		{ type: 'mrkdwn', text: truncate(`Trace ID: \`${escapeMrkdwn(input.traceId)}\``, SLACK_LIMITS.sectionText) },
		{ type: 'mrkdwn', text: truncate(`Ticket ${escapeMrkdwn(ticket.id)}`, SLACK_LIMITS.sectionText) },
	];
	if (ticketUrl) footer.push({ type: 'mrkdwn', text: truncate(`<${ticketUrl}|View ticket>`, SLACK_LIMITS.sectionText) });
	tail.push({ type: 'context', elements: footer });

	if (contextFields.length > 0) {
		let sections = fieldSections(contextFields);
		const room = SLACK_LIMITS.blocks - blocks.length - tail.length - 1;
		if (sections.length > room) {
			const omitted = contextFields.length - room * SLACK_LIMITS.fields;
			sections = sections.slice(0, Math.max(0, room - 1));
			sections.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${omitted} more customer fields not shown.` }] });
		}
		blocks.push({ type: 'divider' });
		for (const section of sections) blocks.push(section);
	}
	for (const block of tail) blocks.push(block);
	return { text: fallbackText(input, mentions), blocks };
}

/**
 * Cuts any message to Slack's limits: header and section texts, fields per section, button texts and
 * the number of blocks (the last block, the trace id, is kept).
 */
export function enforceSlackLimits(message: SlackMessage): SlackMessage {
	const blocks = message.blocks.map((block) => fitBlock(block));
	const fitted = blocks.length <= SLACK_LIMITS.blocks ? blocks : [...blocks.slice(0, SLACK_LIMITS.blocks - 1), blocks[blocks.length - 1]];
	return { text: truncate(message.text, SLACK_LIMITS.fallbackText), blocks: fitted };
}

function fitText(text: unknown, max: number): unknown {
	if (!text || typeof text !== 'object') return text;
	const value = text as { text?: unknown };
	return typeof value.text === 'string' ? { ...value, text: truncate(value.text, max) } : text;
}

function fitBlock(block: Block): Block {
	switch (block.type) {
		case 'header':
			return { ...block, text: fitText(block.text, SLACK_LIMITS.headerText) };
		case 'section': {
			const fitted: Block = { ...block };
			if (block.text) fitted.text = fitText(block.text, SLACK_LIMITS.sectionText);
			if (Array.isArray(block.fields)) fitted.fields = block.fields.slice(0, SLACK_LIMITS.fields).map((f) => fitText(f, SLACK_LIMITS.fieldText));
			return fitted;
		}
		case 'actions':
			return {
				...block,
				elements: (block.elements as Block[]).map((element) => ({ ...element, text: fitText(element.text, SLACK_LIMITS.buttonText) })),
			};
		case 'context':
			return {
				...block,
				elements: (block.elements as Block[]).slice(0, SLACK_LIMITS.contextElements).map((element) => fitText(element, SLACK_LIMITS.sectionText)),
			};
		default:
			return block;
	}
}
