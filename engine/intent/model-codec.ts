/**
 * A trained classifier as bytes and back, so a model trained once can be kept (a file under n8n's
 * folder, a Data Table) and loaded by a restarted process or another queue-mode worker instead of
 * training again. Layout: a JSON header (format, labels, temperature, feature settings, array
 * lengths) with its length, then the three typed arrays, each 4-byte aligned, little-endian.
 */
import type { ClassifierModel } from './classifier';

const FORMAT = 'normalize-intent-model/1';

interface Header {
	format: string;
	labels: string[];
	temperature: number;
	charNgrams: number[];
	prefixLength: number;
	tableMask: number;
	weightUnit: number;
	tableLength: number;
	postingsLength: number;
}

export function encodeModel(model: ClassifierModel): Uint8Array {
	const header: Header = {
		format: FORMAT,
		labels: [...model.labels],
		temperature: model.temperature,
		charNgrams: [...model.charNgrams],
		prefixLength: model.prefixLength,
		tableMask: model.tableMask,
		weightUnit: model.weightUnit,
		tableLength: model.table.length,
		postingsLength: model.postings.length,
	};
	const json = new TextEncoder().encode(JSON.stringify(header));
	const headerBytes = 4 + Math.ceil(json.length / 4) * 4;
	const bytes = new Uint8Array(headerBytes + 4 * (model.table.length + model.postings.length));
	const view = new DataView(bytes.buffer);
	view.setUint32(0, json.length, true);
	bytes.set(json, 4);
	let at = headerBytes;
	for (let i = 0; i < model.table.length; i++, at += 4) view.setUint32(at, model.table[i], true);
	for (let i = 0; i < model.postings.length; i++, at += 4) view.setInt32(at, model.postings[i], true);
	return bytes;
}

/** The model, or null when the bytes are not a model of this format (a different version, a cut file). */
export function decodeModel(bytes: Uint8Array): ClassifierModel | null {
	if (bytes.length < 4) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const jsonLength = view.getUint32(0, true);
	if (4 + jsonLength > bytes.length) return null;
	let header: Header;
	try {
		header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + jsonLength))) as Header;
	} catch {
		return null;
	}
	if (header.format !== FORMAT) return null;
	const headerBytes = 4 + Math.ceil(jsonLength / 4) * 4;
	if (bytes.length !== headerBytes + 4 * (header.tableLength + header.postingsLength)) return null;
	const table = new Uint32Array(header.tableLength);
	const postings = new Int32Array(header.postingsLength);
	let at = headerBytes;
	for (let i = 0; i < table.length; i++, at += 4) table[i] = view.getUint32(at, true);
	for (let i = 0; i < postings.length; i++, at += 4) postings[i] = view.getInt32(at, true);
	return {
		labels: header.labels,
		temperature: header.temperature,
		charNgrams: header.charNgrams,
		prefixLength: header.prefixLength,
		table,
		tableMask: header.tableMask,
		postings,
		weightUnit: header.weightUnit,
	};
}
