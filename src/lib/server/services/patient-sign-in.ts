import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import {
	parseSignInRequest,
	sessionIdleMinutes,
	sessionMaxHours,
	signInEmail,
	signInRateLimits
} from '$lib/domain/patients/sign-in';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import { normalizeEmail } from '../db/repositories/patient-repository';
import {
	consumeSignInLink,
	endPatientSession,
	insertPatientSession,
	isSignInLinkUsable,
	listPatientsWithEmail,
	touchPatientSession
} from '../db/repositories/patient-session-repository';
import type { Database } from '../db/schema';
import { linkPlaceholder } from '../mail/links';
import { patientSignInIntent } from '../mail/link-purposes';
import { transactionWithRetry } from '../db/transaction';
import type { RequestMeta } from './audit';
import { confirmEmailOwnership } from './patient-identity';
import { withinRateLimit } from './rate-limit';
import { hashToken, looksLikeToken, newSecretToken } from './tokens';

/*
 * The patient's sign-in by emailed one-time link, and the session it starts (issue 12,
 * ADR 0030). What someone types proves nothing: only opening a link delivered to the address
 * on a patient record does. Tokens are 256-bit and only their SHA-256 is stored.
 */

export interface SignInContext {
	now: Temporal.Instant;
	origin: URL;
	request?: RequestMeta;
	/**
	 * The answer is not given before this many milliseconds from the start, known address or
	 * not, so the time taken says nothing about whether an email was queued.
	 */
	minimumDurationMs?: number;
}

/** How long a sign-in request takes at least, unless the caller says otherwise. */
export const defaultSignInDurationMs = 300;

export type SignInRequestResult =
	| { kind: 'answered' }
	| { kind: 'invalid'; email: string; message: string }
	| { kind: 'rate_limited' };

/**
 * Asks for a sign-in link. Every well-formed request gets the same answer; a link is queued
 * only when the address is on a patient record. Counted per email address and per client
 * address whether or not the address is known, so the limit itself reveals nothing.
 */
