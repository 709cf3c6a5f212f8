import { sql, PostgresAdapter, type Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { IdentityRecord, IdentityStatus } from '$lib/domain/patients/identity-match';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * Which records are one person (ADR 0029): a record's identity status, its possible match,
 * and the record it was merged into. Only this file and patient-repository know the columns.
 */

const identityColumns = [
	'id',
	'email_normalized',
	'name_normalized',
	'identity_status',
	'possible_match_patient_id',
	'merged_into_patient_id'
] as const;

function toIdentity(row: {
	id: number;
	email_normalized: string;
	name_normalized: string;
	identity_status: IdentityStatus;
	possible_match_patient_id: number | null;
	merged_into_patient_id: number | null;
}): IdentityRecord {
	return {
		id: row.id,
		emailNormalized: row.email_normalized,
		nameNormalized: row.name_normalized,
		status: row.identity_status,
		possibleMatchId: row.possible_match_patient_id,
		mergedIntoId: row.merged_into_patient_id
	};
}

/** Namespace of the identity advisory lock (7301 schedules, 7302 intakes). */
const identityLockSpace = 7304;

/**
 * Serialises the decisions about one email's records until the transaction ends (creating a
 * record from a booking, merging, confirming), so two bookings cannot both become the first
 * confirmed record of a person. SQLite runs one writer at a time already.
 */
export async function lockPatientIdentity(
	db: Kysely<Database>,
	emailNormalized: string
): Promise<void> {
	if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
	await sql`select pg_advisory_xact_lock(${identityLockSpace}, hashtext(${emailNormalized}))`.execute(
		db
	);
}

/** One record's identity, or null. */
export async function findIdentityRecord(
	db: Kysely<Database>,
	id: number
): Promise<IdentityRecord | null> {
	const row = await db
		.selectFrom('patient')
		.select(identityColumns)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toIdentity(row) : null;
}

/** The records with this name and email (normalized), oldest first. */
export async function findNamesakes(
	db: Kysely<Database>,
	identity: { emailNormalized: string; nameNormalized: string }
): Promise<IdentityRecord[]> {
	const rows = await db
		.selectFrom('patient')
		.select(identityColumns)
		.where('email_normalized', '=', identity.emailNormalized)
		.where('name_normalized', '=', identity.nameNormalized)
		.orderBy('id')
		.execute();
	return rows.map(toIdentity);
}

/** The records with this email, and the possible matches they point at (any email). */
export async function findRecordsOfEmail(
	db: Kysely<Database>,
	emailNormalized: string
): Promise<IdentityRecord[]> {
	const rows = await db
		.selectFrom('patient')
		.select(identityColumns)
		.where((eb) =>
			eb.or([
				eb('email_normalized', '=', emailNormalized),
				eb(
					'id',
					'in',
					eb
						.selectFrom('patient as unconfirmed')
						.select('unconfirmed.possible_match_patient_id')
						.where('unconfirmed.email_normalized', '=', emailNormalized)
						.where('unconfirmed.possible_match_patient_id', 'is not', null)
				)
			])
		)
		.orderBy('id')
		.execute();
	return rows.map(toIdentity);
}

/**
 * The ids whose data make up a patient's record: the patient's own and those of the records
 * merged into it (ADR 0029). Merges go one level deep only (an unconfirmed record joins a
 * confirmed one, which is never merged itself). For a record that was merged, its own id only:
 * its page points to the record it joined.
 */
export async function patientRecordIds(db: Kysely<Database>, patientId: number): Promise<number[]> {
	const rows = await db
		.selectFrom('patient')
		.select('id')
		.where('merged_into_patient_id', '=', patientId)
		.orderBy('id')
		.execute();
	return [patientId, ...rows.map((row) => row.id)];
}

/**
 * For a set of patients (a day's calendar), the record each belongs to now (itself, or the
 * record it was merged into) and every id of that record: two queries for the whole set.
 */
export async function patientRecordGroups(
	db: Kysely<Database>,
	patientIds: readonly number[]
): Promise<Map<number, number[]>> {
	const groups = new Map<number, number[]>();
	if (patientIds.length === 0) return groups;
	const own = await db
		.selectFrom('patient')
		.select(['id', 'merged_into_patient_id'])
		.where('id', 'in', [...new Set(patientIds)])
		.execute();
	const rootOf = new Map(own.map((row) => [row.id, row.merged_into_patient_id ?? row.id]));
	const roots = [...new Set(rootOf.values())];
	const members = await db
		.selectFrom('patient')
		.select(['id', 'merged_into_patient_id'])
		.where('merged_into_patient_id', 'in', roots)
		.orderBy('id')
		.execute();
	const byRoot = new Map(roots.map((root) => [root, [root]]));
	for (const row of members) byRoot.get(row.merged_into_patient_id!)?.push(row.id);
	for (const id of new Set(patientIds)) {
		groups.set(id, byRoot.get(rootOf.get(id) ?? id) ?? [id]);
	}
	return groups;
}

/** Of these patients, those whose record is unconfirmed with a possible match (calendar). */
export async function listUnconfirmedWithMatch(
	db: Kysely<Database>,
	patientIds: readonly number[]
): Promise<ReadonlySet<number>> {
	if (patientIds.length === 0) return new Set();
	const rows = await db
		.selectFrom('patient')
		.select('id')
		.where('id', 'in', [...new Set(patientIds)])
		.where('identity_status', '=', 'unconfirmed')
		.where('merged_into_patient_id', 'is', null)
		.where('possible_match_patient_id', 'is not', null)
		.execute();
	return new Set(rows.map((row) => row.id));
}

/** A record's identity as staff pages show it. */
export interface IdentityDetails {
	status: IdentityStatus;
	possibleMatch: { id: number; name: string; email: string; since: Temporal.Instant } | null;
	mergedInto: { id: number; name: string } | null;
	decidedAt: Temporal.Instant | null;
	decidedBy: string | null;
}

/** A record's identity with its possible match and merge target named, or null. */
export async function findIdentityDetails(
	db: Kysely<Database>,
	patientId: number
): Promise<IdentityDetails | null> {
	const row = await db
		.selectFrom('patient')
		.leftJoin('patient as match', 'match.id', 'patient.possible_match_patient_id')
		.leftJoin('patient as target', 'target.id', 'patient.merged_into_patient_id')
		.select([
			'patient.identity_status',
			'patient.identity_decided_at',
			'patient.identity_decided_by',
			'match.id as match_id',
			'match.name as match_name',
			'match.email as match_email',
			'match.created_at as match_since',
			'target.id as target_id',
			'target.name as target_name'
		])
		.where('patient.id', '=', patientId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		status: row.identity_status,
		possibleMatch:
			row.match_id !== null && row.match_name !== null && row.match_since !== null
				? {
						id: row.match_id,
						name: row.match_name,
						email: row.match_email ?? '',
						since: fromDbInstant(row.match_since)
					}
				: null,
		mergedInto:
			row.target_id !== null && row.target_name !== null
				? { id: row.target_id, name: row.target_name }
				: null,
		decidedAt: row.identity_decided_at === null ? null : fromDbInstant(row.identity_decided_at),
		decidedBy: row.identity_decided_by
	};
}

/** The unconfirmed records waiting with this patient as their possible match. */
export async function listRecordsMatching(
	db: Kysely<Database>,
	patientId: number
): Promise<{ id: number; name: string; email: string; since: Temporal.Instant }[]> {
	const rows = await db
		.selectFrom('patient')
		.select(['id', 'name', 'email', 'created_at'])
		.where('possible_match_patient_id', '=', patientId)
		.where('identity_status', '=', 'unconfirmed')
		.where('merged_into_patient_id', 'is', null)
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		email: row.email,
		since: fromDbInstant(row.created_at)
	}));
}

