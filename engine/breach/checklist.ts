import type { IncidentSoFar } from './incident-so-far';
import type { IncidentReview } from './review';
import { SEVERITIES } from './severity-level';
import { clientNotifiedAt, formatTimelineTime, type TimelineEntry } from './incident-timeline';
import { formatInstant, parseInstant } from '../core';
import { DEFAULT_NOTICE_DUE_MINUTES } from './notice';
import { actionStatuses } from './review';

/**
 * The SOP's checklist, with the state of each item derived from what has happened to the ticket (its
 * incident record, events and audit trail), and guard checks for the mistakes the SOP warns about:
 * the client not told in time, no documentation, no root-cause analysis, an unclear notice and
 * follow-up actions left overdue. Nothing is ticked by hand: an item is done when the record shows it.
 */
export const CHECKLIST_ITEMS = [
	{ key: 'identified', label: 'Identify SLA breach using monitoring tools' },
	{ key: 'categorised', label: 'Categorize breach by severity' },
	{ key: 'clientNotified', label: 'Notify the client promptly' },
	{ key: 'measuresDeployed', label: 'Deploy corrective measures' },
	{ key: 'documented', label: 'Document incident details' },
	{ key: 'rootCauseAnalysed', label: 'Conduct a root cause analysis' },
	{ key: 'resolutionReviewed', label: 'Review the resolution process' },
	{ key: 'improvementsShared', label: 'Ensure improvements are shared with the team' },
] as const;

export type ChecklistKey = (typeof CHECKLIST_ITEMS)[number]['key'];
export type ItemState = 'done' | 'open' | 'overdue' | 'not_needed';

export interface ChecklistItem {
	key: ChecklistKey;
	label: string;
	state: ItemState;
	detail: string;
}

export type Mistake = 'client_not_notified_in_time' | 'client_notified_late' | 'unclear_notice' | 'not_documented' | 'closed_without_root_cause' | 'follow_up_overdue';

export interface GuardFlag {
	mistake: Mistake;
	/** A blocking flag keeps the checklist incomplete until fixed; a warning records a mistake that already happened. */
	level: 'blocking' | 'warning';
	message: string;
}

export interface ChecklistResult {
	complete: boolean;
	done: number;
	total: number;
	items: ChecklistItem[];
	flags: GuardFlag[];
	resolved: boolean;
	evaluatedAt: string;
}

export interface ChecklistInput {
	incident: IncidentSoFar & { review?: IncidentReview };
	timeline: TimelineEntry[];
	/** When the ticket was resolved or closed; null while open. */
	resolvedAt: number | null;
	timezone?: string;
}

