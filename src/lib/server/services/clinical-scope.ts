import type { Kysely } from 'kysely';
import { withholdsClinicalRecord } from '$lib/domain/staff/roles';
import { findOwnPatientsOnly, ownPatientIds } from '../db/repositories/clinical-scope-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';

/*
 * The owner's setting "practitioners see the clinical records of their own patients only"
 * (ADR 0032), applied where clinical records are read: a service asks for the staff member
 * *for a patient* and passes that on, so that every `can(staff, 'forms.clinical')` (and
 * 'patients.clinical', 'outcomes.view') below it answers for that patient.
 */

/**
 * `staff` as they may act for each of `patientIds`: with `clinicalWithheld` for patients whose
 * clinical record the setting keeps from them. One query for the setting and one for the
 * practitioner's patients, and none at all for the owner, the front desk or break-glass access.
 */
export async function staffForPatients(
	db: Kysely<Database>,
	staff: StaffActor,
	patientIds: readonly number[]
): Promise<(patientId: number) => StaffActor> {
	const unchanged = () => staff;
	if (staff.role !== 'practitioner' || staff.emergencyAccess) return unchanged;
	if (!(await findOwnPatientsOnly(db))) return unchanged;
	const own = await ownPatientIds(db, staff.userId, patientIds);
	const withheld = { ...staff, clinicalWithheld: true };
	return (patientId) =>
		withholdsClinicalRecord({
			ownPatientsOnly: true,
			role: staff.role,
			emergencyAccess: Boolean(staff.emergencyAccess),
			ownPatient: own.has(patientId)
		})
			? withheld
			: staff;
}

/** `staff` as they may act for one patient (see {@link staffForPatients}). */
export async function staffForPatient(
	db: Kysely<Database>,
	staff: StaffActor,
	patientId: number
): Promise<StaffActor> {
	return (await staffForPatients(db, staff, [patientId]))(patientId);
}

/**
 * `staff` as they may act for one patient's record: the record's own id and the ids merged into
 * it (ADR 0029). An appointment with any of them makes the record the practitioner's own.
 */
export async function staffForRecord(
	db: Kysely<Database>,
	staff: StaffActor,
	recordIds: readonly number[]
): Promise<StaffActor> {
	const forPatient = await staffForPatients(db, staff, recordIds);
	const each = recordIds.map(forPatient);
	return each.find((entry) => !entry.clinicalWithheld) ?? each[0] ?? staff;
}
