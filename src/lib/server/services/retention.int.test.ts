import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNow, testOrigin } from '../../../../tests/support/booking';
import {
	createTestDatabase,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import { createStaffAuthService } from '../auth/service';
import { connect, type DatabaseHandle, type DialectName } from '../db/connection';
import { integrityProblems } from '../db/backup';
import { migrateToLatest } from '../db/migrate';
import { listAuditEvents } from '../db/repositories/audit-repository';
import {
	enqueueMessage,
	markFailedAttempt,
	markSent,
	markSkipped
} from '../db/repositories/outbox-repository';
import { claimBackupDay } from '../db/repositories/retention-repository';
import type { Database } from '../db/schema';
import { seedDemoClinicIfEmpty } from '../db/seed/seed';
import type { StaffActor } from './audit';
import { loadBackupSettings, loadBackupWarning, updateRetentionPolicy } from './backup-settings';
import { purgeByPolicy, runDailyBackup } from './retention';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const frontDesk: StaffActor = { userId: 'desk-1', name: 'Dana Desk', role: 'front_desk' };
const days = (n: number) => ({ hours: 24 * n });

/**
 * A demo clinic and its data folder. On SQLite the database lives in the folder, as on a
 * server; on PostgreSQL the folder holds only files (mail, backups).
 */
function useClinicWithDataDir(dialect: DialectName) {
	let handle: DatabaseHandle | undefined;
	let pgDatabase: TestDatabase | undefined;
	let dataDir = '';
	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'clinic-retention-'));
		if (dialect === 'sqlite') {
			handle = connect({ databaseUrl: null, dataDir });
			await migrateToLatest(handle);
		} else {
			pgDatabase = await createTestDatabase('postgres');
			handle = pgDatabase.handle;
		}
		await seedDemoClinicIfEmpty(handle.db);
	});
	afterAll(async () => {
		if (pgDatabase) await pgDatabase.dispose();
		else await handle?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});
	return {
		db: (): Kysely<Database> => {
			if (!handle) throw new Error('not ready');
			return handle.db;
		},
		dataDir: () => dataDir
	};
}

/** Writes a file and dates it `at`. */
function fileAt(path: string, at: Temporal.Instant, content = 'x') {
	writeFileSync(path, content);
	const seconds = at.epochMilliseconds / 1000;
	utimesSync(path, seconds, seconds);
}

