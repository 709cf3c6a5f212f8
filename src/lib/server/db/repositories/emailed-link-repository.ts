import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from '../instant';
import type { Database } from '../schema';

/**
 * A link minted when its email was sent (migration 0016, ADR 0031): only the token's hash is
 * stored, with what it opens and the address it was delivered to.
 */
export interface EmailedLink {
	id: number;
	purpose: string;
	appointmentId: number | null;
	patientId: number | null;
	/** The record the link opens, for purposes not about an appointment (a permission's id). */
	subjectId: number | null;
	/** The address the email went to, trimmed and lower-cased. */
	email: string;
	createdAt: Temporal.Instant;
	expiresAt: Temporal.Instant | null;
	usedAt: Temporal.Instant | null;
}

/** Stores a minted link's hash, in the caller's transaction if any. */
export async function insertEmailedLink(
	db: Kysely<Database>,
	link: {
		tokenHash: string;
		purpose: string;
		appointmentId: number | null;
		patientId: number | null;
		subjectId?: number | null;
		email: string;
		now: Temporal.Instant;
		/** Null: the link lives as long as what it opens (an appointment's manage link). */
		expiresAt: Temporal.Instant | null;
	}
): Promise<void> {
	await db
		.insertInto('emailed_link')
		.values({
			token_hash: link.tokenHash,
			purpose: link.purpose,
			appointment_id: link.appointmentId,
			patient_id: link.patientId,
			subject_id: link.subjectId ?? null,
			email_normalized: link.email.trim().toLowerCase(),
			created_at: toDbInstant(link.now),
			expires_at: link.expiresAt ? toDbInstant(link.expiresAt) : null,
			used_at: null
		})
		.execute();
}

/**
 * The live link of `purpose` whose token hashes to `tokenHash`: not expired at `now` (when
 * given; links without an expiry never are) and, unless `includeUsed`, not used.
 */
export async function findEmailedLink(
	db: Kysely<Database>,
	tokenHash: string,
	purpose: string,
	options: { now?: Temporal.Instant; includeUsed?: boolean } = {}
): Promise<EmailedLink | null> {
	let query = db
		.selectFrom('emailed_link')
		.selectAll()
		.where('token_hash', '=', tokenHash)
		.where('purpose', '=', purpose);
	if (options.now) {
		const now = toDbInstant(options.now);
		query = query.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
	}
	if (!options.includeUsed) query = query.where('used_at', 'is', null);
	const row = await query.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		purpose: row.purpose,
		appointmentId: row.appointment_id,
		patientId: row.patient_id,
		subjectId: row.subject_id,
		email: row.email_normalized,
		createdAt: fromDbInstant(row.created_at),
		expiresAt: fromDbInstantOrNull(row.expires_at),
		usedAt: fromDbInstantOrNull(row.used_at)
	};
}

/**
 * Marks a single-use link used; false when it was used already (or is unknown), so that of
 * two requests racing with one link only one goes on.
 */
export async function consumeEmailedLink(
	db: Kysely<Database>,
	id: number,
	now: Temporal.Instant
): Promise<boolean> {
	const result = await db
		.updateTable('emailed_link')
		.set({ used_at: toDbInstant(now) })
		.where('id', '=', id)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Ends every emailed link of `purpose` to an appointment (its manage links after a staff move). */
export async function deleteEmailedLinksForAppointment(
	db: Kysely<Database>,
	appointmentId: number,
	purpose: string
): Promise<void> {
	await db
		.deleteFrom('emailed_link')
		.where('appointment_id', '=', appointmentId)
		.where('purpose', '=', purpose)
		.execute();
}
