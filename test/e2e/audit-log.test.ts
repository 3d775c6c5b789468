/**
 * Audit Log in real n8n, through the audit-trail template as a team runs it (store, anchors in a Data
 * Table, webhooks behind the intake token): a redelivered event is a 200 "already recorded", ten at
 * once are one entry; no email, phone, card or IBAN of the seeded tickets reaches the trail; Verify
 * answers 200 or 409 without the host's path; and 1,000 random tamperings of a 10,000-entry trail —
 * edits, deletions, swaps, inserts, rewrites with recomputed hashes and dropped checkpoints,
 * truncations — are each caught and named. A customer erased through the erase webhook keeps their
 * tokens in a trail that still verifies; an export checks offline with the installed command.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { chainEntry, type ChainHead, EMPTY_HEAD, type EntryLine, type TrailLine } from '../../engine/audit/chain';
import { luhnValid } from '../../engine/intent/pii';
import { mulberry32 } from '../support/random';
import { INTAKE_TOKEN, type SlaOperation, startSlaOperation } from './sla-operation';

const SEED_WORKFLOW = {
	id: 'auditSeedTrail01',
	name: 'e2e: seed the audit trail',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 's1', name: 'Seed', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'a0000000-0000-4000-8000-0000000000f1', parameters: { httpMethod: 'POST', path: 'e2e-audit-seed', responseMode: 'lastNode', options: {} } },
		{
			id: 's2',
			name: 'Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { jsCode: "const { count, from } = $input.first().json.body;\nreturn Array.from({ length: count }, (_, i) => ({ json: { id: `S-${from + i}`, source: 'zendesk', status: i % 3 ? 'open' : 'pending' } }));" },
		},
		{
			id: 's3',
			name: 'Record',
			type: 'n8n-nodes-sla-orchestrator.auditLog',
			typeVersion: 1,
			position: [440, 0],
			parameters: { trailFile: 'sla-audit/trail.jsonl', anchorStore: 'dataTable', action: 'status_changed', ruleId: 'seed', after: '={{ $json }}', ruleNodes: '' },
			credentials: { slaAuditKeyApi: { id: 'slaAuditKeyDemo1', name: 'SLA Audit Key' }, slaStoreApi: { id: 'slaStoreCred0001', name: 'SLA Store (n8n API)' } },
		},
		{ id: 's4', name: 'Done', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [660, 0], executeOnce: true, parameters: { mode: 'raw', jsonOutput: '={{ { seq: $json.audit.seq } }}', options: {} } },
	],
	connections: { Seed: { main: [[{ node: 'Items', type: 'main', index: 0 }]] }, Items: { main: [[{ node: 'Record', type: 'main', index: 0 }]] }, Record: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
};

let op: SlaOperation;
let trailPath: string;

beforeAll(async () => {
	op = await startSlaOperation('audit-log', { publish: ['workflows/audit-trail.json', SEED_WORKFLOW] });
	trailPath = join(op.userFolder, '.n8n', 'sla-audit', 'trail.jsonl');
});
afterAll(async () => await op?.stop());

const trailLines = (): TrailLine[] => readFileSync(trailPath, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as TrailLine);
const verify = () => op.n8n.webhook('sla-audit-verify', undefined, { method: 'GET', headers: { 'X-SLA-Token': INTAKE_TOKEN } });

/** PII as customers type it, valid by its check digits, for the search of the trail. */
function seededPii(n: number) {
	const random = mulberry32(n);
	let card = '';
	do card = `4${Array.from({ length: 15 }, () => Math.floor(random() * 10)).join('')}`;
	while (!luhnValid(card));
	const grouped = card.replace(/(\d{4})(?=\d)/g, '$1 ');
	return {
		email: `customer.${n}@example-mail.com`,
		phone: `+49 30 ${String(1_000_000 + Math.floor(random() * 8_999_999))}`,
		card: n % 2 ? grouped : card,
		iban: 'DE89 3704 0044 0532 0130 00',
	};
}

