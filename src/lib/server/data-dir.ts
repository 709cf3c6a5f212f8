import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/*
 * What the application writes under DATA_DIR (the database and its WAL and SHM files, backups,
 * mail files, the auth secret, the pid file) holds patients' data or keys to it: readable and
 * writable by the application's own user only (ADR 0036). New files are created that way (a
 * umask, and explicit modes where we create them), and what an older version left readable is
 * tightened at start.
 */

/** Mode of every file the application writes under DATA_DIR. */
export const privateFileMode = 0o600;
/** Mode of DATA_DIR and the folders the application makes in it. */
export const privateFolderMode = 0o700;

/** The entries of DATA_DIR that are the application's (a DATA_DIR may hold other things). */
const ownFiles = [
	'clinic.sqlite',
	'clinic.sqlite-wal',
	'clinic.sqlite-shm',
	'auth-secret',
	'clinic.pid'
];
const ownFolders = ['backups', 'mail'];

/** Makes a folder (and its parents) private to this user; an existing one is tightened. */
export function ensurePrivateFolder(folder: string): void {
	mkdirSync(folder, { recursive: true, mode: privateFolderMode });
	chmodSync(folder, privateFolderMode);
}

/**
 * Makes this process create files for its own user only (umask 077), creates DATA_DIR, and
 * takes group and world access away from what the application keeps there already. Returns
 * how many entries it had to tighten (for the start-up log).
 */
export function secureDataDir(dataDir: string): number {
	// The umask is per process; a worker thread (a test runner's) may not change it.
	if (isMainThread) process.umask(0o077);
	ensurePrivateFolder(dataDir);
	let tightened = 0;
	const tighten = (path: string, mode: number) => {
		const stat = lstatSync(path);
		if (stat.isSymbolicLink() || (stat.mode & 0o777) === mode) return;
		chmodSync(path, mode);
		tightened++;
	};
	for (const name of ownFiles) {
		const path = join(dataDir, name);
		if (existsSync(path)) tighten(path, privateFileMode);
	}
	const walk = (folder: string) => {
		tighten(folder, privateFolderMode);
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.isFile()) tighten(path, privateFileMode);
		}
	};
	for (const name of ownFolders) {
		const path = join(dataDir, name);
		if (existsSync(path) && lstatSync(path).isDirectory()) walk(path);
	}
	return tightened;
}
