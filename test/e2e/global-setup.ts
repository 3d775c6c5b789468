/**
 * Once per e2e run: install n8n (cached outside the clone), package this project and install it into a
 * fresh n8n user folder of this run, the way n8n installs community packages.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ROOT, STATE_FILE_ENV } from './n8n';

export default async function globalSetup(): Promise<void> {
	const run = (script: string, args: string[] = []) =>
		execFileSync('bash', [join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	const n8nDir = run('install-n8n.sh').trim().split('\n').pop() as string;
	const runFolder = join(ROOT, '.n8n-test', `run-${Date.now()}-${process.pid}`);
	const userFolder = join(runFolder, 'user');
	mkdirSync(userFolder, { recursive: true });
	run('install-package-into-n8n.sh', [userFolder]);
	const stateFile = join(runFolder, 'state.json');
	// An n8n release that needs a newer Node.js (N8N_VERSION=2.41.3) brings it in its cache folder.
	const nodeRuntime = join(n8nDir, 'node-runtime', 'node_modules', 'node', 'bin');
	const nodeBinDir = existsSync(join(nodeRuntime, 'node')) ? nodeRuntime : undefined;
	writeFileSync(stateFile, JSON.stringify({ n8nBin: join(n8nDir, 'node_modules', '.bin', 'n8n'), userFolder, runFolder, nodeBinDir }, null, 2));
	// Say which n8n and which Node.js this run drives (N8N_VERSION picks the release).
	const n8nVersion = JSON.parse(readFileSync(join(n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	const nodeVersion = nodeBinDir ? execFileSync(join(nodeBinDir, 'node'), ['--version'], { encoding: 'utf8' }).trim() : process.version;
	process.stderr.write(`\ne2e: n8n ${n8nVersion} (${n8nDir}) on Node.js ${nodeVersion}\n`);
	process.env[STATE_FILE_ENV] = stateFile;
}
