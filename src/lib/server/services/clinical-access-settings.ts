import type { Kysely } from 'kysely';
import { can } from '$lib/domain/staff/roles';
import { findClinic } from '../db/repositories/clinic-repository';
import {
	findOwnPatientsOnly,
	saveOwnPatientsOnly
} from '../db/repositories/clinical-scope-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { recordStaffChange } from './record-staff-change';
import type { SettingsContext, SettingsResult } from './settings-result';

/** The owner's setting "practitioners see the clinical records of their own patients only". */
export async function loadClinicalAccess(db: Kysely<Database>, staff: StaffActor) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	return { kind: 'ok' as const, ownPatientsOnly: await findOwnPatientsOnly(db) };
}

/**
 * Turns the setting on (`ownPatientsOnly=on` in the form, a checkbox) or off, audited with the
 * value before and after. Takes effect at each practitioner's next page.
 */
export async function updateClinicalAccess(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const on = input.ownPatientsOnly === 'on';
	return db.transaction().execute(async (trx) => {
		const clinic = await findClinic(trx);
		if (!clinic) return { kind: 'not_found' as const };
		const before = await findOwnPatientsOnly(trx);
		await saveOwnPatientsOnly(trx, clinic.id, on);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.clinical_access',
			subject: { type: 'clinic', id: clinic.id },
			before: { practitionersOwnPatientsOnly: before },
			after: { practitionersOwnPatientsOnly: on }
		});
		return { kind: 'saved' as const };
	});
}
