/**
 * The Slack message of an operational alert of the workflow templates (a dead letter stored, a clock
 * paused too long, a ticket without activity, a failed action, the daily SLA report): the builder's
 * text as a section, details as section fields, and an optional link button, escaped and cut to
 * Slack's limits. The text is shown as typed: Slack's control characters `&`, `<` and `>` are escaped,
 * so an alert never pings anyone or renders a forged link; `*bold*`, `_italic_` and `:emoji:` still work.
 */
import { type Block, escapeMrkdwn, httpUrl, SLACK_LIMITS, type SlackMessage, truncate } from './slack-message';

export interface AlertDetail {
	label: string;
	value: string;
}

export interface AlertMessageInput {
	/** The alert itself; must not be empty. */
	text: string;
	/** Shown as fields under the text, in order; entries with an empty value are left out. */
	details?: readonly AlertDetail[];
	/** A button, e.g. to replay a dead letter or open a runbook; left out unless the URL is http(s). */
	link?: { url: string; label?: string };
}

export const DEFAULT_ALERT_LINK_LABEL = 'Open Link';

/** The key an alert's idempotency key is claimed under in n8n's deduplication store; null for no key. */
export function alertClaimKey(idempotencyKey: string | null | undefined): string | null {
	const key = (idempotencyKey ?? '').trim();
	return key === '' ? null : `sla-alert:v1:${encodeURIComponent(key)}`;
}

/** Cuts escaped text to `max`, never leaving half an entity (`&am…`) where the cut falls. */
function fit(escaped: string, max: number): string {
	return truncate(escaped, max).replace(/&(?:a|am|amp|l|lt|g|gt)?…$/, '…');
}

function detailField({ label, value }: AlertDetail): Block {
	const name = label.trim();
	const text = name === '' ? escapeMrkdwn(value) : `*${escapeMrkdwn(name)}*\n${escapeMrkdwn(value)}`;
	return { type: 'mrkdwn', text: fit(text, SLACK_LIMITS.fieldText) };
}

export function buildAlertMessage(input: AlertMessageInput): SlackMessage {
	const text = escapeMrkdwn(input.text.trim());
	const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: fit(text, SLACK_LIMITS.sectionText) } }];

	const details = (input.details ?? []).filter((detail) => detail.value.trim() !== '');
	if (details.length > 0) {
		blocks.push({ type: 'section', fields: details.slice(0, SLACK_LIMITS.fields).map(detailField) });
		const omitted = details.length - SLACK_LIMITS.fields;
		if (omitted > 0) {
			blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${omitted} more ${omitted === 1 ? 'detail' : 'details'} not shown.` }] });
		}
	}

	const url = httpUrl(input.link?.url);
	if (url) {
		const label = input.link?.label?.trim() || DEFAULT_ALERT_LINK_LABEL;
		blocks.push({
			type: 'actions',
			elements: [{ type: 'button', text: { type: 'plain_text', text: truncate(label, SLACK_LIMITS.buttonText), emoji: true }, url, action_id: 'sla_alert_link' }],
		});
	}

	return { text: fit(text, SLACK_LIMITS.fallbackText), blocks };
}
