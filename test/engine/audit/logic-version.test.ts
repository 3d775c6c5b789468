import { checkChangeControl, documentHash, logicChanges, logicSnapshot } from '../../../engine/audit/logic-version';

const nodes = [
	{ name: 'SLA Clock', type: 'slaClock', parameters: { policy: { gold: { firstResponse: '1h' } } } },
	{ name: 'Skill Router', type: 'skillRouter', parameters: { matrix: ['billing', 'tech'] } },
];

describe('logic versions', () => {
	it('are stable whatever the order of nodes and parameter keys', () => {
		const reordered = [{ ...nodes[1] }, { name: 'SLA Clock', type: 'slaClock', parameters: { policy: { gold: { firstResponse: '1h' } } } }];
		expect(logicSnapshot(nodes).version).toBe(logicSnapshot(reordered).version);
		expect(logicSnapshot(nodes).version).toMatch(/^lv-[0-9a-f]{16}$/);
	});

	it('change with any rule parameter, and the change lists the parameter diff', () => {
		const before = logicSnapshot(nodes);
		const after = logicSnapshot([{ ...nodes[0], parameters: { policy: { gold: { firstResponse: '30m' } } } }, nodes[1]]);
		expect(after.version).not.toBe(before.version);
		expect(logicChanges(before, after)).toEqual([{ path: '["SLA Clock"].parameters.policy.gold.firstResponse', kind: 'changed', old: '1h', new: '30m' }]);
		expect(logicChanges(null, before).map((change) => change.kind)).toEqual(['added', 'added']);
	});
});

describe('change control', () => {
	const control = { requireApproval: true, segregationOfDuties: true };

	it('accepts a version approved by a second person and names the version that ran', () => {
		expect(checkChangeControl({ name: 'gold', version: '3', author: 'ana', approvedBy: 'ben' }, control)).toBe('gold@3');
	});

	it('refuses a version without approval when approval is required', () => {
		expect(() => checkChangeControl({ name: 'gold', version: '3', author: 'ana' }, control)).toThrow('policy.approvedBy');
		expect(checkChangeControl({ name: 'gold', version: '3', author: 'ana' }, { requireApproval: false, segregationOfDuties: true })).toBe('gold@3');
	});

	it('refuses a version its author approved (segregation of duties)', () => {
		expect(() => checkChangeControl({ version: '3', author: 'Ana', approvedBy: 'ana ' }, control)).toThrow('segregation of duties');
		expect(checkChangeControl({ version: '3', author: 'ana', approvedBy: 'ana' }, { requireApproval: true, segregationOfDuties: false })).toBe('3');
	});

	it('needs a version', () => {
		expect(() => checkChangeControl({ version: '' }, control, 'Policy Documents[0]')).toThrow('Policy Documents[0].version');
	});

	it('hashes document content independently of key order', () => {
		expect(documentHash({ version: '1', content: { a: 1, b: 2 } })).toBe(documentHash({ version: '2', content: { b: 2, a: 1 } }));
	});
});
