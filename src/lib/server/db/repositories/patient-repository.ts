import type { Kysely } from 'kysely';
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

/**
 * The patient with this email, or a new one. An existing record is not overwritten from a
 * public form: staff confirm contact changes, so a stranger cannot rewrite someone's details.
 */
export async function findOrCreatePatient(
	db: Kysely<Database>,
	contact: PatientContact,
	now: Temporal.Instant
): Promise<{ id: number; created: boolean }> {
	const email = normalizeEmail(contact.email);
	const existing = await db
		.selectFrom('patient')
		.select('id')
		.where('email_normalized', '=', email)
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
	if (existing) return { id: existing.id, created: false };
	const row = await db
		.insertInto('patient')
		.values({
			name: contact.name,
			email: contact.email.trim(),
			email_normalized: email,
			phone: contact.phone,
			created_at: toDbInstant(now)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, created: true };
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
