/**
 * Training Source "Data Table": the team's own labelled tickets, read from an n8n Data Table through
 * the SLA Store's Data Tables API. A row is one ticket: its text, the category it was filed under, and
 * optionally the category an agent corrected it to (which then wins), and an intent.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { IntentExample } from '../../engine/intent';
import { ParameterError } from '../shared/parameters';
import { type DataTablesApi, dataTablesApi } from '../SlaStore/transport';

export interface TrainingTable {
	table: string;
	textColumn: string;
	categoryColumn: string;
	/** A column an agent fills when the category was wrong; empty cells keep the category. */
	correctionColumn: string;
	intentColumn: string;
}

/** The rows of the table as training examples; rows without text or category are skipped. */
export async function examplesFromTable(api: Pick<DataTablesApi, 'findTable' | 'rows'>, source: TrainingTable): Promise<IntentExample[]> {
	const table = await api.findTable(source.table);
	if (!table) throw new ParameterError('Training Table', `no Data Table named "${source.table}" (create it with columns ${source.textColumn} and ${source.categoryColumn})`);
	const columns = table.columns?.map((column) => column.name);
	for (const [name, column] of [['Text Column', source.textColumn], ['Category Column', source.categoryColumn]] as const) {
		if (columns && !columns.includes(column)) throw new ParameterError(name, `the Data Table "${source.table}" has no column "${column}" (it has ${columns.join(', ')})`);
	}
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');
	const examples: IntentExample[] = [];
	for (const row of await api.rows(table.id, {})) {
		const body = text(row[source.textColumn]);
		const type = (source.correctionColumn ? text(row[source.correctionColumn]) : '') || text(row[source.categoryColumn]);
		if (body === '' || type === '') continue;
		const intent = source.intentColumn ? text(row[source.intentColumn]) : '';
		examples.push(intent ? { text: body, type, intent } : { text: body, type });
	}
	if (examples.length === 0) throw new ParameterError('Training Table', `the Data Table "${source.table}" has no row with both a text and a category`);
	return examples;
}

export function trainingTableOf(ctx: IExecuteFunctions): TrainingTable {
	const read = (name: string, fallback: string) => String(ctx.getNodeParameter(name, 0, fallback) ?? '').trim();
	const source = {
		table: read('trainingTable', ''),
		textColumn: read('trainingTextColumn', 'text'),
		categoryColumn: read('trainingCategoryColumn', 'category'),
		correctionColumn: read('trainingCorrectionColumn', ''),
		intentColumn: read('trainingIntentColumn', ''),
	};
	if (source.table === '') throw new ParameterError('Training Table', 'name the Data Table that holds the labelled tickets');
	return source;
}

/** The examples of the Training Table, when that is the Training Source; read once per execution. */
export async function readTrainingTable(ctx: IExecuteFunctions, api?: Pick<DataTablesApi, 'findTable' | 'rows'>): Promise<IntentExample[] | undefined> {
	if (ctx.getNodeParameter('trainingSource', 0) !== 'dataTable') return undefined;
	const source = trainingTableOf(ctx);
	return await examplesFromTable(api ?? (await dataTablesApi(ctx)), source);
}
