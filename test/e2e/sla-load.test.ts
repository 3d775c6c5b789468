/**
 * The SLA operation under load and abuse, in real n8n on its embedded SQLite: a sweep over a thousand
 * stored tickets, 200 concurrent intakes, n8n killed in the middle of a burst and restarted, and a
 * thousand malformed bodies.
 */
import { readFileSync, statSync } from 'fs';
import { join } from 'path';

import { parse } from 'flatted';

import { malformedBodies } from '../support/malformed-events';
import { genericEvent, INTAKE_TOKEN, type SlaOperation, startSlaOperation } from './sla-operation';

const HOUR = 3_600_000;
const SWEEP = 'slaSweep00000001';

let op: SlaOperation;

beforeAll(async () => {
	op = await startSlaOperation('sla-load', { saveSuccessOf: [SWEEP] });
}, 300_000);

afterAll(async () => {
	await op?.stop();
});

interface Answer {
	status: number;
	body: any;
}

/** n8n's resident memory (MiB) and its SQLite files on disk (MiB), for the log. */
function footprint(): { rssMiB: number; databaseMiB: number } {
	const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${op.n8n.pid}/status`, 'utf8'));
	const file = (name: string) => {
		try {
			return statSync(join(op.userFolder, '.n8n', name)).size;
		} catch {
			return 0;
		}
	};
	return { rssMiB: Math.round(Number(rss?.[1] ?? 0) / 1024), databaseMiB: Math.round((file('database.sqlite') + file('database.sqlite-wal')) / 1048576) };
}

/** POSTs without throwing: a connection n8n dropped is status 0. */
async function postRaw(path: string, text: string): Promise<Answer> {
	try {
		const response = await fetch(`${op.n8n.baseUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-SLA-Token': INTAKE_TOKEN }, body: text });
		const body = await response.text();
		try {
			return { status: response.status, body: JSON.parse(body) };
		} catch {
			return { status: response.status, body };
		}
	} catch (error) {
		return { status: 0, body: String(error) };
	}
}

/** Runs `work` over `inputs` with at most `width` at once, keeping the order of the inputs. */
async function inParallel<T, R>(inputs: T[], width: number, work: (input: T) => Promise<R>): Promise<R[]> {
	const out: R[] = new Array(inputs.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < inputs.length) {
				const at = next++;
				out[at] = await work(inputs[at]);
			}
		}),
	);
	return out;
}

/** Delivers each event until it is answered 2xx (a 503 says retry), at most `rounds` times. */
async function deliverAll(events: object[], rounds = 5): Promise<Answer[]> {
	const answers: Answer[] = events.map(() => ({ status: 0, body: null }));
	for (let round = 0; round < rounds; round++) {
		const pending = answers.map((answer, i) => (answer.status >= 200 && answer.status < 300 ? -1 : i)).filter((i) => i >= 0);
		if (pending.length === 0) break;
		const again = await inParallel(pending, 20, (i) => postRaw('sla-intake', JSON.stringify(events[i])));
		pending.forEach((i, n) => (answers[i] = again[n]));
	}
	return answers;
}

async function expectStoredOnce(ids: string[]): Promise<void> {
	const tickets = await op.rows('tickets', { source: 'generic' });
	const events = await op.rows('events');
	const ticketsPerKey = new Map<string, number>();
	for (const row of tickets) ticketsPerKey.set(String(row.key), (ticketsPerKey.get(String(row.key)) ?? 0) + 1);
	const eventsPerId = new Map<string, number>();
	for (const row of events) eventsPerId.set(String(row.eventId), (eventsPerId.get(String(row.eventId)) ?? 0) + 1);
	const wrong = ids.filter((id) => ticketsPerKey.get(`generic:${id}`) !== 1 || eventsPerId.get(`evt-${id}`) !== 1);
	expect(wrong.map((id) => ({ id, tickets: ticketsPerKey.get(`generic:${id}`) ?? 0, events: eventsPerId.get(`evt-${id}`) ?? 0 }))).toEqual([]);
}

