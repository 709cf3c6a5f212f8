import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * Known red-flag findings a doctor has seen (migration 0022), as practitioners record them when
 * they review a flagged visit. Append-only.
 */

export interface RedFlagClearanceRecord {
	questionId: string;
	note: string;
	clearedByName: string;
	clearedAt: Temporal.Instant;
}

/** Records that a doctor has seen each of these findings of a patient. */
export async function insertRedFlagClearances(
	db: Kysely<Database>,
	clearance: {
		patientId: number;
		appointmentId: number | null;
		questionIds: readonly string[];
		note: string;
		by: { id: string; name: string };
		at: Temporal.Instant;
	}
): Promise<void> {
	if (clearance.questionIds.length === 0) return;
	await db
		.insertInto('red_flag_clearance')
		.values(
			clearance.questionIds.map((questionId) => ({
				patient_id: clearance.patientId,
				question_id: questionId,
				appointment_id: clearance.appointmentId,
				note: clearance.note,
				cleared_by_id: clearance.by.id,
				cleared_by_name: clearance.by.name,
				cleared_at: toDbInstant(clearance.at)
			}))
		)
		.execute();
}

/** The findings recorded as seen by a doctor for any of these patient records, oldest first. */
export async function listRedFlagClearances(
	db: Kysely<Database>,
	patientIds: readonly number[]
): Promise<RedFlagClearanceRecord[]> {
	if (patientIds.length === 0) return [];
	const rows = await db
		.selectFrom('red_flag_clearance')
		.select(['question_id', 'note', 'cleared_by_name', 'cleared_at'])
		.where('patient_id', 'in', patientIds)
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		questionId: row.question_id,
		note: row.note,
		clearedByName: row.cleared_by_name,
		clearedAt: fromDbInstant(row.cleared_at)
	}));
}
