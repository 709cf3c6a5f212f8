import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { emergencyGrantState } from '$lib/domain/staff/emergency-access';
import { can } from '$lib/domain/staff/roles';
import { workspacePagesFor } from '$lib/domain/staff/workspace-map';
import { findOnlineBookingOpen } from '../db/repositories/clinic-repository';
import { listEmergencyGrants } from '../db/repositories/emergency-access-repository';
import type { Database } from '../db/schema';
import type { RequestMeta, StaffActor } from './audit';
import { loadOwnDay } from './staff-calendar';
import type { DialectName } from '../db/connection';
import { loadBackupWarning } from './backup-settings';

/**
 * The workspace's home page: a practitioner's own day, the pages this person may open and,
 * for the owner, any emergency access in force now, so that a forgotten grant is seen, and
 * the backups when they failed or are overdue (ADR 0036).
 */
export async function loadWorkspaceHome(
	db: Kysely<Database>,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta; dialect?: DialectName }
) {
	const now = context.now;
	const pages = workspacePagesFor(staff);
	const ownDay = await loadOwnDay(db, staff, context);
	const activeGrants = can(staff, 'emergency.grant')
		? (await listEmergencyGrants(db, 50))
				.filter((grant) => emergencyGrantState(grant, now) === 'active')
				.map((grant) => ({ id: grant.id, staffName: grant.staffName }))
		: [];
	return {
		groups: (['day', 'clinic', 'oversight'] as const)
			.map((group) => ({
				group,
				title: { day: 'The day', clinic: 'The clinic', oversight: 'Oversight' }[group],
				pages: pages.filter((entry) => entry.group === group)
			}))
			.filter((group) => group.pages.length > 0),
		activeGrants,
		ownDay,
		backupWarning: context.dialect
			? await loadBackupWarning(db, staff, { dialect: context.dialect, now })
			: null,
		/** For the owner: online booking is not open yet (the clinic is still being set up). */
		setupPending: can(staff, 'settings.manage') && (await findOnlineBookingOpen(db)) !== true
	};
}
