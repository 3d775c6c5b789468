import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, relative, resolve } from 'node:path';

import type { IExecuteFunctions } from 'n8n-workflow';

import { ParameterError } from '../shared/parameters';
import type { AnchorStore } from './anchor-store';
import { dataTableAnchorStore } from './data-table-anchor-store';
import { dataTableSubjectKeyStore } from './data-table-subject-key-store';
import { FileAnchorStore } from './file-anchor-store';
import { FileSink } from './file-sink';
import { FileSubjectKeyStore } from './file-subject-key-store';
import { POSTGRES_CREDENTIAL_NAME, postgresConfigOf } from './postgres-connection';
import { postgresSink } from './postgres-sink';
import type { AuditSink } from './sink';
import type { SubjectKeyStore } from './subject-key-store';

/**
 * Where a trail (and a file of anchors) may be: inside n8n's own folder (`$N8N_USER_FOLDER/.n8n`,
 * else `~/.n8n`), a relative path being taken from there, so one template works in Docker, on a
 * desktop and in tests; or inside a folder an operator lists in SLA_AUDIT_TRAIL_DIRS (separated like
 * PATH). Anything else — `..` out of those folders, another absolute path, a symbolic link that leads
 * out — is refused, so a workflow cannot make the node write to a file of the host.
 */
export const TRAIL_DIRS_ENV = 'SLA_AUDIT_TRAIL_DIRS';

export function n8nFolder(): string {
	return join(process.env.N8N_USER_FOLDER || homedir(), '.n8n');
}

function allowedRoots(): string[] {
	const extra = (process.env[TRAIL_DIRS_ENV] ?? '').split(delimiter).map((dir) => dir.trim()).filter((dir) => dir && isAbsolute(dir));
	return [n8nFolder(), ...extra].map((dir) => resolve(dir));
}

const inside = (root: string, path: string) => {
	const rel = relative(root, path);
	return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/** The path itself if it exists, else its nearest existing folder, with symbolic links resolved. */
function realLocation(path: string): string {
	let existing = path;
	while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
	const real = realpathSync(existing);
	return existing === path ? real : join(real, relative(existing, path));
}

export function resolveTrailPath(path: string, parameter = 'Trail File'): string {
	if (path === '') return path;
	const roots = allowedRoots();
	const absolute = isAbsolute(path) ? resolve(path) : resolve(roots[0], path);
	const real = realLocation(absolute);
	const realRoots = roots.map((root) => (existsSync(root) ? realpathSync(root) : root));
	if (!roots.some((root) => inside(root, absolute)) || !realRoots.some((root) => inside(root, real))) {
		throw new ParameterError(
			parameter,
			`"${path}" is outside the folders a trail may be kept in`,
			`Use a path inside n8n's folder (a relative path such as sla-audit/trail.jsonl is taken from there), or have the operator list the folder in the ${TRAIL_DIRS_ENV} environment variable of n8n.`,
		);
	}
	return absolute;
}

function configuredTrail(ctx: IExecuteFunctions, itemIndex: number): string {
	return String(ctx.getNodeParameter('trailFile', itemIndex, '') ?? '').trim();
}

/** The sink of Trail Store; for a file, null when Trail File is empty (Record then only outputs entries). */
export async function trailSink(ctx: IExecuteFunctions, itemIndex: number): Promise<AuditSink | null> {
	if (ctx.getNodeParameter('trailStore', itemIndex, 'file') === 'postgres') {
		const name = String(ctx.getNodeParameter('trailName', itemIndex, 'sla-audit') ?? '').trim();
		if (!name) throw new ParameterError('Trail Name', 'is required for a trail in PostgreSQL');
		const table = String(ctx.getNodeParameter('trailTable', itemIndex, '') ?? '').trim() || undefined;
		return postgresSink(postgresConfigOf(await ctx.getCredentials(POSTGRES_CREDENTIAL_NAME)), name, table);
	}
	const configured = configuredTrail(ctx, itemIndex);
	return configured ? new FileSink(resolveTrailPath(configured), {}, configured) : null;
}

/** Where the trail's checkpoints are anchored, per the Anchor Checkpoints In option; null for none. */
export async function anchorStore(ctx: IExecuteFunctions, itemIndex: number): Promise<AnchorStore | null> {
	const where = String(ctx.getNodeParameter('anchorStore', itemIndex, 'none') ?? 'none');
	if (where === 'dataTable') return await dataTableAnchorStore(ctx, String(ctx.getNodeParameter('anchorTable', itemIndex, '') ?? '').trim() || undefined);
	if (where === 'file') {
		const configured = String(ctx.getNodeParameter('anchorFile', itemIndex, '') ?? '').trim();
		if (!configured) throw new ParameterError('Anchor File', 'is required when checkpoints are anchored in a file');
		return new FileAnchorStore(resolveTrailPath(configured, 'Anchor File'), configured);
	}
	return null;
}

/** Where the data subjects' keys are kept, per Data Subject Keys; null keeps every pseudonym under the audit key. */
export async function subjectKeyStore(ctx: IExecuteFunctions, itemIndex: number): Promise<SubjectKeyStore | null> {
	const where = String(ctx.getNodeParameter('subjectKeyStore', itemIndex, 'none') ?? 'none');
	if (where === 'dataTable') {
		// the SLA Store credential is shown with Anchor Checkpoints In → Data Table (n8n hides parameters when two credential entries share a type)
		if (ctx.getNodeParameter('anchorStore', itemIndex, 'none') !== 'dataTable') {
			throw new ParameterError('Data Subject Keys', 'in a Data Table needs the SLA Store credential', 'Set Anchor Checkpoints In to Data Table as well, and choose the SLA Store credential.');
		}
		return await dataTableSubjectKeyStore(ctx, String(ctx.getNodeParameter('subjectTable', itemIndex, '') ?? '').trim() || undefined);
	}
	if (where === 'file') {
		const configured = String(ctx.getNodeParameter('subjectFile', itemIndex, '') ?? '').trim();
		if (!configured) throw new ParameterError('Subject Key File', 'is required when subject keys are kept in a file');
		return new FileSubjectKeyStore(resolveTrailPath(configured, 'Subject Key File'), configured);
	}
	return null;
}
