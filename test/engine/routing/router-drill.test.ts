/**
 * The drill: Easter Monday 2026 closes EMEA (a German public holiday), at 13:00Z the APAC late shift
 * ends (22:00 Tokyo) as AMER's day starts (09:00 New York), and a surge of VIP billing tickets arrives
 * in the same batch as ordinary ones.
 */
import { agent, route, ticket } from './router-fixtures';

const EASTER_MONDAY_13Z = '2026-04-06T13:00:00Z';
const vipSkills = { billing: 4, vip: 2 };

const agents = [
	agent('emea-vip-1', { region: 'emea', skills: vipSkills, languages: ['en', 'de'], capacity: 4 }),
	agent('emea-vip-2', { region: 'emea', skills: vipSkills, languages: ['en', 'de'], capacity: 4 }),
	agent('apac-vip-1', { region: 'apac', skills: vipSkills, languages: ['en', 'ja'], capacity: 5 }),
	agent('amer-vip-1', { region: 'amer', skills: vipSkills, languages: ['en', 'es'], capacity: 2 }),
	agent('amer-vip-2', { region: 'amer', skills: vipSkills, languages: ['en'], capacity: 2, load: 1 }),
	agent('amer-billing', { region: 'amer', skills: { billing: 3 }, languages: ['en'], capacity: 2 }),
];

function surge() {
	const vips = Array.from({ length: 8 }, (_, i) =>
		ticket({ id: `vip-${i + 1}`, tier: 'vip', region: 'emea', remainingMs: (10 + 10 * i) * 60_000, createdAt: '2026-04-06T12:58:00Z' }),
	);
	const ordinary = Array.from({ length: 4 }, (_, i) =>
		ticket({ id: `std-${i + 1}`, tier: 'standard', region: 'emea', remainingMs: 6 * 3_600_000, createdAt: '2026-04-06T12:30:00Z' }),
	);
	// Ordinary tickets first in the input: urgency, not arrival order, decides.
	return [...ordinary, ...vips.reverse()];
}

describe('Skill Router drill: holiday, shift change and a VIP surge at once', () => {
	const tickets = surge();
	const records = route(tickets, agents, EASTER_MONDAY_13Z);
	const byId = Object.fromEntries(tickets.map((t, i) => [t.id as string, records[i]]));

	it('overflows EMEA tickets past the closed holiday region to AMER, whose shift just started', () => {
		const assigned = records.filter((r) => r.assignee !== null);
		expect(assigned.every((r) => r.outcome === 'overflowed' && r.region === 'amer')).toBe(true);
		expect(byId['vip-1'].overflow).toEqual([{ region: 'emea', open: false, reason: 'coverage closed now' }]);
		expect(byId['vip-1'].homeRegion).toBe('emea');
	});

	it('gives the scarce VIP-skilled slots to the most urgent VIP tickets, one slot each, never over capacity', () => {
		// amer-vip-1 has 2 free slots, amer-vip-2 has 1: the three most urgent VIPs get them.
		expect(['vip-1', 'vip-2', 'vip-3'].map((id) => byId[id].assignee?.id).sort()).toEqual(['amer-vip-1', 'amer-vip-1', 'amer-vip-2']);
		const load: Record<string, number> = {};
		for (const r of records) if (r.assignee) load[r.assignee.id] = (load[r.assignee.id] ?? 0) + 1;
		expect(load).toEqual({ 'amer-vip-1': 2, 'amer-vip-2': 1, 'amer-billing': 2 });
		expect(['vip-1', 'vip-2', 'vip-3'].map((id) => byId[id].batchRank)).toEqual([1, 2, 3]);
	});

	it('queues the remaining VIPs for the VIP queue with the next VIP-skilled shift: APAC at 14:00 Tokyo', () => {
		for (const id of ['vip-4', 'vip-5', 'vip-6', 'vip-7', 'vip-8']) {
			expect(byId[id].outcome).toBe('queued');
			expect(byId[id].queue).toBe('VIP Billing');
			expect(byId[id].nextEligibleAt).toBe('2026-04-07T05:00:00.000Z');
			expect(byId[id].nextEligibleAgent).toBe('apac-vip-1');
			expect(byId[id].overflow).toEqual([
				{ region: 'emea', open: false, reason: 'coverage closed now' },
				{ region: 'amer', open: true, reason: 'no agent on shift with the skills, language and capacity' },
				{ region: 'apac', open: false, reason: 'coverage closed now' },
			]);
			// After ten minutes of waiting the VIP skill stops being required: the next sweep searches wider.
			expect(byId[id].nextRelaxationAt).toBe('2026-04-06T13:08:00.000Z');
		}
	});

	it('lets ordinary tickets use the agent without VIP skills, the rest wait in the home region queue', () => {
		const ordinary = ['std-1', 'std-2', 'std-3', 'std-4'].map((id) => byId[id]);
		expect(ordinary.map((r) => r.assignee?.id ?? r.queue)).toEqual(['amer-billing', 'amer-billing', 'EMEA Support', 'EMEA Support']);
		// Ordinary tickets waited 30 minutes: both relaxation steps applied (billing 2 → 1).
		expect(ordinary[0].relaxation.map((s) => s.step)).toEqual(['lower_min_level']);
	});

	it('one minute before the shift change, the same surge goes to APAC instead', () => {
		const early = route(surge(), agents, '2026-04-06T12:59:00Z');
		const regions = new Set(early.filter((r) => r.assignee).map((r) => r.region));
		expect(regions).toEqual(new Set(['apac']));
		expect(early.filter((r) => r.assignee).length).toBe(5);
	});

	it('on the day after the holiday, EMEA takes its own tickets again', () => {
		const tuesday = route(surge(), agents, '2026-04-07T08:00:00Z');
		expect(tuesday.filter((r) => r.outcome === 'assigned').every((r) => r.region === 'emea')).toBe(true);
		expect(tuesday.filter((r) => r.outcome === 'assigned').length).toBe(8);
	});
});
