import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * One-time kiosk tokens (migration 0010): the front desk's tablet shows one appointment's
 * check-in while its token is unused and unexpired. Only the token's hash is stored.
 */

export interface KioskTokenRecord {
	id: number;
	appointmentId: number;
	expiresAt: Temporal.Instant;
	usedAt: Temporal.Instant | null;
}

/** Stores a new kiosk token's hash for an appointment. */
export async function insertKioskToken(
	db: Kysely<Database>,
	token: {
		appointmentId: number;
		tokenHash: string;
		createdBy: { id: string; name: string };
		at: Temporal.Instant;
		expiresAt: Temporal.Instant;
	}
): Promise<number> {
	const row = await db
		.insertInto('kiosk_token')
		.values({
			appointment_id: token.appointmentId,
			token_hash: token.tokenHash,
			created_by_id: token.createdBy.id,
			created_by_name: token.createdBy.name,
			created_at: toDbInstant(token.at),
			expires_at: toDbInstant(token.expiresAt),
			used_at: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** The token with this hash, used or not, or null. */
export async function findKioskToken(
	db: Kysely<Database>,
	tokenHash: string
): Promise<KioskTokenRecord | null> {
	const row = await db
		.selectFrom('kiosk_token')
		.select(['id', 'appointment_id', 'expires_at', 'used_at'])
		.where('token_hash', '=', tokenHash)
		.executeTakeFirst();
	return row
		? {
				id: row.id,
				appointmentId: row.appointment_id,
				expiresAt: fromDbInstant(row.expires_at),
				usedAt: row.used_at === null ? null : fromDbInstant(row.used_at)
			}
		: null;
}

/**
 * Uses a token up: true only for the one caller that found it unused and unexpired at `now`,
 * so two submits from the tablet cannot both count.
 */
export async function consumeKioskToken(
	db: Kysely<Database>,
	id: number,
	now: Temporal.Instant
): Promise<boolean> {
	const result = await db
		.updateTable('kiosk_token')
		.set({ used_at: toDbInstant(now) })
		.where('id', '=', id)
		.where('used_at', 'is', null)
		.where('expires_at', '>', toDbInstant(now))
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}
