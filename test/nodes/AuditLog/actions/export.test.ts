import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { checkExport, exportSigningKey } from '../../../../engine/audit/export';
import { AuditLog } from '../../../../nodes/AuditLog/AuditLog.node';
import { auditContext, ticket } from '../audit-context';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
	process.env.SLA_AUDIT_TRAIL_DIRS = dir;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'node-test-key-0123456789';
const node = new AuditLog();
const trail = () => join(dir, 'trail.jsonl');
const ROOT = join(__dirname, '..', '..', '..', '..');

/** Records `count` tickets, one execution each, with the clock at the given instants. */
async function recordAt(instants: number[]): Promise<void> {
	for (const [index, at] of instants.entries()) {
		jest.setSystemTime(at);
		await node.execute.call(auditContext(trail(), { options: { checkpointEvery: 2 } }, [{ ...ticket, id: `T-${index}`, events: [{ type: 'status', status: 'open', at: new Date(at).toISOString() }] }]));
	}
}

async function exportPeriod(from: string, to: string): Promise<{ lines: string[]; json: Record<string, any> }> {
	const ctx = auditContext(trail(), { operation: 'export', from, to });
	let file: Buffer = Buffer.alloc(0);
	ctx.helpers.prepareBinaryData = jest.fn(async (data: Buffer, fileName?: string, mimeType?: string) => {
		file = data;
		return { data: data.toString('base64'), fileName, mimeType };
	}) as unknown as typeof ctx.helpers.prepareBinaryData;
	const [exported, broken] = await node.execute.call(ctx);
	expect(broken).toHaveLength(0);
	expect(exported[0].binary?.data.fileName).toMatch(/^audit-export-.*\.jsonl$/);
	return { lines: file.toString('utf8').split('\n').filter(Boolean), json: exported[0].json.audit as Record<string, any> };
}

const DAY = 24 * 3600_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

describe('Audit Log node: Export for Auditor', () => {
	beforeAll(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask', 'setTimeout'] }));
	afterAll(() => jest.useRealTimers());

	it('exports the entries recorded in the period, signed to its end, and the export checks offline', async () => {
		await recordAt([T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY, T0 + 4 * DAY, T0 + 5 * DAY]);
		const { lines, json } = await exportPeriod('2026-03-03T00:00:00Z', '2026-03-05T00:00:00Z');
		const header = JSON.parse(lines[0]);
		expect(header).toMatchObject({ type: 'export', format: 'sla-audit-export/1', from: '2026-03-03T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' });
		expect(header.start.seq).toBeGreaterThan(0);
		const entries = lines.map((line) => JSON.parse(line)).filter((line) => line.type === 'entry');
		expect(entries.map((line) => line.entry.recordedAt)).toEqual(['2026-03-03T00:00:00.000Z', '2026-03-04T00:00:00.000Z']);
		expect(json.export).toMatchObject({ entries: 2, firstSeq: entries[0].seq, lastSeq: entries[1].seq });
		expect(json.export.publicKey).toBe(exportSigningKey(KEY).publicKey);

		const result = checkExport(lines, { publicKey: exportSigningKey(KEY).publicKey, keys: { v3: KEY } });
		expect(result).toMatchObject({ valid: true, problem: null, entries: 2 });
		expect(result.signedBy).toBe(json.export.fingerprint);
	});

	it('is checked by the documented command, which fails a changed export naming what is wrong', async () => {
		await recordAt([T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY]);
		const { lines } = await exportPeriod('2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');
		const file = join(dir, 'export.jsonl');
		const keyFile = join(dir, 'export-key.pem');
		writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
		writeFileSync(keyFile, exportSigningKey(KEY).publicKey);
		const run = (args: string[]) => {
			try {
				return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'sla-audit-verify.ts'), ...args], { cwd: ROOT, encoding: 'utf8' }) };
			} catch (error) {
				const failure = error as { status: number; stdout: string };
				return { code: failure.status, out: failure.stdout };
			}
		};
		const intact = run([file, '--public-key', keyFile]);
		expect(intact.code).toBe(0);
		expect(intact.out).toMatch(/^INTACT: intact: entries 1–\d+ of trail/);

		const changed = lines.map((line) => (line.includes('"T-1"') ? line.replace('"T-1"', '"T-9"') : line));
		writeFileSync(file, changed.map((line) => `${line}\n`).join(''));
		const failed = run([file, '--public-key', keyFile]);
		expect(failed.code).toBe(1);
		expect(failed.out).toMatch(/^FAILED: the lines differ from the ones the proof signs/);

		writeFileSync(keyFile, exportSigningKey('another-key-0123456789').publicKey);
		writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
		expect(run([file, '--public-key', keyFile]).out).toMatch(/^FAILED: the export was signed by key/);
		expect(run([]).code).toBe(2);
	});
});

describe('an export checked offline', () => {
	beforeAll(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask', 'setTimeout'] }));
	afterAll(() => jest.useRealTimers());

	it('fails a rewritten and re-signed export whose chain no longer follows the trail, and an export whose proof was re-signed with another key', async () => {
		await recordAt([T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY]);
		const { lines } = await exportPeriod('2026-03-02T00:00:00Z', '2026-03-10T00:00:00Z');
		const publicKey = exportSigningKey(KEY).publicKey;
		// an entry's hash recomputed after a change breaks its checkpoint even before the content hash is looked at
		const parsed = lines.map((line) => JSON.parse(line));
		const header = { ...parsed[0], start: { seq: parsed[0].start.seq, hash: 'f'.repeat(64) } };
		const forged = [JSON.stringify(header), ...lines.slice(1)];
		expect(checkExport(forged, { publicKey })).toMatchObject({ valid: false, problem: 'content' });
		// someone with another key re-signs: caught by the key the auditor was given
		const { exportWriter } = jest.requireActual('../../../../engine/audit/export') as typeof import('../../../../engine/audit/export');
		const writer = exportWriter(header, 'forger-key-0123456789');
		for (const line of parsed.slice(1, -1)) if (line.type !== 'anchor') writer.line(JSON.stringify(line), line);
		const reSigned = writer.finish(true);
		expect(checkExport(reSigned, { publicKey })).toMatchObject({ valid: false, problem: 'untrusted_key' });
		// and without a key given, the chain itself does not follow the forged start
		expect(checkExport(reSigned)).toMatchObject({ valid: false, problem: 'chain' });
	});
});
