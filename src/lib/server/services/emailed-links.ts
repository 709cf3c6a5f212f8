import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import {
	findManageLinkByTokenHash,
	type ManageLink
} from '../db/repositories/appointment-repository';
import {
	consumeEmailedLink,
	findEmailedLink,
	insertEmailedLink,
	type EmailedLink
} from '../db/repositories/emailed-link-repository';
import type { Database } from '../db/schema';
import { hashToken, looksLikeToken, newSecretToken } from './tokens';

/*
 * Links delivered by email (ADR 0031): what a minter stores, and what a route asks when such
 * a link is followed. A link that reached the address on a patient's record proves control of
 * that inbox; one handed back at booking proves nothing about who booked.
 */

/**
 * The appointment a manage token opens, and how the token was handed out: `via: 'booking'`
 * (the web page or API answer at booking) or `via: 'email'` with the address the email went to.
 * Null for anything that is not a live manage token.
 */
export async function findManageLink(
	db: Kysely<Database>,
	token: string
): Promise<ManageLink | null> {
	if (!looksLikeToken(token)) return null;
	return findManageLinkByTokenHash(db, hashToken(token));
}

/**
 * For a {@link import('../mail/links').LinkMinter}: makes a token, stores its hash in
 * `emailed_link` with what it opens and the address the email goes to, and returns the token
 * to put in the path. Patient sign-in, say:
 * `mintEmailedLink(db, { purpose: 'patient_sign_in', patientId, email: context.recipient,
 * now: context.now, expiresAt: context.now.add({ minutes: 15 }) })`.
 */
export async function mintEmailedLink(
	db: Kysely<Database>,
	link: {
		purpose: string;
		email: string;
		now: Temporal.Instant;
		expiresAt: Temporal.Instant | null;
		appointmentId?: number | null;
		patientId?: number | null;
		subjectId?: number | null;
	}
): Promise<string> {
	const token = newSecretToken();
	await insertEmailedLink(db, {
		tokenHash: token.hash,
		purpose: link.purpose,
		appointmentId: link.appointmentId ?? null,
		patientId: link.patientId ?? null,
		subjectId: link.subjectId ?? null,
		email: link.email,
		now: link.now,
		expiresAt: link.expiresAt
	});
	return token.token;
}

/**
 * Follows a single-use emailed link of `purpose`: the link if it is live at `now` and was not
 * used, marked used in the same step (of two requests racing with it, one gets it); null
 * otherwise, alike for unknown, expired and used links.
 */
export async function useEmailedLink(
	db: Kysely<Database>,
	token: string,
	purpose: string,
	now: Temporal.Instant
): Promise<EmailedLink | null> {
	if (!looksLikeToken(token)) return null;
	const link = await findEmailedLink(db, hashToken(token), purpose, { now });
	if (!link) return null;
	return (await consumeEmailedLink(db, link.id, now)) ? { ...link, usedAt: now } : null;
}
