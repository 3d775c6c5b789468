import { delivered, dryRunMessages, parentOf, postOf, startDispatch, type Dispatch } from '../../../engine/escalation/dispatch';
import type { TicketEscalation } from '../../../engine/escalation/ticket-escalation';
import { escalationOf, MIN, T0, ticket } from './ticket-fixtures';

const THREAD = { channel: 'C00000001', ts: '1700000001.000001' };
const levelOne = { metric: 'firstResponse', cycle: 1, level: 1, name: 'Heads-up', sentAt: new Date(T0 - 30 * MIN).toISOString(), key: 'k1', ...THREAD, paged: true };

/** Posts every delivery of the escalation as Slack would accept it, numbering the messages. */
function sendAll(escalation: TicketEscalation, earlier?: Dispatch): { dispatch: Dispatch; posts: Array<Record<string, unknown>> } {
	let dispatch = startDispatch(escalation, earlier);
	const posts: Array<Record<string, unknown>> = [];
	for (const delivery of escalation.deliveries) {
		const post = postOf(dispatch, delivery, escalation);
		if (post) posts.push(post as unknown as Record<string, unknown>);
		const posted = post ? { channel: post.channel.startsWith('#') ? `C${posts.length}` : post.channel, ts: `ts-${posts.length}` } : null;
		dispatch = delivered(dispatch, delivery, escalation, posted);
	}
	return { dispatch, posts };
}

describe('dispatching a ticket to Slack', () => {
	it('starts the ticket’s thread with its first message in the channel', () => {
		const { dispatch, posts } = sendAll(escalationOf(ticket(55)));
		expect(posts).toEqual([expect.objectContaining({ channel: '#support-escalations' })]);
		expect(posts[0]).not.toHaveProperty('threadTs');
		expect(dispatch.thread).toEqual({ channel: 'C1', ts: 'ts-1' });
		expect(dispatch.sent).toEqual([{ metric: 'firstResponse', level: 1, name: 'Heads-up', destination: 'thread', channel: 'C1', ts: 'ts-1', threaded: false, broadcast: false }]);
		expect(dispatch.levels).toEqual([
			{ metric: 'firstResponse', cycle: 1, level: 1, name: 'Heads-up', sentAt: '2026-03-10T09:00:00.000Z', key: 'sla-escalation:v1:T-42:firstResponse:cycle-1:level-1', channel: 'C1', ts: 'ts-1', paged: true },
		]);
	});

	it('replies to a later level in the ticket’s thread and broadcasts the level change', () => {
		const escalation = escalationOf(ticket(80, { escalation: { slack: THREAD, levels: [levelOne] } }));
		const { dispatch, posts } = sendAll(escalation);
		expect(posts[0]).toMatchObject({ channel: THREAD.channel, threadTs: THREAD.ts, broadcast: true });
		expect(dispatch.thread).toEqual(THREAD);
		expect(dispatch.levels.map((entry) => entry.level)).toEqual([1, 2]);
		expect(dispatch.highestPosted).toBe(2);
	});

	it('does not broadcast a reply when broadcasting level changes is off', () => {
		const escalation = escalationOf(ticket(80, { escalation: { slack: THREAD, levels: [levelOne] } }), { delivery: { broadcastLevelChanges: false } });
		expect(sendAll(escalation).posts[0]).toMatchObject({ threadTs: THREAD.ts, broadcast: false });
	});

	it('does not broadcast a level no higher than one this run already posted for the ticket', () => {
		const escalation = escalationOf(ticket(80, { escalation: { slack: THREAD, levels: [] } }));
		const earlier = { ...startDispatch(escalation), highestPosted: 2 };
		expect(sendAll(escalation, earlier).posts[0]).toMatchObject({ broadcast: false });
	});

	it('rewrites the thread’s first message to the current level, but only when replying in a thread', () => {
		const threaded = escalationOf(ticket(80, { escalation: { slack: THREAD, levels: [levelOne] } }));
		const parent = parentOf(startDispatch(threaded), threaded.deliveries[0], threaded);
		expect(parent?.target).toEqual(THREAD);
		expect((parent?.message.blocks[0] as { text: { text: string } }).text.text).toBe('Escalation L2: [NORMAL] · Ticket T-42');

		const fresh = escalationOf(ticket(80));
		expect(parentOf(startDispatch(fresh), fresh.deliveries[0], fresh)).toBeNull();
		const off = escalationOf(ticket(80, { escalation: { slack: THREAD } }), { delivery: { updateParent: false } });
		expect(parentOf(startDispatch(off), off.deliveries[0], off)).toBeNull();
	});

	it('mentions people only in the thread; leadership gets the alert without them', () => {
		const { posts, dispatch } = sendAll(escalationOf(ticket(105)));
		expect(posts.map((post) => post.channel)).toEqual(['#support-escalations', '#support-leads']);
		expect(String(posts[0].text).startsWith('<!here>')).toBe(true);
		expect(String(posts[1].text)).not.toContain('<!here>');
		expect(dispatch.sent.map((entry) => entry.destination)).toEqual(['thread', 'leadership']);
		expect(dispatch.levels).toHaveLength(1);
		expect(dispatch.levels[0]).toMatchObject({ level: 3, channel: 'C1', ts: 'ts-1' });
	});

	it('keeps the outcome of the parent rewrite, and a failed rewrite does not undo the level', () => {
		const escalation = escalationOf(ticket(80, { escalation: { slack: THREAD, levels: [levelOne] } }));
		const after = delivered(startDispatch(escalation), escalation.deliveries[0], escalation, { channel: THREAD.channel, ts: 'ts-9' }, { ok: false, error: 'HTTP 500' });
		expect(after.parentUpdate).toEqual({ ok: false, error: 'HTTP 500' });
		expect(after.levels.map((entry) => entry.level)).toEqual([1, 2]);
	});
});

describe('a dry run', () => {
	it('shows each message and where it would go, without a thread yet', () => {
		const [thread, leadership] = dryRunMessages(escalationOf(ticket(105)));
		expect(thread).toMatchObject({ destination: 'thread', channel: '#support-escalations', threadTs: null, level: 3, metric: 'firstResponse' });
		expect(leadership).toMatchObject({ destination: 'leadership', channel: '#support-leads', threadTs: null });
		expect(thread.text).toContain('Escalation L3 Breach: ticket T-42');
	});

	it('shows a reply in the thread saved on the ticket', () => {
		const [message] = dryRunMessages(escalationOf(ticket(80, { escalation: { slack: THREAD, levels: [levelOne] } })));
		expect(message).toMatchObject({ channel: THREAD.channel, threadTs: THREAD.ts, level: 2 });
	});
});