describe('the audit-trail template', () => {
	test('answers a recorded event 200, its redelivery 200 "already recorded", and keeps no raw PII of the seeded tickets', async () => {
		const seeded = Array.from({ length: 20 }, (_, n) => seededPii(n + 1));
		for (const [n, pii] of seeded.entries()) {
			const ticket = {
				id: `T-${n}`,
				source: 'zendesk',
				status: 'open',
				subject: `Refund to ${pii.iban}`,
				body: `Hello, this is ${pii.email}. My card ${pii.card} was charged twice. Call me back on ${pii.phone} please.`,
				customer: { email: pii.email, phone: pii.phone },
			};
			const first = await op.post('sla-audit-ticket', ticket);
			expect(first).toMatchObject({ status: 200, body: { ticketId: `T-${n}`, status: 'recorded' } });
			if (n < 3) expect(await op.post('sla-audit-ticket', ticket)).toMatchObject({ status: 200, body: { status: 'already recorded' } });
		}
		const trail = readFileSync(trailPath, 'utf8');
		for (const pii of seeded) for (const value of Object.values(pii)) expect(trail).not.toContain(value);
		for (const pii of seeded) expect(trail).not.toContain(pii.card.replace(/ /g, ''));
		const entries = trailLines().filter((line): line is EntryLine => line.type === 'entry');
		expect(entries.filter((line) => (line.entry as { action: string }).action === 'ticket_received')).toHaveLength(20);
	});

	test('ten concurrent deliveries of one event are one entry and ten 2xx answers', async () => {
		const ticket = { id: 'T-concurrent', source: 'zendesk', status: 'open', body: 'same event, ten times' };
		const answers = await Promise.all(Array.from({ length: 10 }, () => op.post('sla-audit-ticket', ticket)));
		expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
		expect(answers.filter((answer) => (answer.body as { status: string }).status === 'recorded').length).toBeGreaterThanOrEqual(1);
		const received = trailLines().filter((line): line is EntryLine => line.type === 'entry' && (line.entry as { ticket: { id: string } }).ticket.id === 'T-concurrent');
		expect(received.map((line) => (line.entry as { action: string }).action).sort()).toEqual(['assignment_changed', 'ticket_received']);
	});

	test('Verify answers 200 intact with the report, naming the trail as configured and never its path on the host', async () => {
		const answer = await verify();
		expect(answer).toMatchObject({ status: 200, body: { intact: true, verify: { trail: 'sla-audit/trail.jsonl', anchoredIn: 'Data Table sla_audit_anchors' } } });
		expect((answer.body as { verify: { anchors: number } }).verify.anchors).toBeGreaterThan(20);
		expect(JSON.stringify(answer.body)).not.toContain(op.userFolder);
		expect((await op.n8n.webhook('sla-audit-verify', undefined, { method: 'GET' })).status).toBe(403);
	});
});

describe('erasure and export through the template', () => {
	const erase = (body: unknown) => op.n8n.webhook('sla-audit-erase', body, { headers: { 'X-SLA-Token': INTAKE_TOKEN } });
	const entriesOf = (ticketId: string) => trailLines().filter((line): line is EntryLine => line.type === 'entry' && (line.entry as { ticket: { id: string } }).ticket.id === ticketId);

	test('erases one customer: 200, their entries keep their tokens and the trail still verifies, the report lists it, a second erasure is 404', async () => {
		const [received] = entriesOf('T-0');
		const subject = (received.entry as { subject?: string }).subject;
		expect(subject).toMatch(/^[0-9a-f]{16}$/);
		expect(JSON.stringify(received.entry)).toContain(`email:s-${subject}:`);
		const before = readFileSync(trailPath, 'utf8');

		const answer = await erase({ email: seededPii(1).email, reference: 'DSAR-2026-001', requestedBy: 'dpo-7' });
		expect(answer).toMatchObject({ status: 200, body: { erased: true, subject, reference: 'DSAR-2026-001' } });
		const after = readFileSync(trailPath, 'utf8');
		expect(after.startsWith(before)).toBe(true);
		expect(after).not.toContain(seededPii(1).email);

		const verified = await verify();
		expect(verified).toMatchObject({ status: 200, body: { intact: true } });
		expect((verified.body as { report: { erasures: unknown[] } }).report.erasures).toEqual([expect.objectContaining({ subject, reference: 'DSAR-2026-001', actor: 'user:dpo-7' })]);
		expect(await erase({ email: seededPii(1).email, reference: 'DSAR-2026-001' })).toMatchObject({ status: 404, body: { erased: false } });
		expect((await op.n8n.webhook('sla-audit-erase', { email: 'x@example.com' })).status).toBe(403);
	});

	test('exports a period that the installed sla-audit-verify command checks offline, and fails once a line is changed', async () => {
		const answer = await op.n8n.webhook('sla-audit-export?from=2000-01-01T00:00:00Z', undefined, { method: 'GET', headers: { 'X-SLA-Token': INTAKE_TOKEN } });
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-disposition')).toMatch(/attachment; filename="audit-export-.*\.jsonl"/);
		const fingerprint = answer.headers.get('x-export-key-fingerprint');
		const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
		const lines = text.split('\n').filter(Boolean);
		expect(JSON.parse(lines[0])).toMatchObject({ type: 'export', trail: 'sla-audit/trail.jsonl' });
		const file = join(op.userFolder, 'export.jsonl');
		const keyFile = join(op.userFolder, 'export-key.pem');
		writeFileSync(file, text);
		writeFileSync(keyFile, JSON.parse(lines[lines.length - 1]).publicKey);
		const command = join(op.userFolder, '.n8n', 'nodes', 'node_modules', '.bin', 'sla-audit-verify');
		const check = () => spawnSync(command, [file, '--public-key', keyFile], { encoding: 'utf8' });
		const intact = check();
		expect(intact.status).toBe(0);
		expect(intact.stdout).toContain('INTACT');
		expect(intact.stdout).toContain(String(fingerprint));
		writeFileSync(file, text.replace('"ticket_received"', '"ticket_deleted"'));
		const failed = check();
		expect(failed.status).toBe(1);
		expect(failed.stdout).toMatch(/^FAILED/);
	});
});

