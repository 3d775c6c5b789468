/**
 * Escalate with ladder levels on the ticket's own clocks (age, time in status), with a mocked n8n
 * context against the local Slack Web API server: the level goes out once, run after run.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { Escalate } from '../../../nodes/Escalate/Escalate.node';
import { dedupStore, type DedupStore } from '../../support/dedup-store';
import { executeContext } from '../../support/execute-context';
import { useSlackServer } from '../../support/slack-server';

const T0 = Date.parse('2026-03-10T09:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const [ESCALATED, NO_ACTION, SUPPRESSED] = [0, 1, 2];

/** A ticket created three days before T0, its first-response clock (2 h) at 10 %: far from any SLA level. */
function ticket(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: 'T-77',
		subject: 'Refund still not booked',
		priority: 'normal',
		status: 'open',
		createdAt: new Date(T0 - 3 * DAY).toISOString(),
		customer: { id: 'C-9', name: 'Globex', tier: 'pro' },
		sla: {
			state: 'running',
			cycle: 1,
			firstResponse: { state: 'running', percentUsed: 10, elapsedMs: 12 * MIN, remainingMs: 108 * MIN, dueAt: new Date(T0 + 108 * MIN).toISOString(), cycle: 1 },
		},
		...extra,
	};
}

const ageLadder = {
	levels: [
		{ name: 'Heads-up', trigger: { kind: 'percentUsed', percent: 50 }, actions: [{ type: 'notifyChannel' }] },
		{ name: 'Old case', trigger: { kind: 'ticketAge', minutes: 3 * 24 * 60 }, actions: [{ type: 'notifyChannel' }, { type: 'nudgeLeadership' }] },
	],
};

const slack = useSlackServer();

function run(items: Array<Record<string, unknown>>, store: DedupStore, now: number, parameters: Record<string, unknown> = {}): Promise<INodeExecutionData[][]> {
	const ctx = executeContext({
		items,
		parameters: {
			mode: 'send',
			channel: '#support-escalations',
			leadershipChannel: '#support-leads',
			ladderSource: 'json',
			ladderJson: ageLadder,
			...parameters,
			'options.now': new Date(now).toISOString(),
		},
	});
	(ctx as unknown as { helpers: unknown }).helpers = store;
	ctx.getCredentials.mockResolvedValue({ accessToken: 'xoxb-test', slackApiUrl: slack().url });
	ctx.getExecutionId.mockReturnValue('exec-1');
	return new Escalate().execute.call(ctx as unknown as IExecuteFunctions);
}

const posts = () => slack().calls.filter((call) => call.method === 'chat.postMessage' && call.response?.ok);
const escalationOf = (out: INodeExecutionData[][], output: number) => out[output][0].json.escalation as Record<string, any>;

describe('Escalate on the ticket’s age', () => {
	it('waits for the age, sends the level once, and never again on later runs', async () => {
		const store = dedupStore();
		const early = await run([ticket()], store, T0 - MIN);
		expect(escalationOf(early, NO_ACTION)).toMatchObject({ status: 'noAction', nextCheckAt: new Date(T0).toISOString() });

		const first = await run([ticket()], store, T0);
		const record = escalationOf(first, ESCALATED);
		expect(record.levels).toEqual([expect.objectContaining({ metric: 'ticketAge', cycle: 1, level: 2, name: 'Old case', key: 'sla-escalation:v1:T-77:ticketAge:cycle-1:level-2' })]);
		expect(posts().map((call) => call.body.channel)).toEqual(['#support-escalations', '#support-leads']);
		expect(posts()[0].body.text).toContain('Escalation L2 Old case: ticket T-77');
		expect(JSON.stringify(posts()[0].body.blocks)).toContain('on ticket age (open)');
		// Only the SLA level is left: checked again when the first response reaches 50 %.
		expect(record.nextCheckAt).toBe(new Date(T0 + 48 * MIN).toISOString());

		slack().reset();
		for (const later of [T0 + MIN, T0 + 2 * DAY, T0 + 30 * DAY]) {
			const again = await run([ticket({ escalation: record })], store, later);
			expect(escalationOf(again, SUPPRESSED)).toMatchObject({ status: 'suppressed', reason: 'alreadySent' });
		}
		// Even a ticket whose record was lost is not sent twice: n8n's deduplication store has the keys.
		const lost = await run([ticket()], store, T0 + DAY);
		expect(escalationOf(lost, SUPPRESSED)).toMatchObject({ reason: 'alreadySent' });
		expect(posts()).toHaveLength(0);
		expect([...store.keys].sort()).toEqual(['sla-escalation:v1:T-77:ticketAge:cycle-1:level-2:leadership', 'sla-escalation:v1:T-77:ticketAge:cycle-1:level-2:thread']);
	});

	it('builds a time-in-status level in the editor, statuses and all', async () => {
		const parameters = {
			ladderSource: 'editor',
			levels: {
				level: [{ name: 'Sits too long', trigger: 'timeInStatus', minutes: 2880, statuses: 'Open, Pending', metrics: ['resolution'], notifyChannel: false, nudgeLeadership: true }],
			},
		};
		const events = [{ type: 'status', status: 'pending', at: new Date(T0 - 2 * DAY).toISOString() }];
		const out = await run([ticket({ status: 'pending', events }), ticket({ id: 'T-78', status: 'new', events: [] })], dedupStore(), T0, parameters);
		expect(out[ESCALATED].map((item) => item.json.id)).toEqual(['T-77']);
		expect(escalationOf(out, ESCALATED).levels).toEqual([expect.objectContaining({ metric: 'timeInStatus', level: 1, name: 'Sits too long' })]);
		expect(posts().map((call) => call.body.channel)).toEqual(['#support-leads']);
		expect(escalationOf(out, NO_ACTION)).toMatchObject({ status: 'noAction', nextCheckAt: new Date(T0 + 2 * DAY).toISOString() });
	});
});
