import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { Screening } from '$lib/domain/intake/red-flags';
import {
	bookingGate,
	newCheckReplacesToken,
	screeningLifetimeHours,
	type BookingGate
} from '$lib/domain/intake/screening-and-booking';
import { findScreeningByTokenHash } from '../db/repositories/screening-repository';
import type { Database } from '../db/schema';
import { checkBackPain, type BackPainCheckForm } from './back-pain-check';
import { recordScreening } from './red-flag-screening';
import { hashToken, looksLikeToken, newSecretToken } from './tokens';

/** The cookie a completed check sets: the token only, never an answer or an id. */
export interface ScreeningCookie {
	token: string;
	maxAgeSeconds: number;
}

export type CompletedCheck =
	| { ok: false; errors: Record<string, string>; answers: Record<string, 'yes' | 'no'> }
	| {
			ok: true;
			screening: Screening;
			answers: Record<string, 'yes' | 'no'>;
			/** A new token for the browser, or null while an earlier emergency answer still counts. */
			cookie: ScreeningCookie | null;
			/** Whether online booking is closed for this browser now. */
			bookingClosed: boolean;
	  };

/**
 * What the browser's latest back pain check means for a booking made now. A missing,
 * malformed or unknown token is simply no check.
 */
export async function findBookingGate(
	db: Kysely<Database>,
	token: string | null | undefined,
	now: Temporal.Instant
): Promise<BookingGate> {
	if (!token || !looksLikeToken(token)) return { kind: 'no_check' };
	const screening = await findScreeningByTokenHash(db, hashToken(token));
	return bookingGate(screening, now);
}

/**
 * Screens a completed back pain check and stores it with every answer, what the visitor is
 * shown and the time, under the hash of a new random token for their cookie. While an earlier
 * emergency answer in this browser still counts, the new answers are stored but the browser
 * keeps its token, so answering again differently does not reopen online booking.
 */
export async function completeBackPainCheck(
	db: Kysely<Database>,
	form: BackPainCheckForm,
	context: { now: Temporal.Instant; previousToken?: string | null }
): Promise<CompletedCheck> {
	const result = checkBackPain(form);
	if (!result.ok) return result;
	const previous = await findBookingGate(db, context.previousToken, context.now);
	const replaces = newCheckReplacesToken(previous);
	const token = newSecretToken();
	await db.transaction().execute((trx) =>
		recordScreening(trx, {
			source: 'back_pain_check',
			answers: result.answers,
			screening: result.screening,
			now: context.now,
			tokenHash: token.hash
		})
	);
	return {
		ok: true,
		screening: result.screening,
		answers: result.answers,
		cookie: replaces ? { token: token.token, maxAgeSeconds: screeningLifetimeHours * 3600 } : null,
		bookingClosed: !replaces || result.screening.outcome === 'emergency'
	};
}
