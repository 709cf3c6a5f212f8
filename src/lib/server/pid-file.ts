import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * A running server writes its process id to DATA_DIR/clinic.pid and removes it on shutdown,
 * so that operator commands (restore) can refuse to run underneath it.
 */

const pidFile = (dataDir: string) => join(dataDir, 'clinic.pid');

/** Records this process as the server of `dataDir`. */
export function writePidFile(dataDir: string): void {
	writeFileSync(pidFile(dataDir), String(process.pid), { mode: 0o600 });
}

/** Removes the pid file if it is this process's. */
export function removePidFile(dataDir: string): void {
	const file = pidFile(dataDir);
	if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) {
		rmSync(file, { force: true });
	}
}

/** Whether a live process is recorded as the server of `dataDir`. */
export function isServerRunning(dataDir: string): boolean {
	const file = pidFile(dataDir);
	if (!existsSync(file)) return false;
	const pid = Number(readFileSync(file, 'utf8').trim());
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as { code?: string }).code === 'EPERM';
	}
}
