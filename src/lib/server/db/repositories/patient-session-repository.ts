import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * A patient's sign-in by emailed one-time link and the session it starts (migration 0015,
 * ADR 0030). Only hashes of tokens are stored; every "use" is one conditional UPDATE, so two
 * requests racing for the same link or session cannot both succeed.
 */

/** The patients whose email (normalized) is this one: one address may serve a family. */
export async function listPatientsWithEmail(
	db: Kysely<Database>,
	emailNormalized: string
): Promise<{ id: number; name: string; email: string }[]> {
	return db
		.selectFrom('patient')
		.select(['id', 'name', 'email'])
		.where('email_normalized', '=', emailNormalized)
		.orderBy('id')
		.execute();
}

/** Stores a new sign-in link's hash; returns its id. */
export async function insertSignInLink(
	db: Kysely<Database>,
	link: {
		tokenHash: string;
		emailNormalized: string;
		at: Temporal.Instant;
		expiresAt: Temporal.Instant;
	}
): Promise<number> {
	const row = await db
		.insertInto('patient_sign_in_link')
		.values({
			token_hash: link.tokenHash,
			email_normalized: link.emailNormalized,
			created_at: toDbInstant(link.at),
			expires_at: toDbInstant(link.expiresAt),
			used_at: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Whether a link with this hash is unused and unexpired at `now` (reads only). */
export async function isSignInLinkUsable(
	db: Kysely<Database>,
	tokenHash: string,
	now: Temporal.Instant
): Promise<boolean> {
	const row = await db
		.selectFrom('patient_sign_in_link')
		.select('id')
		.where('token_hash', '=', tokenHash)
		.where('used_at', 'is', null)
		.where('expires_at', '>', toDbInstant(now))
		.executeTakeFirst();
	return row !== undefined;
}

/**
 * Uses a link up: its id and email for the one caller that found it unused and unexpired at
 * `now`, null for everyone else (PostgreSQL re-checks the condition on a row it waited for).
 */
export async function consumeSignInLink(
	db: Kysely<Database>,
	tokenHash: string,
	now: Temporal.Instant
): Promise<{ id: number; emailNormalized: string } | null> {
	const row = await db
		.updateTable('patient_sign_in_link')
		.set({ used_at: toDbInstant(now) })
		.where('token_hash', '=', tokenHash)
		.where('used_at', 'is', null)
		.where('expires_at', '>', toDbInstant(now))
		.returning(['id', 'email_normalized'])
		.executeTakeFirst();
	return row ? { id: row.id, emailNormalized: row.email_normalized } : null;
}

/** Stores a new session's hash; returns its id. */
export async function insertPatientSession(
	db: Kysely<Database>,
	session: {
		tokenHash: string;
		emailNormalized: string;
		signInLinkId: number;
		at: Temporal.Instant;
		expiresAt: Temporal.Instant;
	}
): Promise<number> {
	const row = await db
		.insertInto('patient_session')
		.values({
			token_hash: session.tokenHash,
			email_normalized: session.emailNormalized,
			sign_in_link_id: session.signInLinkId,
			created_at: toDbInstant(session.at),
			last_seen_at: toDbInstant(session.at),
			expires_at: toDbInstant(session.expiresAt),
			ended_at: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/**
 * The live session with this hash, marked as used at `now`: null when there is none, it was
 * signed out, it passed its end, or it was last used before `idleSince`.
 */
export async function touchPatientSession(
	db: Kysely<Database>,
	tokenHash: string,
	now: Temporal.Instant,
	idleSince: Temporal.Instant
): Promise<{ id: number; emailNormalized: string; expiresAt: Temporal.Instant } | null> {
	const row = await db
		.updateTable('patient_session')
		.set({ last_seen_at: toDbInstant(now) })
		.where('token_hash', '=', tokenHash)
		.where('ended_at', 'is', null)
		.where('expires_at', '>', toDbInstant(now))
		.where('last_seen_at', '>', toDbInstant(idleSince))
		.returning(['id', 'email_normalized', 'expires_at'])
		.executeTakeFirst();
	return row
		? {
				id: row.id,
				emailNormalized: row.email_normalized,
				expiresAt: fromDbInstant(row.expires_at)
			}
		: null;
}

/** Ends a session (sign out); true when it was still open. */
export async function endPatientSession(
	db: Kysely<Database>,
	tokenHash: string,
	now: Temporal.Instant
): Promise<{ id: number; emailNormalized: string } | null> {
	const row = await db
		.updateTable('patient_session')
		.set({ ended_at: toDbInstant(now) })
		.where('token_hash', '=', tokenHash)
		.where('ended_at', 'is', null)
		.returning(['id', 'email_normalized'])
		.executeTakeFirst();
	return row ? { id: row.id, emailNormalized: row.email_normalized } : null;
}
