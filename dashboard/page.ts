/**
 * The SLA dashboard page: reads the figures the SLA Store node embedded (a JSON script element),
 * draws tiles, tables and charts, and reloads itself every `refreshSeconds`. n8n serves webhook HTML
 * in a CSP sandbox (an opaque origin), so the page cannot fetch from n8n with the viewer's login; a
 * reload is a navigation, which the browser sends with the Basic Auth login it already has.
 */
import { dailyChart } from './charts';
import { METRIC_LABELS, METRICS, type AttentionTicket, type Dashboard, type PageData } from './figures';
import { duration, localTime, percent } from './format';
import './page.css';

const started = performance.now();

type Child = Node | string | null;

function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
	for (const child of children) if (child !== null) node.append(child);
	return node;
}

function tile(id: string, label: string, value: string, detail: string, tone = ''): HTMLElement {
	return el('div', { class: `tile ${tone}`, 'data-testid': `kpi-${id}` }, el('div', { class: 'label' }, label), el('div', { class: 'value' }, value), el('div', { class: 'detail' }, detail));
}

function counted(figures: { count: number; rate: number | null }, of: string): string {
	return figures.rate === null ? 'no tickets in the period' : `${percent(figures.rate)} of ${of}`;
}

function tiles(board: Dashboard): HTMLElement {
	const { summary, attention, audit } = board;
	const overrides = audit.status === 'intact' ? `${counted(summary.manualOverride, 'created')} · ${audit.manualOverrideCount} in the audit trail` : counted(summary.manualOverride, 'created');
	return el(
		'section',
		{ class: 'tiles' },
		tile('breached', 'Breached now', String(attention.breachedCount), 'open tickets past a deadline', attention.breachedCount > 0 ? 'bad' : 'good'),
		tile('at-risk', 'At risk now', String(attention.atRiskCount), 'open tickets close to a deadline', attention.atRiskCount > 0 ? 'warn' : 'good'),
		tile('open', 'Open now', String(summary.tickets.openNow), `${summary.tickets.created} created · ${summary.tickets.resolvedInPeriod} resolved in the period`),
		tile('first-response', 'Median first response', duration(summary.firstResponseTime.businessMs), `business time over ${summary.firstResponseTime.businessCount} · ${duration(summary.firstResponseTime.wallClockMs)} wall-clock`),
		tile('resolution', 'Median resolution', duration(summary.resolutionTime.businessMs), `business time over ${summary.resolutionTime.businessCount} · ${duration(summary.resolutionTime.wallClockMs)} wall-clock`),
		tile('escalated', 'Escalated', String(summary.escalated.count), counted(summary.escalated, 'created')),
		tile('reopened', 'Reopened', String(summary.reopened.count), counted(summary.reopened, 'resolved')),
		tile('overrides', 'Manual overrides', String(summary.manualOverride.count), overrides),
	);
}

function attentionTable(id: string, title: string, tickets: AttentionTicket[], total: number, byLabel: string): HTMLElement {
	const head = el('tr', {}, ...['Ticket', 'Subject', 'Metric', 'Due', byLabel, 'Assignee', 'Priority', 'Level'].map((name) => el('th', {}, name)));
	const rows = tickets.map((ticket) =>
		el(
			'tr',
			{ 'data-testid': `${id}-row`, 'data-key': ticket.key },
			el('td', { class: 'key' }, ticket.key),
			el('td', {}, ticket.subject ?? ''),
			el('td', {}, METRIC_LABELS[ticket.metric] ?? ticket.metric),
			el('td', { class: 'due' }, localTime(ticket.dueAt)),
			el('td', { class: 'by' }, duration(ticket.byMs)),
			el('td', { class: 'assignee' }, ticket.assignee ?? (ticket.queue ? `queue ${ticket.queue}` : 'unassigned')),
			el('td', {}, ticket.priority ?? ''),
			el('td', {}, ticket.escalationLevel > 0 ? `L${ticket.escalationLevel}` : ''),
		),
	);
	const more = total > tickets.length ? el('p', { class: 'more', 'data-testid': `${id}-more` }, `and ${total - tickets.length} more (the ${tickets.length} most urgent are listed)`) : null;
	const empty = total === 0 ? el('p', { class: 'empty' }, 'None.') : null;
	return el('section', { class: 'panel', 'data-testid': id }, el('h2', {}, `${title} (${total})`), total === 0 ? empty : el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)), more);
}

function figuresTable(id: string, days: string[], columns: Array<{ label: string; cell: (day: number) => string }>): HTMLElement {
	return el(
		'details',
		{},
		el('summary', {}, 'Figures'),
		el(
			'table',
			{ 'data-testid': id },
			el('thead', {}, el('tr', {}, el('th', {}, 'Day'), ...columns.map((column) => el('th', {}, column.label)))),
			el('tbody', {}, ...days.map((day, index) => el('tr', { 'data-day': day }, el('td', {}, day), ...columns.map((column) => el('td', {}, column.cell(index)))))),
		),
	);
}

