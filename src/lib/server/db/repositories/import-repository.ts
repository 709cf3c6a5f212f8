import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { AppointmentToCreate, BookedVisit } from '$lib/domain/import/appointment-rows';
import type { KnownPatient } from '$lib/domain/import/identity';
import type { PatientToCreate } from '$lib/domain/import/patient-rows';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database, ImportDraftTable } from '../schema';
import { translateOverlap } from './appointment-repository';
import { normalizeEmail, normalizeName } from './patient-repository';

/** A sealed upload as stored. */
export interface ImportDraftRecord {
	id: string;
	staffUserId: string;
	kind: ImportDraftTable['kind'];
	rowCount: number;
	sealed: string;
	expiresAt: Temporal.Instant;
}

export async function insertImportDraft(
	db: Kysely<Database>,
	draft: ImportDraftRecord,
	now: Temporal.Instant
): Promise<void> {
	await db
		.insertInto('import_draft')
		.values({
			id: draft.id,
			staff_user_id: draft.staffUserId,
			kind: draft.kind,
			row_count: draft.rowCount,
			sealed: draft.sealed,
			created_at: toDbInstant(now),
			expires_at: toDbInstant(draft.expiresAt)
		})
		.execute();
}

/** The staff member's unexpired draft with this id, or null. */
export async function findImportDraft(
	db: Kysely<Database>,
	id: string,
	staffUserId: string,
	now: Temporal.Instant
): Promise<ImportDraftRecord | null> {
	const row = await db
		.selectFrom('import_draft')
		.selectAll()
		.where('id', '=', id)
		.where('staff_user_id', '=', staffUserId)
		.where('expires_at', '>', toDbInstant(now))
		.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		staffUserId: row.staff_user_id,
		kind: row.kind,
		rowCount: row.row_count,
		sealed: row.sealed,
		expiresAt: fromDbInstant(row.expires_at)
	};
}

export async function deleteImportDraft(db: Kysely<Database>, id: string): Promise<void> {
	await db.deleteFrom('import_draft').where('id', '=', id).execute();
}

/** Deletes every draft past its expiry; returns how many. */
export async function purgeExpiredImportDrafts(
	db: Kysely<Database>,
	now: Temporal.Instant
): Promise<number> {
	const result = await db
		.deleteFrom('import_draft')
		.where('expires_at', '<=', toDbInstant(now))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** Every patient, as an import compares them for duplicates and finds them for visits. */
export async function listKnownPatients(db: Kysely<Database>): Promise<KnownPatient[]> {
	return db.selectFrom('patient').select(['id', 'name', 'email', 'phone']).orderBy('id').execute();
}

/** Rows per statement: well under both dialects' limits on bound parameters. */
const chunk = 200;

/**
 * Inserts imported patients with the preferences the file gave, a few hundred a statement;
 * returns their ids in the order given (paired by email and name, which are unique).
 */
export async function insertImportedPatients(
	db: Kysely<Database>,
	patients: readonly PatientToCreate[],
	now: Temporal.Instant
): Promise<number[]> {
	const key = (email: string, name: string) => `${email}\n${name}`;
	const ids = new Map<string, number>();
	for (let start = 0; start < patients.length; start += chunk) {
		const rows = await db
			.insertInto('patient')
			.values(
				patients.slice(start, start + chunk).map((patient) => ({
					name: patient.name,
					email: patient.email,
					email_normalized: normalizeEmail(patient.email),
					name_normalized: normalizeName(patient.name),
					phone: patient.phone,
					created_at: toDbInstant(now),
					reminder_email: patient.reminderEmail ? 1 : 0,
					preferred_contact: patient.preferredContact,
					may_leave_voicemail: patient.mayLeaveVoicemail ? 1 : 0,
					contact_note: patient.contactNote
				}))
			)
			.returning(['id', 'email_normalized', 'name_normalized'])
			.execute();
		for (const row of rows) ids.set(key(row.email_normalized, row.name_normalized), row.id);
	}
	return patients.map(
		(patient) => ids.get(key(normalizeEmail(patient.email), normalizeName(patient.name))) as number
	);
}

/**
 * Inserts imported appointments, booked, a few hundred a statement; returns their ids and
 * sequences in the order given (paired by practitioner and start, unique among live visits).
 * @throws {AppointmentOverlap} when the database refuses one as overlapping.
 */
export async function insertImportedAppointments(
	db: Kysely<Database>,
	appointments: readonly (AppointmentToCreate & { manageTokenHash: string })[],
	now: Temporal.Instant
): Promise<{ id: number; sequence: number }[]> {
	const at = toDbInstant(now);
	const key = (practitionerId: number, start: Temporal.Instant) =>
		`${practitionerId}/${start.epochMilliseconds}`;
	const found = new Map<string, { id: number; sequence: number }>();
	for (let start = 0; start < appointments.length; start += chunk) {
		const rows = await db
			.insertInto('appointment')
			.values(
				appointments.slice(start, start + chunk).map((appointment) => ({
					location_id: appointment.locationId,
					practitioner_id: appointment.practitionerId,
					room_id: appointment.roomId,
					service_id: appointment.serviceId,
					patient_id: appointment.patientId,
					starts_at: toDbInstant(appointment.start),
					ends_at: toDbInstant(appointment.end),
					blocked_from: toDbInstant(appointment.blockedFrom),
					blocked_until: toDbInstant(appointment.blockedUntil),
					status: 'booked',
					is_new_patient: appointment.isNewPatient ? 1 : 0,
					note: appointment.note,
					source: 'staff',
					needs_review: 0,
					manage_token_hash: appointment.manageTokenHash,
					created_at: at,
					updated_at: at
				}))
			)
			.returning(['id', 'sequence', 'practitioner_id', 'starts_at'])
			.execute()
			.catch(translateOverlap);
		for (const row of rows) {
			found.set(key(row.practitioner_id, fromDbInstant(row.starts_at)), {
				id: row.id,
				sequence: row.sequence
			});
		}
	}
	return appointments.map(
		(appointment) =>
			found.get(key(appointment.practitionerId, appointment.start)) as {
				id: number;
				sequence: number;
			}
	);
}

/** Live appointments whose blocked time ends after `from`, as the overlap check needs them. */
export async function listBookedVisitsFrom(
	db: Kysely<Database>,
	from: Temporal.Instant
): Promise<BookedVisit[]> {
	const rows = await db
		.selectFrom('appointment')
		.select([
			'patient_id',
			'practitioner_id',
			'room_id',
			'starts_at',
			'blocked_from',
			'blocked_until'
		])
		.where('status', '<>', 'cancelled')
		.where('blocked_until', '>', toDbInstant(from))
		.execute();
	return rows.map((row) => ({
		patientId: row.patient_id,
		practitionerId: row.practitioner_id,
		roomId: row.room_id,
		start: fromDbInstant(row.starts_at),
		blockedFrom: fromDbInstant(row.blocked_from),
		blockedUntil: fromDbInstant(row.blocked_until)
	}));
}
