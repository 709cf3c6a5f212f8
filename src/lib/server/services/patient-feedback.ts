import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatCalendarDate } from '$lib/domain/clinic/dates';
import { firstValue, type FormValues } from '$lib/domain/intake/form-values';
import {
	authorizationElementHeadings,
	authorizationElements,
	authorizationExpiresOn,
	type AuthorizationDocument
} from '$lib/domain/testimonials/authorization-document';
import {
	authorizationConfirmationEmail,
	newFeedbackNoticeEmail,
	revocationConfirmationEmail
} from '$lib/domain/testimonials/authorization-emails';
import { parseAuthorizationForm } from '$lib/domain/testimonials/authorization-form';
import { parseFeedbackForm } from '$lib/domain/testimonials/feedback-form';
import {
	connectionLabels,
	connectionKinds,
	disclosureText,
	displayName,
	namingChoiceLabels,
	namingChoices
} from '$lib/domain/testimonials/publication-choice';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import { listConditions } from '../db/repositories/condition-repository';
import { isUniqueViolation } from '../db/repositories/idempotency-repository';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import { findPatient } from '../db/repositories/patient-repository';
import {
	findAuthorizationByRevokeTokenHash,
	findAuthorizationForFeedback,
	findCurrentAuthorizationDocument,
	findFeedback,
	findInvitationByTokenHash,
	insertAuthorization,
	insertFeedback,
	insertRevocation,
	markInvitationUsed,
	type AuthorizationRecord,
	type InvitationByLink
} from '../db/repositories/testimonial-publication-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import type { RequestMeta } from './audit';
import { loadClinicZone } from './clinic-contact';
import {
	authorizationTextComplete,
	authorizationTextIntact,
	ensureAuthorizationDocument
} from './testimonial-authorization-text';
import { testimonialRevokeIntent } from '../mail/link-purposes';
import { linkPlaceholder } from '../mail/links';
import { hashToken, looksLikeToken, newSecretToken } from './tokens';

/*
 * The patient's side of testimonials (issue 6, ADR 0025): the feedback link from an invitation
 * (`/feedback/<token>`), the separate permission to publish (`/feedback/<token>/publish`) and
 * the revoke link in the confirmation email (`/testimonials/revoke/<token>`). The invitation
 * link works until the invitation expires (30 days); feedback is given once; the revoke link
 * works for as long as the permission exists.
 */

type Context = { now: Temporal.Instant; origin: URL; request?: RequestMeta };

/** How the feedback link and its publish page record the patient in the audit log. */
const feedbackLinkActor = { type: 'patient' as const, label: 'feedback link' };
const revokeLinkActor = { type: 'patient' as const, label: 'revoke link' };

async function invitationByToken(
	db: Kysely<Database>,
	token: string
): Promise<InvitationByLink | undefined> {
	if (!looksLikeToken(token)) return undefined;
	return findInvitationByTokenHash(db, hashToken(token));
}

function expired(invitation: InvitationByLink, now: Temporal.Instant): boolean {
	return invitation.expiresAt.epochNanoseconds <= now.epochNanoseconds;
}

/** "March 3, 2027", the clinic-local day of an instant. */
function localDay(instant: Temporal.Instant, timeZone: string): Temporal.PlainDate {
	return instant.toZonedDateTimeISO(timeZone).toPlainDate();
}

/** What the page says about publishing, once feedback is given. */
export type PublicationState =
	| { state: 'not_authorised' }
	| { state: 'authorised'; displayName: string; expiresOn: string; disclosure: string | null }
	| { state: 'revoked'; revokedOn: string };

function publicationState(
	authorization: AuthorizationRecord | undefined,
	timeZone: string
): PublicationState {
	if (!authorization) return { state: 'not_authorised' };
	if (authorization.revokedAt) {
		return {
			state: 'revoked',
			revokedOn: formatCalendarDate(localDay(authorization.revokedAt, timeZone).toString())
		};
	}
	return {
		state: 'authorised',
		displayName: authorization.displayName,
		expiresOn: formatCalendarDate(authorization.expiresOn),
		disclosure: disclosureText(
			authorization.connectionKind === 'other'
				? { kind: 'other', text: authorization.connectionText ?? '' }
				: { kind: authorization.connectionKind }
		)
	};
}

