import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	backupDay,
	backupHealth,
	backupStateView,
	dailyBackupsToDelete,
	formatBytes,
	type BackupAttempt
} from './backup-health';

const now = Temporal.Instant.from('2027-03-02T10:00:00Z');
const attempt = (hoursAgo: number, status: BackupAttempt['status']): BackupAttempt => {
	const at = now.subtract({ hours: hoursAgo });
	return {
		day: backupDay(at),
		status,
		startedAt: at,
		finishedAt: status === 'running' ? null : at,
		file: status === 'succeeded' ? 'daily-x.sqlite' : null,
		bytes: status === 'succeeded' ? 1000 : null,
		error: status === 'failed' ? 'disk full' : null
	};
};

describe('backup health', () => {
	it('is ok when the last backup is less than a day old', () => {
		const good = attempt(10, 'succeeded');
		expect(backupHealth(good, good, now)).toEqual({ kind: 'ok', last: good });
	});

	it('warns when the last attempt failed, and names the last good backup', () => {
		const good = attempt(30, 'succeeded');
		const failed = attempt(1, 'failed');
		expect(backupHealth(failed, good, now)).toEqual({
			kind: 'failed',
			attempt: failed,
			lastGood: good
		});
	});

	it('warns when there has been no backup for over a day', () => {
		const good = attempt(26, 'succeeded');
		expect(backupHealth(good, good, now)).toEqual({ kind: 'overdue', lastGood: good });
	});

	it('warns when no backup was ever taken', () => {
		expect(backupHealth(null, null, now)).toEqual({ kind: 'overdue', lastGood: null });
	});

	it('is not alarmed by a backup running now after a good one', () => {
		const good = attempt(20, 'succeeded');
		expect(backupHealth(attempt(0, 'running'), good, now).kind).toBe('ok');
	});
});

describe('which daily backups to delete', () => {
	const names = [
		'daily-20270301-000512Z.sqlite',
		'daily-20270303-000407Z.sqlite',
		'daily-20270302-001000Z.sqlite',
		'clinic-20260101-120000Z.sqlite',
		'pre-restore-20260101-120000Z.sqlite',
		'notes.txt'
	];

	it('keeps the newest ones and deletes the rest', () => {
		expect(dailyBackupsToDelete(names, 2)).toEqual(['daily-20270301-000512Z.sqlite']);
	});

	it('never chooses the operator’s own backups or other files', () => {
		expect(dailyBackupsToDelete(names, 0)).toEqual([
			'daily-20270303-000407Z.sqlite',
			'daily-20270302-001000Z.sqlite',
			'daily-20270301-000512Z.sqlite'
		]);
	});
});

describe('a backup day and a size for people', () => {
	it('names the UTC day', () => {
		expect(backupDay(Temporal.Instant.from('2027-03-01T23:59:59Z'))).toBe('2027-03-01');
	});

	it('writes sizes in bytes, KB, MB', () => {
		expect(formatBytes(512)).toBe('512 bytes');
		expect(formatBytes(2048)).toBe('2.0 KB');
		expect(formatBytes(14.2 * 1024 * 1024)).toBe('14 MB');
		expect(formatBytes(3.5 * 1024 * 1024)).toBe('3.5 MB');
	});
});

describe('the backups’ state for a page', () => {
	it('gives the last good backup’s time in UTC, its size and file', () => {
		const good = { ...attempt(2, 'succeeded'), bytes: 3 * 1024 * 1024, file: 'daily-a.sqlite' };
		expect(backupStateView(backupHealth(good, good, now))).toEqual({
			kind: 'ok',
			lastGood: {
				at: '2027-03-02T08:00:00Z',
				atText: '2 March 2027, 08:00 UTC',
				size: '3.0 MB',
				file: 'daily-a.sqlite'
			},
			failure: null
		});
	});

	it('gives the failure’s time and reason', () => {
		const view = backupStateView(backupHealth(attempt(1, 'failed'), null, now));
		expect(view).toEqual({
			kind: 'failed',
			lastGood: null,
			failure: { at: '2027-03-02T09:00:00Z', atText: '2 March 2027, 09:00 UTC', error: 'disk full' }
		});
	});
});
