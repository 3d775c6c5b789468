/**
 * The key of a ticket in the store: its source, lower case, and its id in that source
 * (`zendesk:12345`). A source never contains ':', so the first ':' always splits a key.
 */
export function ticketKey(source: string, id: string): string {
	return `${source.toLowerCase()}:${id}`;
}
