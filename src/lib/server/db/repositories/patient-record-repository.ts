import type { Kysely, Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { PatientRecordFields } from '$lib/domain/patients/patient-record';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database, PatientVersionTable } from '../schema';
import { normalizeEmail, normalizeName } from './patient-repository';

/** A patient's current record, with the version an edit must name to replace it. */
export interface PatientRecord {
	id: number;
	version: number;
	createdAt: Temporal.Instant;
	fields: PatientRecordFields;
}

/** One stored version of a patient's record. */
export interface PatientVersion {
	version: number;
	fields: PatientRecordFields;
	changedAt: Temporal.Instant;
	changedBy: { id: string | null; label: string };
	reason: string;
}

/** The patient's current contact details, preferences and version, or null. */
export async function findPatientRecord(
	db: Kysely<Database>,
	id: number
): Promise<PatientRecord | null> {
	const row = await db
		.selectFrom('patient')
		.select([
			'id',
			'version',
			'created_at',
			'name',
			'email',
			'phone',
			'reminder_email',
			'preferred_contact',
			'may_leave_voicemail',
			'contact_note'
		])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		version: row.version,
		createdAt: fromDbInstant(row.created_at),
		fields: fieldsOf(row)
	};
}

/**
 * Another patient with this email and name (as bookings match them) who stands for a person
 * (confirmed, not merged: ADR 0029), or null.
 */
export async function findOtherPatientWithIdentity(
	db: Kysely<Database>,
	identity: { name: string; email: string },
	exceptId: number
): Promise<{ id: number; name: string } | null> {
	const row = await db
		.selectFrom('patient')
		.select(['id', 'name'])
		.where('email_normalized', '=', normalizeEmail(identity.email))
		.where('name_normalized', '=', normalizeName(identity.name))
		.where('id', '<>', exceptId)
		.where('identity_status', '=', 'confirmed')
		.where('merged_into_patient_id', 'is', null)
		.executeTakeFirst();
	return row ?? null;
}

/**
 * Replaces the patient's current record only if it is still at `expectedVersion`, raising the
 * version by one. Answers whether it did: false means someone else saved first.
 */
export async function updatePatientRecord(
	db: Kysely<Database>,
	id: number,
	expectedVersion: number,
	fields: PatientRecordFields
): Promise<boolean> {
	const result = await db
		.updateTable('patient')
		.set({
			name: fields.name,
			email: fields.email,
			name_normalized: normalizeName(fields.name),
			email_normalized: normalizeEmail(fields.email),
			phone: fields.phone,
			reminder_email: fields.reminderEmail ? 1 : 0,
			preferred_contact: fields.preferredContact,
			may_leave_voicemail: fields.mayLeaveVoicemail ? 1 : 0,
			contact_note: fields.contactNote,
			version: expectedVersion + 1
		})
		.where('id', '=', id)
		.where('version', '=', expectedVersion)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Appends one version of a patient's record, in the caller's transaction. */
export async function appendPatientVersion(
	db: Kysely<Database>,
	patientId: number,
	version: PatientVersion
): Promise<void> {
	await db
		.insertInto('patient_version')
		.values({
			patient_id: patientId,
			version: version.version,
			name: version.fields.name,
			email: version.fields.email,
			phone: version.fields.phone,
			reminder_email: version.fields.reminderEmail ? 1 : 0,
			preferred_contact: version.fields.preferredContact,
			may_leave_voicemail: version.fields.mayLeaveVoicemail ? 1 : 0,
			contact_note: version.fields.contactNote,
			changed_at: toDbInstant(version.changedAt),
			changed_by_id: version.changedBy.id,
			changed_by_label: version.changedBy.label,
			reason: version.reason
		})
		.execute();
}

/** Every stored version of a patient's record, oldest first. */
export async function listPatientVersions(
	db: Kysely<Database>,
	patientId: number
): Promise<PatientVersion[]> {
	const rows = await db
		.selectFrom('patient_version')
		.selectAll()
		.where('patient_id', '=', patientId)
		.orderBy('version')
		.execute();
	return rows.map((row: Selectable<PatientVersionTable>) => ({
		version: row.version,
		fields: fieldsOf(row),
		changedAt: fromDbInstant(row.changed_at),
		changedBy: { id: row.changed_by_id, label: row.changed_by_label },
		reason: row.reason
	}));
}

/** Whether the patient behind an appointment wants the reminder email (true when unknown). */
export async function remindersWantedFor(
	db: Kysely<Database>,
	appointmentId: number
): Promise<boolean> {
	const row = await db
		.selectFrom('appointment')
		.innerJoin('patient', 'patient.id', 'appointment.patient_id')
		.select('patient.reminder_email')
		.where('appointment.id', '=', appointmentId)
		.executeTakeFirst();
	return row ? Number(row.reminder_email) === 1 : true;
}

function fieldsOf(row: {
	name: string;
	email: string;
	phone: string;
	reminder_email: number;
	preferred_contact: PatientRecordFields['preferredContact'];
	may_leave_voicemail: number;
	contact_note: string | null;
}): PatientRecordFields {
	return {
		name: row.name,
		email: row.email,
		phone: row.phone,
		// Flags are 0/1 integers on both dialects.
		reminderEmail: Number(row.reminder_email) === 1,
		preferredContact: row.preferred_contact,
		mayLeaveVoicemail: Number(row.may_leave_voicemail) === 1,
		contactNote: row.contact_note
	};
}
