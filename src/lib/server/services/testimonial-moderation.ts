import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { formatCalendarDate } from '$lib/domain/clinic/dates';
import { firstValue, type FormValues } from '$lib/domain/intake/form-values';
import { can } from '$lib/domain/staff/roles';
import {
	authorizationElementHeadings,
	authorizationElements,
	authorizationKeepUntil
} from '$lib/domain/testimonials/authorization-document';
import { revocationConfirmationEmail } from '$lib/domain/testimonials/authorization-emails';
import {
	describeInvitationPolicy,
	parseInvitationPolicyForm,
	visitNumberOptions
} from '$lib/domain/testimonials/invitation-policy-form';
import {
	legacyAttestation,
	parseLegacyEntry,
	parseLegacyWithdrawal
} from '$lib/domain/testimonials/legacy-entry';
import {
	declineReasonLabels,
	declineReasons,
	summarizeModeration,
	validateModerationDecision
} from '$lib/domain/testimonials/moderation';
import {
	connectionFromColumns,
	connectionKinds,
	disclosureText,
	namingChoiceLabels,
	shownDisclosure,
	type ConnectionDisclosure
} from '$lib/domain/testimonials/publication-choice';
import { originMarkers } from '$lib/domain/testimonials/showing';
import {
	authorizationInEffect,
	disclosureNeededMessage,
	excerpt,
	feedbackStatus,
	feedbackStatusGroups,
	feedbackStatuses,
	feedbackStatusLabels,
	latestDecision,
	needsConnectionDisclosure,
	parseStaffConnection,
	parseStaffRevocation,
	reasonRows,
	staffConnectionLabels,
	type FeedbackStatus
} from '$lib/domain/testimonials/staff-review';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import { listConditions } from '../db/repositories/condition-repository';
import {
	findInvitationPolicy,
	listInvitations,
	updateInvitationPolicy
} from '../db/repositories/feedback-repository';
import { isUniqueViolation } from '../db/repositories/idempotency-repository';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import {
	authorizationsForFeedback,
	findActiveStaffByEmail,
	findAuthorizationDocument,
	findAuthorizationForFeedback,
	findFeedback,
	insertModeration,
	insertRevocation,
	listFeedback,
	listModerations,
	type AuthorizationRecord,
	type ModerationRecord
} from '../db/repositories/testimonial-publication-repository';
import {
	findTestimonialEntry,
	insertLegacyTestimonial,
	listTestimonialEntriesForStaff,
	withdrawLegacyTestimonial as markLegacyWithdrawn,
	type TestimonialEntryRecord
} from '../db/repositories/testimonial-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';
import { loadClinicZone } from './clinic-contact';
import { recordStaffChange } from './record-staff-change';
import type { SettingsResult } from './settings-result';

/*
 * The staff side of testimonials (issue 6, ADRs 0024 and 0025): the inbox of feedback, the
 * decision to publish or decline (declining only for a listed reason, never for a low rating or
 * criticism), revocations a patient makes in writing, the owner's decline summary and
 * invitation figures, the owner's invitation policy, and testimonials from before the system,
 * entered from a signed paper authorization. Every decision is in the audit log, in the same
 * transaction as the decision; reading patients' feedback is recorded too.
 */

type Zone = { timeZone: string; city: string };
export type ModerationContext = { now: Temporal.Instant; request?: RequestMeta };

/** The clinic-local day of an instant. */
function localDay(instant: Temporal.Instant, zone: Zone): Temporal.PlainDate {
	return instant.toZonedDateTimeISO(zone.timeZone).toPlainDate();
}

/** "March 3, 2027" in the clinic's zone. */
function dayText(instant: Temporal.Instant, zone: Zone): string {
	return formatCalendarDate(localDay(instant, zone).toString());
}

/** "Wednesday, March 3, 2027, 9:05 am CST" in the clinic's zone. */
function momentText(instant: Temporal.Instant, zone: Zone): string {
	const time = formatAppointmentTime(instant, instant, zone.timeZone, zone.city);
	return `${time.date}, ${time.startTime} ${time.zoneAbbreviation}`;
}

function permissionFacts(authorization: AuthorizationRecord | undefined) {
	return authorization
		? { expiresOn: authorization.expiresOn, revoked: authorization.revokedAt !== null }
		: null;
}

