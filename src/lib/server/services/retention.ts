import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { backupDay, dailyBackupsToDelete } from '$lib/domain/operations/backup-health';
import { backupDatabase, backupFolder } from '../db/backup';
import type { DialectName } from '../db/connection';
import {
	claimBackupDay,
	finishBackupDay,
	loadRetentionPolicy,
	purgeBackupRuns,
	purgeExpiredStaffSessions,
	purgeFinishedEmails
} from '../db/repositories/retention-repository';
import type { Database } from '../db/schema';
import { logger } from '../logger';
import type { PeriodicJob } from '../mail/outbox-worker';

/*
 * The worker's housekeeping by the clinic's retention policy (ADR 0036): a daily backup of the
 * SQLite database, and the deletion of what the policy no longer keeps. Both are safe to run
 * twice and on several instances at once.
 */

/** Where a running clinic keeps its files. */
export interface RetentionContext {
	dataDir: string;
	dialect: DialectName;
	now: Temporal.Instant;
}

export type DailyBackupResult =
	| { kind: 'not_sqlite' }
	/** Today's backup exists already, or another instance is taking it. */
	| { kind: 'not_due' }
	| { kind: 'succeeded'; file: string; bytes: number; deleted: number }
	| { kind: 'failed'; error: string };

/**
 * Takes today's (UTC) backup of the SQLite database into DATA_DIR/backups as
 * `daily-<time>.sqlite`, unless it was taken already or another instance has it in hand, then
 * deletes the daily backups beyond the number the policy keeps. A failure is recorded for the
 * owner's page and retried at the next run (a few times a day at most).
 */
export async function runDailyBackup(
	db: Kysely<Database>,
	context: RetentionContext
): Promise<DailyBackupResult> {
	if (context.dialect !== 'sqlite') return { kind: 'not_sqlite' };
	const day = backupDay(context.now);
	if (!(await claimBackupDay(db, day, context.now))) return { kind: 'not_due' };
	let result: { file: string; bytes: number };
	try {
		result = await backupDatabase(context.dataDir, context.now, { prefix: 'daily' });
	} catch (error) {
		const message = (error as Error).message;
		logger.warn({ err: error, day }, 'daily backup failed');
		await finishBackupDay(db, day, { status: 'failed', error: message, at: context.now });
		return { kind: 'failed', error: message };
	}
	const file = result.file.split(/[\\/]/).pop() ?? result.file;
	await finishBackupDay(db, day, {
		status: 'succeeded',
		file,
		bytes: result.bytes,
		at: context.now
	});
	const { dailyBackupsKept } = await loadRetentionPolicy(db);
	return {
		kind: 'succeeded',
		file,
		bytes: result.bytes,
		deleted: pruneDailyBackups(context.dataDir, dailyBackupsKept)
	};
}

/** Deletes the daily backups beyond the newest `keep`; returns how many went. */
export function pruneDailyBackups(dataDir: string, keep: number): number {
	const folder = backupFolder(dataDir);
	const names = listFiles(folder);
	const doomed = dailyBackupsToDelete(names, keep);
	for (const name of doomed) rmSync(join(folder, name), { force: true });
	return doomed.length;
}

function listFiles(folder: string): string[] {
	try {
		return readdirSync(folder, { withFileTypes: true })
			.filter((entry) => entry.isFile())
			.map((entry) => entry.name);
	} catch (error) {
		if ((error as { code?: string }).code === 'ENOENT') return [];
		throw error;
	}
}

/** Deletes the files in `folder` whose name passes `pick` and that were last written before `before`. */
function deleteFilesOlderThan(
	folder: string,
	before: Temporal.Instant,
	pick: (name: string) => boolean
): number {
	let deleted = 0;
	for (const name of listFiles(folder).filter(pick)) {
		const path = join(folder, name);
		if (statSync(path).mtimeMs < before.epochMilliseconds) {
			rmSync(path, { force: true });
			deleted++;
		}
	}
	return deleted;
}

export interface PurgeReport {
	staffSessions: number;
	staffTokens: number;
	emails: number;
	emailFiles: number;
	dailyBackups: number;
	leftovers: number;
	backupRuns: number;
}

/**
 * Deletes what the retention policy no longer keeps: expired staff sessions and one-time
 * tokens, emails done with for longer than the policy's days (outbox rows and `.eml` files),
 * daily backups beyond the number kept, the record of backup attempts after a year, and
 * half-written files a crash left behind. The audit log and signed records are not touched.
 */
export async function purgeByPolicy(
	db: Kysely<Database>,
	context: RetentionContext
): Promise<PurgeReport> {
	const policy = await loadRetentionPolicy(db);
	const emailsBefore = context.now.subtract({ hours: 24 * policy.sentEmailDays });
	const { sessions, tokens } = await purgeExpiredStaffSessions(db, context.now);
	const emails = await purgeFinishedEmails(db, emailsBefore);
	const mailDir = join(context.dataDir, 'mail');
	const emailFiles = deleteFilesOlderThan(mailDir, emailsBefore, (name) => name.endsWith('.eml'));
	// A crash in the middle of writing leaves these; an hour is far longer than any write.
	const anHourAgo = context.now.subtract({ hours: 1 });
	const leftovers =
		deleteFilesOlderThan(mailDir, anHourAgo, (name) => name.endsWith('.eml.tmp')) +
		deleteFilesOlderThan(backupFolder(context.dataDir), anHourAgo, (name) =>
			/\.partial(-journal|-wal|-shm)?$/.test(name)
		);
	const dailyBackups =
		context.dialect === 'sqlite' ? pruneDailyBackups(context.dataDir, policy.dailyBackupsKept) : 0;
	const backupRuns = await purgeBackupRuns(
		db,
		backupDay(context.now.subtract({ hours: 24 * 366 }))
	);
	return {
		staffSessions: sessions,
		staffTokens: tokens,
		emails,
		emailFiles,
		dailyBackups,
		leftovers,
		backupRuns
	};
}

/** How often the worker looks whether today's backup is due, and purges. */
export const retentionJobIntervalMs = 60 * 60 * 1000;

/** The worker's periodic jobs for backups and retention (a web-only instance runs none). */
export function retentionJobs(
	db: Kysely<Database>,
	options: { dataDir: string; dialect: DialectName }
): PeriodicJob[] {
	return [
		{
			name: 'daily backup',
			everyMs: retentionJobIntervalMs,
			run: (now) => runDailyBackup(db, { ...options, now })
		},
		{
			name: 'retention',
			everyMs: retentionJobIntervalMs,
			run: (now) => purgeByPolicy(db, { ...options, now })
		}
	];
}
