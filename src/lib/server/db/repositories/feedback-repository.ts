import { sql, type Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { InvitationPolicy } from '$lib/domain/testimonials/invitation-policy';
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * Feedback invitations and the clinic's invitation policy (issue 6). SQL only: the decision
 * who is invited is in src/lib/domain/testimonials/invitation-policy.ts, the transaction in
 * src/lib/server/services/feedback-invitations.ts.
 */

/** The clinic's invitation policy (one row, created by migration 0012). */
export async function findInvitationPolicy(db: Kysely<Database>): Promise<InvitationPolicy> {
	const row = await db
		.selectFrom('feedback_invitation_policy')
		.selectAll()
		.where('singleton', '=', 1)
		.executeTakeFirstOrThrow();
	return {
		afterVisitNumbers: JSON.parse(row.after_visit_numbers_json) as number[],
		atCourseEnd: row.at_course_end === 1,
		samplePercent: row.sample_percent,
		sampleSalt: row.sample_salt,
		startsAt: fromDbInstant(row.starts_at)
	};
}

/**
 * Changes the policy's visits and sample (the salt is never changed: a new salt would redraw
 * the sample). `startsAt` is only for a clinic that wants to move the start of invitations.
 */
export async function updateInvitationPolicy(
	db: Kysely<Database>,
	change: {
		afterVisitNumbers: readonly number[];
		atCourseEnd: boolean;
		samplePercent: number;
		startsAt?: Temporal.Instant;
	},
	now: Temporal.Instant
): Promise<void> {
	await db
		.updateTable('feedback_invitation_policy')
		.set({
			after_visit_numbers_json: JSON.stringify([...change.afterVisitNumbers]),
			at_course_end: change.atCourseEnd ? 1 : 0,
			sample_percent: change.samplePercent,
			...(change.startsAt ? { starts_at: toDbInstant(change.startsAt) } : {}),
			updated_at: toDbInstant(now)
		})
		.where('singleton', '=', 1)
		.execute();
}

/** A completed visit that has no invitation yet, with what the policy needs to know. */
export interface InvitationCandidateRow {
	appointmentId: number;
	appointmentSequence: number;
	patientId: number;
	patientEmail: string;
	/** The visit's place among the patient's attended visits (arrived or completed), from 1. */
	completedVisitNumber: number;
	endedAt: Temporal.Instant;
	hasLaterAppointment: boolean;
}

/**
 * Completed visits that ended in [from, to], were never invited, and whose patient has an email
 * address: oldest first. Nothing about the visit's notes, answers or outcomes is read.
 */
export async function listInvitationCandidates(
	db: Kysely<Database>,
	range: { from: Temporal.Instant; to: Temporal.Instant }
): Promise<InvitationCandidateRow[]> {
	const rows = await db
		.selectFrom('appointment as a')
		.innerJoin('patient as p', 'p.id', 'a.patient_id')
		.leftJoin('feedback_invitation as i', 'i.appointment_id', 'a.id')
		.select((eb) => [
			'a.id',
			'a.sequence',
			'a.patient_id',
			'a.ends_at',
			'p.email',
			eb
				.selectFrom('appointment as earlier')
				.select((inner) => inner.fn.countAll<number | string>().as('count'))
				.whereRef('earlier.patient_id', '=', 'a.patient_id')
				.where('earlier.status', 'in', ['arrived', 'completed'])
				.where((inner) =>
					inner.or([
						inner('earlier.starts_at', '<', inner.ref('a.starts_at')),
						inner.and([
							inner('earlier.starts_at', '=', inner.ref('a.starts_at')),
							inner('earlier.id', '<=', inner.ref('a.id'))
						])
					])
				)
				.as('visit_number'),
			eb
				.exists(
					eb
						.selectFrom('appointment as later')
						.select(sql.lit(1).as('one'))
						.whereRef('later.patient_id', '=', 'a.patient_id')
						.whereRef('later.starts_at', '>', 'a.starts_at')
						.where('later.status', '<>', 'cancelled')
				)
				.as('has_later')
		])
		.where('a.status', '=', 'completed')
		.where('a.ends_at', '>=', toDbInstant(range.from))
		.where('a.ends_at', '<=', toDbInstant(range.to))
		.where('i.id', 'is', null)
		.where('p.email', '<>', '')
		.orderBy('a.ends_at')
		.orderBy('a.id')
		.execute();
	return rows.map((row) => ({
		appointmentId: row.id,
		appointmentSequence: row.sequence,
		patientId: row.patient_id,
		patientEmail: row.email,
		completedVisitNumber: Number(row.visit_number),
		endedAt: fromDbInstant(row.ends_at),
		// SQLite answers 0/1, PostgreSQL true/false.
		hasLaterAppointment: Boolean(Number(row.has_later))
	}));
}

/** Patients among `patientIds` with an invitation that is neither used nor expired. */
export async function patientsWithOpenInvitations(
	db: Kysely<Database>,
	patientIds: readonly number[],
	now: Temporal.Instant
): Promise<Set<number>> {
	if (patientIds.length === 0) return new Set();
	const rows = await db
		.selectFrom('feedback_invitation')
		.select('patient_id')
		.distinct()
		.where('patient_id', 'in', [...new Set(patientIds)])
		.where('used_at', 'is', null)
		.where('expires_at', '>', toDbInstant(now))
		.execute();
	return new Set(rows.map((row) => row.patient_id));
}

/** Records an invitation, in the caller's transaction. */
export async function insertInvitation(
	db: Kysely<Database>,
	invitation: {
		tokenHash: string;
		patientId: number;
		appointmentId: number;
		reason: 'visit_number' | 'course_end';
		visitNumber: number;
		createdAt: Temporal.Instant;
		expiresAt: Temporal.Instant;
	}
): Promise<number> {
	const row = await db
		.insertInto('feedback_invitation')
		.values({
			token_hash: invitation.tokenHash,
			patient_id: invitation.patientId,
			appointment_id: invitation.appointmentId,
			reason: invitation.reason,
			visit_number: invitation.visitNumber,
			created_at: toDbInstant(invitation.createdAt),
			expires_at: toDbInstant(invitation.expiresAt)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** An invitation as stored (for the feedback page and for tests). */
export interface FeedbackInvitationRecord {
	id: number;
	patientId: number;
	appointmentId: number;
	reason: 'visit_number' | 'course_end';
	visitNumber: number;
	createdAt: Temporal.Instant;
	sentAt: Temporal.Instant | null;
	usedAt: Temporal.Instant | null;
	expiresAt: Temporal.Instant;
}

/** Every invitation, oldest first. */
export async function listInvitations(db: Kysely<Database>): Promise<FeedbackInvitationRecord[]> {
	const rows = await db
		.selectFrom('feedback_invitation')
		.selectAll()
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		patientId: row.patient_id,
		appointmentId: row.appointment_id,
		reason: row.reason,
		visitNumber: row.visit_number,
		createdAt: fromDbInstant(row.created_at),
		sentAt: fromDbInstantOrNull(row.sent_at),
		usedAt: fromDbInstantOrNull(row.used_at),
		expiresAt: fromDbInstant(row.expires_at)
	}));
}

/**
 * Gives an invitation the hash of the link its email is about to carry (minted at sending,
 * ADR 0031); the link of any earlier attempt stops working. False when there is no such
 * invitation.
 */
export async function replaceInvitationTokenHash(
	db: Kysely<Database>,
	id: number,
	tokenHash: string
): Promise<boolean> {
	const result = await db
		.updateTable('feedback_invitation')
		.set({ token_hash: tokenHash })
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
