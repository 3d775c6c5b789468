import { DEFAULT_DRILL_SCENARIO, DrillScenarioError, readDrillScenario } from '../../../engine/drill';

const wave = DEFAULT_DRILL_SCENARIO.waves[0];
const withWave = (changes: Record<string, unknown>) => ({ ...DEFAULT_DRILL_SCENARIO, waves: [{ ...wave, ...changes }] });

function fieldOf(document: unknown): string {
	try {
		readDrillScenario(document);
	} catch (error) {
		if (error instanceof DrillScenarioError) return error.field;
		throw error;
	}
	throw new Error('accepted');
}

describe('a drill scenario a builder edits as JSON', () => {
	it('reads the default scenario back from its JSON text unchanged', () => {
		expect(readDrillScenario(JSON.stringify(DEFAULT_DRILL_SCENARIO))).toEqual(DEFAULT_DRILL_SCENARIO);
	});

	it.each([
		['no waves', { ...DEFAULT_DRILL_SCENARIO, waves: [] }, 'waves'],
		['a wave name with spaces', withWave({ name: 'VIP surge' }), 'waves[0].name'],
		['two waves with one name', { ...DEFAULT_DRILL_SCENARIO, waves: [wave, wave] }, 'waves[1].name'],
		['a fractional ticket count', withWave({ tickets: 2.5 }), 'waves[0].tickets'],
		['too many tickets', withWave({ tickets: 501 }), 'waves[0].tickets'],
		['no subjects', withWave({ subjects: [] }), 'waves[0].subjects'],
		['an unknown time zone', withWave({ customer: { tiers: ['vip'], region: 'emea', timezone: 'Europe/Atlantis' } }), 'waves[0].customer.timezone'],
		['a status follow-up without a status', withWave({ followUps: [{ type: 'status', afterMinutes: 5 }] }), 'waves[0].followUps[0].status'],
		['an unknown SLA state', withWave({ expect: { checkAfterMinutes: 10, slaState: 'late' } }), 'waves[0].expect.slaState'],
		['no check time', withWave({ expect: { slaState: 'breached' } }), 'waves[0].expect.checkAfterMinutes'],
		['a name that is not text', { ...DEFAULT_DRILL_SCENARIO, name: 7 }, 'name'],
		['text that is not JSON', '{"waves": [', 'scenario'],
	])('names the field for %s', (_case, document, field) => {
		expect(fieldOf(document)).toBe(field);
	});

	it('caps a drill at 2,000 tickets', () => {
		const waves = Array.from({ length: 5 }, (_, index) => ({ ...wave, name: `wave-${index}`, tickets: 500 }));
		expect(() => readDrillScenario({ ...DEFAULT_DRILL_SCENARIO, waves })).toThrow('waves: make 2500 tickets; a drill makes at most 2000');
	});
});
