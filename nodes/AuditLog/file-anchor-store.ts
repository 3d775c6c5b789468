import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

import type { Anchor, AnchorStore } from './anchor-store';
import { streamTrailLines } from './file-sink';

/**
 * Anchors as JSON Lines in a second file, for a trail kept on one volume and anchored on another (a
 * mounted write-once or backed-up volume). Appended and fsynced; read as a stream.
 */
export class FileAnchorStore implements AnchorStore {
	constructor(
		readonly path: string,
		readonly name: string = path,
	) {}

	async put(anchors: ReadonlyArray<Anchor>): Promise<void> {
		if (anchors.length === 0) return;
		mkdirSync(dirname(this.path), { recursive: true });
		const fd = openSync(this.path, constants.O_CREAT | constants.O_WRONLY | constants.O_APPEND, 0o600);
		try {
			const data = Buffer.from(anchors.map((anchor) => `${JSON.stringify(anchor)}\n`).join(''));
			let written = 0;
			while (written < data.length) written += writeSync(fd, data, written, data.length - written);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
	}

	async *list(trail: string): AsyncIterable<Anchor> {
		if (!existsSync(this.path)) return;
		let lastSeq = 0;
		for await (const line of streamTrailLines(this.path)) {
			let anchor: Anchor;
			try {
				anchor = JSON.parse(line) as Anchor;
			} catch {
				continue;
			}
			if (anchor.trail !== trail || !(anchor.seq > lastSeq)) continue;
			lastSeq = anchor.seq;
			yield anchor;
		}
	}
}