async function countAll(db: Kysely<Database>, table: keyof Database): Promise<number> {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

describe.each(dialects)('retention by policy on %s', (dialect) => {
	const clinic = useClinicWithDataDir(dialect);
	const context = (now: Temporal.Instant) => ({ dataDir: clinic.dataDir(), dialect, now });

	it('deletes expired staff sign-ins and one-time links, and keeps those still valid', async () => {
		const db = clinic.db();
		const auth = createStaffAuthService({
			db,
			dialect,
			secret: 'retention-test-secret-0123456789abcdef0123456789',
			origin: testOrigin,
			issuer: 'Clinic staff'
		});
		const userId = await auth.createStaffMember({
			email: 'desk@clinic.example',
			name: 'Dana Desk',
			role: 'front_desk'
		});
		// Links as the application makes them: one valid for an hour, one for three days.
		await auth.createSetupToken(userId, 3600);
		await auth.createSetupToken(userId, 72 * 3600);
		const realNow = Temporal.Now.instant();
		for (const [id, expires] of [
			['expired-session', realNow.subtract({ hours: 1 })],
			['live-session', realNow.add({ hours: 12 })]
		] as const) {
			await db
				.insertInto('staff_session')
				.values({
					id,
					user_id: userId,
					token: `${id}-token`,
					expires_at: new Date(expires.epochMilliseconds).toISOString(),
					ip_address: null,
					user_agent: null,
					created_at: new Date(realNow.epochMilliseconds).toISOString(),
					updated_at: new Date(realNow.epochMilliseconds).toISOString()
				})
				.execute();
		}

		const first = await purgeByPolicy(db, context(realNow));
		expect(first.staffSessions).toBe(1);
		expect(first.staffTokens).toBe(0);
		const sessions = await db.selectFrom('staff_session').select('id').execute();
		expect(sessions.map((row) => row.id)).toEqual(['live-session']);

		// Two hours on, the one-hour link has expired; the three-day one has not.
		const later = await purgeByPolicy(db, context(realNow.add({ hours: 2 })));
		expect(later.staffTokens).toBe(1);
		expect(await countAll(db, 'staff_verification')).toBe(1);
		// Four days on, nothing of them is left.
		await purgeByPolicy(db, context(realNow.add(days(4))));
		expect(await countAll(db, 'staff_verification')).toBe(0);
		expect(await countAll(db, 'staff_session')).toBe(0);
	});

	it('deletes emails done with after the policy’s days, rows and files; never a pending one', async () => {
		const db = clinic.db();
		const mailDir = join(clinic.dataDir(), 'mail');
		mkdirSync(mailDir, { recursive: true });
		const ids: Record<string, number> = {};
		for (const name of ['sent', 'skipped', 'failed', 'pending', 'recent']) {
			await enqueueMessage(db, {
				kind: 'confirmation',
				appointmentId: null,
				appointmentSequence: null,
				dedupeKey: `retention-${name}`,
				recipient: `${name}@example.com`,
				payload: { subject: `About ${name}`, text: 'Hello' },
				dueAt: name === 'recent' ? testNow.add(days(60)) : testNow,
				now: testNow
			});
			const row = await db
				.selectFrom('outbox_message')
				.select('id')
				.where('dedupe_key', '=', `retention-${name}`)
				.executeTakeFirstOrThrow();
			ids[name] = row.id;
		}
		await markSent(db, ids.sent ?? 0, testNow);
		await markSkipped(db, ids.skipped ?? 0, 'the appointment changed');
		await markFailedAttempt(db, ids.failed ?? 0, { error: '550 no such user', retryAt: null });
		await markSent(db, ids.recent ?? 0, testNow.add(days(60)));
		fileAt(join(mailDir, 'old.eml'), testNow);
		fileAt(join(mailDir, 'recent.eml'), testNow.add(days(60)));
		// What a crash in the middle of writing an email leaves behind.
		fileAt(join(mailDir, 'half.eml.tmp'), testNow);
		const ours = () =>
			db
				.selectFrom('outbox_message')
				.select('dedupe_key')
				.where('dedupe_key', 'like', 'retention-%')
				.orderBy('dedupe_key')
				.execute()
				.then((rows) => rows.map((row) => row.dedupe_key.replace('retention-', '')));

		// The default keeps them 90 days.
		const early = await purgeByPolicy(db, context(testNow.add(days(89))));
		expect(early).toMatchObject({ emails: 0, emailFiles: 0, leftovers: 1 });
		expect(await ours()).toEqual(['failed', 'pending', 'recent', 'sent', 'skipped']);

		const late = await purgeByPolicy(db, context(testNow.add(days(91))));
		expect(late).toMatchObject({ emails: 3, emailFiles: 1, leftovers: 0 });
		expect(await ours()).toEqual(['pending', 'recent']);
		expect(readdirSync(mailDir)).toEqual(['recent.eml']);

		// The owner shortens it to a week: the email sent on day 60 goes on day 68.
		const saved = await updateRetentionPolicy(
			db,
			{ dailyBackupsKept: '14', sentEmailDays: '7' },
			owner,
			{ now: testNow.add(days(61)) }
		);
		expect(saved).toEqual({ kind: 'saved' });
		expect((await purgeByPolicy(db, context(testNow.add(days(66))))).emails).toBe(0);
		expect(await purgeByPolicy(db, context(testNow.add(days(68))))).toMatchObject({
			emails: 1,
			emailFiles: 1
		});
		expect(await ours()).toEqual(['pending']);
		expect(readdirSync(mailDir)).toEqual([]);
		await updateRetentionPolicy(db, { dailyBackupsKept: '14', sentEmailDays: '90' }, owner, {
			now: testNow
		});
	});

	it('keeps the audit log and the signed and clinical records, whatever the clock says', async () => {
		const db = clinic.db();
		const kept = [
			'audit_event',
			'consent_signature',
			'intake_form',
			'appointment',
			'patient',
			'patient_version',
			'outcome_response'
		] as const;
		const before = await Promise.all(kept.map((table) => countAll(db, table)));
		expect(before.some((count) => count > 0)).toBe(true);
		await purgeByPolicy(db, context(testNow.add(days(365 * 12))));
		expect(await Promise.all(kept.map((table) => countAll(db, table)))).toEqual(before);
	});

	it('lets only the owner change the policy, refuses nonsense beside the field, and audits it', async () => {
		const db = clinic.db();
		expect(
			await updateRetentionPolicy(db, { dailyBackupsKept: '3', sentEmailDays: '30' }, frontDesk, {
				now: testNow
			})
		).toEqual({ kind: 'forbidden' });
		expect(
			await updateRetentionPolicy(db, { dailyBackupsKept: '0', sentEmailDays: 'soon' }, owner, {
				now: testNow
			})
		).toEqual({
			kind: 'invalid',
			errors: {
				dailyBackupsKept: 'The number of daily backups must be at least 1.',
				sentEmailDays: 'The days sent emails are kept must be a number.'
			}
		});
		expect(await loadBackupSettings(db, frontDesk, { dialect, now: testNow })).toEqual({
			kind: 'forbidden'
		});
		await updateRetentionPolicy(db, { dailyBackupsKept: '3', sentEmailDays: '30' }, owner, {
			now: testNow
		});
		const page = await loadBackupSettings(db, owner, { dialect, now: testNow });
		expect(page.kind === 'ok' && page.policy).toEqual({ dailyBackupsKept: 3, sentEmailDays: 30 });
		const [event] = await listAuditEvents(db, { actorId: owner.userId, limit: 1 });
		expect(event?.action).toBe('settings.retention');
		await updateRetentionPolicy(db, { dailyBackupsKept: '14', sentEmailDays: '90' }, owner, {
			now: testNow
		});
	});

	it('gives a day’s backup to exactly one of several instances asking at once', async () => {
		const db = clinic.db();
		const claims = await Promise.all(
			Array.from({ length: 4 }, () => claimBackupDay(db, '2031-01-01', testNow))
		);
		expect(claims.filter(Boolean)).toHaveLength(1);
		expect(await claimBackupDay(db, '2031-01-01', testNow.add({ minutes: 30 }))).toBe(false);
		// An attempt left running by a process that died is taken over after an hour.
		expect(await claimBackupDay(db, '2031-01-01', testNow.add({ minutes: 61 }))).toBe(true);
	});
});

describe('daily backups on PostgreSQL', () => {
	it('are the operator’s job: the worker takes none and the page says so', async () => {
		// No database needed to decide it.
		expect(
			await runDailyBackup({} as Kysely<Database>, {
				dataDir: '/nonexistent',
				dialect: 'postgres',
				now: testNow
			})
		).toEqual({ kind: 'not_sqlite' });
	});
});

describe('daily backups on SQLite', () => {
	const clinic = useClinicWithDataDir('sqlite');
	const context = (now: Temporal.Instant) => ({
		dataDir: clinic.dataDir(),
		dialect: 'sqlite' as const,
		now
	});
	const backups = () => readdirSync(join(clinic.dataDir(), 'backups')).sort();

	it('warns the owner before the first backup, and no one else', async () => {
		const db = clinic.db();
		expect((await loadBackupWarning(db, owner, { dialect: 'sqlite', now: testNow }))?.kind).toBe(
			'overdue'
		);
		expect(await loadBackupWarning(db, frontDesk, { dialect: 'sqlite', now: testNow })).toBeNull();
		expect(await loadBackupWarning(db, owner, { dialect: 'postgres', now: testNow })).toBeNull();
	});

	it('takes one checked, private backup a day, whichever of two workers asks first', async () => {
		const db = clinic.db();
		const [a, b] = await Promise.all([
			runDailyBackup(db, context(testNow)),
			runDailyBackup(db, context(testNow))
		]);
		expect([a.kind, b.kind].sort()).toEqual(['not_due', 'succeeded']);
		expect((await runDailyBackup(db, context(testNow.add({ hours: 5 })))).kind).toBe('not_due');
		expect(backups()).toEqual(['daily-20270301-150000Z.sqlite']);
		const file = join(clinic.dataDir(), 'backups', 'daily-20270301-150000Z.sqlite');
		expect(integrityProblems(file)).toBeNull();
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(join(clinic.dataDir(), 'backups')).mode & 0o777).toBe(0o700);
		// Checking it left nothing beside it.
		expect(backups()).toEqual(['daily-20270301-150000Z.sqlite']);

		const page = await loadBackupSettings(db, owner, {
			dialect: 'sqlite',
			now: testNow.add({ hours: 5 })
		});
		expect(page.kind === 'ok' && page.backups).toMatchObject({
			kind: 'ok',
			lastGood: { atText: '1 March 2027, 15:00 UTC', file: 'daily-20270301-150000Z.sqlite' },
			failure: null
		});
		expect(
			await loadBackupWarning(db, owner, { dialect: 'sqlite', now: testNow.add({ hours: 5 }) })
		).toBeNull();
		// A day and more without one: the owner is told.
		expect(
			(await loadBackupWarning(db, owner, { dialect: 'sqlite', now: testNow.add({ hours: 26 }) }))
				?.kind
		).toBe('overdue');
	});

	it('records a failed backup for the owner, leaves nothing behind, and succeeds on a later try', async () => {
		const db = clinic.db();
		const day2 = testNow.add(days(1));
		// The backups folder cannot be made: a file of that name is in the way.
		const folder = join(clinic.dataDir(), 'backups');
		const aside = join(clinic.dataDir(), 'backups-aside');
		rmSync(aside, { recursive: true, force: true });
		const { renameSync } = await import('node:fs');
		renameSync(folder, aside);
		writeFileSync(folder, 'in the way');
		const failed = await runDailyBackup(db, context(day2));
		expect(failed.kind).toBe('failed');
		const warning = await loadBackupWarning(db, owner, { dialect: 'sqlite', now: day2 });
		expect(warning?.kind).toBe('failed');
		expect(warning?.failure?.error).toMatch(/EEXIST|ENOTDIR|not a directory|exists/i);
		expect(warning?.lastGood?.file).toBe('daily-20270301-150000Z.sqlite');

		rmSync(folder);
		renameSync(aside, folder);
		const retried = await runDailyBackup(db, context(day2.add({ hours: 1 })));
		expect(retried.kind).toBe('succeeded');
		expect(backups()).toEqual(['daily-20270301-150000Z.sqlite', 'daily-20270302-160000Z.sqlite']);
		expect(
			await loadBackupWarning(db, owner, { dialect: 'sqlite', now: day2.add({ hours: 1 }) })
		).toBeNull();
	});

	it('keeps the newest daily backups by the policy, and never the operator’s own', async () => {
		const db = clinic.db();
		const folder = join(clinic.dataDir(), 'backups');
		for (const name of ['clinic-20260101-120000Z.sqlite', 'pre-restore-20260101-120000Z.sqlite']) {
			fileAt(join(folder, name), testNow);
		}
		// A half-written backup from a crash, and one being written right now.
		fileAt(join(folder, 'daily-20270303-093000Z.sqlite.partial'), testNow);
		fileAt(join(folder, 'daily-20270310-150000Z.sqlite.partial'), testNow.add(days(9)));
		await updateRetentionPolicy(db, { dailyBackupsKept: '3', sentEmailDays: '90' }, owner, {
			now: testNow
		});
		for (let day = 2; day <= 8; day++) {
			const result = await runDailyBackup(db, context(testNow.add(days(day))));
			expect(result.kind).toBe('succeeded');
		}
		const report = await purgeByPolicy(db, context(testNow.add(days(9))));
		expect(report.leftovers).toBe(1);
		expect(backups()).toEqual([
			'clinic-20260101-120000Z.sqlite',
			'daily-20270307-150000Z.sqlite',
			'daily-20270308-150000Z.sqlite',
			'daily-20270309-150000Z.sqlite',
			'daily-20270310-150000Z.sqlite.partial',
			'pre-restore-20260101-120000Z.sqlite'
		]);
	});
});
