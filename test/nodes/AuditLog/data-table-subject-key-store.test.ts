import { DataTableSubjectKeyStore } from '../../../nodes/AuditLog/data-table-subject-key-store';
import { FakeDataTables } from '../SlaStore/fake-data-tables';

describe('subject keys in a Data Table', () => {
	it('creates one key per subject and keeps it across calls', async () => {
		const store = new DataTableSubjectKeyStore(new FakeDataTables());
		const first = await store.materialFor(['a', 'b', 'a'], 1);
		expect(first.size).toBe(2);
		expect(first.get('a')!.subjectId).not.toBe(first.get('b')!.subjectId);
		const again = await store.materialFor(['a'], 2);
		expect(again.get('a')).toEqual(first.get('a'));
	});

	it('gives writers that create the same subject at once the same key (the first row stored wins)', async () => {
		const api = new FakeDataTables({ seed: 7 });
		const writers = Array.from({ length: 6 }, () => new DataTableSubjectKeyStore(api));
		const results = await Promise.all(writers.map((store) => store.materialFor(['same'], 1)));
		const ids = new Set(results.map((material) => material.get('same')!.subjectId));
		expect(ids.size).toBe(1);
		const salts = new Set(results.map((material) => material.get('same')!.salt));
		expect(salts.size).toBe(1);
	});

	it('erases every row of the subject and then finds none', async () => {
		const api = new FakeDataTables({ seed: 3 });
		await Promise.all([new DataTableSubjectKeyStore(api).materialFor(['x'], 1), new DataTableSubjectKeyStore(api).materialFor(['x'], 1)]);
		const store = new DataTableSubjectKeyStore(api);
		const kept = await store.find('x');
		expect(await store.erase('x')).toEqual(kept);
		expect(await store.find('x')).toBeNull();
		expect(await store.erase('x')).toBeNull();
		// the next record of that person starts a new subject
		expect((await store.materialFor(['x'], 2)).get('x')!.subjectId).not.toBe(kept!.subjectId);
	});
});
