import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Temporal } from 'temporal-polyfill';
import { ensurePrivateFolder, privateFileMode } from '../data-dir';

/*
 * Backups of the SQLite database. SQLite's online backup API copies a consistent snapshot
 * while the server keeps running; every copy is checked with `PRAGMA integrity_check` before
 * it is reported (or restored). PostgreSQL clinics use pg_dump and pg_restore instead (see
 * docs/operations.md).
 */

export interface BackupResult {
	file: string;
	bytes: number;
}

/** The database file inside a data directory. */
export function databaseFile(dataDir: string): string {
	return join(dataDir, 'clinic.sqlite');
}

/** The folder backups are written to. */
export function backupFolder(dataDir: string): string {
	return join(dataDir, 'backups');
}

function stamp(now: Temporal.Instant): string {
	return now
		.toString({ smallestUnit: 'second' })
		.replace(/[-:]/g, '')
		.replace('T', '-')
		.replace('Z', 'Z');
}

/** Runs SQLite's integrity check on a file; returns null when it is sound, else the problems. */
export function integrityProblems(file: string): string | null {
	// Opening a WAL-mode file, even read-only, makes SQLite create -wal and -shm files beside
	// it: whatever this check created, it removes again.
	const companions = ['-wal', '-shm'].map((suffix) => `${file}${suffix}`);
	const createdHere = companions.filter((companion) => !existsSync(companion));
	let database: SQLite.Database | null = null;
	try {
		database = new SQLite(file, { readonly: true, fileMustExist: true });
		const rows = database.pragma('integrity_check') as { integrity_check: string }[];
		const messages = rows.map((row) => row.integrity_check);
		if (messages.length === 1 && messages[0] === 'ok') {
			const clinic = database.prepare("select name from sqlite_master where name = 'clinic'").get();
			return clinic ? null : 'it is not a clinic database (no clinic table)';
		}
		return messages.slice(0, 5).join('; ');
	} catch (error) {
		return (error as Error).message;
	} finally {
		database?.close();
		for (const companion of createdHere) rmSync(companion, { force: true });
	}
}

/**
 * Copies the live database to `DATA_DIR/backups/<prefix>-<UTC time>.sqlite` (prefix `clinic`
 * for the operator's command, `daily` for the automatic backup) with the online backup API and
 * checks the copy. The copy is one self-contained file (rollback journal, not WAL), readable by
 * this user only; nothing else is left behind, whether it succeeds or fails (ADR 0036).
 * @throws when there is no database or the copy fails its integrity check.
 */
export async function backupDatabase(
	dataDir: string,
	now: Temporal.Instant,
	options: { prefix?: 'clinic' | 'daily' } = {}
): Promise<BackupResult> {
	const source = databaseFile(dataDir);
	if (!existsSync(source)) throw new Error(`there is no database at ${source}`);
	const folder = backupFolder(dataDir);
	ensurePrivateFolder(folder);
	const file = join(folder, `${options.prefix ?? 'clinic'}-${stamp(now)}.sqlite`);
	const partial = `${file}.partial`;
	const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
	try {
		const live = new SQLite(source, { readonly: true, fileMustExist: true });
		try {
			await live.backup(partial);
		} finally {
			live.close();
		}
		chmodSync(partial, privateFileMode);
		// A copy of a WAL database is in WAL mode too, and would need -wal and -shm files
		// beside it whenever it is opened: make it a single file.
		const copy = new SQLite(partial, { fileMustExist: true });
		try {
			copy.pragma('journal_mode = DELETE');
		} finally {
			copy.close();
		}
		const problems = integrityProblems(partial);
		if (problems) throw new Error(`the backup failed its integrity check: ${problems}`);
		renameSync(partial, file);
	} finally {
		for (const leftover of leftovers) rmSync(leftover, { force: true });
	}
	return { file, bytes: statSync(file).size };
}

/**
 * Replaces the database with a checked backup. The server must be stopped (the pid file
 * says whether it runs). The current database is first kept as `backups/pre-restore-*.sqlite`,
 * so a restore can itself be undone.
 * @returns the file the previous database was saved to, if there was one.
 */
export function restoreDatabase(
	dataDir: string,
	backupFile: string,
	now: Temporal.Instant,
	isServerRunning: () => boolean
): { savedPrevious: string | null } {
	if (!existsSync(backupFile)) throw new Error(`there is no file ${backupFile}`);
	const problems = integrityProblems(backupFile);
	if (problems) throw new Error(`${basename(backupFile)} is not a sound backup: ${problems}`);
	if (isServerRunning()) {
		throw new Error('the server is running: stop it first (SIGTERM), then restore');
	}
	const target = databaseFile(dataDir);
	let savedPrevious: string | null = null;
	ensurePrivateFolder(backupFolder(dataDir));
	if (existsSync(target)) {
		// Fold the write-ahead log into the file so the saved copy is complete.
		const current = new SQLite(target);
		try {
			current.pragma('wal_checkpoint(TRUNCATE)');
		} finally {
			current.close();
		}
		savedPrevious = join(dataDir, 'backups', `pre-restore-${stamp(now)}.sqlite`);
		copyFileSync(target, savedPrevious);
		chmodSync(savedPrevious, privateFileMode);
	}
	const incoming = `${target}.restoring`;
	copyFileSync(backupFile, incoming);
	chmodSync(incoming, privateFileMode);
	for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
	renameSync(incoming, target);
	return { savedPrevious };
}
