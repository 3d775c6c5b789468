import { type Delivery, type LevelActions, levelActions } from './delivery';
import type { DueLevel } from './escalation';
import { isoOf } from './instants';
import { type LadderLevel, METRIC_LABELS } from './ladder';
import { buildEscalationMessage, mentionToken, type MessageTicket, type SlackMessage } from './slack-message';
import type { TicketEscalation } from './ticket-escalation';
import { customerContext, messageTicket } from './ticket-summary';

/**
 * The Slack message of a delivery. Only the ticket's thread mentions people, and only when the plan may
 * page; outside paging hours the alert says so instead. A thread's first message is rewritten as a
 * `status` message of the current level, which mentions no one.
 */
const urlField = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** What every message of one ticket's escalation shows alike, read once for all its deliveries. */
interface Shown {
	ticket: MessageTicket;
	context: Array<[string, string]>;
	runbookUrl: string | undefined;
	ticketUrl: string | undefined;
	/** Outside paging hours: the note alerts carry instead of mentions; null when the plan may page. */
	quietNote: string | null;
}

const SHOWN = new WeakMap<TicketEscalation, Shown>();

function shownOf(escalation: TicketEscalation): Shown {
	let shown = SHOWN.get(escalation);
	if (shown === undefined) {
		const { ticket, plan, delivery } = escalation;
		const paging = plan.outcome === 'escalate' ? plan.paging : null;
		const quiet = paging !== null && !paging.page;
		const until = quiet && paging.quietUntil ? ` until ${isoOf(paging.quietUntil)}` : '';
		shown = {
			ticket: messageTicket(ticket, escalation.ticketId),
			context: customerContext(ticket, delivery.contextFields),
			runbookUrl: delivery.runbookUrl || urlField(ticket.runbookUrl),
			ticketUrl: delivery.ticketUrl || urlField(ticket.url),
			quietNote: quiet ? `Outside paging hours${until}: posted without paging anyone.` : null,
		};
		SHOWN.set(escalation, shown);
	}
	return shown;
}

function messageOf(escalation: TicketEscalation, due: DueLevel, mentions: string[], kind: 'alert' | 'status'): SlackMessage {
	const shown = shownOf(escalation);
	return buildEscalationMessage({
		ticket: shown.ticket,
		metric: {
			label: METRIC_LABELS[due.metric.metric],
			state: due.metric.state,
			dueAt: due.metric.dueAt,
			percentUsed: due.metric.percentUsed,
		},
		level: { level: due.level.level, name: due.level.name, of: escalation.settings.ladder.levels.length },
		context: shown.context,
		runbookUrl: shown.runbookUrl,
		ticketUrl: shown.ticketUrl,
		traceId: escalation.traceId,
		mentions: shown.quietNote !== null || kind === 'status' ? [] : mentions,
		quietNote: shown.quietNote !== null && kind === 'alert' ? shown.quietNote : undefined,
		skippedLevels: due.skipped,
		kind,
	});
}

/** The Slack mention tokens of a level, worked out once per level (anew when its actions change). */
const MENTIONS = new WeakMap<LadderLevel, { from: LevelActions; tokens: string[] }>();

function threadMentions(level: LadderLevel): string[] {
	const actions = levelActions(level);
	const known = MENTIONS.get(level);
	if (known !== undefined && known.from === actions) return known.tokens;
	const tokens = actions.mentions.map(mentionToken).filter((token): token is string => token !== null);
	MENTIONS.set(level, { from: actions, tokens });
	return tokens;
}

/** The alert a delivery posts: the level's mentions in the thread, none elsewhere. */
export function deliveryMessage(escalation: TicketEscalation, delivery: Delivery): SlackMessage {
	return messageOf(escalation, delivery.due, delivery.destination === 'thread' ? threadMentions(delivery.due.level) : [], 'alert');
}

/** The thread's first message rewritten to show the level now reached. */
export function statusMessage(escalation: TicketEscalation, due: DueLevel): SlackMessage {
	return messageOf(escalation, due, [], 'status');
}