export async function requestSignInLink(
	db: Kysely<Database>,
	form: Record<string, unknown>,
	context: SignInContext
): Promise<SignInRequestResult> {
	const started = performance.now();
	const parsed = parseSignInRequest(form);
	if (!parsed.ok) return { kind: 'invalid', email: parsed.email, message: parsed.message };
	const emailNormalized = normalizeEmail(parsed.email);
	const [addressOk, emailOk] = await Promise.all([
		withinRateLimit(db, `patient_sign_in:address:${context.request?.ip ?? 'unknown'}`, {
			...signInRateLimits.perAddress,
			now: context.now
		}),
		// The address only as a hash: the rate-limit table is no list of who tried to sign in.
		withinRateLimit(db, `patient_sign_in:email:${hashToken(emailNormalized)}`, {
			...signInRateLimits.perEmail,
			now: context.now
		})
	]);
	if (!addressOk || !emailOk) return { kind: 'rate_limited' };
	await transactionWithRetry(db, async (trx) => {
		const patients = await listPatientsWithEmail(trx, emailNormalized);
		const first = patients[0];
		if (!first) return;
		await queuePatientSignInEmail(trx, { emailNormalized, recipient: first.email }, context);
		for (const patient of patients) {
			await appendAuditEvent(trx, {
				at: context.now,
				actor: { type: 'patient', label: 'sign-in link requested (not yet used)' },
				action: 'patient.sign_in_link_sent',
				patientId: patient.id,
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
		}
	});
	const wait =
		(context.minimumDurationMs ?? defaultSignInDurationMs) - (performance.now() - started);
	if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
	return { kind: 'answered' };
}

/**
 * THE one place a patient sign-in email is queued: mints the link, stores only its hash and
 * writes the email into the outbox, in the caller's transaction. For now the link sits in the
 * outbox payload (like every other emailed link) until the worker sends the email and keeps
 * its subject only; when the outbox learns to mint links at sending time, only this function
 * changes.
 */
export async function queuePatientSignInEmail(
	trx: Kysely<Database>,
	to: { emailNormalized: string; recipient: string },
	context: { now: Temporal.Instant; origin: URL }
): Promise<void> {
	const clinic = await findClinic(trx);
	// The outbox holds only what mints the link; the worker mints it when the email is sent and
	// stores its hash (ADR 0031), so no live sign-in link is ever at rest.
	await enqueueMessage(trx, {
		kind: 'patient_sign_in',
		appointmentId: null,
		appointmentSequence: null,
		dedupeKey: `patient_sign_in:${randomUUID()}`,
		recipient: to.recipient,
		payload: {
			...signInEmail(clinic?.name ?? 'The clinic', linkPlaceholder('signin')),
			links: { signin: patientSignInIntent(to.emailNormalized) },
			linkOrigin: context.origin.origin
		},
		dueAt: context.now,
		now: context.now
	});
}

/**
 * Whether a sign-in link can still be used, for the page that opening it shows. Reads only:
 * mail scanners open links, so only pressing "Sign in" uses one up.
 */
export async function signInLinkUsable(
	db: Kysely<Database>,
	token: string,
	now: Temporal.Instant
): Promise<boolean> {
	if (!looksLikeToken(token)) return false;
	return isSignInLinkUsable(db, hashToken(token), now);
}

export type StartSessionResult =
	{ kind: 'signed_in'; token: string; expiresAt: Temporal.Instant } | { kind: 'unusable' };

/**
 * Uses a sign-in link up and starts a patient session, in one transaction: of two requests
 * with the same link exactly one gets a session. The session proves control of the address,
 * so online bookings made with it are confirmed as the patient's (`confirmEmailOwnership`).
 */
export async function startPatientSession(
	db: Kysely<Database>,
	linkToken: string,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<StartSessionResult> {
	if (!looksLikeToken(linkToken)) return { kind: 'unusable' };
	return transactionWithRetry(db, async (trx) => {
		const link = await consumeSignInLink(trx, hashToken(linkToken), context.now);
		if (!link) return { kind: 'unusable' as const };
		const session = newSecretToken();
		const expiresAt = context.now.add({ hours: sessionMaxHours });
		const sessionId = await insertPatientSession(trx, {
			tokenHash: session.hash,
			emailNormalized: link.emailNormalized,
			signInLinkId: link.id,
			at: context.now,
			expiresAt
		});
		const patients = await listPatientsWithEmail(trx, link.emailNormalized);
		for (const patient of patients) {
			await appendAuditEvent(trx, {
				at: context.now,
				actor: patientActor(patient.name, sessionId),
				action: 'patient.sign_in',
				patientId: patient.id,
				subject: { type: 'patient_session', id: sessionId },
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
		}
		await confirmEmailOwnership(trx, { emailNormalized: link.emailNormalized }, context);
		return { kind: 'signed_in' as const, token: session.token, expiresAt };
	});
}

/** A signed-in patient: the session's id and the email address it proved. */
export interface PatientSession {
	id: number;
	emailNormalized: string;
	expiresAt: Temporal.Instant;
}

/**
 * The session a cookie holds, marked as used now; null when it is unknown, signed out, past
 * its end, or unused for 30 minutes (signed out by inactivity).
 */
export async function findPatientSession(
	db: Kysely<Database>,
	token: string | undefined,
	now: Temporal.Instant
): Promise<PatientSession | null> {
	if (!token || !looksLikeToken(token)) return null;
	return touchPatientSession(
		db,
		hashToken(token),
		now,
		now.subtract({ minutes: sessionIdleMinutes })
	);
}

/** Signs out: the session ends at once, on every device that holds its cookie. */
export async function endPatientSessionByToken(
	db: Kysely<Database>,
	token: string | undefined,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<void> {
	if (!token || !looksLikeToken(token)) return;
	await transactionWithRetry(db, async (trx) => {
		const ended = await endPatientSession(trx, hashToken(token), context.now);
		if (!ended) return;
		for (const patient of await listPatientsWithEmail(trx, ended.emailNormalized)) {
			await appendAuditEvent(trx, {
				at: context.now,
				actor: patientActor(patient.name, ended.id),
				action: 'patient.sign_out',
				patientId: patient.id,
				subject: { type: 'patient_session', id: ended.id },
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
		}
	});
}

/** The patient as the audit log names them when they act through their own page. */
export function patientActor(name: string, sessionId: number) {
	return {
		type: 'patient' as const,
		id: `patient-session:${sessionId}`,
		label: `${name} (by email link)`
	};
}
