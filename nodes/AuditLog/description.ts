import type { INodeProperties } from 'n8n-workflow';

import { description as record } from './actions/record';
import { description as report } from './actions/report';

/** Record: Recorded / Duplicate; Verify and Report: Intact / Broken. */
export const OUTPUT_NAMES = ['Recorded / Intact / Report', 'Duplicate / Broken'] as const;

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Record', value: 'record', action: 'Record an audit entry', description: 'Append one tamper-evident entry per item to the trail' },
			{ name: 'Report', value: 'report', action: 'Report on a trail', description: 'Count entries by action, rule and actor over a period' },
			{ name: 'Verify', value: 'verify', action: 'Verify a trail', description: 'Check the hash chain and signed checkpoints of a trail' },
		],
		default: 'record',
	},
	{
		displayName: 'Trail File',
		name: 'trailFile',
		type: 'string',
		default: 'sla-audit/trail.jsonl',
		description: 'Path of the append-only JSON Lines trail on the n8n host; a relative path is inside the n8n folder (~/.n8n). The node creates the file and its folder. Leave empty under Record to only output entries (chain-free, e.g. for a database sink).',
		hint: 'Use one trail file per n8n instance or shared volume; the node takes a lock file next to it while writing.',
	},
	...record,
	...report,
];
