/**
 * The fake behaves like n8n's Data Tables where the SLA Store relies on it; these tests pin that
 * down, so a store test that passes against the fake means something.
 */
import { where, eq, type Row } from '../../../nodes/SlaStore/transport';
import { FakeApiError, FakeDataTables } from './fake-data-tables';

const COLUMNS = [
	{ name: 'key', type: 'string' as const },
	{ name: 'n', type: 'number' as const },
	{ name: 'open', type: 'boolean' as const },
	{ name: 'due', type: 'date' as const },
];

async function people(options: ConstructorParameters<typeof FakeDataTables>[0] = {}) {
	const fake = new FakeDataTables({ clock: () => Date.parse('2026-03-10T08:00:00Z'), ...options });
	const { id } = await fake.createTable('t', COLUMNS);
	await fake.insert(id, [
		{ key: 'Alpha', n: 3, open: true, due: '2026-03-10T10:00:00+01:00' },
		{ key: 'beta', n: 1, open: false, due: '2026-03-10T23:00:00Z' },
		{ key: 'gamma', n: 2, open: true, due: null },
		{ key: null, n: 5, open: true, due: '2026-03-09T23:00:00Z' },
	]);
	return { fake, id };
}

const keys = (rows: Row[]) => rows.map((row) => row.key);

