import { type Calendar, isOpenAt, nextOpening } from '../calendar';

/**
 * Paging hours: inside the calendar's open hours an escalation may page people (mentions, direct
 * messages, channel pings); outside them it is posted quietly, unless the customer's tier or the
 * ticket's priority is one that always pages.
 */
export interface PagingPolicy {
	/** Open hours of the people paged; none means paging is always allowed. */
	calendar: Calendar | null;
	alwaysPageTiers: readonly string[];
	alwaysPagePriorities: readonly string[];
}

export type PagingReason = 'noCalendar' | 'inHours' | 'alwaysTier' | 'alwaysPriority' | 'quietHours';

export interface PagingDecision {
	page: boolean;
	reason: PagingReason;
	/** Outside hours: when paging hours start again (null if never). */
	quietUntil?: number | null;
}

const normal = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '');

export function pagingDecision(policy: PagingPolicy, ticket: { tier?: unknown; priority?: unknown }, now: number): PagingDecision {
	if (policy.calendar === null) return { page: true, reason: 'noCalendar' };
	if (isOpenAt(policy.calendar, now)) return { page: true, reason: 'inHours' };
	const tier = normal(ticket.tier);
	if (tier !== '' && policy.alwaysPageTiers.map(normal).includes(tier)) return { page: true, reason: 'alwaysTier' };
	const priority = normal(ticket.priority);
	if (priority !== '' && policy.alwaysPagePriorities.map(normal).includes(priority)) return { page: true, reason: 'alwaysPriority' };
	return { page: false, reason: 'quietHours', quietUntil: nextOpening(policy.calendar, now) };
}
