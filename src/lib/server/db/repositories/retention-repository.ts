import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { BackupAttempt } from '$lib/domain/operations/backup-health';
import type { RetentionPolicy } from '$lib/domain/operations/retention-policy';
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from '../instant';
import type { BackupRunTable, Database } from '../schema';
import type { Selectable } from 'kysely';

/*
 * Retention (migration 0021, ADR 0036): the clinic's policy, the daily backup's claims and
 * results, and the deletions the policy allows. Nothing here touches the audit log or signed
 * records.
 */

/** The clinic's retention policy (the migration creates its one row). */
export async function loadRetentionPolicy(db: Kysely<Database>): Promise<RetentionPolicy> {
	const row = await db
		.selectFrom('retention_policy')
		.select(['daily_backups_kept', 'sent_email_days'])
		.executeTakeFirstOrThrow();
	return { dailyBackupsKept: row.daily_backups_kept, sentEmailDays: row.sent_email_days };
}

/** Saves the clinic's retention policy. */
export async function saveRetentionPolicy(
	db: Kysely<Database>,
	policy: RetentionPolicy,
	now: Temporal.Instant
): Promise<void> {
	await db
		.updateTable('retention_policy')
		.set({
			daily_backups_kept: policy.dailyBackupsKept,
			sent_email_days: policy.sentEmailDays,
			updated_at: toDbInstant(now)
		})
		.execute();
}

/** Attempts per day before the daily backup waits for the next day. */
export const maxBackupAttemptsPerDay = 5;

/**
 * Claims `day`'s backup for this instance: true for the one instance whose insert made the
 * row, or that took over a failed attempt (up to {@link maxBackupAttemptsPerDay}) or one left
 * running for an hour by a process that died. Every other caller gets false.
 */
export async function claimBackupDay(
	db: Kysely<Database>,
	day: string,
	now: Temporal.Instant
): Promise<boolean> {
	const inserted = await db
		.insertInto('backup_run')
		.values({ day, status: 'running', started_at: toDbInstant(now) })
		.onConflict((conflict) => conflict.column('day').doNothing())
		.executeTakeFirst();
	if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
	const retaken = await db
		.updateTable('backup_run')
		.set((eb) => ({
			status: 'running',
			attempts: eb('attempts', '+', 1),
			started_at: toDbInstant(now),
			finished_at: null,
			error: null
		}))
		.where('day', '=', day)
		.where('attempts', '<', maxBackupAttemptsPerDay)
		.where((eb) =>
			eb.or([
				eb('status', '=', 'failed'),
				eb.and([
					eb('status', '=', 'running'),
					eb('started_at', '<', toDbInstant(now.subtract({ hours: 1 })))
				])
			])
		)
		.executeTakeFirst();
	return Number(retaken.numUpdatedRows) === 1;
}

/** Records how `day`'s backup went. */
export async function finishBackupDay(
	db: Kysely<Database>,
	day: string,
	result:
		| { status: 'succeeded'; file: string; bytes: number; at: Temporal.Instant }
		| { status: 'failed'; error: string; at: Temporal.Instant }
): Promise<void> {
	await db
		.updateTable('backup_run')
		.set(
			result.status === 'succeeded'
				? {
						status: 'succeeded',
						finished_at: toDbInstant(result.at),
						file: result.file,
						bytes: result.bytes,
						error: null
					}
				: {
						status: 'failed',
						finished_at: toDbInstant(result.at),
						// One line, bounded: it is shown to the owner as it is.
						error: result.error.replace(/\s+/g, ' ').slice(0, 500)
					}
		)
		.where('day', '=', day)
		.execute();
}

function toAttempt(row: Selectable<BackupRunTable>): BackupAttempt {
	return {
		day: row.day,
		status: row.status,
		startedAt: fromDbInstant(row.started_at),
		finishedAt: fromDbInstantOrNull(row.finished_at),
		file: row.file,
		bytes: row.bytes === null ? null : Number(row.bytes),
		error: row.error
	};
}

/** The newest backup attempt, and the newest that succeeded. */
export async function latestBackups(
	db: Kysely<Database>
): Promise<{ latest: BackupAttempt | null; lastGood: BackupAttempt | null }> {
	const [latest, lastGood] = await Promise.all([
		db.selectFrom('backup_run').selectAll().orderBy('day', 'desc').limit(1).executeTakeFirst(),
		db
			.selectFrom('backup_run')
			.selectAll()
			.where('status', '=', 'succeeded')
			.orderBy('day', 'desc')
			.limit(1)
			.executeTakeFirst()
	]);
	return {
		latest: latest ? toAttempt(latest) : null,
		lastGood: lastGood ? toAttempt(lastGood) : null
	};
}

/** Forgets backup attempts of days before `before` ('YYYY-MM-DD'). */
export async function purgeBackupRuns(db: Kysely<Database>, before: string): Promise<number> {
	const result = await db.deleteFrom('backup_run').where('day', '<', before).executeTakeFirst();
	return Number(result.numDeletedRows);
}

/**
 * Deletes emails that are done with (sent, skipped or given up) and were due, and if sent,
 * sent, before `before`. Pending messages are never deleted, however old.
 */
export async function purgeFinishedEmails(
	db: Kysely<Database>,
	before: Temporal.Instant
): Promise<number> {
	const cutoff = toDbInstant(before);
	const result = await db
		.deleteFrom('outbox_message')
		.where('status', 'in', ['sent', 'skipped', 'failed'])
		.where('due_at', '<', cutoff)
		.where((eb) => eb.or([eb('sent_at', 'is', null), eb('sent_at', '<', cutoff)]))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/**
 * Deletes staff sessions and one-time tokens (setup, invitation, password reset) that expired
 * before `now`: an expired one opens nothing, and it names a staff member.
 */
export async function purgeExpiredStaffSessions(
	db: Kysely<Database>,
	now: Temporal.Instant
): Promise<{ sessions: number; tokens: number }> {
	// ISO text with milliseconds: what better-auth writes on SQLite; PostgreSQL parses it.
	const stamp = new Date(now.epochMilliseconds).toISOString();
	const sessions = await db
		.deleteFrom('staff_session')
		.where('expires_at', '<', stamp)
		.executeTakeFirst();
	const tokens = await db
		.deleteFrom('staff_verification')
		.where('expires_at', '<', stamp)
		.executeTakeFirst();
	return { sessions: Number(sessions.numDeletedRows), tokens: Number(tokens.numDeletedRows) };
}
