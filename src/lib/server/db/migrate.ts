import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseHandle } from './connection';
import type { ClinicMigration } from './migrations/helpers';
import { clinicSite } from './migrations/0001-clinic-site';
import { booking } from './migrations/0002-booking';
import { auditLog } from './migrations/0003-audit-log';
import { staffAuth } from './migrations/0004-staff-auth';
import { staffDeactivation } from './migrations/0005-staff-deactivation';
import { patientRecords } from './migrations/0006-patient-records';
import { roomsAndProfiles } from './migrations/0007-rooms-and-profiles';
import { staffAccess } from './migrations/0008-staff-access';
import { healthRecords } from './migrations/0009-health-records';
import { kiosk } from './migrations/0010-kiosk';
import { outcomeSummary } from './migrations/0011-outcome-summary';
import { testimonials } from './migrations/0012-testimonials';
import { testimonialPublishing } from './migrations/0013-testimonial-publishing';
import { patientIdentity } from './migrations/0014-patient-identity';
import { patientSignIn } from './migrations/0015-patient-sign-in';
import { compactAfterEmailedLinks, emailedLinks } from './migrations/0016-emailed-links';
import { staffSignInHardening } from './migrations/0017-staff-sign-in-hardening';
import { anonymousScreening } from './migrations/0018-anonymous-screening';
import { goLive } from './migrations/0019-go-live';
import { importDrafts } from './migrations/0020-import-drafts';
import { retention } from './migrations/0021-retention';
import { redFlagClearances } from './migrations/0022-red-flag-clearances';
import { healthClaimDeclineReason } from './migrations/0023-health-claim-decline-reason';
import { representativeAuthority } from './migrations/0024-representative-authority';
import { conditionPageReview } from './migrations/0025-condition-page-review';

/** Every migration in order. Never edit one that has shipped: add the next. */
const migrations: Record<string, ClinicMigration> = {
	'0001-clinic-site': clinicSite,
	'0002-booking': booking,
	'0003-audit-log': auditLog,
	'0004-staff-auth': staffAuth,
	'0005-staff-deactivation': staffDeactivation,
	'0006-patient-records': patientRecords,
	'0007-rooms-and-profiles': roomsAndProfiles,
	'0008-staff-access': staffAccess,
	'0009-health-records': healthRecords,
	'0010-kiosk': kiosk,
	'0011-outcome-summary': outcomeSummary,
	'0012-testimonials': testimonials,
	'0013-testimonial-publishing': testimonialPublishing,
	'0014-patient-identity': patientIdentity,
	'0015-patient-sign-in': patientSignIn,
	'0016-emailed-links': emailedLinks,
	'0017-staff-sign-in-hardening': staffSignInHardening,
	'0018-anonymous-screening': anonymousScreening,
	'0019-go-live': goLive,
	'0020-import-drafts': importDrafts,
	'0021-retention': retention,
	'0022-red-flag-clearances': redFlagClearances,
	'0023-health-claim-decline-reason': healthClaimDeclineReason,
	'0024-representative-authority': representativeAuthority,
	'0025-condition-page-review': conditionPageReview
};

/**
 * Brings the schema up to date. Both dialects run the same list, so they end with the same
 * tables; each migration runs in its own transaction and Kysely's lock keeps two starting
 * instances from migrating at once.
 */
export async function migrateToLatest(handle: DatabaseHandle): Promise<void> {
	const provider: MigrationProvider = {
		async getMigrations() {
			return Object.fromEntries(
				Object.entries(migrations).map(([name, migration]): [string, Migration] => [
					name,
					{ up: (db: Kysely<unknown>) => migration.up(db, handle.dialect) }
				])
			);
		}
	};
	const migrator = new Migrator({ db: handle.db, provider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((result) => result.status === 'Error');
		const detail = error instanceof Error ? error.message : String(error);
		throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${detail}`);
	}
	const ranEmailedLinks = results?.some(
		(result) => result.migrationName === '0016-emailed-links' && result.status === 'Success'
	);
	if (ranEmailedLinks && handle.dialect === 'sqlite') await compactAfterEmailedLinks(handle.db);
}
