/**
 * Sends one ticket's pending deliveries to Slack, in ladder order. The engine says where each goes and
 * keeps the books; this file only posts, and keeps a delivery's claim once Slack accepted it.
 */
import { type Delivery, delivered, type Dispatch, parentOf, type ParentUpdate, postOf, startDispatch, type ThreadState, type TicketEscalation } from '../../engine/escalation';
import type { RunClaims } from './claims';
import type { PostedMessage, SlackTransport } from './transport';

export async function send(
	escalation: TicketEscalation,
	pending: readonly Delivery[],
	transport: SlackTransport,
	earlier: ThreadState | undefined,
	claims: RunClaims,
	itemIndex: number,
): Promise<Dispatch> {
	let dispatch = startDispatch(escalation, earlier);
	for (const delivery of pending) {
		const post = postOf(dispatch, delivery, escalation);
		const posted: PostedMessage | null = post ? await transport.post(post, itemIndex) : null;
		const parent = parentOf(dispatch, delivery, escalation);
		let parentUpdate: ParentUpdate | undefined;
		if (parent) {
			try {
				await transport.update(parent.target, parent.message, itemIndex);
				parentUpdate = { ok: true, level: delivery.due.level.level };
			} catch (error) {
				parentUpdate = { ok: false, error: (error as Error).message };
			}
		}
		claims.keep(delivery.key);
		dispatch = delivered(dispatch, delivery, escalation, posted, parentUpdate);
	}
	return dispatch;
}
