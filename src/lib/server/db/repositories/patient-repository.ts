import { sql, type Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toDbInstant } from '../instant';
import {
	isMatchTarget,
	normalizeEmail,
	normalizeName,
	onlineBookingIdentity,
	type NewRecordIdentity
} from '$lib/domain/patients/identity-match';
import type { Database } from '../schema';
import { findNamesakes } from './patient-identity-repository';

export interface PatientContact {
	name: string;
	email: string;
	phone: string;
}

export { normalizeEmail, normalizeName };

/**
 * The confirmed patient with this email and name, or a new confirmed one (one email may serve
 * a family). Only for the staff's phone booking, where staff confirm who is calling (ADR 0029);
 * an online booking uses `createOnlineBookingPatient`, which never joins an existing record.
 * An existing record is not overwritten: staff change contact details on the patient's page.
 * Call it inside a booking transaction, which holds the location's schedule lock: bookings of
 * one location run one at a time, so concurrent first bookings end with one record.
 */
export async function findOrCreatePatient(
	db: Kysely<Database>,
	contact: PatientContact,
	now: Temporal.Instant
): Promise<{ id: number; created: boolean }> {
	const identity = identityOf(contact);
	const existing = (await findNamesakes(db, identity)).find(isMatchTarget);
	if (existing) return { id: existing.id, created: false };
	const id = await insertPatient(db, contact, now, { status: 'confirmed', possibleMatchId: null });
	return { id, created: true };
}

/**
 * The record of an online booking (the form or the API): always a new one, since what was
 * typed proves nothing (issue 12). When its name and email are those of a confirmed patient,
 * it is unconfirmed with that patient as its possible match; otherwise confirmed. Like
 * `findOrCreatePatient`, it relies on the booking transaction's schedule lock (ADR 0012): two
 * first bookings at two locations in the same instant could both be confirmed (ADR 0029).
 */
export async function createOnlineBookingPatient(
	db: Kysely<Database>,
	contact: PatientContact,
	now: Temporal.Instant
): Promise<{ id: number } & NewRecordIdentity> {
	const identity = identityOf(contact);
	const decided = onlineBookingIdentity(identity, await findNamesakes(db, identity));
	const id = await insertPatient(db, contact, now, decided);
	return { id, ...decided };
}

function identityOf(contact: PatientContact) {
	return {
		emailNormalized: normalizeEmail(contact.email),
		nameNormalized: normalizeName(contact.name)
	};
}

async function insertPatient(
	db: Kysely<Database>,
	contact: PatientContact,
	now: Temporal.Instant,
	identity: NewRecordIdentity
): Promise<number> {
	const row = await db
		.insertInto('patient')
		.values({
			name: contact.name.trim(),
			email: contact.email.trim(),
			email_normalized: normalizeEmail(contact.email),
			name_normalized: normalizeName(contact.name),
			phone: contact.phone,
			created_at: toDbInstant(now),
			identity_status: identity.status,
			possible_match_patient_id: identity.possibleMatchId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
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
	return (
		db
			.selectFrom('patient')
			.select(['id', 'name', 'email', 'phone'])
			// A merged record's data show on the record it joined (ADR 0029).
			.where('merged_into_patient_id', 'is', null)
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
			.execute()
	);
}

/**
 * A patient's appointments, newest first, with service and practitioner names; pass the ids
 * of `patientRecordIds` to include the records merged into it.
 */
export async function listPatientAppointments(
	db: Kysely<Database>,
	patientIds: number | readonly number[]
) {
	const ids = typeof patientIds === 'number' ? [patientIds] : [...patientIds];
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
		.where('appointment.patient_id', 'in', ids)
		.orderBy('appointment.starts_at', 'desc')
		.execute();
}