/** The latest decision of each feedback, by feedback id. */
function latestByFeedback(decisions: readonly ModerationRecord[]): Map<number, ModerationRecord> {
	const latest = new Map<number, ModerationRecord>();
	for (const decision of decisions) {
		const current = latest.get(decision.feedbackId);
		if (!current || decision.id > current.id) latest.set(decision.feedbackId, decision);
	}
	return latest;
}

function auditRequest(context: ModerationContext) {
	return { ip: context.request?.ip, requestId: context.request?.requestId };
}

// ---------------------------------------------------------------------------------------------
// The inbox

/** One feedback in the inbox. */
export interface InboxRow {
	id: number;
	patientName: string;
	rating: number;
	excerpt: string;
	conditionName: string | null;
	givenOn: string;
	/** The instant it was given, ISO, for <time>. */
	givenAt: string;
	status: FeedbackStatus;
	statusLabel: string;
	/** For a declined feedback, the reason's label. */
	reasonLabel: string | null;
}

/** How invitations went, for the owner. */
export interface InvitationFigures {
	created: number;
	sent: number;
	used: number;
	/** Feedback given for every 100 invitations sent, or null before any was sent. */
	responsePercent: number | null;
	/** Feedback whose patient gave written permission to publish. */
	authorised: number;
	policy: string;
}

/**
 * The staff inbox: every feedback, newest first, grouped by where it stands, and for the owner
 * the decline summary (every reason, unused ones at 0) and the invitation figures. Opening it
 * is recorded, with the feedback listed.
 */
export async function loadTestimonialInbox(
	db: Kysely<Database>,
	staff: StaffActor,
	context: ModerationContext
) {
	if (!can(staff, 'testimonials.moderate')) return { kind: 'forbidden' as const };
	const [feedback, decisions, zone] = await Promise.all([
		listFeedback(db),
		listModerations(db),
		loadClinicZone(db)
	]);
	const authorizations = await authorizationsForFeedback(
		db,
		feedback.map((entry) => entry.id)
	);
	const today = localDay(context.now, zone).toString();
	const latest = latestByFeedback(decisions);
	const rows: InboxRow[] = feedback.map((entry) => {
		const decision = latest.get(entry.id) ?? null;
		const status = feedbackStatus(
			{
				permission: permissionFacts(authorizations.get(entry.id)),
				latestDecision: decision?.decision ?? null
			},
			today
		);
		return {
			id: entry.id,
			patientName: entry.patientName,
			rating: entry.rating,
			excerpt: excerpt(entry.words),
			conditionName: entry.conditionName,
			givenOn: dayText(entry.createdAt, zone),
			givenAt: entry.createdAt.toString(),
			status,
			statusLabel: feedbackStatusLabels[status],
			reasonLabel:
				status === 'declined' && decision?.reason ? declineReasonLabels[decision.reason] : null
		};
	});
	const groups = feedbackStatuses.map((status) => ({
		status,
		...feedbackStatusGroups[status],
		rows: rows.filter((row) => row.status === status)
	}));

	let owner: {
		summary: { published: number; declined: number };
		reasons: ReturnType<typeof reasonRows>;
		invitations: InvitationFigures;
	} | null = null;
	if (can(staff, 'settings.manage')) {
		const [invitations, policy] = await Promise.all([
			listInvitations(db),
			findInvitationPolicy(db)
		]);
		const summary = summarizeModeration(decisions);
		const sent = invitations.filter((invitation) => invitation.sentAt !== null).length;
		const used = invitations.filter((invitation) => invitation.usedAt !== null).length;
		owner = {
			summary: { published: summary.published, declined: summary.declined },
			reasons: reasonRows(summary.byReason),
			invitations: {
				created: invitations.length,
				sent,
				used,
				responsePercent: sent > 0 ? Math.round((used / sent) * 100) : null,
				authorised: authorizations.size,
				policy: describeInvitationPolicy(policy)
			}
		};
	}

	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'testimonials.inbox_viewed',
		after: { feedbackIds: rows.map((row) => row.id) },
		...auditRequest(context)
	});
	return {
		kind: 'ok' as const,
		total: rows.length,
		groups,
		owner,
		canManagePolicy: can(staff, 'settings.manage')
	};
}

// ---------------------------------------------------------------------------------------------
// One feedback

