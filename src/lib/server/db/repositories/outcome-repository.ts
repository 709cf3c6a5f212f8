import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { ScaleId } from '$lib/domain/outcomes/scales';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database, OutcomeResponseTable } from '../schema';

/*
 * Outcome answers (migration 0009): append-only, one row per scale answered, the score kept in
 * tenths so both databases hold an exact integer.
 */

export type OutcomeSource = OutcomeResponseTable['source'];

/** One scale's answer to store. */
export interface NewOutcomeResponse {
	scale: ScaleId;
	/** The score, 0 to 10 to one decimal. */
	score: number;
	/** The item answers, stored as JSON beside the score. */
	items: unknown;
}

/** Stores one visit's answers (or an intake's), in the caller's transaction. */
export async function insertOutcomeResponses(
	db: Kysely<Database>,
	answers: {
		patientId: number;
		appointmentId: number | null;
		source: OutcomeSource;
		at: Temporal.Instant;
		responses: readonly NewOutcomeResponse[];
	}
): Promise<void> {
	if (answers.responses.length === 0) return;
	await db
		.insertInto('outcome_response')
		.values(
			answers.responses.map((response) => ({
				patient_id: answers.patientId,
				appointment_id: answers.appointmentId,
				scale: response.scale,
				score_tenths: Math.round(response.score * 10),
				items_json: JSON.stringify(response.items),
				source: answers.source,
				answered_at: toDbInstant(answers.at)
			}))
		)
		.execute();
}

/** Whether an appointment's check-in (a link or kiosk answer) is stored already. */
export async function hasCheckIn(db: Kysely<Database>, appointmentId: number): Promise<boolean> {
	const row = await db
		.selectFrom('outcome_response')
		.select('id')
		.where('appointment_id', '=', appointmentId)
		.where('source', 'in', ['link', 'kiosk'])
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

/**
 * The items of the patient's latest PSFS answer (parsed JSON), or null: the activities they
 * named, which a follow-up re-rates.
 */
export async function findLatestPsfsItems(
	db: Kysely<Database>,
	of: { patientId: number } | { appointmentId: number }
): Promise<unknown> {
	const row = await db
		.selectFrom('outcome_response')
		.select('items_json')
		.where((eb) =>
			'appointmentId' in of
				? eb('appointment_id', '=', of.appointmentId)
				: eb('patient_id', '=', of.patientId)
		)
		.where('scale', '=', 'psfs')
		.orderBy('answered_at', 'desc')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!row) return null;
	try {
		return JSON.parse(row.items_json) as unknown;
	} catch {
		return null;
	}
}

/**
 * How many of the patient's visits before `start` they attended (marked arrived or
 * completed), leaving out one appointment (the visit being counted).
 */
export async function countAttendedVisitsBefore(
	db: Kysely<Database>,
	patientId: number,
	start: Temporal.Instant,
	exceptAppointmentId: number
): Promise<number> {
	const row = await db
		.selectFrom('appointment')
		.select((eb) => eb.fn.countAll<number | string>().as('count'))
		.where('patient_id', '=', patientId)
		.where('id', '<>', exceptAppointmentId)
		.where('status', 'in', ['arrived', 'completed'])
		.where('starts_at', '<', toDbInstant(start))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** One stored score, with when it was answered and the visit it belongs to. */
export interface OutcomeScoreRow {
	scale: ScaleId;
	score: number;
	source: OutcomeSource;
	answeredAt: Temporal.Instant;
	/** The start of the visit the answer belongs to; null for an answer without one. */
	visitStart: Temporal.Instant | null;
}

/** Every score a patient has given (pass `patientRecordIds` for merged records), oldest first. */
export async function listPatientOutcomeScores(
	db: Kysely<Database>,
	patientIds: number | readonly number[]
): Promise<OutcomeScoreRow[]> {
	const ids = typeof patientIds === 'number' ? [patientIds] : [...patientIds];
	const rows = await db
		.selectFrom('outcome_response')
		.leftJoin('appointment', 'appointment.id', 'outcome_response.appointment_id')
		.select([
			'outcome_response.scale',
			'outcome_response.score_tenths',
			'outcome_response.source',
			'outcome_response.answered_at',
			'appointment.starts_at'
		])
		.where('outcome_response.patient_id', 'in', ids)
		.orderBy('outcome_response.answered_at')
		.orderBy('outcome_response.id')
		.execute();
	return rows.map((row) => ({
		scale: row.scale,
		score: row.score_tenths / 10,
		source: row.source,
		answeredAt: fromDbInstant(row.answered_at),
		visitStart: row.starts_at === null ? null : fromDbInstant(row.starts_at)
	}));
}
