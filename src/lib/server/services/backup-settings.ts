import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import {
	backupHealth,
	backupStateView,
	type BackupHealth,
	type BackupStateView
} from '$lib/domain/operations/backup-health';
import { retentionPolicyForm } from '$lib/domain/operations/retention-policy';
import { can, type PermissionHolder } from '$lib/domain/staff/roles';
import type { DialectName } from '../db/connection';
import {
	latestBackups,
	loadRetentionPolicy,
	saveRetentionPolicy
} from '../db/repositories/retention-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { recordStaffChange, type StaffChangeContext } from './record-staff-change';
import { readOwnerForm, type SettingsResult } from './settings-result';

/**
 * The state of the backups as the owner sees it: on SQLite, how the automatic backups are
 * doing; on PostgreSQL, null (the operator backs the database up with pg_dump).
 */
export async function loadBackupHealth(
	db: Kysely<Database>,
	dialect: DialectName,
	now: Temporal.Instant
): Promise<BackupHealth | null> {
	if (dialect !== 'sqlite') return null;
	const { latest, lastGood } = await latestBackups(db);
	return backupHealth(latest, lastGood, now);
}

/** The owner's page "Backups and retention": the backups' state and the retention policy. */
export async function loadBackupSettings(
	db: Kysely<Database>,
	staff: PermissionHolder,
	context: { dialect: DialectName; now: Temporal.Instant }
) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [policy, health] = await Promise.all([
		loadRetentionPolicy(db),
		loadBackupHealth(db, context.dialect, context.now)
	]);
	return {
		kind: 'ok' as const,
		dialect: context.dialect,
		policy,
		backups: health ? backupStateView(health) : null
	};
}

/**
 * For the owner's home page: the backups' state when it needs their attention (the last
 * attempt failed, or none for over a day), otherwise null. Null for everyone else too.
 */
export async function loadBackupWarning(
	db: Kysely<Database>,
	staff: PermissionHolder,
	context: { dialect: DialectName; now: Temporal.Instant }
): Promise<BackupStateView | null> {
	if (!can(staff, 'settings.manage')) return null;
	const health = await loadBackupHealth(db, context.dialect, context.now);
	return health && health.kind !== 'ok' ? backupStateView(health) : null;
}

/** Saves the retention policy; the next hourly run applies it. */
export async function updateRetentionPolicy(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: StaffChangeContext
): Promise<SettingsResult> {
	const parsed = readOwnerForm(staff, retentionPolicyForm, input);
	if (!parsed.ok) return parsed.result;
	await db.transaction().execute(async (trx) => {
		const before = await loadRetentionPolicy(trx);
		await saveRetentionPolicy(trx, parsed.data, context.now);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.retention',
			before,
			after: parsed.data
		});
	});
	return { kind: 'saved' };
}
