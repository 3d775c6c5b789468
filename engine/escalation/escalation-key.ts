/**
 * The idempotency key of one escalation delivery: ticket, SLA metric, SLA cycle and ladder level, and
 * the destination it goes to (the ticket's channel thread, leadership, a user). A level fires again
 * only in a new SLA cycle, i.e. when the ticket is reopened.
 */
export interface EscalationKeyParts {
	ticketId: string;
	metric: string;
	cycle: number;
	/** Occurrence of a recurring metric within the cycle (next response, periodic update); 1 otherwise. */
	instance?: number;
	level: number;
}

/** What encodeURIComponent leaves as it is: a part made only of these (most ids, every metric) is its own encoding. */
const UNRESERVED = /^[\w\-.!~*'()]*$/;

function part(value: string | number): string {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	const text = String(value);
	return UNRESERVED.test(text) ? text : encodeURIComponent(text);
}

export function escalationKey({ ticketId, metric, cycle, instance = 1, level }: EscalationKeyParts): string {
	const occurrence = instance > 1 ? `:instance-${part(instance)}` : '';
	return `sla-escalation:v1:${part(ticketId)}:${part(metric)}:cycle-${part(cycle)}${occurrence}:level-${part(level)}`;
}

/** The key of one destination of a level (from its `escalationKey`): `thread`, `leadership`, `user:<id>`. */
export function deliveryKey(levelKey: string, destination: string): string {
	return `${levelKey}:${part(destination)}`;
}
