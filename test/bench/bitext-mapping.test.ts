import { SUPPORT_TYPES } from '../../engine/intent/support-intents';
import { BITEXT_TYPES } from '../../bench/intent-datasets';

describe('the Bitext support data set mapped onto the built-in taxonomy', () => {
	it('gives each of its 27 intents one of our types', () => {
		expect(Object.keys(BITEXT_TYPES)).toHaveLength(27);
		expect(Object.values(BITEXT_TYPES).filter((type) => !SUPPORT_TYPES.includes(type))).toEqual([]);
	});
});
