import { diffValues } from '../../../engine/audit/diff';

describe('field-level diff', () => {
	it('lists changed leaves of nested objects with old and new values', () => {
		const before = { status: 'open', customer: { tier: 'gold', region: 'eu' } };
		const after = { status: 'pending', customer: { tier: 'platinum', region: 'eu' } };
		expect(diffValues(before, after)).toEqual([
			{ path: 'customer.tier', kind: 'changed', old: 'gold', new: 'platinum' },
			{ path: 'status', kind: 'changed', old: 'open', new: 'pending' },
		]);
	});

	it('reports added and removed fields', () => {
		expect(diffValues({ a: 1, b: 2 }, { a: 1, c: 3 })).toEqual([
			{ path: 'b', kind: 'removed', old: 2 },
			{ path: 'c', kind: 'added', new: 3 },
		]);
	});

	it('compares arrays index by index, including growth and shrinkage', () => {
		expect(diffValues({ tags: ['a', 'b'] }, { tags: ['a', 'c', 'd'] })).toEqual([
			{ path: 'tags[1]', kind: 'changed', old: 'b', new: 'c' },
			{ path: 'tags[2]', kind: 'added', new: 'd' },
		]);
		expect(diffValues({ events: [{ type: 'note' }, { type: 'status' }] }, { events: [{ type: 'note', at: 'x' }] })).toEqual([
			{ path: 'events[0].at', kind: 'added', new: 'x' },
			{ path: 'events[1]', kind: 'removed', old: { type: 'status' } },
		]);
	});

	it('records a type change as one change of the whole value', () => {
		expect(diffValues({ a: { x: 1 } }, { a: 'flat' })).toEqual([{ path: 'a', kind: 'changed', old: { x: 1 }, new: 'flat' }]);
		expect(diffValues({ a: [1] }, { a: { 0: 1 } })).toEqual([{ path: 'a', kind: 'changed', old: [1], new: { 0: 1 } }]);
		expect(diffValues({ a: 1 }, { a: '1' })).toEqual([{ path: 'a', kind: 'changed', old: 1, new: '1' }]);
		expect(diffValues({ a: null }, { a: {} })).toEqual([{ path: 'a', kind: 'changed', old: null, new: {} }]);
	});

	it('finds nothing between equal values and quotes keys that are not identifiers', () => {
		expect(diffValues({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
		expect(diffValues({ 'first name': 'A' }, { 'first name': 'B' })[0].path).toBe('["first name"]');
	});
});
