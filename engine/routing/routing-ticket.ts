import { parseInstant, type Ticket } from '../core';
import { MATCH_FIELDS } from './matrix';
import type { RoutingFacts } from './matrix';

/**
 * What the router reads from a ticket: the facts the matrix matches on, the home region, how urgent
 * it is (the least SLA time remaining over its running metrics, from the SLA Clock), its age, whether
 * it was reopened, and what earlier routing left on it (assignee, hops, who held or declined it).
 */
export interface PreviousRouting {
	assignee: string | null;
	assignedAt: number | null;
	accepted: boolean;
	/** Reassignments so far. */
	hops: number;
	/** Agents who held the ticket before, oldest first (`routing.tried`, then actors of `assigned` events). */
	tried: string[];
	declined: string[];
	waitingSince: number | null;
	/** The region the current assignee was chosen in. */
	region: string | null;
	outcome: string | null;
	/** The SLA cycle the last routing saw (a higher cycle now means the ticket was reopened since). */
	cycle: number | null;
	/** The last routing already answered the reopen the ticket's status still shows. */
	reopenHandled: boolean;
	/** The routing record as the last routing wrote it. */
	record: Record<string, unknown>;
}

export interface RoutingTicket {
	id: string;
	facts: RoutingFacts;
	region: string;
	createdAt: number | null;
	/** Least SLA time remaining in ms (negative once breached); Infinity without a running clock. */
	urgencyMs: number;
	reopened: boolean;
	/** The ticket's status is one of the reopen statuses. */
	reopenStatus: boolean;
	/** The SLA cycle now, if the SLA Clock ran. */
	cycle: number | null;
	previous: PreviousRouting;
}

/** Fields a builder maps with expressions; each replaces the canonical field it names when set. */
export type RoutingFieldOverrides = Partial<RoutingFacts & { region: string; createdAt: string; ticketId: string }>;

const SLA_METRICS = ['firstResponse', 'nextResponse', 'resolution', 'periodicUpdate'];
const NOT_URGENT_STATES = new Set(['met', 'paused']);
const ACCEPT_EVENTS = new Set(['acknowledged', 'accepted', 'agent_reply']);

export function routingTicketOf(ticket: Ticket, overrides: RoutingFieldOverrides = {}, reopenStatuses: readonly string[] = ['reopened']): RoutingTicket {
	const intent = record(ticket.intent);
	const customer = record(ticket.customer);
	const sla = record(ticket.sla);
	const intentLanguage = intent.language;
	const canonical: RoutingFacts = {
		issueType: lower(intent.type ?? ticket.issueType),
		intent: lower(intent.intent),
		tier: lower(customer.tier ?? ticket.tier),
		channel: lower(ticket.channel),
		language: lower(ticket.language ?? (typeof intentLanguage === 'object' && intentLanguage !== null ? record(intentLanguage).code : intentLanguage)),
		priority: lower(ticket.priority),
	};
	const facts = { ...canonical };
	for (const field of MATCH_FIELDS) {
		const value = overrides[field];
		if (value !== undefined && value !== null && value !== '') facts[field] = lower(value);
	}
	const previous = previousRoutingOf(ticket);
	const cycle = typeof sla.cycle === 'number' ? sla.cycle : null;
	const reopenStatus = reopenStatuses.includes(lower(ticket.status));
	const statusReopened = reopenStatus && !previous.reopenHandled;
	const cycleReopened = cycle !== null && cycle > (previous.cycle ?? 1) && previous.assignee !== null;
	return {
		id: String(overrides.ticketId ?? ticket.id ?? ''),
		facts,
		region: lower(overrides.region || customer.region || ticket.region),
		createdAt: parseInstant(overrides.createdAt || ticket.createdAt),
		urgencyMs: urgencyOf(sla),
		reopened: statusReopened || cycleReopened,
		reopenStatus,
		cycle,
		previous,
	};
}

/** The least remaining time over SLA metrics that still run (not met, not paused). */
export function urgencyOf(sla: Record<string, unknown>): number {
	let least = Infinity;
	for (const metric of SLA_METRICS) {
		const clock = record(sla[metric]);
		if (typeof clock.remainingMs === 'number' && !NOT_URGENT_STATES.has(String(clock.state))) least = Math.min(least, clock.remainingMs);
	}
	if (least === Infinity && typeof sla.remainingMs === 'number') least = sla.remainingMs;
	return least;
}

export function previousRoutingOf(ticket: Ticket): PreviousRouting {
	const routing = record(ticket.routing);
	// Declines and acceptances may come back as ticket events (`declined`; `acknowledged`, `accepted`,
	// or a reply by the assignee) or be set on `routing` by the helpdesk integration.
	const assigneeField = routing.assignee;
	const assignee = idOf(assigneeField);
	const assignedAt = parseInstant(routing.assignedAt);
	const declined = new Set(ids(routing.declined));
	const tried = ids(routing.tried);
	let accepted = routing.accepted === true || parseInstant(routing.acceptedAt) !== null;
	for (const event of Array.isArray(ticket.events) ? ticket.events : []) {
		const type = lower(event?.type);
		const actor = event?.actor === undefined || event?.actor === null ? null : String(event.actor);
		const at = parseInstant(event?.at);
		if (type === 'declined' && actor) declined.add(actor);
		else if (type === 'assigned' && actor && !tried.includes(actor)) tried.push(actor);
		else if (ACCEPT_EVENTS.has(type) && assignee !== null && actor === assignee && (assignedAt === null || (at !== null && at >= assignedAt))) accepted = true;
	}
	return {
		assignee,
		assignedAt,
		accepted,
		hops: typeof routing.hops === 'number' && routing.hops >= 0 ? routing.hops : 0,
		tried,
		declined: [...declined],
		waitingSince: parseInstant(routing.waitingSince),
		region: typeof routing.region === 'string' ? routing.region : null,
		outcome: typeof routing.outcome === 'string' ? routing.outcome : null,
		cycle: typeof routing.cycle === 'number' ? routing.cycle : null,
		reopenHandled: routing.reopenHandled === true,
		record: routing,
	};
}

function ids(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.map(idOf).filter((id): id is string => id !== null);
}

function idOf(value: unknown): string | null {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number') return String(value);
	if (typeof value === 'object' && value !== null && 'id' in value) return idOf((value as { id: unknown }).id);
	return null;
}

function lower(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim().toLowerCase();
}

function record(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
