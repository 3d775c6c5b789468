import { NodeOperationError } from 'n8n-workflow';
import { SkillRouter } from '../../../nodes/SkillRouter/SkillRouter.node';
import { EXAMPLE_MATRIX, EXAMPLE_ROSTER } from '../../../nodes/SkillRouter/description';
import { executeContext } from '../../support/execute-context';

const OUTPUTS = ['Assigned', 'Overflowed', 'Queued', 'Needs Triage'];
// Tuesday 10:00Z: EMEA (Berlin 11:00) is open, AMER (New York 06:00) and APAC (Sydney 21:00) are closed.
const NOW = '2026-03-10T10:00:00Z';

const ticket = (id: string, fields: Record<string, unknown> = {}) => ({
	id,
	channel: 'email',
	priority: 'normal',
	createdAt: '2026-03-10T09:59:00Z',
	customer: { id: `C-${id}`, tier: 'standard', region: 'emea' },
	intent: { type: 'billing', intent: 'invoice_question', language: { code: 'en', confidence: 0.9 } },
	...fields,
});

function parameters(overrides: Record<string, unknown> = {}) {
	return {
		roster: JSON.stringify(EXAMPLE_ROSTER),
		matrixSource: 'json',
		matrix: JSON.stringify(EXAMPLE_MATRIX),
		strategy: 'bestSkillMatch',
		followTheSun: true,
		regionOrder: 'apac, emea, amer',
		maxHops: 3,
		handoffTimeout: 15,
		dropPreferredAfter: 10,
		lowerLevelAfter: 30,
		lowerLevelBy: 1,
		triageQueue: 'Triage',
		now: NOW,
		options: {},
		...overrides,
	};
}

async function run(items: Array<Record<string, unknown>>, params: Record<string, unknown>, continueOnFail = false) {
	const ctx = executeContext({ items, parameters: params, continueOnFail });
	const outputs = await new SkillRouter().execute.call(ctx);
	return Object.fromEntries(OUTPUTS.map((name, index) => [name, outputs[index]])) as Record<string, any[]>;
}