/** Who made an identity decision, and when. */
export interface IdentityDecision {
	by: string;
	at: Temporal.Instant;
}

/** Joins a record into another; false when it was merged or decided meanwhile. */
export async function markMerged(
	db: Kysely<Database>,
	fromId: number,
	intoId: number,
	decision: IdentityDecision
): Promise<boolean> {
	const result = await db
		.updateTable('patient')
		.set({
			merged_into_patient_id: intoId,
			possible_match_patient_id: intoId,
			identity_decided_at: toDbInstant(decision.at),
			identity_decided_by: decision.by
		})
		.where('id', '=', fromId)
		.where('identity_status', '=', 'unconfirmed')
		.where('merged_into_patient_id', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Clears a record's possible match (kept apart); false when it was decided meanwhile. */
export async function markKeptApart(
	db: Kysely<Database>,
	patientId: number,
	decision: IdentityDecision
): Promise<boolean> {
	const result = await db
		.updateTable('patient')
		.set({
			possible_match_patient_id: null,
			identity_decided_at: toDbInstant(decision.at),
			identity_decided_by: decision.by
		})
		.where('id', '=', patientId)
		.where('identity_status', '=', 'unconfirmed')
		.where('merged_into_patient_id', 'is', null)
		.where('possible_match_patient_id', 'is not', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Confirms an unconfirmed record; false when it was decided meanwhile. */
export async function markConfirmed(
	db: Kysely<Database>,
	patientId: number,
	decision: IdentityDecision
): Promise<boolean> {
	const result = await db
		.updateTable('patient')
		.set({
			identity_status: 'confirmed',
			possible_match_patient_id: null,
			identity_decided_at: toDbInstant(decision.at),
			identity_decided_by: decision.by
		})
		.where('id', '=', patientId)
		.where('identity_status', '=', 'unconfirmed')
		.where('merged_into_patient_id', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
