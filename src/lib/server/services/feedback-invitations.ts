import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import {
	decideInvitation,
	invitationCandidateWindowDays,
	invitationExpiresAt,
	invitationValidDays
} from '$lib/domain/testimonials/invitation-policy';
import { feedbackInvitationEmail } from '$lib/domain/testimonials/invitation-email';
import type { Database } from '../db/schema';
import { findClinic } from '../db/repositories/clinic-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import {
	findInvitationPolicy,
	insertInvitation,
	listInvitationCandidates,
	patientsWithOpenInvitations
} from '../db/repositories/feedback-repository';
import { feedbackInvitationIntent } from '../mail/link-purposes';
import { linkPlaceholder } from '../mail/links';
import { newSecretToken } from './tokens';

/** What a run did: visits looked at and invitations queued. */
export interface InvitationRunResult {
	considered: number;
	invited: number;
}

/**
 * Invites patients to give feedback after completed visits (issue 6, ADR 0024), in one
 * transaction: reads the clinic's policy, finds completed visits from the last 60 days that
 * ended after the policy's start and have no invitation yet, asks `decideInvitation` about
 * each (visit number, course end, the fixed random sample, one open invitation per patient),
 * and for each one invited records the invitation and queues one email (its link is minted,
 * and only its hash kept, when the email is sent)
 * through the outbox: the clinic's name and the link, nothing about the visit, no incentive.
 *
 * Running it again queues nothing new: an appointment has at most one invitation (unique in
 * the table), the outbox key is per appointment, and the sample is a fixed function of the
 * appointment id. Visits from before the policy's start (the moment migration 0012 ran, so
 * every seeded demo visit) are never invited.
 */
export async function queueFeedbackInvitations(
	db: Kysely<Database>,
	context: { now: Temporal.Instant; origin: URL }
): Promise<InvitationRunResult> {
	return db.transaction().execute(async (trx) => {
		const [policy, clinic] = await Promise.all([findInvitationPolicy(trx), findClinic(trx)]);
		if (!clinic) return { considered: 0, invited: 0 };
		const windowStart = context.now.subtract({ hours: invitationCandidateWindowDays * 24 });
		const from =
			windowStart.epochNanoseconds > policy.startsAt.epochNanoseconds
				? windowStart
				: policy.startsAt;
		const candidates = await listInvitationCandidates(trx, { from, to: context.now });
		const open = await patientsWithOpenInvitations(
			trx,
			candidates.map((candidate) => candidate.patientId),
			context.now
		);
		let invited = 0;
		for (const candidate of candidates) {
			const decision = decideInvitation(
				policy,
				{
					appointmentId: candidate.appointmentId,
					completedVisitNumber: candidate.completedVisitNumber,
					endedAt: candidate.endedAt,
					hasLaterAppointment: candidate.hasLaterAppointment
				},
				{
					// The query left out visits with an invitation.
					appointmentAlreadyInvited: false,
					patientHasOpenInvitation: open.has(candidate.patientId)
				},
				context.now
			);
			if (!decision.invite) continue;
			// A placeholder hash (of a token nobody is given): the link is minted, and the hash
			// replaced, when the email is sent (ADR 0031).
			const invitationId = await insertInvitation(trx, {
				tokenHash: newSecretToken().hash,
				patientId: candidate.patientId,
				appointmentId: candidate.appointmentId,
				reason: decision.reason,
				visitNumber: candidate.completedVisitNumber,
				createdAt: context.now,
				expiresAt: invitationExpiresAt(context.now)
			});
			await enqueueMessage(trx, {
				kind: 'feedback_invitation',
				appointmentId: candidate.appointmentId,
				appointmentSequence: candidate.appointmentSequence,
				dedupeKey: `feedback_invitation:${candidate.appointmentId}`,
				recipient: candidate.patientEmail,
				payload: {
					...feedbackInvitationEmail(clinic.name, linkPlaceholder('feedback'), invitationValidDays),
					links: { feedback: feedbackInvitationIntent(invitationId) },
					linkOrigin: context.origin.origin
				},
				dueAt: context.now,
				now: context.now
			});
			await appendAuditEvent(trx, {
				at: context.now,
				actor: { type: 'system', label: 'feedback invitations' },
				action: 'feedback.invited',
				patientId: candidate.patientId,
				subject: { type: 'feedback_invitation', id: invitationId },
				after: { appointmentId: candidate.appointmentId, reason: decision.reason }
			});
			open.add(candidate.patientId);
			invited++;
		}
		return { considered: candidates.length, invited };
	});
}
