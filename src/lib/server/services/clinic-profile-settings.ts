import type { Kysely } from 'kysely';
import { displayPhone } from '$lib/domain/clinic/phone';
import type { Clinic } from '$lib/domain/clinic/types';
import { clinicProfileForm } from '$lib/domain/settings/clinic-profile';
import { can } from '$lib/domain/staff/roles';
import { findClinic, insertClinic, saveClinicProfile } from '../db/repositories/clinic-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { recordStaffChange } from './record-staff-change';
import { readOwnerForm, type SettingsContext, type SettingsResult } from './settings-result';

const profileOf = (clinic: Clinic) => ({
	name: clinic.name,
	tagline: clinic.tagline,
	phone: clinic.phone,
	email: clinic.email,
	description: clinic.description
});

/**
 * The clinic's profile as the owner edits it, the phone number as patients read it; an empty
 * form (`isNew`) before a real clinic has one, which saving creates.
 */
export async function loadClinicProfile(db: Kysely<Database>, staff: StaffActor) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const clinic = await findClinic(db);
	if (!clinic) {
		const empty = { name: '', tagline: '', phone: '', email: '', description: '' };
		return { kind: 'ok' as const, isNew: true, profile: empty };
	}
	return {
		kind: 'ok' as const,
		isNew: false,
		profile: { ...profileOf(clinic), phone: displayPhone(clinic.phone) }
	};
}

/**
 * Saves the clinic's profile; the public site shows it on the next page load. The first save of
 * a real clinic creates it, closed to online booking until the owner opens it (ADR 0034).
 */
export async function updateClinicProfile(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	const parsed = readOwnerForm(staff, clinicProfileForm, input);
	if (!parsed.ok) return parsed.result;
	return db.transaction().execute(async (trx) => {
		const before = await findClinic(trx);
		if (!before) {
			const id = await insertClinic(trx, parsed.data);
			await recordStaffChange(trx, staff, context, {
				action: 'settings.clinic_profile',
				subject: { type: 'clinic', id },
				after: parsed.data
			});
			return { kind: 'saved' as const };
		}
		if (!(await saveClinicProfile(trx, before.id, parsed.data))) {
			return { kind: 'not_found' as const };
		}
		await recordStaffChange(trx, staff, context, {
			action: 'settings.clinic_profile',
			subject: { type: 'clinic', id: before.id },
			before: profileOf(before),
			after: parsed.data
		});
		return { kind: 'saved' as const };
	});
}
