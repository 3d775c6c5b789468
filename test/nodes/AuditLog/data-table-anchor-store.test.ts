import { DataTableAnchorStore } from '../../../nodes/AuditLog/data-table-anchor-store';
import type { Anchor } from '../../../nodes/AuditLog/anchor-store';
import { FakeDataTables } from '../SlaStore/fake-data-tables';

const anchor = (seq: number, mac = `mac-${seq}`): Anchor => ({ trail: 't', seq, headHash: `h${seq}`, at: seq * 1000, keyVersion: 'k1', mac });

async function listed(store: DataTableAnchorStore, trail = 't'): Promise<Anchor[]> {
	const out: Anchor[] = [];
	for await (const found of store.list(trail)) out.push(found);
	return out;
}

/** A fake that says which n8n and key it is, as the real API does: table ids are then kept for the process. */
function scoped(scope: string): FakeDataTables {
	return Object.assign(new FakeDataTables(), { scope });
}

describe('anchors in a Data Table', () => {
	it('stores checkpoints signed just now with one call, without looking for them first', async () => {
		const api = new FakeDataTables();
		const store = new DataTableAnchorStore(api);
		await store.put([anchor(1)]);
		api.resetCalls();
		await store.put([anchor(2), anchor(3)], { signedNow: true });
		expect(api.calls).toMatchObject({ rows: 0, insert: 1 });
		expect((await listed(store)).map((a) => a.seq)).toEqual([1, 2, 3]);
	});

	it('keeps a checkpoint anchored again once: a second put of it stores nothing', async () => {
		const api = new FakeDataTables();
		const store = new DataTableAnchorStore(api);
		await store.put([anchor(5)], { signedNow: true });
		api.resetCalls();
		await store.put([anchor(5, 'other')]);
		expect(api.calls.insert).toBe(0);
		expect(await listed(store)).toEqual([anchor(5)]);
	});

	it('lists the first row stored at a sequence when two were stored, whatever order they come back in', async () => {
		// n8n orders by seq only: rows of one seq may come back newest first
		const api = new (class extends FakeDataTables {
			async rows(...args: Parameters<FakeDataTables['rows']>) {
				return (await super.rows(...args)).sort((a, b) => Number(a.seq) - Number(b.seq) || b.id - a.id);
			}
		})();
		const store = new DataTableAnchorStore(api);
		await store.put([anchor(1), anchor(2, 'first')], { signedNow: true });
		// two more rows at seq 2, as writers racing past the look-up leave them
		const { id } = (await api.findTable(store.table))!;
		const row = (a: Anchor) => ({ trail: a.trail, seq: a.seq, headHash: a.headHash, at: a.at, keyVersion: a.keyVersion, mac: a.mac });
		await api.insert(id, [row(anchor(2, 'second')), row(anchor(3))]);
		await api.insert(id, [row(anchor(2, 'third'))]);
		expect((await listed(store)).map((a) => [a.seq, a.mac])).toEqual([
			[1, 'mac-1'],
			[2, 'first'],
			[3, 'mac-3'],
		]);
		expect(await listed(store, 'another')).toEqual([]);
	});

	it('looks its table up once per process and n8n, not once per execution', async () => {
		const api = scoped('anchor-test-a');
		await new DataTableAnchorStore(api).put([anchor(1)], { signedNow: true });
		api.resetCalls();
		await new DataTableAnchorStore(api).put([anchor(2)], { signedNow: true });
		expect(api.calls).toMatchObject({ findTable: 0, createTable: 0, insert: 1 });
		// another n8n (or key) looks its own table up
		const other = scoped('anchor-test-b');
		await new DataTableAnchorStore(other).put([anchor(1)], { signedNow: true });
		expect(other.calls).toMatchObject({ findTable: 1, createTable: 1 });
	});

	it('without a scope (a store that keeps nothing across executions) looks the table up each time', async () => {
		const api = new FakeDataTables();
		await new DataTableAnchorStore(api).put([anchor(1)], { signedNow: true });
		api.resetCalls();
		await new DataTableAnchorStore(api).put([anchor(2)], { signedNow: true });
		expect(api.calls.findTable).toBe(1);
	});
});
