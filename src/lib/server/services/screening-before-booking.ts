import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { screeningMessages, type Screening } from '$lib/domain/intake/red-flags';
import {
	bookingGate,
	newCheckReplacesToken,
	screeningLifetimeHours,
	type BookingGate
} from '$lib/domain/intake/screening-and-booking';
import {
	countAnonymousScreenings,
	findAnonymousScreeningByTokenHash,
	insertAnonymousScreening,
	purgeAnonymousScreenings
} from '../db/repositories/anonymous-screening-repository';
import { findScreeningByTokenHash } from '../db/repositories/screening-repository';
import type { Database } from '../db/schema';
import { logger } from '../logger';
import { checkBackPain, type BackPainCheckForm } from './back-pain-check';
import { hashToken, looksLikeToken, newSecretToken } from './tokens';

/**
 * How long an anonymous check is kept (ADR 0033): as long as it counts for booking, so an
 * emergency answer keeps online booking closed in that browser for the whole day. The purge
 * runs hourly, so a check is gone at most an hour after that.
 */
export const anonymousCheckRetentionHours = screeningLifetimeHours;

/**
 * At most this many anonymous checks are kept at once (ADR 0033), about 12 MB: far above a
 * small clinic's day, reached only by a flood from many addresses (one address is held to
 * `FORM_RATE_LIMIT`). Beyond it a check is still answered in full, only not stored.
 */
export const anonymousCheckCap = 10_000;

/** The cookie a completed check sets: the token only, never an answer or an id. */
export interface ScreeningCookie {
	token: string;
	maxAgeSeconds: number;
}

/**
 * What the browser's latest check means for a booking, and for a `link`, the hash of its
 * cookie token: the booking's transaction finds the check by it (ADR 0033).
 */
export type CheckGate =
	| Exclude<BookingGate, { kind: 'link' }>
	| (Extract<BookingGate, { kind: 'link' }> & { tokenHash: string });

export type CompletedCheck =
	| { ok: false; errors: Record<string, string>; answers: Record<string, 'yes' | 'no'> }
	| {
			ok: true;
			screening: Screening;
			answers: Record<string, 'yes' | 'no'>;
			/** A new token for the browser, or null while an earlier emergency answer still counts. */
			cookie: ScreeningCookie | null;
			/**
			 * The check could not be stored (the cap): the browser's older check must not stand
			 * in for these answers, so its cookie goes.
			 */
			forgetPreviousCheck: boolean;
			/** Whether online booking is closed for this browser now. */
			bookingClosed: boolean;
	  };

/**
 * What the browser's latest back pain check means for a booking made now: an anonymous
 * check, or one a booking already kept. A missing, malformed or unknown token is no check.
 */
export async function findBookingGate(
	db: Kysely<Database>,
	token: string | null | undefined,
	now: Temporal.Instant
): Promise<CheckGate> {
	if (!token || !looksLikeToken(token)) return { kind: 'no_check' };
	const tokenHash = hashToken(token);
	const screening =
		(await findAnonymousScreeningByTokenHash(db, tokenHash)) ??
		(await findScreeningByTokenHash(db, tokenHash));
	const gate = bookingGate(screening, now);
	return gate.kind === 'link' ? { ...gate, tokenHash } : gate;
}

/**
 * Screens a completed back pain check and stores it with every answer, what the visitor is
 * shown and the time, under the hash of a new random token for their cookie, as an anonymous
 * check (bounded and purged, ADR 0033) until a booking keeps it. While an earlier emergency
 * answer in this browser still counts, the new answers are stored but the browser keeps its
 * token, so answering again differently does not reopen online booking. At the cap the
 * visitor still sees the whole result; it is only not stored.
 */
export async function completeBackPainCheck(
	db: Kysely<Database>,
	form: BackPainCheckForm,
	context: { now: Temporal.Instant; previousToken?: string | null; cap?: number }
): Promise<CompletedCheck> {
	const result = checkBackPain(form);
	if (!result.ok) return result;
	const previous = await findBookingGate(db, context.previousToken, context.now);
	const replaces = newCheckReplacesToken(previous);
	const token = newSecretToken();
	const cap = context.cap ?? anonymousCheckCap;
	const stored = (await countAnonymousScreenings(db)) < cap;
	if (stored) {
		await insertAnonymousScreening(db, {
			tokenHash: token.hash,
			outcome: result.screening.outcome,
			answers: result.answers,
			shown: screeningMessages[result.screening.outcome],
			screenedAt: context.now
		});
	} else {
		logger.warn({ cap }, 'anonymous back pain checks are at their cap: one answered, not stored');
	}
	return {
		ok: true,
		screening: result.screening,
		answers: result.answers,
		cookie:
			replaces && stored
				? { token: token.token, maxAgeSeconds: screeningLifetimeHours * 3600 }
				: null,
		forgetPreviousCheck: replaces && !stored,
		bookingClosed: !replaces || result.screening.outcome === 'emergency'
	};
}

/**
 * Deletes the anonymous checks that no longer count for booking (older than
 * {@link anonymousCheckRetentionHours}); answers how many. A periodic job (ADR 0033).
 */
export function purgeAnonymousChecks(db: Kysely<Database>, now: Temporal.Instant): Promise<number> {
	return purgeAnonymousScreenings(db, now.subtract({ hours: anonymousCheckRetentionHours }));
}
