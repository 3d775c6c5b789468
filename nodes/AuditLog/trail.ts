import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

import type { IExecuteFunctions } from 'n8n-workflow';

import { FileSink } from './file-sink';
import type { AuditSink } from './sink';

/**
 * Where a trail path points: an absolute path as given; a relative one inside n8n's own folder
 * (`$N8N_USER_FOLDER/.n8n`, else `~/.n8n`), so one template works in Docker, on a desktop and in tests.
 */
export function resolveTrailPath(path: string): string {
	if (path === '' || isAbsolute(path)) return path;
	return join(process.env.N8N_USER_FOLDER || homedir(), '.n8n', path);
}

/** The sink the Trail File parameter points at, or null when it is empty (Record then only outputs entries). */
export function trailSink(ctx: IExecuteFunctions, itemIndex: number): AuditSink | null {
	const path = resolveTrailPath(String(ctx.getNodeParameter('trailFile', itemIndex, '') ?? '').trim());
	return path ? new FileSink(path) : null;
}