/** The choices of the decision form. */
const decisionChoices = {
	reasons: declineReasons.map((reason) => ({ value: reason, label: declineReasonLabels[reason] })),
	connections: connectionKinds.map((kind) => ({ value: kind, label: staffConnectionLabels[kind] }))
};

function disclosureOf(kind: ModerationRecord['connectionKind'], text: string | null) {
	return kind ? disclosureText(connectionFromColumns(kind, text)) : null;
}

/**
 * One feedback for staff: the words in full, the permission to publish (the version signed,
 * when, the typed name, the name shown, the connection declared, until when it is in effect and
 * until when it is kept), every decision so far, and a warning when the patient's email is a
 * staff account's. Viewing is recorded against the patient.
 */
export async function loadFeedbackForStaff(
	db: Kysely<Database>,
	staff: StaffActor,
	feedbackId: number,
	context: ModerationContext
) {
	if (!can(staff, 'testimonials.moderate')) return { kind: 'forbidden' as const };
	const feedback = await findFeedback(db, feedbackId);
	if (!feedback) return { kind: 'not_found' as const };
	const [authorization, decisions, zone, staffMatch] = await Promise.all([
		findAuthorizationForFeedback(db, feedbackId),
		listModerations(db, feedbackId),
		loadClinicZone(db),
		findActiveStaffByEmail(db, feedback.patientEmail)
	]);
	const document = authorization
		? await findAuthorizationDocument(db, authorization.documentId)
		: undefined;
	const today = localDay(context.now, zone).toString();
	const latest = latestDecision(decisions);
	const status = feedbackStatus(
		{ permission: permissionFacts(authorization), latestDecision: latest?.decision ?? null },
		today
	);
	const inEffect = authorizationInEffect(permissionFacts(authorization), today);

	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'testimonials.feedback_viewed',
		patientId: feedback.patientId,
		subject: { type: 'feedback', id: feedback.id },
		...auditRequest(context)
	});

	const permission = authorization && {
		documentVersion: authorization.documentVersion,
		documentTitle: document?.title ?? null,
		// A version from before an element existed has none: it shows what was signed.
		documentSections: document
			? authorizationElements
					.filter((element) => document[element] !== '')
					.map((element) => ({
						heading: authorizationElementHeadings[element],
						text: document[element]
					}))
			: [],
		textHash: authorization.textHash,
		signedAt: authorization.signedAt.toString(),
		signedAtText: momentText(authorization.signedAt, zone),
		typedName: authorization.typedName,
		representativeAuthority: authorization.representativeAuthority,
		naming: namingChoiceLabels[authorization.naming],
		displayName: authorization.displayName,
		declaredConnection: disclosureText(
			connectionFromColumns(authorization.connectionKind, authorization.connectionText)
		),
		expiresOn: formatCalendarDate(authorization.expiresOn),
		keepUntil: formatCalendarDate(
			authorizationKeepUntil({
				signedOn: localDay(authorization.signedAt, zone),
				expiresOn: Temporal.PlainDate.from(authorization.expiresOn),
				revokedOn: authorization.revokedAt ? localDay(authorization.revokedAt, zone) : null
			}).toString()
		),
		revokedOn: authorization.revokedAt ? dayText(authorization.revokedAt, zone) : null,
		revokedBy:
			authorization.revocationSource === 'link'
				? 'the patient, with the link in their confirmation email'
				: authorization.revocationSource === 'staff'
					? 'staff, from the patient’s written request'
					: null,
		expired: !authorization.revokedAt && authorization.expiresOn < today,
		inEffect,
		shownDisclosure:
			latest?.decision === 'publish'
				? shownDisclosure(
						connectionFromColumns(authorization.connectionKind, authorization.connectionText),
						latest.connectionKind
							? connectionFromColumns(latest.connectionKind, latest.connectionText)
							: null
					)
				: null
	};

	return {
		kind: 'ok' as const,
		feedback: {
			id: feedback.id,
			patientId: feedback.patientId,
			patientName: feedback.patientName,
			rating: feedback.rating,
			words: feedback.words,
			conditionName: feedback.conditionName,
			givenOn: dayText(feedback.createdAt, zone),
			givenAt: feedback.createdAt.toString()
		},
		status,
		statusLabel: feedbackStatusLabels[status],
		permission: permission ?? null,
		decisions: [...decisions].reverse().map((decision) => ({
			id: decision.id,
			decision: decision.decision,
			label: decision.decision === 'publish' ? 'Published' : 'Declined',
			reason: decision.reason ? declineReasonLabels[decision.reason] : null,
			note: decision.note,
			addedConnection: disclosureOf(decision.connectionKind, decision.connectionText),
			by: decision.decidedByName,
			at: decision.decidedAt.toString(),
			when: momentText(decision.decidedAt, zone)
		})),
		latest: latest && {
			decision: latest.decision,
			reason: latest.reason,
			connectionKind: latest.connectionKind,
			connectionText: latest.connectionText
		},
		staffMatch: staffMatch ? { name: staffMatch.name } : null,
		canDecide: inEffect,
		canRecordRevocation: authorization !== undefined && authorization.revokedAt === null,
		choices: decisionChoices
	};
}

