/**
 * A trained classifier as bytes and back, so a model trained once can be kept (a file under n8n's
 * folder, a Data Table) and loaded by a restarted process or another queue-mode worker instead of
 * training again. Layout: a JSON header (format, labels, temperature, feature settings, array
 * lengths) with its length, then the three typed arrays, each 4-byte aligned, little-endian.
 */
import type { ClassifierModel } from './classifier';
import { framed, unframed } from './framed-bytes';

/** /3: the familiarity floor (models of /1 and /2 are retrained, so every worker applies the same floor). */
const FORMAT = 'normalize-intent-model/3';

interface Header {
	format: string;
	labels: string[];
	temperature: number;
	familiarFloor: number;
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
		familiarFloor: model.familiarFloor,
		charNgrams: [...model.charNgrams],
		prefixLength: model.prefixLength,
		tableMask: model.tableMask,
		weightUnit: model.weightUnit,
		tableLength: model.table.length,
		postingsLength: model.postings.length,
	};
	const { bytes, view, bodyStart: headerBytes } = framed(header, 4 * (model.table.length + model.postings.length));
	let at = headerBytes;
	for (let i = 0; i < model.table.length; i++, at += 4) view.setUint32(at, model.table[i], true);
	for (let i = 0; i < model.postings.length; i++, at += 4) view.setInt32(at, model.postings[i], true);
	return bytes;
}

/** The model, or null when the bytes are not a model of this format (a different version, a cut file). */
export function decodeModel(bytes: Uint8Array): ClassifierModel | null {
	const frame = unframed<Header>(bytes);
	if (!frame) return null;
	const { header, view, bodyStart: headerBytes } = frame;
	if (header.format !== FORMAT) return null;
	if (bytes.length !== headerBytes + 4 * (header.tableLength + header.postingsLength)) return null;
	const table = new Uint32Array(header.tableLength);
	const postings = new Int32Array(header.postingsLength);
	let at = headerBytes;
	for (let i = 0; i < table.length; i++, at += 4) table[i] = view.getUint32(at, true);
	for (let i = 0; i < postings.length; i++, at += 4) postings[i] = view.getInt32(at, true);
	return {
		labels: header.labels,
		temperature: header.temperature,
		familiarFloor: header.familiarFloor,
		charNgrams: header.charNgrams,
		prefixLength: header.prefixLength,
		table,
		tableMask: header.tableMask,
		postings,
		weightUnit: header.weightUnit,
	};
}
