import type { Temporal } from 'temporal-polyfill';

/*
 * Whether the clinic's automatic backups are healthy, for the owner's pages (ADR 0036). Daily
 * backups are taken by the hour after a UTC day starts, so more than 25 hours without one
 * means a day was missed.
 */

/** A finished or running backup attempt, as the owner's page needs it. */
export interface BackupAttempt {
	day: string;
	status: 'running' | 'succeeded' | 'failed';
	startedAt: Temporal.Instant;
	finishedAt: Temporal.Instant | null;
	file: string | null;
	bytes: number | null;
	error: string | null;
}

export type BackupHealth =
	| { kind: 'ok'; last: BackupAttempt }
	/** The last attempt failed; `lastGood` is the newest backup there is, if any. */
	| { kind: 'failed'; attempt: BackupAttempt; lastGood: BackupAttempt | null }
	/** No backup for over a day (or none at all): the worker that takes them is not running. */
	| { kind: 'overdue'; lastGood: BackupAttempt | null };

/** The longest gap between two daily backups that is not a missed day. */
export const backupOverdueAfterHours = 25;

/**
 * Judges the backups from the latest attempt and the latest successful one.
 * @param latest the newest attempt (any status), or null when none was ever made
 * @param lastGood the newest successful attempt, or null
 */
export function backupHealth(
	latest: BackupAttempt | null,
	lastGood: BackupAttempt | null,
	now: Temporal.Instant
): BackupHealth {
	if (latest?.status === 'failed') return { kind: 'failed', attempt: latest, lastGood };
	const goodAt = lastGood?.finishedAt ?? null;
	if (
		!lastGood ||
		!goodAt ||
		now.since(goodAt).total({ unit: 'hours' }) > backupOverdueAfterHours
	) {
		return { kind: 'overdue', lastGood };
	}
	return { kind: 'ok', last: lastGood };
}

/** The UTC day a backup taken at `now` belongs to, 'YYYY-MM-DD'. */
export function backupDay(now: Temporal.Instant): string {
	return now.toString().slice(0, 10);
}

/** Automatic backups are named `daily-YYYYMMDD-HHMMSSZ.sqlite`. */
const dailyBackupName = /^daily-\d{8}-\d{6}Z\.sqlite$/;

/**
 * The automatic backups to delete so that the newest `keep` remain. Other files in the folder
 * (the operator's own `clinic-*` backups, `pre-restore-*` copies) are never chosen.
 */
export function dailyBackupsToDelete(names: readonly string[], keep: number): string[] {
	return names
		.filter((name) => dailyBackupName.test(name))
		.sort()
		.reverse()
		.slice(Math.max(0, keep));
}

/** "812 KB", "14.2 MB": a file size for people (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
	const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	if (unit === 0) return `${bytes} bytes`;
	return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The backups' state as pages show it: plain strings, times in UTC. */
export interface BackupStateView {
	kind: BackupHealth['kind'];
	lastGood: { at: string; atText: string; size: string; file: string } | null;
	failure: { at: string; atText: string; error: string } | null;
}

const months = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

/** "1 March 2027, 15:00 UTC". */
export function formatUtc(instant: Temporal.Instant): string {
	const time = instant.toZonedDateTimeISO('UTC');
	const clock = `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
	return `${time.day} ${months[time.month - 1]} ${time.year}, ${clock} UTC`;
}

/** The state of the backups for a page. */
export function backupStateView(health: BackupHealth): BackupStateView {
	const good = health.kind === 'ok' ? health.last : health.lastGood;
	const goodAt = good?.finishedAt ?? null;
	const failed = health.kind === 'failed' ? health.attempt : null;
	const failedAt = failed ? (failed.finishedAt ?? failed.startedAt) : null;
	return {
		kind: health.kind,
		lastGood:
			good && goodAt
				? {
						at: goodAt.toString(),
						atText: formatUtc(goodAt),
						size: formatBytes(good.bytes ?? 0),
						file: good.file ?? ''
					}
				: null,
		failure:
			failed && failedAt
				? {
						at: failedAt.toString(),
						atText: formatUtc(failedAt),
						error: failed.error ?? 'no reason was recorded'
					}
				: null
	};
}
