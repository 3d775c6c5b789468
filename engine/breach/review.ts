import { METRIC_NAMES, formatDuration } from './identification';
import type { IncidentSoFar } from './incident-so-far';
import { actionsDone, clientNotifiedAt, formatTimelineTime, type TimelineEntry } from './incident-timeline';
import { formatInstant, parseInstant } from '../core';
import type { PlannedAction } from './playbook';

/**
 * Step 5 of the breach SOP, Review and Document: the post-incident review as a Markdown document,
 * from what the procedure recorded and what the team adds (root cause, five whys, lessons learned,
 * who the review is shared with). Everything a reader needs is in the document: what happened when,
 * how bad it was, why it happened, what was and will be done, and what the team learned.
 */
export interface ReviewTicket {
	id: string;
	subject?: string | null;
	customerName?: string | null;
	customerId?: string | null;
	tier?: string | null;
	priority?: string | null;
	status?: string | null;
}

export interface ReviewInput {
	ticket: ReviewTicket;
	incident: IncidentSoFar;
	timeline: TimelineEntry[];
	rootCause?: string | null;
	whys?: string[];
	lessons?: string[];
	sharedWith?: string[];
	impactNotes?: string | null;
	author?: string | null;
	timezone?: string;
}

export interface ActionStatus {
	id: string;
	status: 'done' | 'open' | 'overdue';
	doneAt: string | null;
}

export interface IncidentReview {
	title: string;
	markdown: string;
	generatedAt: string;
	rootCause: string | null;
	whys: string[];
	lessons: string[];
	sharedWith: string[];
	/** When the review (with its improvements) was shared; the generation time when it names recipients. */
	sharedAt: string | null;
	author: string | null;
	actions: ActionStatus[];
}

