import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { ScreeningOutcome } from '$lib/domain/intake/red-flags';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/** A back pain check answered before any booking (ADR 0033). */
export interface AnonymousScreeningRecord {
	id: number;
	tokenHash: string;
	outcome: ScreeningOutcome;
	answers: Record<string, 'yes' | 'no'>;
	shown: { title: string; body: string[] };
	screenedAt: Temporal.Instant;
}

/** Stores one anonymous check; returns its id. */
export async function insertAnonymousScreening(
	db: Kysely<Database>,
	check: Omit<AnonymousScreeningRecord, 'id'>
): Promise<number> {
	const row = await db
		.insertInto('anonymous_screening')
		.values({
			token_hash: check.tokenHash,
			outcome: check.outcome,
			answers_json: JSON.stringify(check.answers),
			shown_json: JSON.stringify(check.shown),
			screened_at: toDbInstant(check.screenedAt)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** How many anonymous checks are stored. */
export async function countAnonymousScreenings(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('anonymous_screening')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** The anonymous check a visitor's cookie token points to, or null. */
export async function findAnonymousScreeningByTokenHash(
	db: Kysely<Database>,
	tokenHash: string
): Promise<AnonymousScreeningRecord | null> {
	const row = await db
		.selectFrom('anonymous_screening')
		.selectAll()
		.where('token_hash', '=', tokenHash)
		.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		tokenHash: row.token_hash,
		outcome: row.outcome,
		answers: JSON.parse(row.answers_json) as Record<string, 'yes' | 'no'>,
		shown: JSON.parse(row.shown_json) as { title: string; body: string[] },
		screenedAt: fromDbInstant(row.screened_at)
	};
}

/** Deletes one anonymous check (it moved into `red_flag_screening`). */
export async function deleteAnonymousScreening(db: Kysely<Database>, id: number): Promise<void> {
	await db.deleteFrom('anonymous_screening').where('id', '=', id).execute();
}

/** Deletes the anonymous checks answered before `before`; answers how many. */
export async function purgeAnonymousScreenings(
	db: Kysely<Database>,
	before: Temporal.Instant
): Promise<number> {
	const result = await db
		.deleteFrom('anonymous_screening')
		.where('screened_at', '<', toDbInstant(before))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
