import { rmSync } from 'fs';
import { dirname } from 'path';
import { STATE_FILE_ENV } from './n8n';

/** Removes this run's n8n user folder unless SLA_E2E_KEEP is set (to read n8n's database afterwards). */
export default async function globalTeardown(): Promise<void> {
	const stateFile = process.env[STATE_FILE_ENV];
	if (stateFile && !process.env.SLA_E2E_KEEP) rmSync(dirname(stateFile), { recursive: true, force: true });
}
