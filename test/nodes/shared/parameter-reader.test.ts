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
});