/** Text safe inside Markdown: no raw HTML, no table breaks, no line starting a heading or list by accident. */
export function markdownText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/\|/g, '\\|')
		.replace(/([*_`[\]])/g, '\\$1')
		.replace(/\r?\n/g, ' ')
		.trim();
}

function table(headers: string[], rows: string[][]): string {
	return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** The state of each planned action at `nowMs`: done (on the plan or recorded on the timeline), overdue or open. */
export function actionStatuses(actions: PlannedAction[], timeline: TimelineEntry[], nowMs: number, zone: string): ActionStatus[] {
	const done = actionsDone(timeline);
	return actions.map((action) => {
		const doneMs = parseInstant(action.doneAt) ?? done.get(action.id) ?? null;
		if (doneMs !== null || action.status === 'done') return { id: action.id, status: 'done', doneAt: doneMs === null ? null : formatInstant(doneMs, zone) };
		const due = parseInstant(action.dueAt);
		return { id: action.id, status: due !== null && nowMs > due ? 'overdue' : 'open', doneAt: null };
	});
}

function placeholder(text: string): string {
	return `_${text}_`;
}

/** Writes the review at `nowMs`. */
export function writeReview(input: ReviewInput, nowMs: number): IncidentReview {
	const zone = input.timezone || 'UTC';
	const { ticket, incident, timeline } = input;
	const identification = incident.identification;
	const severity = incident.severity;
	const plan = incident.plan;
	const at = (ms: number | null) => (ms === null ? '—' : formatTimelineTime(ms, zone));
	const iso = (value: string | null | undefined) => at(parseInstant(value));
	const whys = (input.whys ?? []).map((why) => why.trim()).filter((why) => why !== '');
	const lessons = (input.lessons ?? []).map((lesson) => lesson.trim()).filter((lesson) => lesson !== '');
	const sharedWith = (input.sharedWith ?? []).map((name) => name.trim()).filter((name) => name !== '');
	const rootCause = input.rootCause?.trim() || null;
	const statuses = actionStatuses(plan?.actions ?? [], timeline, nowMs, zone);
	const title = `Post-incident review: SLA breach on ticket ${ticket.id}`;

	const lines: string[] = [`# ${markdownText(title)}`, ''];
	const customer = [ticket.customerName, ticket.customerId ? `(${ticket.customerId})` : null, ticket.tier ? `· ${ticket.tier} tier` : null].filter(Boolean).join(' ');
	lines.push(
		table(
			['Field', 'Value'],
			[
				['Ticket', markdownText(`${ticket.id}${ticket.subject ? ` — ${ticket.subject}` : ''}`)],
				['Customer', markdownText(customer || 'unknown')],
				['Priority', markdownText(ticket.priority ?? '—')],
				['Severity', severity ? `**${severity.level}**` : placeholder('not assessed')],
				['SLA policy', markdownText(identification?.policy ? `${identification.policy.name}${identification.policy.version ? ` v${identification.policy.version}` : ''}` : '—')],
				['Breached', identification?.metric ? markdownText(`${METRIC_NAMES[identification.metric]} since ${iso(identification.since)}`) : placeholder('no breach identified')],
				['Current status', markdownText(ticket.status ?? '—')],
				['Review written', `${at(nowMs)}${input.author ? ` by ${markdownText(input.author)}` : ''}`],
			],
		),
		'',
	);

	lines.push('## Summary', '', identification ? markdownText(identification.summary) : placeholder('The breach has not been identified yet.'), '');

	lines.push('## Timeline', '');
	lines.push(
		timeline.length > 0
			? table(
					['Time', 'What happened', 'Who', 'Source'],
					timeline.map((entry) => [at(entry.at), markdownText(entry.what), markdownText(entry.who ?? '—'), entry.source]),
				)
			: placeholder('No events recorded.'),
		'',
	);

	lines.push('## Impact', '');
	const impact: string[] = [];
	for (const breach of identification?.breaches ?? []) {
		const state = breach.ongoing ? 'still open' : `fulfilled at ${iso(breach.fulfilledAt)}`;
		impact.push(`- ${markdownText(`${METRIC_NAMES[breach.metric]}: ${formatDuration(breach.overrunMs)} over the ${formatDuration(breach.targetMinutes * 60_000)} target (${breach.overrunPercent}%), ${state}`)}`);
	}
	if (severity) {
		impact.push(`- Severity ${severity.level}: ${markdownText(severity.reason)}`);
		impact.push(`- ${markdownText(`Breaches in the last ${severity.windowDays} days: ${severity.customerBreaches} for this customer, ${severity.issueTypeBreaches} of this issue type`)}`);
	}
	const notified = clientNotifiedAt(timeline);
	if (incident.notice) {
		const due = parseInstant(incident.notice.dueAt);
		const timing = notified === null ? 'not sent yet' : due !== null && notified > due ? `sent ${at(notified)}, after its due time` : `sent ${at(notified)}, on time`;
		impact.push(`- ${markdownText(`Client notice (${incident.notice.language}) due ${at(due)}: ${timing}`)}`);
	}
	if (input.impactNotes?.trim()) impact.push(`- ${markdownText(input.impactNotes)}`);
	lines.push(impact.length > 0 ? impact.join('\n') : placeholder('No impact recorded.'), '');

	lines.push('## Root cause analysis', '', '### Five whys', '');
	if (whys.length > 0) whys.forEach((why, index) => lines.push(`${index + 1}. ${markdownText(why)}`));
	else for (let index = 1; index <= 5; index++) lines.push(`${index}. ${placeholder('Why? (to be completed)')}`);
	lines.push('', `**Root cause:** ${rootCause ? markdownText(rootCause) : placeholder('not analysed yet')}`, '');

	const actionRows = (kind: 'corrective' | 'preventive') =>
		(plan?.actions ?? [])
			.filter((action) => action.kind === kind)
			.map((action) => {
				const status = statuses.find((entry) => entry.id === action.id);
				const state = status?.status === 'done' ? `done${status.doneAt ? ` ${iso(status.doneAt)}` : ''}` : (status?.status ?? 'open');
				return [action.id, markdownText(action.action), markdownText(action.owner), iso(action.dueAt), state];
			});
	for (const [heading, kind] of [
		['Corrective actions', 'corrective'],
		['Preventive actions', 'preventive'],
	] as const) {
		const rows = actionRows(kind);
		lines.push(`## ${heading}`, '', rows.length > 0 ? table(['ID', 'Action', 'Owner', 'Due', 'Status'], rows) : placeholder('None planned.'), '');
	}
	if (plan && plan.customerRequirements.length > 0) {
		lines.push('Customer-specific requirements: ' + plan.customerRequirements.map(markdownText).join('; '), '');
	}

	lines.push('## Lessons learned', '', lessons.length > 0 ? lessons.map((lesson) => `- ${markdownText(lesson)}`).join('\n') : placeholder('To be completed by the team.'), '');
	lines.push('## Shared with', '', sharedWith.length > 0 ? sharedWith.map((name) => `- ${markdownText(name)}`).join('\n') : placeholder('Not shared yet.'), '');

	return {
		title,
		markdown: lines.join('\n'),
		generatedAt: formatInstant(nowMs, zone),
		rootCause,
		whys,
		lessons,
		sharedWith,
		sharedAt: sharedWith.length > 0 ? formatInstant(nowMs, zone) : null,
		author: input.author?.trim() || null,
		actions: statuses,
	};
}
