import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { ScreeningOutcome } from '$lib/domain/intake/red-flags';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database, RedFlagScreeningTable } from '../schema';

export interface ScreeningRecord {
	id: number;
	source: RedFlagScreeningTable['source'];
	outcome: ScreeningOutcome;
	answers: Record<string, 'yes' | 'no'>;
	shown: { title: string; body: string[] };
	screenedAt: Temporal.Instant;
	patientId: number | null;
	appointmentId: number | null;
}

/** Stores one screening as it happened (the table is append-only). */
export async function insertScreening(
	db: Kysely<Database>,
	screening: Omit<ScreeningRecord, 'id' | 'screenedAt'> & {
		tokenHash: string | null;
		at: Temporal.Instant;
	}
): Promise<number> {
	const row = await db
		.insertInto('red_flag_screening')
		.values({
			token_hash: screening.tokenHash,
			source: screening.source,
			outcome: screening.outcome,
			answers_json: JSON.stringify(screening.answers),
			shown_json: JSON.stringify(screening.shown),
			screened_at: toDbInstant(screening.at),
			patient_id: screening.patientId,
			appointment_id: screening.appointmentId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

const columns = [
	'id',
	'source',
	'outcome',
	'answers_json',
	'shown_json',
	'screened_at',
	'patient_id',
	'appointment_id'
] as const;

function toRecord(row: {
	id: number;
	source: RedFlagScreeningTable['source'];
	outcome: RedFlagScreeningTable['outcome'];
	answers_json: string;
	shown_json: string;
	screened_at: string | Date;
	patient_id: number | null;
	appointment_id: number | null;
}): ScreeningRecord {
	return {
		id: row.id,
		source: row.source,
		outcome: row.outcome,
		answers: JSON.parse(row.answers_json) as Record<string, 'yes' | 'no'>,
		shown: JSON.parse(row.shown_json) as { title: string; body: string[] },
		screenedAt: fromDbInstant(row.screened_at),
		patientId: row.patient_id,
		appointmentId: row.appointment_id
	};
}

/** The one screening whose `column` holds `value`, or null. */
async function findScreeningWhere(
	db: Kysely<Database>,
	column: 'token_hash' | 'id',
	value: string | number
): Promise<ScreeningRecord | null> {
	const row = await db
		.selectFrom('red_flag_screening')
		.select(columns)
		.where(column, '=', value)
		.executeTakeFirst();
	return row ? toRecord(row) : null;
}

/** The screening a visitor's cookie token points to, or null. */
export function findScreeningByTokenHash(
	db: Kysely<Database>,
	tokenHash: string
): Promise<ScreeningRecord | null> {
	return findScreeningWhere(db, 'token_hash', tokenHash);
}

/** One screening by id, or null. */
export function findScreening(db: Kysely<Database>, id: number): Promise<ScreeningRecord | null> {
	return findScreeningWhere(db, 'id', id);
}

/**
 * A patient's screenings, newest first: those made in their intake and visits, and public
 * checks that their bookings followed.
 */
export async function listPatientScreenings(
	db: Kysely<Database>,
	patientIds: number | readonly number[]
): Promise<ScreeningRecord[]> {
	const ids = typeof patientIds === 'number' ? [patientIds] : [...patientIds];
	const rows = await db
		.selectFrom('red_flag_screening')
		.select(columns.map((column) => `red_flag_screening.${column}` as const))
		.where((eb) =>
			eb.or([
				eb('red_flag_screening.patient_id', 'in', ids),
				eb(
					'red_flag_screening.id',
					'in',
					eb
						.selectFrom('appointment')
						.select('appointment.screening_id')
						.where('appointment.patient_id', 'in', ids)
						.where('appointment.screening_id', 'is not', null)
						.$narrowType<{ screening_id: number }>()
				)
			])
		)
		.orderBy('red_flag_screening.screened_at', 'desc')
		.orderBy('red_flag_screening.id', 'desc')
		.execute();
	return rows.map(toRecord);
}

/** Marks an appointment as needing a clinician's review, linked to the screening that said so. */
export async function flagAppointmentForReview(
	db: Kysely<Database>,
	appointmentId: number,
	screeningId: number
): Promise<void> {
	await db
		.updateTable('appointment')
		.set({ needs_review: 1, screening_id: screeningId })
		.where('id', '=', appointmentId)
		.execute();
}

/** Links a booking to the (reassuring) screening it followed, without flagging it. */
export async function linkAppointmentScreening(
	db: Kysely<Database>,
	appointmentId: number,
	screeningId: number
): Promise<void> {
	await db
		.updateTable('appointment')
		.set({ screening_id: screeningId })
		.where('id', '=', appointmentId)
		.execute();
}

/** Records a clinician's review of a flagged booking; false when it was reviewed already. */
export async function recordAppointmentReview(
	db: Kysely<Database>,
	appointmentId: number,
	review: { byName: string; note: string; at: Temporal.Instant }
): Promise<boolean> {
	const result = await db
		.updateTable('appointment')
		.set({
			needs_review: 0,
			reviewed_at: toDbInstant(review.at),
			reviewed_by_name: review.byName,
			review_note: review.note
		})
		.where('id', '=', appointmentId)
		.where('needs_review', '=', 1)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** An appointment's link to a screening and the state of its clinician review. */
export interface AppointmentReviewState {
	appointmentId: number;
	patientId: number;
	needsReview: boolean;
	screeningId: number | null;
	reviewedAt: Temporal.Instant | null;
	reviewedByName: string | null;
	reviewNote: string | null;
}

/** The review state of one appointment, or null when there is no such appointment. */
export async function findAppointmentReview(
	db: Kysely<Database>,
	appointmentId: number
): Promise<AppointmentReviewState | null> {
	const row = await db
		.selectFrom('appointment')
		.select([
			'id',
			'patient_id',
			'needs_review',
			'screening_id',
			'reviewed_at',
			'reviewed_by_name',
			'review_note'
		])
		.where('id', '=', appointmentId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		appointmentId: row.id,
		patientId: row.patient_id,
		needsReview: row.needs_review === 1,
		screeningId: row.screening_id,
		reviewedAt: row.reviewed_at === null ? null : fromDbInstant(row.reviewed_at),
		reviewedByName: row.reviewed_by_name,
		reviewNote: row.review_note
	};
}
