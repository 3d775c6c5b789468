/**
 * SLA Store, Dashboard: the live dashboard's figures over the stored tickets, as a self-contained
 * HTML page (the charting library inside, the figures as JSON) or as JSON for a Respond to Webhook node.
 */
jest.mock('../../../nodes/SlaStore/transport', () => ({ ...jest.requireActual('../../../nodes/SlaStore/transport'), dataTablesApi: jest.fn() }));

import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';

import { HOUR, iso, MINUTE, record, run, storeWithTables, T0, ticketEvent } from './store-harness';

const ROOT = join(__dirname, '..', '..', '..');

beforeAll(() => {
	// The page's script is a build artefact (npm run build); unit tests may run before the first build.
	if (!existsSync(join(ROOT, 'dist', 'dashboard', 'dashboard.js'))) execFileSync('node', [join(ROOT, 'scripts', 'build-dashboard.mjs')], { stdio: 'ignore' });
});

async function store(subject = 'Checkout fails') {
	const fake = storeWithTables();
	const created = (n: number, at: number, extra: Record<string, unknown> = {}) =>
		ticketEvent({ eventId: `c-${n}`, ticketId: `T-${n}`, at, createdAt: at, customer: { id: `C-${n}`, tier: 'enterprise' }, subject: n === 1 ? subject : `Question ${n}`, body: `Topic ${n}`, ...extra });
	await record(fake, [created(1, T0 - 3 * HOUR), created(2, T0 - 2 * HOUR), created(3, T0 - HOUR), created(4, T0 - 30 * MINUTE, { drill: true })]);
	await run(fake, 'saveState', {
		items: [
			{ key: 'generic:T-1', sla: { state: 'breached', firstResponse: { state: 'breached', dueAt: iso(T0 - 2 * HOUR), breachedAt: iso(T0 - 2 * HOUR) } }, routing: { assignee: 'ana' } },
			{ key: 'generic:T-2', sla: { state: 'at_risk', firstResponse: { state: 'at_risk', dueAt: iso(T0 + 20 * MINUTE) } }, routing: { queue: 'billing' } },
			{ key: 'generic:T-3', sla: { state: 'running', firstResponse: { state: 'running', dueAt: iso(T0 + 3 * HOUR) } } },
		],
		parameters: { now: iso(T0) },
	});
	return fake;
}

const pageData = (html: string) => JSON.parse(/<script type="application\/json" id="sla-dashboard-data">(.*?)<\/script>/s.exec(html)![1]);

describe('SLA Store: Dashboard', () => {
	it('answers a page with the figures inside and the charting library bundled: nothing to load from the network', async () => {
		const { json, outputs } = await run(await store(), 'dashboard', { parameters: { now: iso(T0), days: 7, refreshSeconds: 30 } });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		const { contentType, body, dashboard } = json[0][0];
		expect(contentType).toBe('text/html; charset=utf-8');
		expect(body).toMatch(/^<!doctype html>/);
		expect(body).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(\s*['"]?https?:/i);
		expect(body).toContain('uPlot.js (μPlot) v1.6.32');
		const data = pageData(body);
		expect(data.refreshSeconds).toBe(30);
		expect(data.dashboard).toEqual(JSON.parse(JSON.stringify(dashboard)));
		expect(dashboard.attention).toMatchObject({ breachedCount: 1, atRiskCount: 1 });
		expect(dashboard.attention.breached[0]).toMatchObject({ key: 'generic:T-1', assignee: 'ana', tier: 'enterprise', byMs: 2 * HOUR, subject: 'Checkout fails' });
		expect(dashboard.attention.atRisk[0]).toMatchObject({ key: 'generic:T-2', assignee: null, queue: 'billing', byMs: 20 * MINUTE });
		expect(dashboard.summary.tickets).toMatchObject({ openNow: 3, drillExcluded: 1 });
		expect(dashboard.days).toHaveLength(7);
	});

	it('keeps a ticket subject with a closing script tag inside the figures', async () => {
		const { json } = await run(await store('</script><script>alert(1)</script>'), 'dashboard', { parameters: { now: iso(T0) } });
		const { body } = json[0][0];
		expect(body).not.toContain('</script><script>alert(1)');
		expect(pageData(body).dashboard.attention.breached[0].subject).toBe('</script><script>alert(1)</script>');
	});

	it('answers the same figures as JSON, and counts drill tickets only when asked', async () => {
		const fake = await store();
		const { json } = await run(fake, 'dashboard', { parameters: { now: iso(T0), format: 'json' } });
		expect(json[0][0].contentType).toBe('application/json; charset=utf-8');
		expect(JSON.parse(json[0][0].body)).toEqual(JSON.parse(JSON.stringify(json[0][0].dashboard)));
		const withDrill = await run(fake, 'dashboard', { parameters: { now: iso(T0), format: 'json', includeDrill: true } });
		expect(withDrill.json[0][0].dashboard.summary.tickets.openNow).toBe(4);
	});

	it('shows the audit trail\'s state from the Audit Log report, or that it could not be read', async () => {
		const fake = await store();
		const report = { verify: { intact: true }, report: { entries: 3, manualOverrides: [{ occurredAt: iso(T0 - HOUR), actor: 'user:ana', ticketId: 'T-1', rule: null }] } };
		const read = await run(fake, 'dashboard', { parameters: { now: iso(T0), format: 'json', auditReport: report } });
		expect(read.json[0][0].dashboard.audit).toMatchObject({ status: 'intact', entries: 3, manualOverrideCount: 1 });
		const failed = await run(fake, 'dashboard', { parameters: { now: iso(T0), format: 'json', auditReport: { error: 'The trail file is missing' } } });
		expect(failed.json[0][0].dashboard.audit).toMatchObject({ status: 'unavailable', message: 'The trail file is missing' });
	});

	it('names the parameter and the item for a wrong time zone or number of days, and continues on fail with an error item', async () => {
		const fake = await store();
		await expect(run(fake, 'dashboard', { parameters: { now: iso(T0), timezone: 'Berlin' } })).rejects.toMatchObject({ message: expect.stringMatching(/^Time Zone: "Berlin" is not an IANA time zone/) });
		await expect(run(fake, 'dashboard', { parameters: { now: iso(T0), days: 0 } })).rejects.toThrow(/Days: must be a whole number from 1 to 366, got 0/);
		const { json } = await run(fake, 'dashboard', { parameters: { now: iso(T0), timezone: 'Berlin' }, continueOnFail: true, items: [{ request: 1 }] });
		expect(json[0][0]).toMatchObject({ request: 1, error: expect.stringMatching(/Time Zone/) });
	});
});