// ---------------------------------------------------------------------------------------------
// Feedback

/** The clinic's conditions, for the optional "what was it about" list. */
async function conditionChoices(db: Kysely<Database>) {
	const conditions = await listConditions(db);
	return conditions.map((condition) => ({
		id: condition.id,
		slug: condition.slug,
		name: condition.name
	}));
}

export type FeedbackPage =
	| { kind: 'not_found' }
	| { kind: 'expired' }
	| { kind: 'form'; clinicName: string; conditions: { slug: string; name: string }[] }
	| {
			kind: 'given';
			clinicName: string;
			feedback: { rating: number; words: string; conditionName: string | null; givenOn: string };
			publication: PublicationState;
	  };

/**
 * The feedback link's page: the form, or (once given) the feedback with what happened about
 * publishing. An expired link shows nothing of what was written.
 */
export async function loadFeedbackPage(
	db: Kysely<Database>,
	token: string,
	now: Temporal.Instant
): Promise<FeedbackPage> {
	const invitation = await invitationByToken(db, token);
	if (!invitation) return { kind: 'not_found' };
	if (expired(invitation, now)) return { kind: 'expired' };
	const [clinic, zone] = await Promise.all([findClinic(db), loadClinicZone(db)]);
	const clinicName = clinic?.name ?? 'The clinic';
	if (invitation.feedbackId === null) {
		const conditions = await conditionChoices(db);
		return {
			kind: 'form',
			clinicName,
			conditions: conditions.map(({ slug, name }) => ({ slug, name }))
		};
	}
	const [feedback, authorization] = await Promise.all([
		findFeedback(db, invitation.feedbackId),
		findAuthorizationForFeedback(db, invitation.feedbackId)
	]);
	if (!feedback) return { kind: 'not_found' };
	return {
		kind: 'given',
		clinicName,
		feedback: {
			rating: feedback.rating,
			words: feedback.words,
			conditionName: feedback.conditionName,
			givenOn: formatCalendarDate(localDay(feedback.createdAt, zone.timeZone).toString())
		},
		publication: publicationState(authorization, zone.timeZone)
	};
}

export type GiveFeedbackResult =
	| { kind: 'saved'; feedbackId: number }
	| { kind: 'not_found' }
	| { kind: 'expired' }
	/** Feedback was given already with this link (a second tab, a second click). */
	| { kind: 'already_given' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> };

/**
 * Saves the patient's feedback, marks the invitation used and tells the clinic that feedback
 * arrived (an email naming nobody), in one transaction with the audit entry. The feedback
 * reaches the clinic whatever the patient decides about publishing.
 */
