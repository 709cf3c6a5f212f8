import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from './connection';
import { backupDatabase, databaseFile, integrityProblems, restoreDatabase } from './backup';
import { migrateToLatest } from './migrate';
import { seedDemoClinicIfEmpty } from './seed/seed';

const now = Temporal.Instant.from('2027-03-01T15:00:00Z');
const folders: string[] = [];
const newDataDir = () => {
	const dir = mkdtempSync(join(tmpdir(), 'clinic-backup-'));
	folders.push(dir);
	return dir;
};

async function demoDatabase(dataDir: string) {
	const handle = connect({ databaseUrl: null, dataDir });
	await migrateToLatest(handle);
	await seedDemoClinicIfEmpty(handle.db);
	return handle;
}

afterEach(() => {
	for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite backup and restore', () => {
	it('backs up a database that is open and in use, and the copy passes the integrity check', async () => {
		const dataDir = newDataDir();
		const handle = await demoDatabase(dataDir);
		try {
			const result = await backupDatabase(dataDir, now);
			expect(result.file).toBe(join(dataDir, 'backups', 'clinic-20270301-150000Z.sqlite'));
			expect(result.bytes).toBeGreaterThan(10_000);
			expect(integrityProblems(result.file)).toBeNull();
		} finally {
			await handle.close();
		}
	});

	it('restores a backup over a changed database and keeps the previous one', async () => {
		const dataDir = newDataDir();
		const handle = await demoDatabase(dataDir);
		const { file } = await backupDatabase(dataDir, now);
		await handle.db.updateTable('clinic').set({ name: 'Changed after the backup' }).execute();
		await handle.close();

		const { savedPrevious } = restoreDatabase(dataDir, file, now, () => false);
		expect(savedPrevious && existsSync(savedPrevious)).toBe(true);
		const reopened = connect({ databaseUrl: null, dataDir });
		try {
			const clinic = await reopened.db
				.selectFrom('clinic')
				.select('name')
				.executeTakeFirstOrThrow();
			expect(clinic.name).toBe('Harbor Lantern Acupuncture');
		} finally {
			await reopened.close();
		}
		// The saved previous database holds the change, so the restore can be undone.
		expect(integrityProblems(savedPrevious ?? '')).toBeNull();
	});

	it('refuses to restore while the server runs, and refuses a file that is not a sound backup', async () => {
		const dataDir = newDataDir();
		const handle = await demoDatabase(dataDir);
		const { file } = await backupDatabase(dataDir, now);
		await handle.close();
		expect(() => restoreDatabase(dataDir, file, now, () => true)).toThrow(/server is running/);

		const garbage = join(dataDir, 'not-a-backup.sqlite');
		writeFileSync(garbage, 'this is not a database');
		expect(() => restoreDatabase(dataDir, garbage, now, () => false)).toThrow(/not a sound backup/);
		expect(integrityProblems(databaseFile(dataDir))).toBeNull();
	});

	it('says clearly when there is nothing to back up', async () => {
		await expect(backupDatabase(newDataDir(), now)).rejects.toThrow(/there is no database/);
	});
});
