import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/*
 * The owner's setting "practitioners see the clinical records of their own patients only"
 * (migration 0017, ADR 0032), and who a practitioner's own patients are.
 */

/** Whether the setting is on (off when there is no clinic yet). */
export async function findOwnPatientsOnly(db: Kysely<Database>): Promise<boolean> {
	const row = await db
		.selectFrom('clinic')
		.select('practitioners_own_patients_only')
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
	return Number(row?.practitioners_own_patients_only ?? 0) === 1;
}

/** Turns the setting on or off; false when there is no clinic. */
export async function saveOwnPatientsOnly(
	db: Kysely<Database>,
	clinicId: number,
	on: boolean
): Promise<boolean> {
	const result = await db
		.updateTable('clinic')
		.set({ practitioners_own_patients_only: on ? 1 : 0 })
		.where('id', '=', clinicId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/**
 * Which of `patientIds` have an appointment, past or future and in any state but cancelled,
 * with the practitioner the staff account `userId` is.
 */
export async function ownPatientIds(
	db: Kysely<Database>,
	userId: string,
	patientIds: readonly number[]
): Promise<Set<number>> {
	if (patientIds.length === 0) return new Set();
	const rows = await db
		.selectFrom('appointment')
		.innerJoin(
			'staff_practitioner',
			'staff_practitioner.practitioner_id',
			'appointment.practitioner_id'
		)
		.select('appointment.patient_id')
		.distinct()
		.where('staff_practitioner.user_id', '=', userId)
		.where('appointment.patient_id', 'in', [...new Set(patientIds)])
		.where('appointment.status', '!=', 'cancelled')
		.execute();
	return new Set(rows.map((row) => Number(row.patient_id)));
}
