/**
 * The frame the intent engine keeps its binary artefacts in (a trained model, the language table):
 * the length of a JSON header as 4 bytes little-endian, the header, then the body from the next
 * 4-byte boundary, so the body's typed arrays can be aligned views.
 */

/** A frame of `bodyLength` bytes after the header, with the header written; the body is the caller's to fill from `bodyStart`. */
export function framed(header: object, bodyLength: number): { bytes: Uint8Array; view: DataView; bodyStart: number } {
	const json = new TextEncoder().encode(JSON.stringify(header));
	const bodyStart = 4 + Math.ceil(json.length / 4) * 4;
	const bytes = new Uint8Array(bodyStart + bodyLength);
	const view = new DataView(bytes.buffer);
	view.setUint32(0, json.length, true);
	bytes.set(json, 4);
	return { bytes, view, bodyStart };
}

/** The header and where the body starts, or null when the bytes are not a frame (cut, or not JSON). */
export function unframed<Header>(bytes: Uint8Array): { header: Header; view: DataView; bodyStart: number } | null {
	if (bytes.length < 4) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const jsonLength = view.getUint32(0, true);
	if (4 + jsonLength > bytes.length) return null;
	try {
		const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + jsonLength))) as Header;
		return { header, view, bodyStart: 4 + Math.ceil(jsonLength / 4) * 4 };
	} catch {
		return null;
	}
}
