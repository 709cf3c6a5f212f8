import {
	chmodSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveAuthSecret } from './auth/instance';
import { secureDataDir } from './data-dir';
import { backupDatabase, restoreDatabase } from './db/backup';
import { connect } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { createMailTransport } from './mail/transport';
import { writePidFile, removePidFile } from './pid-file';

const now = Temporal.Instant.from('2027-03-01T15:00:00Z');
const folders: string[] = [];
const newDataDir = () => {
	const dir = mkdtempSync(join(tmpdir(), 'clinic-modes-'));
	folders.push(dir);
	return dir;
};
afterEach(() => {
	for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every entry under `root` with its permission bits, e.g. `mail/x.eml 600`. */
function modes(root: string, folder = root): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		const line = `${path.slice(root.length + 1)} ${(statSync(path).mode & 0o777).toString(8)}`;
		return entry.isDirectory() ? [line, ...modes(root, path)] : [line];
	});
}

describe('files under DATA_DIR are the application user’s only', () => {
	it('creates the database, its WAL and SHM, mail, backups, the secret and the pid file 0600 in 0700 folders', async () => {
		const parent = newDataDir();
		// A data folder that does not exist yet, under a parent anyone may read.
		chmodSync(parent, 0o755);
		const dataDir = join(parent, 'data');
		const handle = connect({ databaseUrl: null, dataDir });
		await migrateToLatest(handle);
		resolveAuthSecret({}, dataDir);
		writePidFile(dataDir);
		const transport = createMailTransport({ smtpUrl: null, mailDir: join(dataDir, 'mail') });
		await transport.send({
			from: { name: 'Clinic', address: 'hello@clinic.example' },
			to: 'patient@example.com',
			subject: 'Your appointment',
			text: 'See you soon.',
			messageId: '<outbox-1.confirmation@clinic.example>'
		});
		transport.close();
		await backupDatabase(dataDir, now, { prefix: 'daily' });
		await backupDatabase(dataDir, now.add({ hours: 1 }));
		const entries = modes(dataDir);
		removePidFile(dataDir);
		await handle.close();

		expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
		expect(entries.map((line) => line.replace(/\d{13}-/, 'TIME-')).sort()).toEqual([
			'auth-secret 600',
			'backups 700',
			'backups/clinic-20270301-160000Z.sqlite 600',
			'backups/daily-20270301-150000Z.sqlite 600',
			'clinic.pid 600',
			'clinic.sqlite 600',
			'clinic.sqlite-shm 600',
			'clinic.sqlite-wal 600',
			'mail 700',
			'mail/TIME-_outbox-1.confirmation_clinic.example_.eml 600'
		]);
	});

	it('tightens what an older version left readable, and leaves other people’s files alone', async () => {
		const dataDir = newDataDir();
		const handle = connect({ databaseUrl: null, dataDir });
		await migrateToLatest(handle);
		await backupDatabase(dataDir, now);
		await handle.close();
		mkdirSync(join(dataDir, 'mail', 'old'), { recursive: true });
		writeFileSync(join(dataDir, 'mail', 'old', 'a.eml'), 'x');
		writeFileSync(join(dataDir, 'auth-secret'), 'secret');
		writeFileSync(join(dataDir, 'notes.txt'), 'the operator’s own');
		for (const path of [
			'',
			'clinic.sqlite',
			'auth-secret',
			'notes.txt',
			'backups',
			'backups/clinic-20270301-150000Z.sqlite',
			'mail',
			'mail/old',
			'mail/old/a.eml'
		]) {
			chmodSync(join(dataDir, path), path.includes('.') ? 0o644 : 0o755);
		}

		expect(secureDataDir(dataDir)).toBe(7);
		expect(modes(dataDir).sort()).toEqual([
			'auth-secret 600',
			'backups 700',
			'backups/clinic-20270301-150000Z.sqlite 600',
			'clinic.sqlite 600',
			'mail 700',
			'mail/old 700',
			'mail/old/a.eml 600',
			'notes.txt 644'
		]);
		expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
		// A second start has nothing left to do.
		expect(secureDataDir(dataDir)).toBe(0);
	});

	it('leaves no stray file when a backup fails its check, and restores 0600', async () => {
		const dataDir = newDataDir();
		// A sound SQLite file that is not a clinic database: the copy fails the check.
		const stranger = new SQLite(join(dataDir, 'clinic.sqlite'));
		stranger.pragma('journal_mode = WAL');
		stranger.exec('create table other (x)');
		await expect(backupDatabase(dataDir, now)).rejects.toThrow(/not a clinic database/);
		stranger.close();
		expect(readdirSync(join(dataDir, 'backups'))).toEqual([]);

		// A good backup, restored over the database: every file stays private, nothing is left over.
		rmSync(join(dataDir, 'clinic.sqlite'));
		const handle = connect({ databaseUrl: null, dataDir });
		await migrateToLatest(handle);
		const { file } = await backupDatabase(dataDir, now);
		await handle.close();
		restoreDatabase(dataDir, file, now.add({ minutes: 1 }), () => false);
		expect(modes(dataDir).sort()).toEqual([
			'backups 700',
			'backups/clinic-20270301-150000Z.sqlite 600',
			'backups/pre-restore-20270301-150100Z.sqlite 600',
			'clinic.sqlite 600'
		]);
	});
});
