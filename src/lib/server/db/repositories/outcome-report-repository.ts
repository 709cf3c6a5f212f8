import type { Kysely } from 'kysely';
import {
	attendedStatuses,
	type AttendedVisit,
	type ScoreAnswer,
	type SubmittedIntake
} from '$lib/domain/outcomes/report-records';
import { fromDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * Reads what the clinic outcome report needs about every patient, in three queries whatever
 * the number of patients: submitted intakes, attended visits, and NPRS and PEG answers. Which
 * intake, visit and answer counts is decided in src/lib/domain/outcomes/report-records.ts
 * (`buildOutcomeRecords`), where the rules are written down and unit-tested.
 */

/** The stored rows the report is built from. */
export interface OutcomeReportRows {
	intakes: SubmittedIntake[];
	visits: AttendedVisit[];
	answers: ScoreAnswer[];
}

/**
 * Every submitted intake, every appointment marked arrived or completed, and every NPRS and PEG
 * answer. Only patients with a submitted intake can be in the report, so visits and answers
 * are limited to them.
 */
export async function loadOutcomeReportRows(db: Kysely<Database>): Promise<OutcomeReportRows> {
	const withIntake = db
		.selectFrom('intake_form')
		.select('patient_id')
		.where('submitted_at', 'is not', null);
	const [intakeRows, visitRows, answerRows] = await Promise.all([
		db
			.selectFrom('intake_form')
			.select(['id', 'patient_id', 'steps_json', 'started_at', 'submitted_at'])
			.where('submitted_at', 'is not', null)
			.orderBy('patient_id')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('appointment')
			.select(['id', 'patient_id', 'starts_at'])
			.where('status', 'in', [...attendedStatuses])
			.where('patient_id', 'in', withIntake)
			.orderBy('patient_id')
			.orderBy('starts_at')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('outcome_response')
			.select([
				'id',
				'patient_id',
				'appointment_id',
				'scale',
				'score_tenths',
				'source',
				'answered_at'
			])
			.where('scale', 'in', ['nprs', 'peg'])
			.where('patient_id', 'in', withIntake)
			.orderBy('patient_id')
			.orderBy('answered_at')
			.orderBy('id')
			.execute()
	]);
	return {
		intakes: intakeRows.flatMap((row) =>
			row.submitted_at === null
				? []
				: [
						{
							id: row.id,
							patientId: row.patient_id,
							startedAt: fromDbInstant(row.started_at),
							submittedAt: fromDbInstant(row.submitted_at),
							steps: parseSteps(row.steps_json)
						}
					]
		),
		visits: visitRows.map((row) => ({
			appointmentId: row.id,
			patientId: row.patient_id,
			start: fromDbInstant(row.starts_at)
		})),
		answers: answerRows.map((row) => ({
			id: row.id,
			patientId: row.patient_id,
			appointmentId: row.appointment_id,
			scale: row.scale === 'peg' ? 'peg' : 'nprs',
			scoreTenths: row.score_tenths,
			source: row.source,
			answeredAt: fromDbInstant(row.answered_at)
		}))
	};
}

/** A stored steps object; a damaged one reads as empty, so that patient is simply not counted. */
function parseSteps(json: string): unknown {
	try {
		return JSON.parse(json) as unknown;
	} catch {
		return {};
	}
}