/** Evaluates the checklist at `nowMs`. */
export function evaluateChecklist(input: ChecklistInput, nowMs: number): ChecklistResult {
	const zone = input.timezone || 'UTC';
	const { incident, timeline, resolvedAt } = input;
	const at = (ms: number) => formatTimelineTime(ms, zone);
	const resolved = resolvedAt !== null && resolvedAt <= nowMs;
	const identification = incident.identification;
	const items = new Map<ChecklistKey, Omit<ChecklistItem, 'key' | 'label'>>();
	const flags: GuardFlag[] = [];

	if (identification && !identification.isBreach) {
		items.set('identified', { state: 'done', detail: identification.summary });
		for (const { key } of CHECKLIST_ITEMS.slice(1)) items.set(key, { state: 'not_needed', detail: 'Not an SLA breach: nothing to do.' });
		return finish(items, flags, resolved, nowMs, zone);
	}

	items.set('identified', identification ? { state: 'done', detail: identification.summary } : { state: 'open', detail: 'The breach has not been identified yet.' });

	const severity = incident.severity;
	items.set('categorised', severity ? { state: 'done', detail: severity.reason } : { state: 'open', detail: 'No severity assessed yet.' });

	const notifiedAt = clientNotifiedAt(timeline);
	const identifiedMs = parseInstant(identification?.identifiedAt);
	const noticeDue =
		parseInstant(incident.notice?.dueAt) ??
		(identifiedMs === null ? null : identifiedMs + DEFAULT_NOTICE_DUE_MINUTES[severity?.level ?? SEVERITIES[1]] * 60_000);
	if (notifiedAt !== null) {
		const late = noticeDue !== null && notifiedAt > noticeDue;
		items.set('clientNotified', { state: 'done', detail: `Client notified ${at(notifiedAt)}${late ? `, after the due time ${at(noticeDue)}` : ''}.` });
		if (late) flags.push({ mistake: 'client_notified_late', level: 'warning', message: `The client was notified ${at(notifiedAt)}, later than the due time ${at(noticeDue!)}.` });
	} else if (noticeDue !== null && nowMs > noticeDue) {
		items.set('clientNotified', { state: 'overdue', detail: `The client notice was due ${at(noticeDue)} and has not been sent.` });
		flags.push({ mistake: 'client_not_notified_in_time', level: 'blocking', message: `The client has not been notified; the notice was due ${at(noticeDue)}. Send it now.` });
	} else {
		items.set('clientNotified', { state: 'open', detail: noticeDue === null ? 'The client has not been notified yet.' : `The client notice is due ${at(noticeDue)}.` });
	}
	if (incident.notice && !incident.notice.clarity?.complete) {
		flags.push({ mistake: 'unclear_notice', level: 'warning', message: `The client notice leaves out: ${(incident.notice.clarity?.missing ?? []).join(', ')}.` });
	}

	const plan = incident.plan;
	const statuses = actionStatuses(plan?.actions ?? [], timeline, nowMs, zone);
	const corrective = (plan?.actions ?? []).filter((action) => action.kind === 'corrective').map((action) => statuses.find((status) => status.id === action.id)!);
	if (!plan) {
		items.set('measuresDeployed', { state: 'open', detail: 'No corrective action plan yet.' });
	} else {
		const doneCount = corrective.filter((status) => status.status === 'done').length;
		const overdue = corrective.filter((status) => status.status === 'overdue');
		const progress = `${doneCount} of ${corrective.length} corrective actions done`;
		items.set('measuresDeployed', {
			state: doneCount === corrective.length ? 'done' : overdue.length > 0 ? 'overdue' : 'open',
			detail: overdue.length > 0 ? `${progress}; overdue: ${overdue.map((status) => status.id).join(', ')}.` : `${progress}.`,
		});
	}
	const overdueActions = (plan?.actions ?? []).filter((action) => statuses.find((status) => status.id === action.id)?.status === 'overdue');
	if (overdueActions.length > 0) {
		flags.push({
			mistake: 'follow_up_overdue',
			level: 'blocking',
			message: `Follow-up actions overdue: ${overdueActions.map((action) => `${action.id} "${action.action}" (${action.owner}, due ${at(parseInstant(action.dueAt)!)})`).join('; ')}.`,
		});
	}

	const review = incident.review;
	if (review) items.set('documented', { state: 'done', detail: `Post-incident review written ${at(parseInstant(review.generatedAt) ?? nowMs)}.` });
	else items.set('documented', { state: resolved ? 'overdue' : 'open', detail: 'No post-incident review yet.' });
	if (resolved && !review) flags.push({ mistake: 'not_documented', level: 'blocking', message: 'The ticket is resolved but the incident is not documented: write the post-incident review.' });

	if (review?.rootCause) items.set('rootCauseAnalysed', { state: 'done', detail: `Root cause: ${review.rootCause}` });
	else items.set('rootCauseAnalysed', { state: resolved ? 'overdue' : 'open', detail: 'No root cause recorded in the review.' });
	if (resolved && !review?.rootCause) flags.push({ mistake: 'closed_without_root_cause', level: 'blocking', message: 'The ticket was closed without a root cause: complete the five whys and the root cause in the review.' });

	const reviewedMs = parseInstant(review?.generatedAt);
	if (!resolved) items.set('resolutionReviewed', { state: 'open', detail: 'The ticket is not resolved yet; review the resolution once it is.' });
	else if (reviewedMs !== null && reviewedMs >= resolvedAt!) items.set('resolutionReviewed', { state: 'done', detail: `Resolution reviewed ${at(reviewedMs)}.` });
	else items.set('resolutionReviewed', { state: 'open', detail: `Resolved ${at(resolvedAt!)}; write or update the review after the resolution.` });

	if (review && review.sharedWith.length > 0) items.set('improvementsShared', { state: 'done', detail: `Shared with ${review.sharedWith.join(', ')}.` });
	else items.set('improvementsShared', { state: 'open', detail: 'The review and its improvements have not been shared with the team.' });

	return finish(items, flags, resolved, nowMs, zone);
}

function finish(items: Map<ChecklistKey, Omit<ChecklistItem, 'key' | 'label'>>, flags: GuardFlag[], resolved: boolean, nowMs: number, zone: string): ChecklistResult {
	const list = CHECKLIST_ITEMS.map(({ key, label }) => ({ key, label, ...items.get(key)! }));
	const done = list.filter((item) => item.state === 'done' || item.state === 'not_needed').length;
	return {
		complete: done === list.length && !flags.some((flag) => flag.level === 'blocking'),
		done,
		total: list.length,
		items: list,
		flags,
		resolved,
		evaluatedAt: formatInstant(nowMs, zone),
	};
}
