import { sql, PostgresAdapter, type Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { IntakeSteps } from '$lib/domain/intake/intake-answers';
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from '../instant';
import type { Database } from '../schema';

/** One intake form: a draft until `submittedAt`, then read-only (a change is a new intake). */
export interface IntakeRecord {
	id: number;
	patientId: number;
	appointmentId: number | null;
	/** The saved steps by step id (src/lib/domain/intake). */
	steps: IntakeSteps;
	startedAt: Temporal.Instant;
	updatedAt: Temporal.Instant;
	submittedAt: Temporal.Instant | null;
}

const columns = [
	'id',
	'patient_id',
	'appointment_id',
	'steps_json',
	'started_at',
	'updated_at',
	'submitted_at'
] as const;

function toRecord(row: {
	id: number;
	patient_id: number;
	appointment_id: number | null;
	steps_json: string;
	started_at: string | Date;
	updated_at: string | Date;
	submitted_at: string | Date | null;
}): IntakeRecord {
	return {
		id: row.id,
		patientId: row.patient_id,
		appointmentId: row.appointment_id,
		steps: JSON.parse(row.steps_json) as IntakeSteps,
		startedAt: fromDbInstant(row.started_at),
		updatedAt: fromDbInstant(row.updated_at),
		submittedAt: fromDbInstantOrNull(row.submitted_at)
	};
}

/** Namespace of the intake's advisory locks (schedule-repository uses 7301). */
const intakeLockSpace = 7302;

/**
 * Serialises intake writes for one patient until the transaction ends, so that two tabs
 * saving different steps cannot overwrite each other's step. SQLite runs one writer at a time
 * already.
 */
export async function lockPatientIntake(db: Kysely<Database>, patientId: number): Promise<void> {
	if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
	await sql`select pg_advisory_xact_lock(${intakeLockSpace}, ${patientId})`.execute(db);
}

/**
 * The intake a manage link works on: the newest intake started through this appointment,
 * draft or submitted (issue 12, ADR 0029). A link reaches only what was filled in through its
 * own appointment, never an earlier form of the patient's record.
 */
export async function findCurrentIntake(
	db: Kysely<Database>,
	appointmentId: number
): Promise<IntakeRecord | null> {
	const row = await db
		.selectFrom('intake_form')
		.select(columns)
		.where('appointment_id', '=', appointmentId)
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? toRecord(row) : null;
}

/** This appointment's most recent submitted intake, or null. */
export async function findLatestSubmittedIntakeOfAppointment(
	db: Kysely<Database>,
	appointmentId: number
): Promise<IntakeRecord | null> {
	const row = await db
		.selectFrom('intake_form')
		.select(columns)
		.where('appointment_id', '=', appointmentId)
		.where('submitted_at', 'is not', null)
		.orderBy('submitted_at', 'desc')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? toRecord(row) : null;
}

/**
 * A patient's most recent submitted intake, or null. The PSFS activities they named are in
 * `steps.goals.psfs.activities` (ids "activity-1" to "activity-5"), for later visits to re-rate.
 */
export async function findLatestSubmittedIntake(
	db: Kysely<Database>,
	patientId: number
): Promise<IntakeRecord | null> {
	const row = await db
		.selectFrom('intake_form')
		.select(columns)
		.where('patient_id', '=', patientId)
		.where('submitted_at', 'is not', null)
		.orderBy('submitted_at', 'desc')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? toRecord(row) : null;
}

/** One intake by id, or null. */
export async function findIntake(db: Kysely<Database>, id: number): Promise<IntakeRecord | null> {
	const row = await db
		.selectFrom('intake_form')
		.select(columns)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toRecord(row) : null;
}

/**
 * Every intake (drafts and submitted) of the given patients, newest first: one query for a
 * day's calendar, however many appointments it holds.
 */
export async function listIntakesOfPatients(
	db: Kysely<Database>,
	patientIds: readonly number[]
): Promise<IntakeRecord[]> {
	if (patientIds.length === 0) return [];
	const rows = await db
		.selectFrom('intake_form')
		.select(columns)
		.where('patient_id', 'in', [...new Set(patientIds)])
		.orderBy('id', 'desc')
		.execute();
	return rows.map(toRecord);
}

/** Starts a draft with its first saved steps; returns its id. */
export async function insertIntake(
	db: Kysely<Database>,
	intake: {
		patientId: number;
		appointmentId: number;
		steps: IntakeSteps;
		now: Temporal.Instant;
	}
): Promise<number> {
	const at = toDbInstant(intake.now);
	const row = await db
		.insertInto('intake_form')
		.values({
			patient_id: intake.patientId,
			appointment_id: intake.appointmentId,
			steps_json: JSON.stringify(intake.steps),
			started_at: at,
			updated_at: at,
			submitted_at: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Replaces a draft's saved steps; false when the intake was submitted meanwhile. */
export async function updateIntakeSteps(
	db: Kysely<Database>,
	id: number,
	steps: IntakeSteps,
	now: Temporal.Instant
): Promise<boolean> {
	const result = await db
		.updateTable('intake_form')
		.set({ steps_json: JSON.stringify(steps), updated_at: toDbInstant(now) })
		.where('id', '=', id)
		.where('submitted_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Marks a draft submitted; false when it was submitted already (a double click). */
export async function markIntakeSubmitted(
	db: Kysely<Database>,
	id: number,
	now: Temporal.Instant
): Promise<boolean> {
	const at = toDbInstant(now);
	const result = await db
		.updateTable('intake_form')
		.set({ submitted_at: at, updated_at: at })
		.where('id', '=', id)
		.where('submitted_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}
