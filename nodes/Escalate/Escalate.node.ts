import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { slaAuditPostgresTest } from '../AuditLog/postgres-connection';
import { OUTPUT_NAMES, properties } from './description';
import { executeEscalate } from './execute';
import { listSearch } from './list-search';
import { loadOptions } from './load-options';

export class Escalate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Escalate',
		name: 'escalate',
		icon: { light: 'file:escalate.svg', dark: 'file:escalate.dark.svg' },
		group: ['transform'],
		version: 1,
		// Channel is a resource locator ({ value, cachedResultName }), or a plain string in older workflows.
		subtitle:
			'={{ $parameter["mode"] === "dryRun" ? "Dry run" : ($parameter["mode"] === "alert" ? "Alert: " : "Slack: ") + (typeof $parameter["channel"] === "object" ? ($parameter["channel"].cachedResultName || $parameter["channel"].value) : $parameter["channel"]) }}',
		// n8n's Docs link uses this as it is (it would append ?utm_… after the codex URL's #anchor).
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sla-orchestrator#escalate',
		description: 'Climb an escalation ladder on SLA timers and alert Slack once per ticket, metric, cycle and level, or post an operational alert once per key',
		defaults: { name: 'Escalate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		credentials: [
			{ name: 'slaSlackApi', required: true, displayOptions: { show: { mode: ['send', 'alert'] } } },
			{ name: 'slaAuditPostgresApi', required: true, testedBy: 'slaAuditPostgresTest', displayOptions: { show: { mode: ['send', 'alert'], claimStore: ['postgres'] } } },
		],
		properties,
	};

	methods = { credentialTest: { slaAuditPostgresTest }, listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeEscalate(this);
	}
}