export async function giveFeedback(
	db: Kysely<Database>,
	token: string,
	fields: FormValues,
	context: Context
): Promise<GiveFeedbackResult> {
	const conditions = await conditionChoices(db);
	return transactionWithRetry(db, async (trx) => {
		const invitation = await invitationByToken(trx, token);
		if (!invitation) return { kind: 'not_found' as const };
		if (expired(invitation, context.now)) return { kind: 'expired' as const };
		if (invitation.feedbackId !== null) return { kind: 'already_given' as const };
		const parsed = parseFeedbackForm(
			fields,
			conditions.map((condition) => condition.slug)
		);
		if (!parsed.ok) {
			return {
				kind: 'invalid' as const,
				errors: parsed.errors,
				values: {
					rating: (firstValue(fields.rating) ?? '').slice(0, 1),
					words: (firstValue(fields.words) ?? '').slice(0, 4000),
					condition: (firstValue(fields.condition) ?? '').slice(0, 100)
				}
			};
		}
		if (!(await markInvitationUsed(trx, invitation.id, context.now))) {
			return { kind: 'already_given' as const };
		}
		const condition = conditions.find((entry) => entry.slug === parsed.data.condition);
		const feedbackId = await insertFeedback(trx, {
			invitationId: invitation.id,
			patientId: invitation.patientId,
			rating: parsed.data.rating,
			words: parsed.data.words,
			conditionId: condition?.id ?? null,
			createdAt: context.now
		});
		const clinic = await findClinic(trx);
		if (clinic?.email) {
			await enqueueMessage(trx, {
				kind: 'feedback_received',
				appointmentId: null,
				appointmentSequence: null,
				dedupeKey: `feedback_received:${feedbackId}`,
				recipient: clinic.email,
				payload: newFeedbackNoticeEmail({
					clinicName: clinic.name,
					link: new URL(`/admin/testimonials/${feedbackId}`, context.origin).href
				}),
				dueAt: context.now,
				now: context.now
			});
		}
		await appendAuditEvent(trx, {
			at: context.now,
			actor: feedbackLinkActor,
			action: 'feedback.received',
			patientId: invitation.patientId,
			subject: { type: 'feedback', id: feedbackId },
			after: { invitationId: invitation.id, rating: parsed.data.rating },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'saved' as const, feedbackId };
	});
}

// ---------------------------------------------------------------------------------------------
// The permission to publish

/** The authorization text element by element, as the page and the patient's copy show it. */
function documentSections(document: AuthorizationDocument) {
	return authorizationElements.map((element) => ({
		heading: authorizationElementHeadings[element],
		text: document[element]
	}));
}

/** The authorization text as the page shows it. */
function documentForPage(document: Awaited<ReturnType<typeof ensureAuthorizationDocument>>) {
	return {
		id: document.id,
		version: document.version,
		title: document.title,
		sections: documentSections(document)
	};
}

export type PublishPage =
	| { kind: 'not_found' }
	| { kind: 'expired' }
	/** No feedback yet: the form comes first. */
	| { kind: 'no_feedback' }
	| { kind: 'decided'; publication: PublicationState }
	| {
			kind: 'form';
			clinicName: string;
			document: ReturnType<typeof documentForPage>;
			patientName: string;
			namings: { value: string; label: string; shownAs: string }[];
			connections: { value: string; label: string }[];
			feedback: { rating: number; words: string; conditionName: string | null };
	  };

/**
 * The publish page: the current authorization text (version 1 is written from the default the
 * first time), the naming choices with the name each would show, and the connection question.
 */
export async function loadPublishPage(
	db: Kysely<Database>,
	token: string,
	now: Temporal.Instant
): Promise<PublishPage> {
	const invitation = await invitationByToken(db, token);
	if (!invitation) return { kind: 'not_found' };
	if (expired(invitation, now)) return { kind: 'expired' };
	if (invitation.feedbackId === null) return { kind: 'no_feedback' };
	const [feedback, authorization, clinic, zone] = await Promise.all([
		findFeedback(db, invitation.feedbackId),
		findAuthorizationForFeedback(db, invitation.feedbackId),
		findClinic(db),
		loadClinicZone(db)
	]);
	if (!feedback) return { kind: 'not_found' };
	if (authorization) {
		return { kind: 'decided', publication: publicationState(authorization, zone.timeZone) };
	}
	const document = await ensureAuthorizationDocument(db, now);
	return {
		kind: 'form',
		clinicName: clinic?.name ?? 'The clinic',
		document: documentForPage(document),
		patientName: invitation.patientName,
		namings: namingChoices.map((value) => ({
			value,
			label: namingChoiceLabels[value],
			shownAs: displayName(value, invitation.patientName)
		})),
		connections: connectionKinds.map((value) => ({ value, label: connectionLabels[value] })),
		feedback: {
			rating: feedback.rating,
			words: feedback.words,
			conditionName: feedback.conditionName
		}
	};
}

export type AuthorisePublicationResult =
	| { kind: 'authorised'; displayName: string }
	| { kind: 'not_found' }
	| { kind: 'expired' }
	| { kind: 'no_feedback' }
	/** A permission exists already (signed, or signed and revoked): nothing new is stored. */
	| { kind: 'already_decided' }
	/** The clinic changed the text since the page was opened: it must be read again. */
	| { kind: 'changed' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> };

/**
 * Signs the permission to publish: the naming and connection chosen, the typed name matching
 * the patient's name on record and the ticked box. Stores the version, the hash of its exact
 * text, the name as it will be shown, the connection, the time, the address and the clinic-local
 * last day in effect, and queues the confirmation email with the revoke link, in one
 * transaction with the audit entry. Nothing is published until staff decide.
 */
export async function authorisePublication(
	db: Kysely<Database>,
	token: string,
	fields: FormValues,
	context: Context
): Promise<AuthorisePublicationResult> {
	const zone = await loadClinicZone(db);
	try {
		return await transactionWithRetry(db, async (trx) => {
			const invitation = await invitationByToken(trx, token);
			if (!invitation) return { kind: 'not_found' as const };
			if (expired(invitation, context.now)) return { kind: 'expired' as const };
			if (invitation.feedbackId === null) return { kind: 'no_feedback' as const };
			const document = await findCurrentAuthorizationDocument(trx);
			// A version missing an element is no valid authorization (164.508(b)(2)); the page
			// writes the complete default in its place, so the patient reads that one.
			if (
				!document ||
				String(document.id) !== firstValue(fields.document) ||
				!authorizationTextComplete(document)
			) {
				return { kind: 'changed' as const };
			}
			const patient = await findPatient(trx, invitation.patientId);
			if (!patient) return { kind: 'not_found' as const };
			const parsed = parseAuthorizationForm(fields, patient.name);
			if (!parsed.ok) {
				return {
					kind: 'invalid' as const,
					errors: parsed.errors,
					values: Object.fromEntries(
						[
							'naming',
							'connection',
							'connection-description',
							'signer',
							'representative-authority',
							'signature-name',
							'agree'
						].map((name) => [name, (firstValue(fields[name]) ?? '').slice(0, 200)])
					)
				};
			}
			if (await findAuthorizationForFeedback(trx, invitation.feedbackId)) {
				return { kind: 'already_decided' as const };
			}
			// The text must still be the one its hash was written with, or the signature would
			// vouch for something nobody wrote.
			if (!authorizationTextIntact(document)) {
				throw new Error(`authorization version ${document.version} no longer matches its hash`);
			}
			const feedback = await findFeedback(trx, invitation.feedbackId);
			if (!feedback) return { kind: 'not_found' as const };
			const { choice, signature, representative } = parsed.data;
			const signedOn = localDay(context.now, zone.timeZone);
			const expiresOn = authorizationExpiresOn(signedOn, document);
			const shownName = displayName(choice.naming, patient.name);
			// The revoke link is minted when the confirmation is sent (ADR 0031); the permission
			// keeps the hash of a token nobody is given.
			const revoke = newSecretToken();
			const authorizationId = await insertAuthorization(trx, {
				feedbackId: invitation.feedbackId,
				patientId: invitation.patientId,
				documentId: document.id,
				textHash: document.textHash,
				naming: choice.naming,
				displayName: shownName,
				connectionKind: choice.disclosure.kind,
				connectionText: choice.disclosure.kind === 'other' ? choice.disclosure.text : null,
				typedName: signature.typedName,
				representativeAuthority: representative?.authority ?? null,
				signedAt: context.now,
				expiresOn: expiresOn.toString(),
				revokeTokenHash: revoke.hash,
				ip: context.request?.ip ?? null
			});
			const clinic = await findClinic(trx);
			await enqueueMessage(trx, {
				kind: 'testimonial_authorization',
				appointmentId: null,
				appointmentSequence: null,
				dedupeKey: `testimonial_authorization:${authorizationId}`,
				recipient: patient.email,
				payload: {
					// The patient's copy of what was signed (164.508(c)(4)): the version's full text
					// as stored and hashed, what it allowed, and the signature as written.
					...authorizationConfirmationEmail({
						clinicName: clinic?.name ?? 'The clinic',
						document: {
							title: document.title,
							version: document.version,
							textHash: document.textHash,
							sections: documentSections(document)
						},
						feedback: {
							rating: feedback.rating,
							words: feedback.words,
							conditionName: feedback.conditionName,
							givenOn: formatCalendarDate(localDay(feedback.createdAt, zone.timeZone).toString())
						},
						displayName: shownName,
						disclosure: disclosureText(choice.disclosure),
						signedOn: formatCalendarDate(signedOn.toString()),
						typedName: signature.typedName,
						representative,
						expiresOn: formatCalendarDate(expiresOn.toString()),
						revokeLink: linkPlaceholder('revoke')
					}),
					links: { revoke: testimonialRevokeIntent(authorizationId) },
					linkOrigin: context.origin.origin
				},
				dueAt: context.now,
				now: context.now
			});
			await appendAuditEvent(trx, {
				at: context.now,
				actor: feedbackLinkActor,
				action: 'testimonial.authorized',
				patientId: invitation.patientId,
				subject: { type: 'testimonial_authorization', id: authorizationId },
				after: {
					feedbackId: invitation.feedbackId,
					documentId: document.id,
					version: document.version,
					textHash: document.textHash,
					naming: choice.naming,
					connection: choice.disclosure.kind,
					signedBy: representative ? 'representative' : 'patient',
					expiresOn: expiresOn.toString()
				},
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
			return { kind: 'authorised' as const, displayName: shownName };
		});
	} catch (error) {
		// Two clicks at once: the second meets the one-per-feedback index.
		if (isUniqueViolation(error)) return { kind: 'already_decided' };
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------
// Revoking

export type RevokePage =
	| { kind: 'not_found' }
	| {
			kind: 'in_effect';
			clinicName: string;
			displayName: string;
			words: string;
			expiresOn: string;
	  }
	| { kind: 'revoked'; clinicName: string; revokedOn: string };

/** The revoke link's page: what would be taken down, or when it was revoked. */
export async function loadRevokePage(db: Kysely<Database>, token: string): Promise<RevokePage> {
	if (!looksLikeToken(token)) return { kind: 'not_found' };
	const authorization = await findAuthorizationByRevokeTokenHash(db, hashToken(token));
	if (!authorization) return { kind: 'not_found' };
	const [feedback, clinic, zone] = await Promise.all([
		findFeedback(db, authorization.feedbackId),
		findClinic(db),
		loadClinicZone(db)
	]);
	const clinicName = clinic?.name ?? 'The clinic';
	if (authorization.revokedAt) {
		return {
			kind: 'revoked',
			clinicName,
			revokedOn: formatCalendarDate(localDay(authorization.revokedAt, zone.timeZone).toString())
		};
	}
	return {
		kind: 'in_effect',
		clinicName,
		displayName: authorization.displayName,
		words: feedback?.words ?? '',
		expiresOn: formatCalendarDate(authorization.expiresOn)
	};
}

export type RevokeResult =
	{ kind: 'revoked' } | { kind: 'already_revoked' } | { kind: 'not_found' };

/**
 * Revokes a permission from the confirmation email's link: records the revocation (the public
 * pages stop showing the words at the next request), the audit entry and a confirmation email,
 * in one transaction. Revoking twice changes nothing.
 */
export async function revokeByLink(
	db: Kysely<Database>,
	token: string,
	context: Omit<Context, 'origin'>
): Promise<RevokeResult> {
	if (!looksLikeToken(token)) return { kind: 'not_found' };
	const zone = await loadClinicZone(db);
	try {
		return await transactionWithRetry(db, async (trx) => {
			const authorization = await findAuthorizationByRevokeTokenHash(trx, hashToken(token));
			if (!authorization) return { kind: 'not_found' as const };
			if (authorization.revokedAt) return { kind: 'already_revoked' as const };
			await insertRevocation(trx, {
				authorizationId: authorization.id,
				source: 'link',
				revokedAt: context.now,
				ip: context.request?.ip ?? null
			});
			const [clinic, patient] = await Promise.all([
				findClinic(trx),
				findPatient(trx, authorization.patientId)
			]);
			if (patient?.email) {
				await enqueueMessage(trx, {
					kind: 'testimonial_revocation',
					appointmentId: null,
					appointmentSequence: null,
					dedupeKey: `testimonial_revocation:${authorization.id}`,
					recipient: patient.email,
					payload: revocationConfirmationEmail({
						clinicName: clinic?.name ?? 'The clinic',
						revokedOn: formatCalendarDate(localDay(context.now, zone.timeZone).toString())
					}),
					dueAt: context.now,
					now: context.now
				});
			}
			await appendAuditEvent(trx, {
				at: context.now,
				actor: revokeLinkActor,
				action: 'testimonial.revoked',
				patientId: authorization.patientId,
				subject: { type: 'testimonial_authorization', id: authorization.id },
				before: { feedbackId: authorization.feedbackId, expiresOn: authorization.expiresOn },
				after: { source: 'link' },
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
			return { kind: 'revoked' as const };
		});
	} catch (error) {
		if (isUniqueViolation(error)) return { kind: 'already_revoked' };
		throw error;
	}
}
