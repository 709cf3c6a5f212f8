import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { normalizeEmail } from '../db/repositories/patient-repository';
import { insertSignInLink } from '../db/repositories/patient-session-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import type { RequestMeta } from './audit';
import { findManageLink } from './emailed-links';
import { confirmEmailOwnership } from './patient-identity';
import { startPatientSession, type StartSessionResult } from './patient-sign-in';
import { newSecretToken } from './tokens';

/*
 * A manage link delivered by email to the address on the patient's record proves control of
 * that inbox (issue 12, ADR 0029 and 0031). Following it joins online bookings made with that
 * address to the patient's record (`confirmEmailOwnership`), and lets the patient open their
 * own page without asking for a sign-in email. A manage link handed back on the web or by the
 * API at booking proves nothing: it reaches its appointment only.
 */

/** The inbox a manage token proves, or null when it proves none. */
async function provenInbox(db: Kysely<Database>, token: string): Promise<string | null> {
	const link = await findManageLink(db, token);
	if (!link || link.via !== 'email') return null;
	const patient = await db
		.selectFrom('patient')
		.select('email')
		.where('id', '=', link.appointment.patientId)
		.executeTakeFirst();
	// Only while the address on the record is still the one the email went to: a corrected
	// address moves the proof to the new inbox.
	if (!patient || normalizeEmail(patient.email) !== normalizeEmail(link.email)) return null;
	return normalizeEmail(link.email);
}

/**
 * Following a manage link: when it came by email to the address on record, joins that inbox's
 * online bookings to the record (idempotent, audited as "patient (by email link)") and says so,
 * so the page can offer the patient's own page. Reading the link changes nothing else.
 */
export async function followManageLink(
	db: Kysely<Database>,
	token: string,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<{ inboxProven: boolean }> {
	const email = await provenInbox(db, token);
	if (!email) return { inboxProven: false };
	await transactionWithRetry(db, (trx) =>
		confirmEmailOwnership(trx, { emailNormalized: email }, context)
	);
	return { inboxProven: true };
}

/**
 * Opens the patient's own page from an emailed manage link: a session as the emailed sign-in
 * starts one (30 idle minutes, audited). Refused for a link that proves no inbox.
 */
export async function openAccountFromManageLink(
	db: Kysely<Database>,
	token: string,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<StartSessionResult> {
	const email = await provenInbox(db, token);
	if (!email) return { kind: 'unusable' };
	// A one-minute sign-in link that never leaves the server: the session is started exactly
	// as from an emailed sign-in link, through the same single-use record.
	const link = newSecretToken();
	await insertSignInLink(db, {
		tokenHash: link.hash,
		emailNormalized: email,
		at: context.now,
		expiresAt: context.now.add({ minutes: 1 })
	});
	return startPatientSession(db, link.token, context);
}
