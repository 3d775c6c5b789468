/**
 * Time-ordered unique ids in the ULID layout: 48 bits of milliseconds then 80 random bits, in
 * Crockford base32, so ids sort by time as strings. The caller supplies the random bytes, which keeps
 * this module deterministic.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function timeOrderedId(timeMs: number, random: Uint8Array): string {
	if (!Number.isInteger(timeMs) || timeMs < 0 || timeMs > 2 ** 48 - 1) throw new RangeError('time: must be whole milliseconds since 1970');
	if (random.length < 10) throw new RangeError('random: needs at least 10 bytes');
	let time = '';
	let rest = timeMs;
	for (let i = 0; i < 10; i++) {
		time = ALPHABET[rest % 32] + time;
		rest = Math.floor(rest / 32);
	}
	let bits = 0n;
	for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(random[i]);
	let tail = '';
	for (let i = 0; i < 16; i++) {
		tail = ALPHABET[Number(bits & 31n)] + tail;
		bits >>= 5n;
	}
	return time + tail;
}

export function timeOfId(id: string): number {
	let time = 0;
	for (const char of id.slice(0, 10)) time = time * 32 + ALPHABET.indexOf(char);
	return time;
}

/** The trace id of a W3C `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`), or null if malformed. */
export function traceIdFromTraceparent(header: string | undefined | null): string | null {
	if (!header) return null;
	const match = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(header.trim().toLowerCase());
	if (!match || match[1] === 'ff' || /^0+$/.test(match[2]) || /^0+$/.test(match[3])) return null;
	return match[2];
}

export function newTraceId(random: Uint8Array): string {
	if (random.length < 16) throw new RangeError('random: needs at least 16 bytes');
	return Buffer.from(random.subarray(0, 16)).toString('hex');
}
