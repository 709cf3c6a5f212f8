import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { storedVerificationIdentifier } from '../auth/setup-link';
import { insertEmailedLink } from '../db/repositories/emailed-link-repository';
import { replaceInvitationTokenHash } from '../db/repositories/feedback-repository';
import { insertSetupVerification, isActiveStaff } from '../db/repositories/staff-repository';
import { insertSignInLink } from '../db/repositories/patient-session-repository';
import { signInLinkMinutes } from '$lib/domain/patients/sign-in';
import { findAuthorizationPatient } from '../db/repositories/testimonial-publication-repository';
import { manageLinkTarget } from '../db/repositories/appointment-repository';
import type { Database } from '../db/schema';
import { newSecretToken } from '../services/tokens';
import { registerLinkPurpose, type LinkIntent, type LinkMinter } from './links';

/**
 * The link purposes every email of the clinic uses (ADR 0031). Each mints a token when its
 * email is sent and stores only the hash. Importing this module registers them; the outbox
 * worker does.
 */

/** An appointment's manage link (and its `/intake` and `/check-in` pages). */
export const appointmentManagePurpose = 'appointment_manage';
/** A feedback invitation (`/feedback/<token>`). */
export const feedbackInvitationPurpose = 'feedback_invitation';
/** A testimonial permission's revoke link (`/testimonials/revoke/<token>`). */
export const testimonialRevokePurpose = 'testimonial_revoke';
/** A new staff member's one-time setup link (`/admin/setup/<token>`). */
export const staffSetupPurpose = 'staff_setup';

/** A patient's one-time sign-in link (`/account/sign-in/<token>`, ADR 0030). */
export const patientSignInPurpose = 'patient_sign_in';

/** How long a staff setup link works, from the moment its email is sent. */
export const staffSetupValidHours = 72;

/**
 * The intent of an emailed manage link. `bookingTokenHash` is the hash of the appointment's
 * manage link when the email was queued: a staff move replaces it (ADR 0018), and an email
 * queued before the move then goes out no more (it would describe the old time).
 */
export function appointmentManageIntent(
	appointmentId: number,
	bookingTokenHash: string
): LinkIntent {
	return { purpose: appointmentManagePurpose, appointmentId, bookingTokenHash };
}

const mintManageLink: LinkMinter = async (db, intent, context) => {
	const target = await manageLinkTarget(db, Number(intent.appointmentId));
	if (!target || target.manageTokenHash !== intent.bookingTokenHash) return null;
	const token = newSecretToken();
	await insertEmailedLink(db, {
		tokenHash: token.hash,
		purpose: appointmentManagePurpose,
		appointmentId: target.id,
		patientId: target.patientId,
		email: context.recipient,
		now: context.now,
		// As the manage link handed back at booking: it works until a staff move replaces it.
		expiresAt: null
	});
	return `/manage/${token.token}`;
};

/** The intent of a feedback invitation's link. */
export function feedbackInvitationIntent(invitationId: number): LinkIntent {
	return { purpose: feedbackInvitationPurpose, invitationId };
}

// The invitation keeps one hash: the newest email's link is the one that works.
const mintFeedbackLink: LinkMinter = async (db, intent) => {
	const token = newSecretToken();
	const replaced = await replaceInvitationTokenHash(db, Number(intent.invitationId), token.hash);
	return replaced ? `/feedback/${token.token}` : null;
};

/** The intent of a testimonial permission's revoke link. */
export function testimonialRevokeIntent(authorizationId: number): LinkIntent {
	return { purpose: testimonialRevokePurpose, authorizationId };
}

// The permission itself is append-only: its emailed revoke links live in `emailed_link`.
const mintRevokeLink: LinkMinter = async (db, intent, context) => {
	const authorization = await findAuthorizationPatient(db, Number(intent.authorizationId));
	if (!authorization) return null;
	const token = newSecretToken();
	await insertEmailedLink(db, {
		tokenHash: token.hash,
		purpose: testimonialRevokePurpose,
		appointmentId: null,
		patientId: authorization.patientId,
		subjectId: authorization.id,
		email: context.recipient,
		now: context.now,
		expiresAt: null
	});
	return `/testimonials/revoke/${token.token}`;
};

/** The intent of a staff member's setup link. */
export function staffSetupIntent(userId: string): LinkIntent {
	return { purpose: staffSetupPurpose, userId };
}

const mintSetupLink: LinkMinter = async (db: Kysely<Database>, intent, context) => {
	const userId = String(intent.userId);
	if (!(await isActiveStaff(db, userId))) return null;
	const token = randomBytes(32).toString('base64url');
	await insertSetupVerification(db, {
		id: randomBytes(16).toString('base64url'),
		storedIdentifier: storedVerificationIdentifier(`reset-password:${token}`),
		userId,
		now: context.now,
		expiresAt: context.now.add({ hours: staffSetupValidHours })
	});
	return `/admin/setup/${token}`;
};

/** The intent of a patient's sign-in link, for the address that asked for it. */
export function patientSignInIntent(emailNormalized: string): LinkIntent {
	return { purpose: patientSignInPurpose, emailNormalized };
}

// Minted when the email is sent: the 15 minutes run from then, and the link is never at rest.
const mintSignInLink: LinkMinter = async (db, intent, context) => {
	const token = newSecretToken();
	await insertSignInLink(db, {
		tokenHash: token.hash,
		emailNormalized: String(intent.emailNormalized),
		at: context.now,
		expiresAt: context.now.add({ minutes: signInLinkMinutes })
	});
	return `/account/sign-in/${token.token}`;
};

registerLinkPurpose(appointmentManagePurpose, mintManageLink);
registerLinkPurpose(patientSignInPurpose, mintSignInLink);
registerLinkPurpose(feedbackInvitationPurpose, mintFeedbackLink);
registerLinkPurpose(testimonialRevokePurpose, mintRevokeLink);
registerLinkPurpose(staffSetupPurpose, mintSetupLink);
