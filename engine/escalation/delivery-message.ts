import { type Delivery, levelActions } from './delivery';
import type { DueLevel } from './escalation';
import { METRIC_LABELS } from './ladder';
import { buildEscalationMessage, mentionToken, type SlackMessage } from './slack-message';
import type { TicketEscalation } from './ticket-escalation';
import { customerContext, messageTicket } from './ticket-summary';

/**
 * The Slack message of a delivery. Only the ticket's thread mentions people, and only when the plan may
 * page; outside paging hours the alert says so instead. A thread's first message is rewritten as a
 * `status` message of the current level, which mentions no one.
 */
const iso = (at: number): string => new Date(at).toISOString();

const urlField = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function messageOf(escalation: TicketEscalation, due: DueLevel, mentions: string[], kind: 'alert' | 'status'): SlackMessage {
	const { ticket, plan, delivery } = escalation;
	const paging = plan.outcome === 'escalate' ? plan.paging : null;
	const quiet = paging !== null && !paging.page;
	const until = quiet && paging.quietUntil ? ` until ${iso(paging.quietUntil)}` : '';
	return buildEscalationMessage({
		ticket: messageTicket(ticket, escalation.ticketId),
		metric: {
			label: METRIC_LABELS[due.metric.metric],
			state: due.metric.state,
			dueAt: due.metric.dueAt,
			percentUsed: due.metric.percentUsed,
		},
		level: { level: due.level.level, name: due.level.name, of: escalation.settings.ladder.levels.length },
		context: customerContext(ticket, delivery.contextFields),
		runbookUrl: delivery.runbookUrl || urlField(ticket.runbookUrl),
		ticketUrl: delivery.ticketUrl || urlField(ticket.url),
		traceId: escalation.traceId,
		mentions: quiet || kind === 'status' ? [] : mentions,
		quietNote: quiet && kind === 'alert' ? `Outside paging hours${until}: posted without paging anyone.` : undefined,
		skippedLevels: due.skipped,
		kind,
	});
}

/** The alert a delivery posts: the level's mentions in the thread, none elsewhere. */
export function deliveryMessage(escalation: TicketEscalation, delivery: Delivery): SlackMessage {
	const mentions = delivery.destination === 'thread' ? levelActions(delivery.due.level).mentions.map(mentionToken).filter((token): token is string => token !== null) : [];
	return messageOf(escalation, delivery.due, mentions, 'alert');
}

/** The thread's first message rewritten to show the level now reached. */
export function statusMessage(escalation: TicketEscalation, due: DueLevel): SlackMessage {
	return messageOf(escalation, due, [], 'status');
}
