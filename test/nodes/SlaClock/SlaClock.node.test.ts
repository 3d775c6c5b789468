import { NodeOperationError } from 'n8n-workflow';
import { SlaClock } from '../../../nodes/SlaClock/SlaClock.node';
import { EXAMPLE_POLICY_SET } from '../../../nodes/SlaClock/description';
import { executeContext } from '../../support/execute-context';

const OUTPUTS = ['On Track', 'At Risk', 'Breached', 'Paused', 'Met'];

const ticket = (overrides: Record<string, unknown> = {}) => ({
	id: 'T-100',
	priority: 'normal',
	channel: 'email',
	customer: { id: 'C-1', tier: 'enterprise' },
	createdAt: '2026-03-10T10:00:00+01:00',
	events: [{ type: 'status', status: 'open', at: '2026-03-10T10:00:00+01:00' }],
	...overrides,
});

function jsonParameters(overrides: Record<string, unknown> = {}) {
	return {
		policySource: 'json',
		policySet: JSON.stringify(EXAMPLE_POLICY_SET),
		ticketId: (_: number, item: any) => item.json.id,
		createdAt: (_: number, item: any) => item.json.createdAt,
		events: (_: number, item: any) => item.json.events,
		pauseStatuses: 'pending, waiting_on_customer, on_hold',
		now: '2026-03-10T10:30:00+01:00',
		options: {},
		...overrides,
	};
}

async function run(items: Array<Record<string, unknown>>, parameters: Record<string, unknown>, continueOnFail = false) {
	const ctx = executeContext({ items, parameters, continueOnFail });
	const outputs = await new SlaClock().execute.call(ctx);
	return Object.fromEntries(OUTPUTS.map((name, index) => [name, outputs[index]])) as Record<string, any[]>;
}

