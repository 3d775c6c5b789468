import type { TrailLine } from './chain';
import type { VerifyResult } from './verifier';

/** What Verify and Report make of a trail once the verifier has walked it. */

/** Entries of an intact trail after its last signed checkpoint (a rewrite of them shows only in the hashes); null for a broken trail. */
export function unsignedTailOf(result: VerifyResult): number | null {
	return result.intact ? result.head.seq - (result.lastCheckpointSeq ?? 0) : null;
}

/** The lines a report may count: all of an intact trail, else those before the first line that fails. */
export function verifiedLines(lines: ReadonlyArray<string>, result: VerifyResult): TrailLine[] {
	return lines.slice(0, result.intact ? lines.length : result.line).map((line) => JSON.parse(line) as TrailLine);
}
