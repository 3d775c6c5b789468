import type { INodeProperties } from 'n8n-workflow';

import { type DelayReport, identifyBreach, type Incident, isSlaMetric, RESPONSE_METRICS, withStep } from '../../../engine/breach';
import type { SlaMetric } from '../../../engine/sla';
import { ParameterError, toInstant } from '../../shared/parameters';
import { jsonParameter, type StepContext } from './step';

const METRIC_OPTIONS = [
	{ name: 'First Response', value: 'firstResponse' },
	{ name: 'Next Response', value: 'nextResponse' },
	{ name: 'Periodic Update', value: 'periodicUpdate' },
	{ name: 'Resolution', value: 'resolution' },
];

const show = { show: { operation: ['identify', 'runAll'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'SLA Clocks',
		name: 'sla',
		type: 'json',
		default: '={{ $json.sla }}',
		displayOptions: show,
		description: 'The clocks the SLA Clock node wrote on the ticket; the breach is decided from them, checked against the current time',
	},
	{
		displayName: 'Metrics',
		name: 'metrics',
		type: 'multiOptions',
		options: METRIC_OPTIONS,
		default: [],
		displayOptions: show,
		description: 'SLA metrics whose breach counts; none selected means all',
	},
	{
		displayName: 'Client Reported a Delay',
		name: 'reported',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description: 'Whether the client complained about a delay; the complaint is checked against the clock and the answer is written to incident.identification.report',
	},
	{
		displayName: 'Reported At',
		name: 'reportedAt',
		type: 'string',
		default: '',
		placeholder: '2026-03-10T11:20:00+01:00',
		displayOptions: { show: { operation: ['identify', 'runAll'], reported: [true] } },
		description: 'When the client reported it, ISO-8601; empty means now',
	},
	{
		displayName: 'Report Concerns',
		name: 'reportMetrics',
		type: 'multiOptions',
		options: METRIC_OPTIONS,
		default: [...RESPONSE_METRICS],
		displayOptions: { show: { operation: ['identify', 'runAll'], reported: [true] } },
		description: 'The SLA metrics the complaint is about; a delayed response concerns the response metrics',
	},
];

function metricList(value: unknown, parameter: string): SlaMetric[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? value.split(',') : [];
	return list.map((entry) => String(entry).trim()).filter((entry) => entry !== '').map((entry) => {
		if (!isSlaMetric(entry)) throw new ParameterError(parameter, `"${entry}" is not an SLA metric`);
		return entry;
	});
}

export function identify(step: StepContext, incident: Incident): Incident {
	const sla = jsonParameter<unknown>(step, 'sla', 'SLA Clocks', step.item.json.sla);
	const metrics = metricList(step.parameter('metrics', []), 'Metrics');
	let report: DelayReport | null = null;
	if (step.parameter('reported', false) === true) {
		const raw = step.parameter('reportedAt', '');
		const reportedAt = raw === '' || raw === null || raw === undefined ? step.nowMs : toInstant(raw);
		if (reportedAt === null) throw new ParameterError('Reported At', `"${String(raw)}" is not an ISO-8601 timestamp`);
		report = { reportedAt, metrics: metricList(step.parameter('reportMetrics', [...RESPONSE_METRICS]), 'Report Concerns') };
	}
	const identification = identifyBreach(sla, step.nowMs, { metrics, report });
	const summary = identification.report?.explanation ?? identification.summary;
	return { ...incident, identification, steps: withStep(incident, 'identify', identification.identifiedAt, summary) };
}