describe('Skill Router node', () => {
	it('has one output per routing outcome, in the order builders see them', () => {
		const { description } = new SkillRouter();
		expect(description.outputNames).toEqual(OUTPUTS);
		expect(description.outputs).toHaveLength(4);
		expect(description.usableAsTool).toBe(true);
		expect(description.name).toBe('skillRouter');
	});

	it('routes a batch to Assigned, Overflowed, Queued and Needs Triage, keeping each item and its pairing', async () => {
		const items = [
			ticket('billing-emea', { custom: 'kept' }),
			ticket('spanish-amer', { customer: { tier: 'standard', region: 'amer' }, language: 'es' }),
			ticket('technical-apac', { customer: { tier: 'standard', region: 'apac' }, intent: { type: 'technical_issue', language: 'en' } }),
			ticket('japanese-amer', { customer: { tier: 'standard', region: 'amer' }, language: 'ja' }),
			ticket('too-many-hops', { routing: { assignee: 'ana', hops: 3, declined: ['ana'] } }),
		];
		const outputs = await run(items, parameters({ matrix: JSON.stringify({ rules: EXAMPLE_MATRIX.rules.slice(0, 3) }) }));
		expect(outputs.Assigned.map((item) => [item.json.id, item.json.routing.assignee.id])).toEqual([['billing-emea', 'ana']]);
		expect(outputs.Assigned[0].json.custom).toBe('kept');
		expect(outputs.Assigned[0].pairedItem).toEqual({ item: 0 });
		// AMER is closed at 06:00 New York; after amer comes apac (closed), then emea, where Ana speaks Spanish.
		expect(outputs.Overflowed.map((item) => [item.json.id, item.json.routing.assignee.id, item.pairedItem.item])).toEqual([
			['spanish-amer', 'ana', 1],
			['technical-apac', 'jonas', 2],
		]);
		expect(outputs.Overflowed[0].json.routing.overflow.map((step: any) => step.region)).toEqual(['amer', 'apac']);
		expect(outputs.Queued.map((item) => item.json.id)).toEqual(['japanese-amer']);
		expect(outputs.Queued[0].json.routing.queue).toBe('AMER Support');
		expect(outputs.Queued[0].json.routing.nextEligibleAgent).toBe('kenji');
		expect(outputs['Needs Triage'].map((item) => [item.json.id, item.json.routing.queue, item.pairedItem.item])).toEqual([['too-many-hops', 'Triage', 4]]);
	});

	it('builds the same matrix from the editor fields as from JSON', async () => {
		const editor = parameters({
			matrixSource: 'editor',
			rules: { rule: [{ name: 'Billing', issueTypes: 'billing, refund', requiredSkills: 'billing:2', preferredSkills: 'vip:1', queue: 'Money', requireLanguage: true, minLevel: 1 }] },
		});
		const fromJson = parameters({ matrix: JSON.stringify([{ name: 'Billing', match: { issueType: 'billing, refund' }, requiredSkills: 'billing:2', preferredSkills: 'vip:1', queue: 'Money' }]) });
		const items = [ticket('a'), ticket('b', { intent: { type: 'refund', language: 'de' } }), ticket('c', { intent: { type: 'shipping' } })];
		const [viaEditor, viaJson] = [await run(items, editor), await run(items, fromJson)];
		const summary = (outputs: Record<string, any[]>) => OUTPUTS.map((name) => outputs[name].map((item) => [item.json.id, item.json.routing.assignee?.id, item.json.routing.rule, item.json.routing.reason]));
		expect(summary(viaEditor)).toEqual(summary(viaJson));
		expect(viaEditor.Assigned.map((item) => item.json.routing.required)).toEqual([{ billing: 2, vip: 1 }, { billing: 2, vip: 1 }]);
		expect(viaEditor['Needs Triage'].map((item) => item.json.id)).toEqual(['c']);
	});

	it('reads a roster given by an expression as data table rows', async () => {
		const rows = [
			{ id: 'r1', name: 'Row One', skills: 'billing:3', languages: 'en', region: 'emea', capacity: 2, load: 0, calendar: JSON.stringify({ timezone: 'UTC', alwaysOpen: true }) },
			{ id: 'r2', name: 'Row Two', skills: 'billing:3', languages: 'en', region: 'emea', capacity: 2, load: 1, calendar: JSON.stringify({ timezone: 'UTC', alwaysOpen: true }) },
		];
		const outputs = await run([ticket('a'), ticket('b'), ticket('c'), ticket('d')], parameters({ roster: () => rows, strategy: 'mostSpareCapacity' }));
		expect(outputs.Assigned.map((item) => item.json.routing.assignee.id)).toEqual(['r1', 'r2', 'r1']);
		expect(outputs.Queued.map((item) => item.json.routing.queue)).toEqual(['Unassigned']);
	});

	it('maps fields from other helpdesk payloads through the options', async () => {
		const zendeskLike = { id: 'Z-1', via: 'chat', org: { region: 'EMEA' }, detected: 'de', createdAt: '2026-03-10T09:59:00Z', intent: { type: 'billing' } };
		const outputs = await run([zendeskLike], parameters({
			options: {
				channel: (_: number, item: any) => item.json.via,
				region: (_: number, item: any) => item.json.org.region,
				language: (_: number, item: any) => item.json.detected,
			},
		}));
		expect(outputs.Assigned[0].json.routing.homeRegion).toBe('emea');
		expect(outputs.Assigned[0].json.routing.language).toBe('de');
		expect(outputs.Assigned[0].json.routing.assignee.id).toBe('ana');
	});

	it('stops with an error naming the bad roster entry', async () => {
		const duplicate = { ...EXAMPLE_ROSTER, agents: [...EXAMPLE_ROSTER.agents, EXAMPLE_ROSTER.agents[0]] };
		await expect(run([ticket('a')], parameters({ roster: JSON.stringify(duplicate) }))).rejects.toThrow(NodeOperationError);
		await expect(run([ticket('a')], parameters({ roster: JSON.stringify(duplicate) }))).rejects.toThrow('Roster: agents[4] "ana".id: duplicate agent id (first used by agents[0])');
		const negative = { ...EXAMPLE_ROSTER, agents: [{ ...EXAMPLE_ROSTER.agents[0], capacity: -2 }] };
		await expect(run([ticket('a')], parameters({ roster: JSON.stringify(negative) }))).rejects.toThrow('Roster: agents[0] "ana".capacity: must not be negative, got -2');
		const unknown = { ...EXAMPLE_ROSTER, agents: [{ ...EXAMPLE_ROSTER.agents[0], group: undefined, calendar: 'Mars Day' }] };
		await expect(run([ticket('a')], parameters({ roster: JSON.stringify(unknown) }))).rejects.toThrow('Roster: agents[0] "ana".calendar: unknown calendar "Mars Day"');
		await expect(run([ticket('a')], parameters({ roster: '{ not json' }))).rejects.toThrow(/^Roster: is not valid JSON/);
	});

	it('under continue on fail, turns a bad roster into one error item per input item, each paired', async () => {
		const roster = { ...EXAMPLE_ROSTER, agents: [{ ...EXAMPLE_ROSTER.agents[0], capacity: -2 }] };
		const outputs = await run([ticket('a'), ticket('b')], parameters({ roster: JSON.stringify(roster) }), true);
		expect(outputs.Assigned.map((item) => [item.json.id, item.json.error, item.pairedItem.item])).toEqual([
			['a', 'Roster: agents[0] "ana".capacity: must not be negative, got -2', 0],
			['b', 'Roster: agents[0] "ana".capacity: must not be negative, got -2', 1],
		]);
	});

	it('rejects a malformed matrix rule, naming it', async () => {
		await expect(run([ticket('a')], parameters({ matrix: JSON.stringify([{ name: 'VIP', match: { country: 'de' } }]) }))).rejects.toThrow('Matrix: rules[0] "VIP".match.country: unknown condition');
	});
});