describe('fake Data Tables', () => {
	it('finds tables by exact name only and refuses a second table of one name', async () => {
		const fake = new FakeDataTables();
		await fake.createTable('sla_tickets', COLUMNS);
		expect(await fake.findTable('sla_')).toBeNull();
		expect(await fake.findTable('sla_tickets')).toMatchObject({ name: 'sla_tickets', columns: COLUMNS });
		await expect(fake.createTable('sla_tickets', COLUMNS)).rejects.toThrow(/already exists/);
	});

	it('gives rows auto-increment ids and createdAt/updatedAt, and returns inserted rows as stored', async () => {
		const { fake, id } = await people();
		const rows = fake.dump('t');
		expect(rows.map((row) => row.id)).toEqual([1, 2, 3, 4]);
		expect(rows[0]).toEqual({ id: 1, key: 'Alpha', n: 3, open: true, due: '2026-03-10T09:00:00.000Z', createdAt: '2026-03-10T08:00:00.000Z', updatedAt: '2026-03-10T08:00:00.000Z' });
		const [inserted] = await fake.insert(id, [{ key: 'delta' }]);
		expect(inserted).toMatchObject({ id: 5, key: 'delta', n: null, open: null, due: null });
		await fake.delete(id, where(eq('id', 5)));
		expect((await fake.insert(id, [{ key: 'epsilon' }]))[0].id).toBe(6);
	});

	it('refuses unknown columns and values of the wrong type, as n8n does', async () => {
		const { id, fake } = await people();
		await expect(fake.insert(id, [{ key: 'x', colour: 'red' }])).rejects.toThrow("unknown column name 'colour'");
		await expect(fake.insert(id, [{ due: 'tomorrow' }])).rejects.toThrow(/does not match column type 'date'/);
		await expect(fake.insert(id, [{ due: 1773133200000 }])).rejects.toThrow(/does not match column type 'date'/);
		await expect(fake.update(id, where(eq('colour', 'red')), { n: 1 })).rejects.toThrow("unknown column name 'colour'");
		await expect(fake.update(id, where(eq('key', 'beta')), { id: 9 })).rejects.toThrow("unknown column name 'id'");
		expect(fake.dump('t')).toHaveLength(4);
	});

	it('filters with eq, neq, lt, lte, gt, gte, like and ilike, and eq null means empty', async () => {
		const { fake, id } = await people();
		const by = async (...filters: Parameters<typeof where>) => keys(await fake.rows(id, { filter: where(...filters) }));
		expect(await by(eq('open', true))).toEqual(['Alpha', 'gamma', null]);
		expect(await by(eq('due', null))).toEqual(['gamma']);
		expect(await by(eq('key', null))).toEqual([null]);
		expect(await by({ columnName: 'key', condition: 'neq', value: null })).toEqual(['Alpha', 'beta', 'gamma']);
		// neq also matches empty cells (SQL: != OR IS NULL).
		expect(await by({ columnName: 'key', condition: 'neq', value: 'beta' })).toEqual(['Alpha', 'gamma', null]);
		expect(await by({ columnName: 'n', condition: 'gt', value: 2 })).toEqual(['Alpha', null]);
		expect(await by({ columnName: 'n', condition: 'gte', value: 2 })).toEqual(['Alpha', 'gamma', null]);
		expect(await by({ columnName: 'n', condition: 'lt', value: 2 })).toEqual(['beta']);
		expect(await by({ columnName: 'n', condition: 'lte', value: 2 })).toEqual(['beta', 'gamma']);
		expect(await by({ columnName: 'key', condition: 'like', value: 'a%' })).toEqual([]);
		expect(await by({ columnName: 'key', condition: 'like', value: 'amm' })).toEqual(['gamma']);
		expect(await by({ columnName: 'key', condition: 'like', value: 'alpha' })).toEqual([]);
		expect(await by({ columnName: 'key', condition: 'ilike', value: 'alpha' })).toEqual(['Alpha']);
		expect(await by({ columnName: 'key', condition: 'ilike', value: '%A' })).toEqual(['Alpha', 'beta', 'gamma']);
		expect(await by(eq('open', true), { columnName: 'n', condition: 'lt', value: 4 })).toEqual(['Alpha', 'gamma']);
		expect(keys(await fake.rows(id, { filter: { type: 'or', filters: [eq('key', 'beta'), eq('n', 5)] } }))).toEqual(['beta', null]);
		await expect(fake.rows(id, { filter: where({ columnName: 'n', condition: 'gt', value: null }) })).rejects.toThrow(/cannot be null/);
	});

	it('compares date columns as instants, whatever offset the value is written with', async () => {
		const { fake, id } = await people();
		const due = (condition: 'lte' | 'gt' | 'eq', value: string) => fake.rows(id, { filter: where({ columnName: 'due', condition, value }) }).then(keys);
		expect(await due('lte', '2026-03-10T10:00:00+01:00')).toEqual(['Alpha', null]);
		expect(await due('eq', '2026-03-10T09:00:00Z')).toEqual(['Alpha']);
		expect(await due('gt', '2026-03-10T09:00:00.000Z')).toEqual(['beta']);
		expect(keys(await fake.rows(id, { filter: where({ columnName: 'createdAt', condition: 'lte', value: '2026-03-10T09:00:00+01:00' }) }))).toHaveLength(4);
	});

	it("compares date columns as n8n 2.8.4 on SQLite does when asked: as text, so later the same day counts as 'before'", async () => {
		const { fake, id } = await people({ dates: 'sqlite-text' });
		expect(fake.dump('t')[1].due).toBe('2026-03-10T23:00:00.000Z');
		const lte = await fake.rows(id, { filter: where({ columnName: 'due', condition: 'lte', value: '2026-03-10T09:30:00Z' }) });
		expect(keys(lte)).toEqual(['Alpha', 'beta', null]);
	});

	it('sorts with empty cells first ascending and last descending, and limits', async () => {
		const { fake, id } = await people();
		expect(keys(await fake.rows(id, { sortBy: ['due', 'asc'] }))).toEqual(['gamma', null, 'Alpha', 'beta']);
		expect(keys(await fake.rows(id, { sortBy: ['n', 'desc'], limit: 2 }))).toEqual([null, 'Alpha']);
		expect(keys(await fake.rows(id, { sortBy: ['id', 'desc'] }))).toEqual([null, 'gamma', 'beta', 'Alpha']);
		await expect(fake.rows(id, { sortBy: ['colour', 'asc'] })).rejects.toThrow(/unknown column/);
	});

	it('reads page by page, one request a page', async () => {
		const fake = new FakeDataTables({ pageSize: 250 });
		const { id } = await fake.createTable('t', COLUMNS);
		fake.insertNow('t', Array.from({ length: 600 }, (_, n) => ({ n })));
		fake.resetCalls();
		expect(await fake.rows(id, {})).toHaveLength(600);
		expect(fake.requests).toBe(3);
		expect(fake.calls.rows).toBe(1);
		fake.resetCalls();
		expect((await fake.rows(id, { limit: 300 })).map((row) => row.n)).toEqual(Array.from({ length: 300 }, (_, n) => n));
		expect(fake.requests).toBe(2);
	});

	it('update returns only the rows it changed, and a compare-and-set that lost gets an empty list', async () => {
		const { fake, id } = await people({ clock: () => Date.parse('2026-03-10T08:30:00Z') });
		const updated = await fake.update(id, where(eq('open', true), { columnName: 'n', condition: 'lt', value: 4 }), { n: 10 });
		expect(keys(updated)).toEqual(['Alpha', 'gamma']);
		expect(updated[0]).toMatchObject({ n: 10, updatedAt: '2026-03-10T08:30:00.000Z' });
		expect(fake.dump('t').map((row) => row.n)).toEqual([10, 1, 10, 5]);
		expect(await fake.update(id, where(eq('id', 1), eq('n', 3)), { n: 11 })).toEqual([]);
		await expect(fake.update(id, where(), { n: 1 })).rejects.toThrow('Filter must not be empty');
	});

	it('delete returns the rows it removed and refuses an empty filter', async () => {
		const { fake, id } = await people();
		expect(keys(await fake.delete(id, where(eq('open', true))))).toEqual(['Alpha', 'gamma', null]);
		expect(keys(fake.dump('t'))).toEqual(['beta']);
		await expect(fake.delete(id, where())).rejects.toThrow(FakeApiError);
	});

	it('answers execution(id) with the canned executions, or null', async () => {
		const fake = new FakeDataTables();
		fake.addExecution('77', { id: '77', data: { resultData: { runData: {} } } });
		expect(await fake.execution('77')).toEqual({ id: '77', data: { resultData: { runData: {} } } });
		expect(await fake.execution('78')).toBeNull();
	});

	it('interleaves concurrent calls and is not atomic across calls: a read-then-write race loses updates', async () => {
		const fake = new FakeDataTables({ seed: 7 });
		const { id } = await fake.createTable('t', COLUMNS);
		await fake.insert(id, [{ key: 'counter', n: 0 }]);
		const increment = async () => {
			const [row] = await fake.rows(id, { filter: where(eq('key', 'counter')) });
			await fake.update(id, where(eq('id', row.id)), { n: Number(row.n) + 1 });
		};
		await Promise.all(Array.from({ length: 10 }, increment));
		expect(fake.dump('t')[0].n).toBeLessThan(10);
		// The same increments with compare-and-set on the value lose nothing.
		const casIncrement = async () => {
			for (;;) {
				const [row] = await fake.rows(id, { filter: where(eq('key', 'counter')) });
				if ((await fake.update(id, where(eq('id', row.id), eq('n', row.n)), { n: Number(row.n) + 1 })).length === 1) return;
			}
		};
		const before = Number(fake.dump('t')[0].n);
		await Promise.all(Array.from({ length: 10 }, casIncrement));
		expect(fake.dump('t')[0].n).toBe(before + 10);
	});

	it('counts calls and fails the calls a test picks', async () => {
		const { fake, id } = await people();
		fake.resetCalls();
		fake.failWhen((call) => call.method === 'insert' && (call.args[1] as Array<{ key?: string }>)[0]?.key === 'bad', 'database is locked', 1);
		await expect(fake.insert(id, [{ key: 'bad' }])).rejects.toThrow('database is locked');
		await fake.insert(id, [{ key: 'bad' }]);
		await fake.rows(id, {});
		expect(fake.calls).toMatchObject({ insert: 2, rows: 1, update: 0 });
		expect(fake.count('insert', 't')).toBe(2);
	});
});
