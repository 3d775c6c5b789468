import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { resolveTrailPath, TRAIL_DIRS_ENV } from '../../../nodes/AuditLog/trail';

let home: string;
const saved = { folder: process.env.N8N_USER_FOLDER, dirs: process.env[TRAIL_DIRS_ENV] };

beforeEach(() => {
	home = mkdtempSync(join(tmpdir(), 'audit-home-'));
	mkdirSync(join(home, '.n8n'));
	process.env.N8N_USER_FOLDER = home;
	delete process.env[TRAIL_DIRS_ENV];
});
afterEach(() => {
	rmSync(home, { recursive: true, force: true });
	process.env.N8N_USER_FOLDER = saved.folder;
	if (saved.dirs === undefined) delete process.env[TRAIL_DIRS_ENV];
	else process.env[TRAIL_DIRS_ENV] = saved.dirs;
});

describe('where a trail may be kept', () => {
	it("takes a relative path from n8n's folder", () => {
		expect(resolveTrailPath('sla-audit/trail.jsonl')).toBe(join(home, '.n8n', 'sla-audit', 'trail.jsonl'));
	});

	it("refuses .. out of n8n's folder, another absolute path, and n8n's folder itself", () => {
		for (const path of ['../outside.jsonl', 'sla-audit/../../x.jsonl', '/etc/passwd', join(home, 'beside.jsonl'), '.']) {
			expect(() => resolveTrailPath(path)).toThrow('is outside the folders a trail may be kept in');
		}
	});

	it('refuses a symbolic link inside the folder that leads out of it', () => {
		const outside = mkdtempSync(join(tmpdir(), 'audit-out-'));
		symlinkSync(outside, join(home, '.n8n', 'escape'));
		expect(() => resolveTrailPath('escape/trail.jsonl')).toThrow('outside');
		rmSync(outside, { recursive: true, force: true });
	});

	it('accepts a folder the operator lists in SLA_AUDIT_TRAIL_DIRS', () => {
		const volume = mkdtempSync(join(tmpdir(), 'audit-volume-'));
		process.env[TRAIL_DIRS_ENV] = `/nonexistent:${volume}`;
		expect(resolveTrailPath(join(volume, 'trail.jsonl'))).toBe(join(volume, 'trail.jsonl'));
		expect(() => resolveTrailPath(join(volume, '..', 'x.jsonl'))).toThrow('outside');
		rmSync(volume, { recursive: true, force: true });
	});
});