function backlog(board: Dashboard): HTMLElement {
	const { buckets, count, medianMs, p90Ms, maxMs } = board.summary.backlogAge;
	const rows: Array<[string, string, number]> = [
		['under-hour', 'under 1 h', buckets.underHour],
		['hours-one-to-four', '1–4 h', buckets.hoursOneToFour],
		['hours-four-to-24', '4–24 h', buckets.hoursFourTo24],
		['days-one-to-three', '1–3 days', buckets.daysOneToThree],
		['over-three-days', 'over 3 days', buckets.overThreeDays],
	];
	const widest = Math.max(1, ...rows.map(([, , n]) => n));
	return el(
		'section',
		{ class: 'panel', 'data-testid': 'backlog' },
		el('h2', {}, `Backlog age (${count} open)`),
		el('p', { class: 'detail' }, `median ${duration(medianMs)} · p90 ${duration(p90Ms)} · oldest ${duration(maxMs)}`),
		...rows.map(([id, label, n]) =>
			el('div', { class: 'bar-row', 'data-testid': `backlog-${id}` }, el('span', { class: 'bar-label' }, label), el('span', { class: 'bar', style: `width:${(70 * n) / widest}%` }), el('span', { class: 'bar-value' }, String(n))),
		),
	);
}

function audit(board: Dashboard): HTMLElement {
	const { status, message, entries, manualOverrides, manualOverrideCount } = board.audit;
	const text = { intact: `intact · ${entries ?? 0} entries in the period`, broken: `BROKEN: ${message ?? 'the trail does not verify'}`, unavailable: `unavailable: ${message ?? ''}`, 'not read': 'not read' }[status];
	const rows = manualOverrides.map((entry) => el('tr', { 'data-testid': 'override-row' }, el('td', {}, localTime(entry.occurredAt)), el('td', {}, entry.actor), el('td', {}, entry.ticketId ?? ''), el('td', {}, entry.rule ?? '')));
	return el(
		'section',
		{ class: 'panel', 'data-testid': 'audit' },
		el('h2', {}, 'Manual overrides in the audit trail'),
		el('p', { class: `audit-status ${status.replace(' ', '-')}`, 'data-testid': 'audit-status' }, `Audit trail ${text}`),
		manualOverrideCount === 0 ? el('p', { class: 'empty' }, 'None.') : el('table', {}, el('thead', {}, el('tr', {}, ...['When', 'Who', 'Ticket', 'Rule'].map((name) => el('th', {}, name)))), el('tbody', {}, ...rows)),
	);
}

function render(data: PageData): void {
	const board = data.dashboard;
	const app = document.getElementById('app') as HTMLElement;
	const refresh = data.refreshSeconds > 0 ? `refreshes every ${data.refreshSeconds} s` : 'refresh off';
	const breachChart = el('div', { class: 'chart', 'data-testid': 'breach-rate-chart' });
	const activityChart = el('div', { class: 'chart', 'data-testid': 'activity-chart' });
	app.replaceChildren(
		el(
			'header',
			{},
			el('h1', {}, 'SLA dashboard'),
			el('p', { 'data-testid': 'evaluated-at' }, `As of ${localTime(board.evaluatedAt)} (${board.timezone}) · period from ${localTime(board.period.from)} · `, el('span', { 'data-testid': 'refresh' }, refresh)),
		),
		tiles(board),
		el('div', { class: 'columns' }, attentionTable('breached', 'Breached now', board.attention.breached, board.attention.breachedCount, 'Overdue by'), attentionTable('at-risk', 'At risk now', board.attention.atRisk, board.attention.atRiskCount, 'Due in')),
		el(
			'section',
			{ class: 'panel' },
			el('h2', {}, 'Breach rate per metric, by day created'),
			breachChart,
			figuresTable(
				'breach-rate-table',
				board.days,
				METRICS.map((metric) => ({ label: METRIC_LABELS[metric], cell: (day: number) => { const f = board.breachRate[metric][day]; return f.measured === 0 ? '—' : `${f.breached}/${f.measured} (${percent(f.rate)})`; } })),
			),
		),
		el(
			'div',
			{ class: 'columns' },
			backlog(board),
			el(
				'section',
				{ class: 'panel' },
				el('h2', {}, 'Escalations, reopens and manual overrides per day'),
				activityChart,
				figuresTable('activity-table', board.days, [
					{ label: 'Escalations', cell: (day) => String(board.activity.escalations[day]) },
					{ label: 'Reopens', cell: (day) => String(board.activity.reopens[day]) },
					{ label: 'Manual overrides', cell: (day) => String(board.activity.manualOverrides[day]) },
				]),
			),
		),
		audit(board),
	);
	dailyChart(breachChart, board.days, METRICS.map((metric) => ({ label: METRIC_LABELS[metric], values: board.breachRate[metric].map((f) => f.rate) })), { percent: true, title: 'Breached / measured' });
	dailyChart(
		activityChart,
		board.days,
		[
			{ label: 'Escalations', values: board.activity.escalations },
			{ label: 'Reopens', values: board.activity.reopens },
			{ label: 'Manual overrides', values: board.activity.manualOverrides },
		],
		{ title: 'Per day' },
	);
	if (data.refreshSeconds > 0) setTimeout(() => location.reload(), data.refreshSeconds * 1000);
}

function start(): void {
	const source = document.getElementById('sla-dashboard-data');
	try {
		render(JSON.parse(source?.textContent ?? 'null') as PageData);
		document.documentElement.dataset.rendered = String(Math.round(performance.now() - started));
	} catch (error) {
		const app = document.getElementById('app') as HTMLElement;
		app.replaceChildren(el('p', { class: 'failure', 'data-testid': 'failure' }, `The dashboard could not be drawn: ${(error as Error).message}`));
		document.documentElement.dataset.rendered = 'failed';
	}
}

start();
