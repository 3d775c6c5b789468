import { holdOut } from '../../../engine/intent/hold-out';

describe('the held-out fifth', () => {
	it('holds out every fifth example of each label, in order, and trains on the rest', () => {
		const examples = [...'aaaaaaaaaabbbbbc'].map((label) => ({ label }));
		const { fit, check } = holdOut(examples);
		expect(check).toEqual([4, 9, 14]);
		expect([...fit, ...check].sort((a, b) => a - b)).toEqual(examples.map((_, index) => index));
	});

	it('interleaved labels are counted each on its own', () => {
		const examples = [...'ababababab'].map((label) => ({ label }));
		expect(holdOut(examples).check).toEqual([8, 9]);
	});
});
