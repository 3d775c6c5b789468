import { closeSync, constants, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';

/**
 * One writer at a time on a trail file: a lock file next to it, created with O_EXCL, that holds the
 * owner's pid and the time it was taken. A lock whose owner is gone (or that is older than the stale
 * limit) is taken over; a live owner is waited for up to the lock timeout.
 */

export interface LockOptions {
	lockTimeoutMs?: number;
	staleLockMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ownerAlive(lockPath: string, staleLockMs: number): boolean {
	try {
		const [pid, since] = readFileSync(lockPath, 'utf8').split(' ').map(Number);
		if (Number.isFinite(since) && Date.now() - since > staleLockMs) return false;
		if (!Number.isInteger(pid) || pid <= 0) return Date.now() - statSync(lockPath).mtimeMs < 2000;
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export async function acquireLock(lockPath: string, options: LockOptions): Promise<void> {
	const deadline = Date.now() + (options.lockTimeoutMs ?? 30_000);
	for (let attempt = 0; ; attempt++) {
		let failure: NodeJS.ErrnoException | null = null;
		try {
			const fd = openSync(lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
			writeSync(fd, `${process.pid} ${Date.now()}`);
			closeSync(fd);
			return;
		} catch (error) {
			failure = error as NodeJS.ErrnoException;
		}
		if (failure.code !== 'EEXIST') throw failure;
		if (!ownerAlive(lockPath, options.staleLockMs ?? 10 * 60_000)) {
			try {
				unlinkSync(lockPath);
			} catch {
				// another waiter removed it first
			}
			continue;
		}
		if (Date.now() > deadline) throw new Error(`the trail file is locked by another writer (${lockPath}); try again or remove a stale lock`);
		await sleep(Math.min(5 + attempt * 5, 100));
	}
}

export function releaseLock(lockPath: string): void {
	try {
		unlinkSync(lockPath);
	} catch {
		// already gone
	}
}