/** The decision form's fields as typed, to show again beside their errors. */
function decisionValues(fields: FormValues): Record<string, string> {
	return Object.fromEntries(
		['decision', 'reason', 'note', 'connection', 'connection-description'].map((name) => [
			name,
			(firstValue(fields[name]) ?? '').slice(0, 500)
		])
	);
}

export type DecisionResult =
	| { kind: 'saved'; decision: 'publish' | 'decline' }
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> }
	| { kind: 'refused'; message: string; values: Record<string, string> };

/**
 * Publishes or declines a feedback (fields `decision`, `reason`, `note`, and when publishing
 * `connection` and `connection-description` for a connection staff know of). Declining needs one of
 * the listed reasons; nothing about the rating or the words is read to decide. Publishing needs
 * a permission in effect, and a disclosure when the patient's email is a staff account's. The
 * decision and its audit event are written in one transaction; deciding again adds a row and
 * the latest counts.
 */
export async function decideOnFeedback(
	db: Kysely<Database>,
	staff: StaffActor,
	feedbackId: number,
	fields: FormValues,
	context: ModerationContext
): Promise<DecisionResult> {
	if (!can(staff, 'testimonials.moderate')) return { kind: 'forbidden' };
	const values = decisionValues(fields);
	const zone = await loadClinicZone(db);
	const today = localDay(context.now, zone).toString();
	return transactionWithRetry(db, async (trx) => {
		const feedback = await findFeedback(trx, feedbackId);
		if (!feedback) return { kind: 'not_found' as const };
		const authorization = await findAuthorizationForFeedback(trx, feedbackId);
		const inEffect = authorizationInEffect(permissionFacts(authorization), today);
		const parsed = validateModerationDecision(
			{ authorizationInEffect: inEffect, rating: feedback.rating, words: feedback.words },
			fields
		);
		if (!parsed.ok) return { kind: 'invalid' as const, errors: parsed.errors, values };
		const decision = parsed.data;
		if (!authorization || !inEffect) {
			// Publishing was refused above; declining words that cannot be published says nothing.
			return {
				kind: 'refused' as const,
				message:
					'There is nothing to decide: without a permission in effect this feedback is not published, and it cannot be.',
				values
			};
		}
		let added: ConnectionDisclosure | null = null;
		if (decision.decision === 'publish') {
			const connection = parseStaffConnection(fields);
			if (!connection.ok) return { kind: 'invalid' as const, errors: connection.errors, values };
			added = connection.data.kind === 'none' ? null : connection.data;
			const match = await findActiveStaffByEmail(trx, feedback.patientEmail);
			if (
				needsConnectionDisclosure({
					emailMatchesStaff: match !== undefined,
					declaredByPatient: authorization.connectionKind,
					addedByStaff: added
				})
			) {
				return {
					kind: 'invalid' as const,
					errors: { connection: disclosureNeededMessage },
					values
				};
			}
		}
		const before = latestDecision(await listModerations(trx, feedbackId));
		const reason = decision.decision === 'decline' ? decision.reason : null;
		const id = await insertModeration(trx, {
			feedbackId,
			decision: decision.decision,
			reason,
			note: decision.note,
			connectionKind: added?.kind ?? null,
			connectionText: added?.kind === 'other' ? added.text : null,
			decidedById: staff.userId,
			decidedByName: staff.name,
			decidedAt: context.now
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: decision.decision === 'publish' ? 'testimonial.published' : 'testimonial.declined',
			patientId: feedback.patientId,
			subject: { type: 'feedback', id: feedbackId },
			before: before ? { decision: before.decision, reason: before.reason } : undefined,
			after: {
				moderationId: id,
				decision: decision.decision,
				reason,
				reasonLabel: reason ? declineReasonLabels[reason] : null,
				note: decision.note,
				addedConnection: added ? disclosureText(added) : null
			},
			...auditRequest(context)
		});
		return { kind: 'saved' as const, decision: decision.decision };
	});
}

