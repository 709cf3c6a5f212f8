import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';

/*
 * Who is asked for feedback, and when (issue 6). The FTC's rule on consumer reviews
 * (16 CFR 465) forbids soliciting reviews only from the customers likely to be pleased, so the
 * decision here is made from facts that cannot know how treatment went: which completed visit
 * this was, whether the course of visits has ended, and a fixed random draw keyed by the
 * appointment's id. The functions take no rating, score, pain level or outcome, and the types
 * refuse extra fields, so no caller can add one "just to tune the invitations".
 */

/** The clinic's invitation setting, stored with the clinic (one row). */
export interface InvitationPolicy {
	/** Completed-visit numbers after which a patient is invited, e.g. [3]: after the third visit. */
	afterVisitNumbers: readonly number[];
	/** Whether the end of a course of visits (see `endsCourse`) also invites. */
	atCourseEnd: boolean;
	/** The share of qualifying visits that are invited, 0 to 100 (100 invites everyone). */
	samplePercent: number;
	/** The clinic's secret salt for the sample, so nobody can pick ids that fall in it. */
	sampleSalt: string;
	/**
	 * Visits that ended before this instant are never invited: the system does not write to
	 * patients about visits from before it asked for feedback (nor to the demo clinic's seeded,
	 * fictional history, which is all dated before the migration that set this).
	 */
	startsAt: Temporal.Instant;
}

/**
 * A completed visit that might be invited. Nothing about how the visit went is here, on
 * purpose: see the note at the top of this file.
 */
export interface InvitationCandidate {
	appointmentId: number;
	/** 1 for the patient's first attended visit, 2 for the second... counted by start time. */
	completedVisitNumber: number;
	/** When the visit ended. */
	endedAt: Temporal.Instant;
	/** Whether the patient has any later appointment that is not cancelled. */
	hasLaterAppointment: boolean;
}

/** What the clinic's records already say about invitations for this visit and patient. */
export interface InvitationHistory {
	/** An invitation was already made for this appointment (one is the most there ever is). */
	appointmentAlreadyInvited: boolean;
	/** The patient has an invitation that is neither used nor expired. */
	patientHasOpenInvitation: boolean;
}

/** Why a visit is invited, or why not. */
export type InvitationDecision =
	| { invite: true; reason: 'visit_number' | 'course_end' }
	| {
			invite: false;
			reason:
				| 'before_start'
				| 'too_old'
				| 'not_a_chosen_visit'
				| 'not_in_sample'
				| 'already_invited'
				| 'open_invitation';
	  };

/**
 * `T` with every key that `Shape` does not have turned into `never`: an object with a `rating`
 * (or any other extra field) does not type-check where this is asked for.
 */
export type Exactly<T, Shape> = T & { [K in Exclude<keyof T, keyof Shape>]: never };

/** Three weeks with nothing booked after a completed visit: the course has ended. */
export const courseEndQuietDays = 21;

/** Visits that ended longer ago than this are not invited: the memory would be stale. */
export const invitationCandidateWindowDays = 60;

/** An invitation link works for 30 days; after that the patient may be invited again. */
export const invitationValidDays = 30;

/**
 * Whether a completed visit ended a course of treatment: nothing else is booked after it and
 * `courseEndQuietDays` have passed. (Stopping because treatment did not help and finishing
 * because it did look the same here, which is the point.)
 */
export function endsCourse(
	candidate: Pick<InvitationCandidate, 'endedAt' | 'hasLaterAppointment'>,
	now: Temporal.Instant
): boolean {
	if (candidate.hasLaterAppointment) return false;
	const quietUntil = candidate.endedAt.add({ hours: courseEndQuietDays * 24 });
	return Temporal.Instant.compare(quietUntil, now) <= 0;
}

/**
 * Decides whether to invite a patient to give feedback after a completed visit.
 *
 * The candidate and the policy must be exactly their types (`Exactly`): the decision takes no
 * rating, outcome or score in any form, so that whether someone is asked can never depend on
 * how their treatment went (16 CFR 465.7 and the Endorsement Guides: no selective solicitation).
 * The random sample is a hash of the clinic's salt and the appointment id (`sampleBucket`), so
 * it is the same on every run and independent of anything about the patient.
 */
export function decideInvitation<P extends InvitationPolicy, C extends InvitationCandidate>(
	policy: Exactly<P, InvitationPolicy>,
	candidate: Exactly<C, InvitationCandidate>,
	history: InvitationHistory,
	now: Temporal.Instant
): InvitationDecision {
	if (history.appointmentAlreadyInvited) return { invite: false, reason: 'already_invited' };
	if (Temporal.Instant.compare(candidate.endedAt, policy.startsAt) < 0) {
		return { invite: false, reason: 'before_start' };
	}
	const windowStart = now.subtract({ hours: invitationCandidateWindowDays * 24 });
	if (Temporal.Instant.compare(candidate.endedAt, windowStart) < 0) {
		return { invite: false, reason: 'too_old' };
	}
	let reason: 'visit_number' | 'course_end' | null = null;
	if (policy.afterVisitNumbers.includes(candidate.completedVisitNumber)) reason = 'visit_number';
	else if (policy.atCourseEnd && endsCourse(candidate, now)) reason = 'course_end';
	if (reason === null) return { invite: false, reason: 'not_a_chosen_visit' };
	if (!inSample(policy, candidate.appointmentId)) return { invite: false, reason: 'not_in_sample' };
	if (history.patientHasOpenInvitation) return { invite: false, reason: 'open_invitation' };
	return { invite: true, reason };
}

/** Whether an appointment falls in the clinic's random sample. */
export function inSample(
	policy: Pick<InvitationPolicy, 'samplePercent' | 'sampleSalt'>,
	appointmentId: number
): boolean {
	return sampleBucket(policy.sampleSalt, appointmentId) < policy.samplePercent;
}

/**
 * The appointment's bucket, 0 to 99: FNV-1a (32-bit) over the salt and the id, then a
 * MurmurHash3 finalizer to spread neighbouring ids. Not a secret-grade hash, and it need not
 * be: it only has to be fixed per appointment and even across buckets.
 */
export function sampleBucket(salt: string, appointmentId: number): number {
	const text = `${salt}:${appointmentId}`;
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193);
	}
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b);
	hash ^= hash >>> 13;
	hash = Math.imul(hash, 0xc2b2ae35);
	hash ^= hash >>> 16;
	return (hash >>> 0) % 100;
}

/** When an invitation made at `createdAt` stops working. */
export function invitationExpiresAt(createdAt: Temporal.Instant): Temporal.Instant {
	return createdAt.add({ hours: invitationValidDays * 24 });
}

/** The owner's settings form for the policy (the salt and the start are never typed). */
export const invitationPolicySettingsSchema = z.object({
	afterVisitNumbers: z
		.array(
			z.number().int().min(1, 'Visit numbers start at 1.').max(100, 'Choose visits up to 100.')
		)
		.max(10, 'Choose at most ten visit numbers.')
		.refine((numbers) => new Set(numbers).size === numbers.length, 'Each visit number once.'),
	atCourseEnd: z.boolean(),
	samplePercent: z
		.number({ error: 'Please give a share from 0 to 100.' })
		.int('Please give a whole percentage.')
		.min(0, 'Please give a share from 0 to 100.')
		.max(100, 'Please give a share from 0 to 100.')
});
