import { sql, type Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toDbInstant } from '../instant';
import type { Database } from '../schema';

export interface PatientContact {
	name: string;
	email: string;
	phone: string;
}

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Names compare case-insensitively, with runs of spaces folded. */
export function normalizeName(name: string): string {
	return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The patient with this email and name, or a new one (one email may serve a family). An
 * existing record is not overwritten from a public form: staff confirm contact changes, so a
 * stranger cannot rewrite someone's details. A unique index makes concurrent first bookings
 * by the same person end with one record.
 */
export async function findOrCreatePatient(
	db: Kysely<Database>,
	contact: PatientContact,
	now: Temporal.Instant
): Promise<{ id: number; created: boolean }> {
	const email = normalizeEmail(contact.email);
	const name = normalizeName(contact.name);
	const inserted = await db
		.insertInto('patient')
		.values({
			name: contact.name.trim(),
			email: contact.email.trim(),
			email_normalized: email,
			name_normalized: name,
			phone: contact.phone,
			created_at: toDbInstant(now)
		})
		.onConflict((conflict) => conflict.columns(['email_normalized', 'name_normalized']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (inserted) return { id: inserted.id, created: true };
	const existing = await db
		.selectFrom('patient')
		.select('id')
		.where('email_normalized', '=', email)
		.where('name_normalized', '=', name)
		.executeTakeFirstOrThrow();
	return { id: existing.id, created: false };
}

/** A patient's contact details, or null. */
export async function findPatient(
	db: Kysely<Database>,
	id: number
): Promise<PatientContact | null> {
	const row = await db
		.selectFrom('patient')
		.select(['name', 'email', 'phone'])
		.where('id', '=', id)
		.executeTakeFirst();
	return row ?? null;
}

/** A patient as a staff search lists them. */
export interface PatientListing {
	id: number;
	name: string;
	email: string;
	phone: string;
}

/**
 * Patients whose name or email contains the text, or whose phone contains its digits (four or
 * more), at most `limit`, by name.
 */
export async function searchPatients(
	db: Kysely<Database>,
	text: string,
	limit = 50
): Promise<PatientListing[]> {
	const words = normalizeName(text).replace(/[%_\\]/g, '');
	const digits = text.replace(/\D/g, '');
	if (words.length < 2 && digits.length < 4) return [];
	const phoneDigits = sql<string>`replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')`;
	return db
		.selectFrom('patient')
		.select(['id', 'name', 'email', 'phone'])
		.where((eb) => {
			const conditions = [];
			if (words.length >= 2) {
				conditions.push(eb('name_normalized', 'like', `%${words}%`));
				conditions.push(eb('email_normalized', 'like', `%${words}%`));
			}
			if (digits.length >= 4) conditions.push(eb(phoneDigits, 'like', `%${digits}%`));
			return eb.or(conditions);
		})
		.orderBy('name_normalized')
		.orderBy('id')
		.limit(limit)
		.execute();
}

/** A patient's appointments, newest first, with service and practitioner names. */
export async function listPatientAppointments(db: Kysely<Database>, patientId: number) {
	return db
		.selectFrom('appointment')
		.innerJoin('service', 'service.id', 'appointment.service_id')
		.innerJoin('practitioner', 'practitioner.id', 'appointment.practitioner_id')
		.select([
			'appointment.id',
			'appointment.starts_at',
			'appointment.ends_at',
			'appointment.status',
			'service.name as service_name',
			'practitioner.name as practitioner_name'
		])
		.where('appointment.patient_id', '=', patientId)
		.orderBy('appointment.starts_at', 'desc')
		.execute();
}
