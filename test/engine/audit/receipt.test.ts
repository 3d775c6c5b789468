import { chainEntry, EMPTY_HEAD, entryHash, GENESIS_HASH } from '../../../engine/audit/chain';
import type { AuditEntry } from '../../../engine/audit/entry';
import { receiptOf, unchainedReceipt, withReceipt } from '../../../engine/audit/receipt';

const entry = { id: 'E1', traceId: 'b'.repeat(32), logicVersion: 'lv-1', idempotencyKey: 'k1', action: 'rule_run' } as unknown as AuditEntry;

describe('the receipt on the ticket', () => {
	it('names the entry, its place in the chain and whether it was recorded before', () => {
		const line = chainEntry(EMPTY_HEAD, entry as unknown as Record<string, unknown>);
		expect(receiptOf(line, true)).toEqual({ entryId: 'E1', seq: 1, hash: line.hash, prevHash: GENESIS_HASH, traceId: 'b'.repeat(32), logicVersion: 'lv-1', idempotencyKey: 'k1', duplicate: true, entry });
	});

	it('of an entry only output has no place in a chain, and the hash it would have first in one', () => {
		expect(unchainedReceipt(entry, false)).toMatchObject({ seq: null, prevHash: null, hash: entryHash(0, GENESIS_HASH, entry), duplicate: false });
	});

	it('puts the trace id used at the top of the ticket, where the next node reads it, and keeps the rest', () => {
		const ticket = { id: 'T-1', traceId: 'old', customer: { tier: 'gold' } };
		const stamped = withReceipt(ticket, unchainedReceipt(entry, false));
		expect(stamped).toMatchObject({ id: 'T-1', customer: { tier: 'gold' }, traceId: 'b'.repeat(32), audit: { entryId: 'E1', traceId: 'b'.repeat(32) } });
		expect(ticket.traceId).toBe('old');
	});
});
