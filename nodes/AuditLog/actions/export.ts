import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type AuditEntry, EMPTY_HEAD, EXPORT_FORMAT, exportWriter, keyFingerprint, type ChainHead, type TrailLine } from '../../../engine/audit';
import { asItemError, errorItem } from '../../shared/items';
import { readAuditKeys } from '../audit-key';
import { anchorStore } from '../trail';
import { bound } from './report';
import { requiredSink, verifiedTrail, verifySummary } from './verify';

/**
 * Export writes a period of the trail for an auditor as a JSON Lines file (engine/audit/export.ts):
 * the entries recorded in the period, with the checkpoints among them and the first checkpoint after
 * the last one (so the end of the period is signed), the anchors of that range, and a signed proof.
 * The whole trail is verified on the way; a broken trail leaves on Broken, without a file. The
 * auditor checks the file offline with `sla-audit-verify` (README, Audit Log).
 */

type Phase = 'before' | 'inside' | 'closing' | 'after';

/** Picks the lines of a period from the trail as it streams by. */
function periodSelector(from: number | null, to: number) {
	let phase: Phase = 'before';
	let start: ChainHead = EMPTY_HEAD;
	let head: ChainHead = EMPTY_HEAD;
	const picked: TrailLine[] = [];
	return {
		add(line: TrailLine) {
			if (phase === 'after') return;
			if (line.type === 'entry') {
				const recordedAt = Date.parse((line.entry as unknown as AuditEntry).recordedAt);
				if (phase === 'before' && (from === null || recordedAt >= from) && recordedAt < to) {
					phase = 'inside';
					start = head;
				}
				if (phase === 'inside' && recordedAt >= to) phase = picked[picked.length - 1]?.type === 'checkpoint' ? 'after' : 'closing';
				head = { seq: line.seq, hash: line.hash };
			}
			if (phase === 'inside' || phase === 'closing') picked.push(line);
			if (phase === 'closing' && line.type === 'checkpoint') phase = 'after';
		},
		get start() {
			return start;
		},
		picked,
	};
}

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const keys = await readAuditKeys(ctx);
	const items = ctx.getInputData();
	const exported: INodeExecutionData[] = [];
	const broken: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const sink = await requiredSink(ctx, itemIndex);
			const anchors = await anchorStore(ctx, itemIndex);
			const from = bound(ctx, itemIndex, 'from', 'From');
			const to = bound(ctx, itemIndex, 'to', 'To') ?? Date.now();
			const selector = periodSelector(from, to);
			const verified = await verifiedTrail(sink, anchors, keys.all, (line) => selector.add(line));
			const summary = verifySummary(verified);
			if (!verified.result.intact) {
				broken.push({ json: { ...items[itemIndex].json, audit: { verify: summary } }, pairedItem: { item: itemIndex } });
				continue;
			}
			const exportedAt = new Date();
			const writer = exportWriter({ type: 'export', format: EXPORT_FORMAT, trail: sink.name, from: from === null ? null : new Date(from).toISOString(), to: new Date(to).toISOString(), exportedAt: exportedAt.toISOString(), start: selector.start }, keys.current.key);
			for (const line of selector.picked) writer.line(JSON.stringify(line), line);
			const last = selector.picked.filter((line) => line.type === 'entry').pop();
			if (anchors && last) {
				for await (const anchor of anchors.list(sink.name)) {
					if (anchor.seq > last.seq) break;
					if (anchor.seq > selector.start.seq) writer.anchor(anchor);
				}
			}
			const lines = writer.finish(true);
			const proof = JSON.parse(lines[lines.length - 1]) as { entries: number; firstSeq: number | null; lastSeq: number | null; publicKey: string };
			const fileName = `audit-export-${sink.name.replace(/[^\w.-]+/g, '_')}-${exportedAt.toISOString().replace(/[:.]/g, '-')}.jsonl`;
			const binary = await ctx.helpers.prepareBinaryData(Buffer.from(lines.map((line) => `${line}\n`).join('')), fileName, 'application/x-ndjson');
			exported.push({
				json: {
					...items[itemIndex].json,
					audit: {
						export: { fileName, entries: proof.entries, firstSeq: proof.firstSeq, lastSeq: proof.lastSeq, publicKey: proof.publicKey, fingerprint: keyFingerprint(proof.publicKey) } as IDataObject,
						verify: summary,
					},
				},
				binary: { data: binary },
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			const itemError = asItemError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw itemError;
			exported.push(errorItem(itemError, itemIndex, items[itemIndex]));
		}
	}
	return [exported, broken];
}
