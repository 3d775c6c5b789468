/**
 * The generic ticket event a helpdesk (or a builder's mapping of one) posts to the intake webhook.
 * Field by field, with the limits `readIntakeEvent` enforces:
 *
 * ```
 * {
 *   "eventId": "evt-1001",                 required; text or number, ≤ 200 characters, no control characters;
 *                                          the same id delivered again is the same event
 *   "source": "zendesk",                   optional, default "generic"; letters, digits, '.', '_', '-' (≤ 64)
 *   "type": "ticket_created",              required: ticket_created | status | agent_reply | customer_reply |
 *                                          note | assigned | acknowledged | tag_added | tag_removed |
 *                                          priority_changed | manual_override, or any other name (kept)
 *   "at": "2026-03-27T16:30:00+01:00",     required; ISO-8601 with a UTC offset or Z
 *   "status": "pending",                   the new status; required when type is "status"
 *   "tag": "billing",                      the tag; required when type is "tag_added" or "tag_removed"
 *   "actor": "agent-7",                    optional; who did it
 *   "ticket": {                            required
 *     "id": "12345",                       required; text or number (kept as text)
 *     "subject": "…",                      ≤ 1,000 characters
 *     "body": "…",                         ≤ maxTextLength characters (default 100,000)
 *     "channel", "language", "priority", "status", "assignee": short text (≤ 200)
 *     "createdAt": "2026-03-27T16:30:00+01:00",  ISO-8601 with an offset; required when the ticket is first seen
 *     "tags": ["billing", "vip"],          the ticket's whole tag list (≤ 200 tags)
 *     "customer": { "id", "tier", "region", "timezone" (IANA), "email", "name" }
 *   },
 *   "drill": true,                         optional; marks synthetic tickets of a drill
 *   "now": "2026-04-06T13:00:00Z"          honoured only for drill events when the intake allows it
 * }
 * ```
 * Unknown fields are ignored at the top level and inside `ticket.customer`, and never stored.
 */
export interface IntakeBody {
	eventId: string | number;
	source?: string;
	type: string;
	at: string;
	status?: string;
	tag?: string;
	actor?: string;
	ticket: IntakeBodyTicket;
	drill?: boolean;
	now?: string;
	[field: string]: unknown;
}

export interface IntakeBodyTicket {
	id: string | number;
	subject?: string;
	body?: string;
	channel?: string;
	language?: string;
	priority?: string;
	status?: string;
	createdAt?: string;
	tags?: string[];
	customer?: IntakeCustomer;
	assignee?: string;
}

export interface IntakeCustomer {
	id?: string;
	tier?: string;
	region?: string;
	timezone?: string;
	email?: string;
	name?: string;
}

/** The event types the intake and the nodes after it know; any other type is stored as it is. */
export const KNOWN_EVENT_TYPES = [
	'ticket_created',
	'status',
	'agent_reply',
	'customer_reply',
	'note',
	'assigned',
	'acknowledged',
	'tag_added',
	'tag_removed',
	'priority_changed',
	'manual_override',
] as const;
