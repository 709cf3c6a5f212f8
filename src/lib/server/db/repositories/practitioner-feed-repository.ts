import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/** Sets (or replaces) the hash of a practitioner's calendar feed token. */
export async function saveFeedTokenHash(
	db: Kysely<Database>,
	practitionerId: number,
	tokenHash: string,
	now: Temporal.Instant
): Promise<void> {
	await db
		.insertInto('practitioner_feed')
		.values({
			practitioner_id: practitionerId,
			token_hash: tokenHash,
			created_at: toDbInstant(now)
		})
		.onConflict((conflict) =>
			conflict
				.column('practitioner_id')
				.doUpdateSet({ token_hash: tokenHash, created_at: toDbInstant(now) })
		)
		.execute();
}

/** The practitioner whose feed token hashes to `tokenHash`, or null. */
export async function findFeedPractitioner(
	db: Kysely<Database>,
	tokenHash: string
): Promise<{ id: number; name: string } | null> {
	const row = await db
		.selectFrom('practitioner_feed')
		.innerJoin('practitioner', 'practitioner.id', 'practitioner_feed.practitioner_id')
		.select(['practitioner.id', 'practitioner.name'])
		.where('practitioner_feed.token_hash', '=', tokenHash)
		.executeTakeFirst();
	return row ?? null;
}

/** A practitioner's live appointments in a range, with the patient's first name only. */
export async function listFeedAppointments(
	db: Kysely<Database>,
	practitionerId: number,
	range: { from: Temporal.Instant; until: Temporal.Instant }
) {
	const rows = await db
		.selectFrom('appointment')
		.innerJoin('patient', 'patient.id', 'appointment.patient_id')
		.select([
			'appointment.id',
			'appointment.starts_at',
			'appointment.ends_at',
			'appointment.sequence',
			'patient.name'
		])
		.where('appointment.practitioner_id', '=', practitionerId)
		.where('appointment.status', '<>', 'cancelled')
		.where('appointment.starts_at', '<', toDbInstant(range.until))
		.where('appointment.ends_at', '>', toDbInstant(range.from))
		.orderBy('appointment.starts_at')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		start: fromDbInstant(row.starts_at),
		end: fromDbInstant(row.ends_at),
		sequence: row.sequence,
		firstName: row.name.trim().split(/\s+/)[0] ?? ''
	}));
}
