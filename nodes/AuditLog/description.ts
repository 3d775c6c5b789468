import type { INodeProperties } from 'n8n-workflow';

import { description as record } from './actions/record';
import { description as erase } from './actions/erase';
import { description as report } from './actions/report';

/** Record: Recorded / Duplicate; Verify, Report and Export: Intact / Broken; Erase Data Subject: Erased / Not Found. */
export const OUTPUT_NAMES = ['Recorded / Intact / Report', 'Duplicate / Broken'] as const;

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Erase Data Subject', value: 'erase', action: 'Erase a data subject', description: "Delete one person's pseudonym key, so their tokens in the trail no longer link to them, and record the erasure" },
			{ name: 'Export for Auditor', value: 'export', action: 'Export a period for an auditor', description: 'A file of the period with its checkpoints, anchors and a signed proof, checked offline with sla-audit-verify' },
			{ name: 'Record', value: 'record', action: 'Record an audit entry', description: 'Append one tamper-evident entry per item to the trail' },
			{ name: 'Report', value: 'report', action: 'Report on a trail', description: 'Count entries by action, rule and actor over a period' },
			{ name: 'Verify', value: 'verify', action: 'Verify a trail', description: 'Check the hash chain and signed checkpoints of a trail' },
		],
		default: 'record',
		description: 'What to do with the trail: append entries, check or report on it, export a period for an auditor, or erase a data subject',
	},
	{
		displayName: 'Trail Store',
		name: 'trailStore',
		type: 'options',
		options: [
			{ name: 'File', value: 'file', description: 'An append-only JSON Lines file on the n8n host (one n8n process, or workers sharing a volume)' },
			{ name: 'PostgreSQL', value: 'postgres', description: 'A table in PostgreSQL: every queue-mode worker appends to one chain' },
		],
		default: 'file',
		description: 'Where the hash-chained trail is kept',
	},
	{
		displayName: 'Trail Name',
		name: 'trailName',
		type: 'string',
		default: 'sla-audit',
		displayOptions: { show: { trailStore: ['postgres'] } },
		description: 'Name of the trail inside the table; several trails can share one table',
	},
	{
		displayName: 'Trail Table',
		name: 'trailTable',
		type: 'string',
		default: 'sla_audit_trail',
		displayOptions: { show: { trailStore: ['postgres'] } },
		description: 'Table that keeps the trail (created on first use), optionally schema-qualified',
	},
	{
		displayName: 'Trail File',
		name: 'trailFile',
		type: 'string',
		default: 'sla-audit/trail.jsonl',
		displayOptions: { show: { trailStore: ['file'] } },
		description:
			'Path of the append-only JSON Lines trail on the n8n host, inside the n8n folder (~/.n8n; a relative path is taken from there) or a folder the operator lists in SLA_AUDIT_TRAIL_DIRS. The node creates the file and its folder, and refuses a file that is not a trail. Leave empty under Record to only output entries (chain-free).',
		hint: 'Use one trail file per n8n instance or shared volume; the node keeps a lock file, a head file and a key index next to it.',
	},
	{
		displayName: 'Anchor Checkpoints In',
		name: 'anchorStore',
		type: 'options',
		options: [
			{ name: 'Data Table', value: 'dataTable', description: "Keep every signed checkpoint in an n8n Data Table too (n8n's database), with the SLA Store credential" },
			{ name: 'File', value: 'file', description: 'Keep every signed checkpoint in a second file, e.g. on another volume' },
			{ name: 'Nowhere', value: 'none', description: 'Checkpoints stay in the trail only: a rewrite that drops them, or a cut-off end, goes unnoticed' },
		],
		default: 'none',
		description: 'A second place for the signed checkpoints, so Verify catches a trail that was cut short or rewritten with recomputed hashes',
		hint: 'Every writer and Verify of one trail must use the same anchor place.',
	},
	{
		displayName: 'Anchor Table',
		name: 'anchorTable',
		type: 'string',
		default: 'sla_audit_anchors',
		displayOptions: { show: { anchorStore: ['dataTable'] } },
		description: 'Name of the Data Table that keeps the anchors; created on first use',
	},
	{
		displayName: 'Anchor File',
		name: 'anchorFile',
		type: 'string',
		default: 'sla-audit/anchors.jsonl',
		displayOptions: { show: { anchorStore: ['file'] } },
		description: 'Path of the anchors file, confined like the Trail File',
	},
	{
		displayName: 'Data Subject Keys',
		name: 'subjectKeyStore',
		type: 'options',
		options: [
			{ name: 'Data Table', value: 'dataTable', description: "Each customer's PII is pseudonymised with a key of their own, kept in an n8n Data Table, so one customer can be erased" },
			{ name: 'File', value: 'file', description: 'Each customer gets a key of their own, kept in a file beside the trail' },
			{ name: 'None (Audit Key Only)', value: 'none', description: 'All PII is pseudonymised with the audit key: a customer cannot be erased on their own' },
		],
		default: 'none',
		displayOptions: { show: { operation: ['erase', 'record'] } },
		description: 'Keys per data subject (GDPR right to erasure): erasing a customer deletes their key, their tokens stay in the trail and every hash still verifies',
		hint: 'Record and Erase Data Subject must use the same place; its backups must expire within your erasure deadline. A Data Table needs Anchor Checkpoints In set to Data Table too (for the SLA Store credential).',
	},
	{
		displayName: 'Subject Key Table',
		name: 'subjectTable',
		type: 'string',
		default: 'sla_audit_subjects',
		displayOptions: { show: { operation: ['erase', 'record'], subjectKeyStore: ['dataTable'] } },
		description: 'Name of the Data Table that keeps the subject keys; created on first use',
	},
	{
		displayName: 'Subject Key File',
		name: 'subjectFile',
		type: 'string',
		default: 'sla-audit/subjects.jsonl',
		displayOptions: { show: { operation: ['erase', 'record'], subjectKeyStore: ['file'] } },
		description: 'Path of the subject key file, confined like the Trail File',
	},
	...record,
	...erase,
	...report,
];
