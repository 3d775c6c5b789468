import { checkChangeControl, documentHash, policyVersionsInForce, readPolicyDocuments } from '../../../engine/audit/policy-document';

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

describe('policy documents in force', () => {
	const control = { requireApproval: false, segregationOfDuties: false };

	it('name the version of each document that ran, and of an unnamed one by its place', () => {
		expect(policyVersionsInForce('[{"name":"gold","version":"4"},{"version":"7"}]', control)).toEqual({ gold: '4', policy1: '7' });
	});

	it('accept one document without a list, as text or as an object', () => {
		expect(readPolicyDocuments('{"name":"gold","version":"4"}')).toEqual([{ name: 'gold', version: '4' }]);
		expect(policyVersionsInForce({ name: 'gold', version: '4' }, control)).toEqual({ gold: '4' });
	});

	it('are absent when none are given, so the entry records no policy versions', () => {
		for (const none of ['', '[]', undefined, null, []]) expect(policyVersionsInForce(none, control)).toBeUndefined();
	});

	it('name the parameter when the text is not JSON or not documents', () => {
		expect(() => readPolicyDocuments('[{"name":')).toThrow(/^Policy Documents: is not valid JSON/);
		expect(() => readPolicyDocuments('"gold"')).toThrow('Policy Documents: must be a list of { name, version, author, approvedBy }');
	});

	it('refuse the whole set when change control refuses one document, naming which', () => {
		const documents = [{ name: 'gold', version: '4', author: 'ana', approvedBy: 'ben' }, { name: 'silver', version: '2', author: 'ana', approvedBy: 'ana' }];
		expect(() => policyVersionsInForce(documents, { requireApproval: true, segregationOfDuties: true })).toThrow('Policy Documents[1].approvedBy');
	});
});