type Tampering = 'edit' | 'delete' | 'swap' | 'insert' | 'rewrite' | 'truncate' | 'drop-checkpoint';
const CAUGHT_AS: Record<Tampering, string[]> = {
	edit: ['entry_hash'],
	delete: ['sequence', 'checkpoint_head'],
	swap: ['sequence', 'checkpoint_head'],
	insert: ['sequence', 'checkpoint_head', 'unreadable'],
	rewrite: ['anchor_mismatch'],
	truncate: ['truncated', 'checkpoint_missing'],
	'drop-checkpoint': ['checkpoint_missing'],
};

function rehashFrom(lines: TrailLine[], from: number, change: (entry: Record<string, unknown>) => Record<string, unknown>): TrailLine[] {
	const out: TrailLine[] = [];
	let head: ChainHead = EMPTY_HEAD;
	for (const [index, line] of lines.entries()) {
		if (line.type === 'checkpoint') {
			if (index < from) out.push(line);
			continue;
		}
		const next = index < from ? line : chainEntry(head, index === from ? change(line.entry) : line.entry);
		out.push(next);
		head = { seq: next.seq, hash: next.hash };
	}
	return out;
}

describe('a 10,000-entry trail tampered with 1,000 times', () => {
	test('every tampering is caught by Verify (409) and named', async () => {
		const entryCount = () => trailLines().filter((line) => line.type === 'entry').length;
		for (let from = 0; entryCount() < 10_000; from += 5000) {
			const seeded = await op.n8n.webhook('e2e-audit-seed', { count: Math.min(5000, 10_000 - entryCount()), from });
			expect(seeded.status).toBe(200);
		}
		const original = readFileSync(trailPath, 'utf8');
		const lines = trailLines();
		expect(lines.filter((line) => line.type === 'entry').length).toBeGreaterThanOrEqual(10_000);
		expect((await verify()).status).toBe(200);

		const random = mulberry32(14);
		const pick = (n: number) => Math.floor(random() * n);
		const entryIndexes = lines.flatMap((line, index) => (line.type === 'entry' ? [index] : []));
		const checkpointIndexes = lines.flatMap((line, index) => (line.type === 'checkpoint' ? [index] : []));
		const kinds = Object.keys(CAUGHT_AS) as Tampering[];
		const missed: string[] = [];
		try {
			for (let round = 0; round < 1000; round++) {
				const kind = kinds[round % kinds.length];
				let tampered: TrailLine[] = [...lines];
				const at = entryIndexes[pick(entryIndexes.length)];
				if (kind === 'edit') {
					const line = lines[at] as EntryLine;
					tampered[at] = { ...line, entry: { ...line.entry, action: 'manual_override' } };
				} else if (kind === 'delete') tampered.splice(at, 1);
				else if (kind === 'swap') {
					const other = entryIndexes[pick(entryIndexes.length)];
					if (other === at) continue;
					[tampered[at], tampered[other]] = [tampered[other], tampered[at]];
				} else if (kind === 'insert') tampered.splice(at, 0, lines[entryIndexes[pick(entryIndexes.length)]]);
				else if (kind === 'rewrite') tampered = rehashFrom(lines, at, (entry) => ({ ...entry, action: 'note' }));
				else if (kind === 'truncate') tampered = tampered.slice(0, lines.length - 1 - pick(Math.min(500, lines.length - 1)));
				else tampered.splice(checkpointIndexes[pick(checkpointIndexes.length)], 1);
				writeFileSync(trailPath, tampered.map((line) => `${JSON.stringify(line)}\n`).join(''));
				const answer = await verify();
				const body = answer.body as { problem?: string; message?: string; line?: number };
				if (answer.status !== 409 || !CAUGHT_AS[kind].includes(String(body.problem)) || !body.message) missed.push(`${round} ${kind} at line ${at}: ${answer.status} ${JSON.stringify(body).slice(0, 200)}`);
			}
		} finally {
			writeFileSync(trailPath, original);
		}
		expect(missed).toEqual([]);
		expect((await verify()).status).toBe(200);
	}, 1_800_000);
});