export type StaffRevocationResult =
	| { kind: 'revoked' }
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> }
	| { kind: 'refused'; message: string; values: Record<string, string> };

/**
 * Records a revocation the patient made in writing (a letter, an email, in person), with a
 * note of how it came (field `note`, kept in the audit log). The words leave the website at
 * the next request, and the patient is emailed a confirmation, as with the revoke link.
 */
export async function recordRevocationByStaff(
	db: Kysely<Database>,
	staff: StaffActor,
	feedbackId: number,
	fields: FormValues,
	context: ModerationContext
): Promise<StaffRevocationResult> {
	if (!can(staff, 'testimonials.moderate')) return { kind: 'forbidden' };
	const values = { note: (firstValue(fields.note) ?? '').slice(0, 500) };
	const parsed = parseStaffRevocation(fields);
	const zone = await loadClinicZone(db);
	try {
		return await transactionWithRetry(db, async (trx) => {
			const feedback = await findFeedback(trx, feedbackId);
			if (!feedback) return { kind: 'not_found' as const };
			if (!parsed.ok) return { kind: 'invalid' as const, errors: parsed.errors, values };
			const authorization = await findAuthorizationForFeedback(trx, feedbackId);
			if (!authorization) {
				return {
					kind: 'refused' as const,
					message:
						'The patient never gave permission to publish this feedback: there is nothing to revoke.',
					values
				};
			}
			if (authorization.revokedAt) {
				return {
					kind: 'refused' as const,
					message: 'The permission is revoked already.',
					values
				};
			}
			await insertRevocation(trx, {
				authorizationId: authorization.id,
				source: 'staff',
				revokedAt: context.now,
				ip: context.request?.ip ?? null
			});
			const clinic = await findClinic(trx);
			if (feedback.patientEmail) {
				await enqueueMessage(trx, {
					kind: 'testimonial_revocation',
					appointmentId: null,
					appointmentSequence: null,
					dedupeKey: `testimonial_revocation:${authorization.id}`,
					recipient: feedback.patientEmail,
					payload: revocationConfirmationEmail({
						clinicName: clinic?.name ?? 'The clinic',
						revokedOn: dayText(context.now, zone)
					}),
					dueAt: context.now,
					now: context.now
				});
			}
			await appendAuditEvent(trx, {
				at: context.now,
				actor: staffAuditActor(staff),
				action: 'testimonial.revoked',
				patientId: feedback.patientId,
				subject: { type: 'testimonial_authorization', id: authorization.id },
				before: { feedbackId, expiresOn: authorization.expiresOn },
				after: { source: 'staff', note: parsed.data.note },
				...auditRequest(context)
			});
			return { kind: 'revoked' as const };
		});
	} catch (error) {
		// Revoked by the link at the same moment: the revocation exists, which is what was asked.
		if (isUniqueViolation(error)) {
			return { kind: 'refused', message: 'The permission is revoked already.', values };
		}
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------
// The owner's invitation policy

/** The policy form: the stored settings, the checkboxes to offer and the policy in words. */
export async function loadInvitationPolicySettings(db: Kysely<Database>, staff: StaffActor) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [policy, zone] = await Promise.all([findInvitationPolicy(db), loadClinicZone(db)]);
	return {
		kind: 'ok' as const,
		values: {
			afterVisitNumbers: [...policy.afterVisitNumbers],
			atCourseEnd: policy.atCourseEnd,
			samplePercent: policy.samplePercent
		},
		visitOptions: visitNumberOptions(policy.afterVisitNumbers),
		description: describeInvitationPolicy(policy),
		startsOn: dayText(policy.startsAt, zone)
	};
}

/**
 * Saves the owner's policy: the completed visits that invite, the end of a course, and the
 * share invited. The salt (which fixes the sample) and the start are never changed here. The
 * change is in the audit log with the settings before and after.
 */
export async function saveInvitationPolicy(
	db: Kysely<Database>,
	staff: StaffActor,
	fields: FormValues,
	context: ModerationContext
): Promise<SettingsResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const parsed = parseInvitationPolicyForm(fields);
	if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
	return db.transaction().execute(async (trx) => {
		const before = await findInvitationPolicy(trx);
		await updateInvitationPolicy(trx, parsed.data, context.now);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.feedback_invitation_policy',
			subject: { type: 'feedback_invitation_policy', id: 1 },
			before: {
				afterVisitNumbers: before.afterVisitNumbers,
				atCourseEnd: before.atCourseEnd,
				samplePercent: before.samplePercent
			},
			after: parsed.data
		});
		return { kind: 'saved' as const };
	});
}

