import { DateTime } from 'luxon';

import { parameterReader } from '../../../nodes/shared/parameter-reader';
import { executeContext } from '../../support/execute-context';

describe('parameters read once per execution where they hold no expression', () => {
	it('reads a plain parameter once, an expression for every item, and a $json field from the item', () => {
		const items = [{ id: 'T-1', sla: { state: 'breached' } }, { id: 'T-2', sla: { state: 'running' } }];
		const ctx = executeContext({
			items,
			parameters: { metrics: ['resolution'], ticketId: (_: number, item: any) => `ticket ${item.json.id}` },
			node: { parameters: { metrics: ['resolution'], ticketId: '={{ "ticket " + $json.id }}', sla: '={{ $json.sla }}' } },
		});
		const read = parameterReader(ctx);
		expect(items.map((json, index) => read('metrics', index, json, []))).toEqual([['resolution'], ['resolution']]);
		expect(items.map((json, index) => read('ticketId', index, json))).toEqual(['ticket T-1', 'ticket T-2']);
		expect(items.map((json, index) => read('sla', index, json))).toEqual([{ state: 'breached' }, { state: 'running' }]);
		const calls = ctx.getNodeParameter.mock.calls.map(([name]) => name);
		expect(calls.filter((name) => name === 'metrics')).toHaveLength(1);
		expect(calls.filter((name) => name === 'ticketId')).toHaveLength(2);
		expect(calls.filter((name) => name === 'sla')).toHaveLength(0);
	});

	it('reads a parameter again after a read that failed, so each item gets its own error', () => {
		const ctx = executeContext({ items: [{}, {}], parameters: {} });
		let calls = 0;
		ctx.getNodeParameter.mockImplementation((() => {
			calls++;
			throw new Error('bad parameter');
		}) as never);
		const read = parameterReader(ctx);
		expect(() => read('playbook', 0, {})).toThrow('bad parameter');
		expect(() => read('playbook', 1, {})).toThrow('bad parameter');
		expect(calls).toBe(2);
	});
	it('answers {{ $json }}, a dotted $json path and {{ $workflow.id }} as n8n does, and leaves missing fields and DateTimes to n8n', () => {
		const items = [{ id: 'T-1', customer: { tier: 'gold' } }, { id: 'T-2', customer: { tier: null } }, { id: 'T-3', customer: { tier: DateTime.fromISO('2026-03-10T08:00:00Z') } }];
		const ctx = executeContext({
			items,
			parameters: { after: (_: number, item: any) => item.json, tier: (_: number, item: any) => `n8n:${String(item.json.customer.tier)}`, actor: () => 'n8n' },
			node: { parameters: { after: '={{ $json }}', tier: '={{ $json.customer.tier }}', actor: '={{ $workflow.id }}' } },
		});
		ctx.getWorkflow.mockReturnValue({ id: 'wf-7', name: 'Flow', active: false });
		const read = parameterReader(ctx);
		expect(items.map((json, index) => read('after', index, json))).toEqual(items);
		expect(read('after', 0, items[0])).toBe(items[0]);
		expect(items.map((json, index) => read('tier', index, json))).toEqual(['gold', 'n8n:null', 'n8n:2026-03-10T08:00:00.000+00:00']);
		expect(items.map((json, index) => read('actor', index, json))).toEqual(['wf-7', 'wf-7', 'wf-7']);
		const calls = ctx.getNodeParameter.mock.calls.map(([name]) => name);
		expect(calls).toEqual(['after', 'tier', 'tier']);
	});

	it('leaves $workflow.id of an unsaved workflow to n8n, which answers it with an error', () => {
		const ctx = executeContext({ items: [{}], parameters: { actor: () => 'from n8n' }, node: { parameters: { actor: '={{ $workflow.id }}' } } });
		ctx.getWorkflow.mockReturnValue({ name: 'Unsaved', active: false });
		expect(parameterReader(ctx)('actor', 0, {})).toBe('from n8n');
	});
});
