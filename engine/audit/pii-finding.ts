/**
 * Personal data that Normalize Intent found in a ticket's text (`intent.pii`). Record scrubs every
 * finding's value from every string of the entry, wherever it was copied to.
 */

export interface PiiFinding {
	type?: string;
	value?: string;
}

/** The ticket's `intent.pii` matches `{ type, value?, start, end }`; a match without its value is cut from the body by offsets. */
export function piiFindingsOf(ticket: Record<string, unknown>): PiiFinding[] {
	const intent = ticket.intent as Record<string, unknown> | undefined;
	const found = Array.isArray(intent?.pii) ? (intent?.pii as Array<Record<string, unknown>>) : [];
	const body = typeof ticket.body === 'string' ? ticket.body : '';
	return found.map((match) => {
		const value = typeof match.value === 'string' ? match.value : typeof match.start === 'number' && typeof match.end === 'number' ? body.slice(match.start, match.end) : undefined;
		return { type: typeof match.type === 'string' ? match.type : 'pii', value };
	});
}