// ---------------------------------------------------------------------------------------------
// Testimonials from paper authorizations

/** Where an entry stands on `today`. */
function entryState(entry: TestimonialEntryRecord, today: string) {
	if (entry.withdrawnAt) return { state: 'withdrawn' as const, label: 'Taken down' };
	if (!entry.published) return { state: 'hidden' as const, label: 'Not shown' };
	if (entry.expiresOn !== null && entry.expiresOn < today) {
		return { state: 'ended' as const, label: 'Authorization ended: not shown' };
	}
	return { state: 'shown' as const, label: 'On the website' };
}

/** The entries from paper authorizations, and the demo samples, with where each stands. */
export async function loadLegacyEntries(
	db: Kysely<Database>,
	staff: StaffActor,
	now: Temporal.Instant
) {
	if (!can(staff, 'testimonials.moderate')) return { kind: 'forbidden' as const };
	const [entries, zone] = await Promise.all([
		listTestimonialEntriesForStaff(db),
		loadClinicZone(db)
	]);
	const today = localDay(now, zone).toString();
	return {
		kind: 'ok' as const,
		entries: entries.map((entry) => {
			const state = entryState(entry, today);
			return {
				id: entry.id,
				source: entry.source,
				origin:
					entry.source === 'legacy'
						? (originMarkers.paper_authorization ?? 'Paper authorization')
						: (originMarkers.sample ?? 'Sample'),
				displayName: entry.displayName,
				rating: entry.rating,
				words: entry.body,
				conditionName: entry.conditionName,
				givenOn: formatCalendarDate(entry.givenOn),
				disclosure: entry.connectionKind
					? disclosureText(connectionFromColumns(entry.connectionKind, entry.connectionText))
					: null,
				attestation:
					entry.source === 'legacy' && entry.attestedByName && entry.attestedAt
						? {
								by: entry.attestedByName,
								on: dayText(entry.attestedAt, zone),
								signedOn: entry.authorizationSignedOn
									? formatCalendarDate(entry.authorizationSignedOn)
									: null,
								expiresOn: entry.expiresOn ? formatCalendarDate(entry.expiresOn) : null
							}
						: null,
				withdrawal: entry.withdrawnAt
					? {
							on: dayText(entry.withdrawnAt, zone),
							by: entry.withdrawnByName ?? '',
							reason: entry.withdrawnReason ?? ''
						}
					: null,
				state: state.state,
				stateLabel: state.label,
				canWithdraw: entry.source === 'legacy' && entry.withdrawnAt === null
			};
		})
	};
}

/** The clinic's conditions, for the optional "what was it about" list. */
async function conditionChoices(db: Kysely<Database>) {
	return (await listConditions(db)).map((condition) => ({
		id: condition.id,
		slug: condition.slug,
		name: condition.name
	}));
}

/** The form for a testimonial from a paper authorization. */
export async function loadLegacyEntryForm(
	db: Kysely<Database>,
	staff: StaffActor,
	now: Temporal.Instant
) {
	if (!can(staff, 'testimonials.moderate')) return { kind: 'forbidden' as const };
	const [conditions, zone] = await Promise.all([conditionChoices(db), loadClinicZone(db)]);
	return {
		kind: 'ok' as const,
		conditions: conditions.map(({ slug, name }) => ({ slug, name })),
		connections: decisionChoices.connections,
		attestation: legacyAttestation,
		today: localDay(now, zone).toString()
	};
}

const legacyFieldNames = [
	'display-name',
	'rating',
	'words',
	'condition',
	'given-on',
	'signed-on',
	'expires-on',
	'connection',
	'connection-description',
	'attest'
];