describe('SLA Clock node', () => {
	it('has one output per clock state, in the order builders see them', () => {
		const { description } = new SlaClock();
		expect(description.outputNames).toEqual(OUTPUTS);
		expect(description.outputs).toHaveLength(5);
		expect(description.usableAsTool).toBe(true);
	});

	it('sends each ticket to the output of its worst clock state and keeps the rest of the item', async () => {
		const items = [
			ticket({ id: 'on-track', custom: 'kept' }),
			ticket({ id: 'at-risk', createdAt: '2026-03-10T08:50:00+01:00', events: [] }),
			ticket({ id: 'breached', createdAt: '2026-03-09T16:00:00+01:00', events: [] }),
		];
		const outputs = await run(items, jsonParameters());
		expect(outputs['On Track'].map((item: any) => item.json.id)).toEqual(['on-track']);
		expect(outputs['On Track'][0].json.custom).toBe('kept');
		expect(outputs['On Track'][0].pairedItem).toEqual({ item: 0 });
		expect(outputs['At Risk'].map((item: any) => item.json.id)).toEqual(['at-risk']);
		expect(outputs['Breached'].map((item: any) => item.json.id)).toEqual(['breached']);
		expect(outputs['Breached'][0].pairedItem).toEqual({ item: 2 });
		// 16:00–17:00 Monday plus 09:00–10:00 Tuesday: due at 10:00, so breached at 10:00.
		expect(Date.parse(outputs['Breached'][0].json.sla.firstResponse.breachedAt)).toBe(Date.parse('2026-03-10T10:00:00+01:00'));
	});

	it('sends a ticket waiting on the customer to Paused and a resolved one to Met', async () => {
		const replied = [
			{ type: 'status', status: 'open', at: '2026-03-10T10:00:00+01:00' },
			{ type: 'agent_reply', at: '2026-03-10T10:05:00+01:00' },
		];
		const outputs = await run(
			[
				ticket({ id: 'waiting', events: [...replied, { type: 'status', status: 'Waiting on Customer', at: '2026-03-10T10:06:00+01:00' }] }),
				ticket({ id: 'solved', events: [...replied, { type: 'status', status: 'solved', at: '2026-03-10T10:10:00+01:00' }] }),
			],
			jsonParameters({ policySet: JSON.stringify({ ...EXAMPLE_POLICY_SET, policies: [{ ...EXAMPLE_POLICY_SET.policies[1], match: undefined, targets: { firstResponse: 120, resolution: 960 } }] }) }),
		);
		expect(outputs['Paused'].map((item: any) => item.json.id)).toEqual(['waiting']);
		expect(outputs['Paused'][0].json.sla.resolution.elapsedMs).toBe(6 * 60_000);
		expect(outputs['Met'].map((item: any) => item.json.id)).toEqual(['solved']);
	});

	it('builds the same policies from the editor fields as from JSON', async () => {
		const outputs = await run([ticket()], {
			...jsonParameters(),
			policySource: 'editor',
			calendars: {
				calendar: [
					{
						name: 'Office',
						timezone: 'Europe/Berlin',
						alwaysOpen: false,
						holidayCountry: 'DE',
						holidayRegion: '',
						closedDates: '2026-12-24',
						hours: { interval: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }] },
					},
				],
			},
			policies: {
				policy: [
					{ name: 'VIP', version: '3', calendar: 'Office', tier: 'enterprise', priority: '', channel: '', issueType: '', firstResponse: 60, nextResponse: 0, resolution: 480, periodicUpdate: 0, atRiskPercent: 50 },
					{ name: 'Default', version: '1', calendar: 'Office', tier: '', priority: '', channel: '', issueType: '', firstResponse: 240, nextResponse: 0, resolution: 960, periodicUpdate: 0, atRiskPercent: 75 },
				],
			},
		});
		const sla = outputs['At Risk'][0].json.sla;
		expect(sla.policy).toEqual({ name: 'VIP', version: '3' });
		expect(sla.firstResponse.percentUsed).toBe(50);
		expect(sla.nextResponse).toBeUndefined();
	});

	it('accepts an always-open calendar built in the editor', async () => {
		const outputs = await run([ticket({ createdAt: '2026-03-14T22:00:00Z', events: [] })], {
			...jsonParameters({ now: '2026-03-14T23:00:00Z' }),
			policySource: 'editor',
			calendars: { calendar: [{ name: '24/7', timezone: 'UTC', alwaysOpen: true, holidayCountry: '', holidayRegion: '', closedDates: '', hours: { interval: [{ days: ['mon'], start: '09:00', end: '17:00' }] } }] },
			policies: { policy: [{ name: 'Round the Clock', version: '1', calendar: '24/7', tier: '', priority: '', channel: '', issueType: '', firstResponse: 240, nextResponse: 0, resolution: 0, periodicUpdate: 0, atRiskPercent: 75 }] },
		});
		// Saturday night counts on a 24/7 calendar: one of four hours used.
		expect(outputs['On Track'][0].json.sla.firstResponse.percentUsed).toBe(25);
	});

	it('lets a mapped priority choose the policy instead of the ticket field', async () => {
		const outputs = await run([ticket({ customer: { tier: 'free' } })], jsonParameters({ options: { priority: 'Urgent' } }));
		expect(outputs['On Track'][0].json.sla.policy.name).toBe('Urgent');
	});

	it('names the item and the field when createdAt cannot be read', async () => {
		await expect(run([ticket(), ticket({ createdAt: 'yesterday' })], jsonParameters())).rejects.toThrow(NodeOperationError);
		await expect(run([ticket(), ticket({ createdAt: 'yesterday' })], jsonParameters())).rejects.toThrow(/Item 1: createdAt/);
	});

	it('keeps the other items flowing and emits an error item when continuing on fail', async () => {
		const outputs = await run(
			[ticket({ id: 'good' }), ticket({ id: 'bad', events: [{ type: 'status', status: 'open', at: 'soon' }] })],
			jsonParameters(),
			true,
		);
		const flat = OUTPUTS.flatMap((name) => outputs[name]);
		expect(flat).toHaveLength(2);
		const errorItem = flat.find((item: any) => item.json.error)!;
		expect(errorItem.json.error).toMatch(/events\[1\]\.at|events\[0\]\.at|events/);
		expect(errorItem.pairedItem).toEqual({ item: 1 });
		expect(flat.find((item: any) => item.json.id === 'good').json.sla.state).toBe('running');
	});

	it('rejects a policy set that is not JSON, naming the parameter', async () => {
		await expect(run([ticket()], jsonParameters({ policySet: '{ not json' }))).rejects.toThrow(/Policy Set/);
	});

	it('reports an unknown calendar in a policy with the field path', async () => {
		const broken = { ...EXAMPLE_POLICY_SET, policies: [{ ...EXAMPLE_POLICY_SET.policies[2], calendar: 'Nope' }] };
		await expect(run([ticket()], jsonParameters({ policySet: JSON.stringify(broken) }))).rejects.toThrow(/policies\[0\]\.calendar/);
	});

	it('rejects a "Now" that is not a timestamp', async () => {
		await expect(run([ticket()], jsonParameters({ now: 'tomorrow-ish' }))).rejects.toThrow(/Now/);
	});
});