describe('sweep at scale', () => {
	test('a sweep over 1,000 stored tickets clocks only the due ones', async () => {
		const now = Date.now();
		const due = new Set(Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 40 === 0));
		await op.insert(
			'tickets',
			Array.from({ length: 1000 }, (_, i) => {
				const key = `bulk:T-${i}`;
				const nextCheckAt = new Date(due.has(i) ? now - 60_000 : now + 24 * HOUR + i * 1000).toISOString();
				const record = { key, source: 'bulk', id: `T-${i}`, status: 'open', priority: 'low', createdAt: new Date(now - HOUR).toISOString(), events: [], sla: { state: 'running', nextCheckAt } };
				return { key, source: 'bulk', ticketId: record.id, open: true, nextCheckAt, slaState: 'running', version: 1, drill: false, record: JSON.stringify(record) };
			}),
		);
		const sweep = await op.post('sla-sweep', { leaseSeconds: 30 });
		expect({ status: sweep.status, failure: sweep.status === 200 ? null : sweep.body }).toEqual({ status: 200, failure: null });
		const swept = new Set(sweep.body.swept.map((entry: { key: string }) => entry.key));
		expect(swept).toEqual(new Set([...due].map((i) => `bulk:T-${i}`)));

		// The sweep's execution as n8n saved it: the items SLA Clock put out, over all its outputs.
		const listed = await op.n8n.rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: SWEEP }))}&limit=5`);
		const latest = (listed.results ?? listed).sort((a: { id: string }, b: { id: string }) => Number(b.id) - Number(a.id))[0];
		const execution = await op.n8n.rest('GET', `/executions/${latest.id}`);
		const runData = parse(execution.data).resultData.runData;
		const clocked = runData['SLA Clock'].flatMap((run: any) => run.data.main.flatMap((output: any[] | null) => output ?? []));
		expect(clocked).toHaveLength(due.size);
		expect(runData['SLA Clock']).toHaveLength(1);
		expect(runData['Save Ticket State']).toHaveLength(1);
		const untouched = await op.rows('tickets', { key: 'bulk:T-1' });
		expect(untouched[0].version).toBe(1);
	});

	test('three sweeps at the same moment take each due ticket once between them', async () => {
		const now = Date.now();
		const keys = Array.from({ length: 30 }, (_, i) => `overlap:T-${i}`);
		await op.insert(
			'tickets',
			keys.map((key, i) => {
				const nextCheckAt = new Date(now - 60_000).toISOString();
				const record = { key, source: 'overlap', id: `T-${i}`, status: 'open', priority: 'low', createdAt: new Date(now - HOUR).toISOString(), events: [], sla: { state: 'running', nextCheckAt } };
				return { key, source: 'overlap', ticketId: record.id, open: true, nextCheckAt, slaState: 'running', version: 1, drill: false, record: JSON.stringify(record) };
			}),
		);
		const sweeps = await Promise.all([1, 2, 3].map(() => op.post('sla-sweep', { leaseSeconds: 60 })));
		expect(sweeps.map((sweep) => sweep.status)).toEqual([200, 200, 200]);
		const taken = sweeps.flatMap((sweep) => sweep.body.swept.map((entry: { key: string }) => entry.key)).filter((key: string) => key.startsWith('overlap:'));
		expect(taken.sort()).toEqual([...keys].sort());
	});
});

describe('intake under load', () => {
	test('200 concurrent intake requests on SQLite: each is stored, or answered with an error the caller can retry', async () => {
		const ids = Array.from({ length: 200 }, (_, i) => `LOAD-${i}`);
		const events = ids.map((id) => genericEvent(id));
		const before = footprint();
		const first = await Promise.all(events.map((event) => postRaw('sla-intake', JSON.stringify(event))));
		const statuses = new Map<number, number>();
		for (const answer of first) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
		const refused = first.filter((answer) => answer.status !== 200);
		// The only other answer allowed is a retryable 503, never a 5xx without it, a 4xx or a dropped connection.
		expect(refused.filter((answer) => !(answer.status === 503 && answer.body?.retryable === true))).toEqual([]);
		const stored = await op.rows('tickets', { source: 'generic' });
		const storedKeys = new Set(stored.map((row) => String(row.key)));
		expect(ids.filter((id, i) => first[i].status === 200 && !storedKeys.has(`generic:${id}`))).toEqual([]);
		const after = footprint();
		console.log(`200 concurrent intakes: ${[...statuses].map(([status, n]) => `${n}× ${status}`).join(', ')}; n8n ${before.rssMiB} → ${after.rssMiB} MiB resident, SQLite ${before.databaseMiB} → ${after.databaseMiB} MiB`);
		// History stays bounded: successful intakes leave no saved execution (bodies and all).
		const saved = await op.n8n.rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'slaIntake0000001', status: ['success'] }))}&limit=10`);
		expect(saved.results ?? saved).toEqual([]);

		const retried = await deliverAll(events);
		expect(retried.filter((answer) => answer.status !== 200)).toEqual([]);
		await expectStoredOnce(ids);
	});

	test('1,000 malformed bodies: each a 4xx naming the field, never a 5xx, and n8n keeps serving', async () => {
		const bodies = malformedBodies(1000, 20261202);
		const answers = await inParallel(bodies, 8, (body) => postRaw('sla-intake', body.text));
		const wrong = bodies
			.map((body, i) => ({ mutation: body.mutation, expected: body.field ?? 'any 4xx', status: answers[i].status, field: answers[i].body?.error?.field }))
			.filter((answer, i) => (bodies[i].field === undefined ? !(answer.status >= 400 && answer.status < 500) : !(answer.status === 400 && answer.field === bodies[i].field)));
		expect(wrong).toEqual([]);
		// Over N8N_PAYLOAD_SIZE_MAX n8n refuses the request itself, before any workflow runs (n8n 2.8.4
		// answers it 500, not 413: the one 5xx left, see the README); nothing is stored and n8n serves on.
		const overLimit = await postRaw('sla-intake', JSON.stringify(genericEvent('OVER-LIMIT', {}, { body: 'x'.repeat(3 * 1024 * 1024) })));
		console.log(`a 3 MiB body: n8n answered ${overLimit.status} ${JSON.stringify(overLimit.body).slice(0, 200)}`);
		expect([413, 500]).toContain(overLimit.status);
		expect(await op.rows('tickets', { key: 'generic:OVER-LIMIT' })).toEqual([]);
		expect((await op.post('sla-intake', genericEvent('AFTER-MALFORMED'))).status).toBe(200);
		expect((await op.rows('deadLetters')).filter((row) => String(row.replay).includes('evt-bad-'))).toEqual([]);
	});

	test('n8n killed with SIGKILL in the middle of a burst of 200 intakes, deep JSON in flight, starts again; every 2xx is stored and a resend stores the rest once', async () => {
		const ids = Array.from({ length: 200 }, (_, i) => `KILL-${i}`);
		const events = ids.map((id) => genericEvent(id));
		const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
		// The burst as a helpdesk sends it: 20 requests in flight at a time (all 200 at once are answered
		// together near the end, n8n interleaving them). n8n is killed once 40 have been answered 2xx;
		// the requests not sent by then find it gone (status 0) and are resent after the restart.
		let answered = 0;
		const deepAnswers = Array.from({ length: 5 }, () => postRaw('sla-intake', deep));
		const burstDone = inParallel(events, 20, async (event) => {
			const answer = await postRaw('sla-intake', JSON.stringify(event));
			if (answer.status >= 200 && answer.status < 300) answered++;
			return answer;
		});
		const deadline = Date.now() + 240_000;
		while (answered < 40 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
		await op.n8n.kill();
		const answers = await burstDone;
		const deepStatuses = (await Promise.all(deepAnswers)).map((answer) => answer.status);
		expect(deepStatuses.filter((status) => status >= 500)).toEqual([]);
		const acknowledged = ids.filter((_, i) => answers[i].status >= 200 && answers[i].status < 300);
		console.log(`killed after ${acknowledged.length} of 200 intakes were answered 2xx; deep bodies: ${deepStatuses.join(', ')}`);
		expect(acknowledged.length).toBeGreaterThan(0);
		expect(acknowledged.length).toBeLessThan(200);

		const restarted = Date.now();
		await op.restart();
		console.log(`n8n started again in ${Math.round((Date.now() - restarted) / 1000)} s`);
		const keys = new Set((await op.rows('tickets', { source: 'generic' })).map((row) => String(row.key)));
		expect(acknowledged.filter((id) => !keys.has(`generic:${id}`))).toEqual([]);

		const resent = await deliverAll(events);
		expect(resent.filter((answer) => answer.status !== 200)).toEqual([]);
		expect(resent.filter((answer, i) => acknowledged.includes(ids[i]) && answer.body.change !== 'duplicate')).toEqual([]);
		await expectStoredOnce(ids);
	});
});
