// The templates in workflows/ as queue mode runs them, written to <out dir> for `n8n import:workflow`:
// every Audit Log node keeps its trail in PostgreSQL (one chain for all workers, trail "sla-audit")
// and every sending Escalate node claims its deliveries in PostgreSQL (a delivery goes out once even
// when two workers run it at the same moment), both with the SLA Audit PostgreSQL credential. The
// files in workflows/ stay as they are for single mode.
// Usage: node scripts/queue-templates.mjs <out dir> [--no-timed-triggers]
//   --no-timed-triggers  disables the Schedule triggers (tests drive sweeps through their webhooks)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const POSTGRES_CREDENTIAL = { id: 'slaAuditPgQueue1', name: 'SLA Queue PostgreSQL' };
const PACKAGE = 'n8n-nodes-sla-orchestrator';

export function forQueueMode(workflow, { timedTriggers = true } = {}) {
	for (const node of workflow.nodes) {
		if (node.type === `${PACKAGE}.auditLog`) {
			const { trailFile: _file, ...parameters } = node.parameters ?? {};
			node.parameters = { ...parameters, trailStore: 'postgres', trailName: 'sla-audit' };
			node.credentials = { ...node.credentials, slaAuditPostgresApi: POSTGRES_CREDENTIAL };
		}
		if (node.type === `${PACKAGE}.escalate` && (node.parameters?.mode ?? 'send') !== 'dryRun') {
			node.parameters = { ...node.parameters, claimStore: 'postgres' };
			node.credentials = { ...node.credentials, slaAuditPostgresApi: POSTGRES_CREDENTIAL };
		}
		if (!timedTriggers && node.type === 'n8n-nodes-base.scheduleTrigger') node.disabled = true;
	}
	return workflow;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [out, ...flags] = process.argv.slice(2);
	if (!out) {
		console.error('usage: node scripts/queue-templates.mjs <out dir> [--no-timed-triggers]');
		process.exit(2);
	}
	const templates = join(dirname(fileURLToPath(import.meta.url)), '..', 'workflows');
	mkdirSync(out, { recursive: true });
	for (const file of readdirSync(templates).filter((name) => name.endsWith('.json'))) {
		const workflow = JSON.parse(readFileSync(join(templates, file), 'utf8'));
		writeFileSync(join(out, file), JSON.stringify(forQueueMode(workflow, { timedTriggers: !flags.includes('--no-timed-triggers') }), null, 2));
	}
}