export type LegacyEntryResult =
	| { kind: 'saved'; id: number }
	| { kind: 'forbidden' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> };

/**
 * Enters a testimonial from before the invitation system. Refused unless the staff member
 * attests that the patient's signed authorization is on file and covers these words, and unless
 * its dates make sense (given and signed not in the future, signed on or after the words were
 * given, ending after signing and not yet ended). It is published at once, marked on the
 * website as entered by staff from a paper authorization, and in the audit log with the
 * attestation.
 */
export async function enterLegacyTestimonial(
	db: Kysely<Database>,
	staff: StaffActor,
	fields: FormValues,
	context: ModerationContext
): Promise<LegacyEntryResult> {
	if (!can(staff, 'testimonials.moderate')) return { kind: 'forbidden' };
	const [conditions, zone] = await Promise.all([conditionChoices(db), loadClinicZone(db)]);
	const parsed = parseLegacyEntry(fields, {
		today: localDay(context.now, zone),
		conditionSlugs: conditions.map((condition) => condition.slug)
	});
	if (!parsed.ok) {
		return {
			kind: 'invalid',
			errors: parsed.errors,
			values: Object.fromEntries(
				legacyFieldNames.map((name) => [name, (firstValue(fields[name]) ?? '').slice(0, 2000)])
			)
		};
	}
	const entry = parsed.data;
	const conditionId =
		conditions.find((condition) => condition.slug === entry.conditionSlug)?.id ?? null;
	return db.transaction().execute(async (trx) => {
		const id = await insertLegacyTestimonial(trx, {
			displayName: entry.displayName,
			rating: entry.rating,
			body: entry.words,
			conditionId,
			givenOn: entry.givenOn,
			authorizationSignedOn: entry.signedOn,
			expiresOn: entry.expiresOn,
			connectionKind: entry.disclosure.kind,
			connectionText: entry.disclosure.kind === 'other' ? entry.disclosure.text : null,
			attestedById: staff.userId,
			attestedByName: staff.name,
			attestedAt: context.now
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'testimonial.legacy_entered',
			subject: { type: 'testimonial', id },
			after: {
				displayName: entry.displayName,
				rating: entry.rating,
				condition: entry.conditionSlug,
				givenOn: entry.givenOn,
				authorizationSignedOn: entry.signedOn,
				expiresOn: entry.expiresOn,
				connection: disclosureText(entry.disclosure),
				attestation: legacyAttestation
			},
			...auditRequest(context)
		});
		return { kind: 'saved' as const, id };
	});
}

export type WithdrawalResult =
	| { kind: 'withdrawn' }
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> }
	| { kind: 'refused'; message: string; values: Record<string, string> };

/**
 * Takes a testimonial from a paper authorization off the website for good (field `reason`,
 * required: the patient revoked it by letter, say), with who did it and when, in the audit log.
 * Demo samples are not taken down here.
 */
export async function withdrawLegacyTestimonial(
	db: Kysely<Database>,
	staff: StaffActor,
	entryId: number,
	fields: FormValues,
	context: ModerationContext
): Promise<WithdrawalResult> {
	if (!can(staff, 'testimonials.moderate')) return { kind: 'forbidden' };
	const values = { reason: (firstValue(fields.reason) ?? '').slice(0, 500) };
	return db.transaction().execute(async (trx) => {
		const entry = await findTestimonialEntry(trx, entryId);
		if (!entry) return { kind: 'not_found' as const };
		const parsed = parseLegacyWithdrawal(fields);
		if (!parsed.ok) return { kind: 'invalid' as const, errors: parsed.errors, values };
		if (entry.source !== 'legacy') {
			return {
				kind: 'refused' as const,
				message: 'Only testimonials entered from a paper authorization are taken down here.',
				values
			};
		}
		const withdrawn = await markLegacyWithdrawn(trx, entryId, {
			at: context.now,
			byName: staff.name,
			reason: parsed.data.reason
		});
		if (!withdrawn) {
			return { kind: 'refused' as const, message: 'It was taken down already.', values };
		}
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'testimonial.legacy_withdrawn',
			subject: { type: 'testimonial', id: entryId },
			before: { displayName: entry.displayName, givenOn: entry.givenOn },
			after: { reason: parsed.data.reason },
			...auditRequest(context)
		});
		return { kind: 'withdrawn' as const };
	});
}
