import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import {
	outcomeLabels,
	questionsAnsweredYes,
	screeningSourceLabels
} from '$lib/domain/intake/screening-and-booking';
import { can } from '$lib/domain/staff/roles';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { insertRedFlagClearances } from '../db/repositories/red-flag-clearance-repository';
import {
	findAppointmentReview,
	findScreening,
	listPatientScreenings,
	recordAppointmentReview,
	type ScreeningRecord
} from '../db/repositories/screening-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';
import { staffForPatient, staffForRecord } from './clinical-scope';
import { loadClinicZone } from './clinic-contact';

type Zone = { timeZone: string; city: string };

/** "Monday, March 1, 2027, 9:00 am CST" */
function stamp(at: Temporal.Instant, zone: Zone): string {
	const time = formatAppointmentTime(at, at, zone.timeZone, zone.city);
	return `${time.date}, ${time.startTime} ${time.zoneAbbreviation}`;
}

/** A screening as clinical staff read it: tier, the yes answers in words, when, what was shown. */
function screeningView(screening: ScreeningRecord, zone: Zone) {
	return {
		id: screening.id,
		outcome: screening.outcome,
		outcomeLabel: outcomeLabels[screening.outcome],
		source: screeningSourceLabels[screening.source],
		at: screening.screenedAt.toString(),
		when: stamp(screening.screenedAt, zone),
		answeredYes: questionsAnsweredYes(
			screening.answers,
			screening.source === 'visit' ? 'since_last_visit' : 'first'
		).map((question) => question.text),
		/** The same, with ids, for "a doctor has seen this" at the review. */
		yesQuestions: questionsAnsweredYes(
			screening.answers,
			screening.source === 'visit' ? 'since_last_visit' : 'first'
		).map((question) => ({ id: question.id, text: question.text })),
		shown: screening.shown
	};
}

export type ScreeningView = ReturnType<typeof screeningView>;

/**
 * The clinician-review part of the staff appointment page. Everyone on the schedule sees that
 * a review is pending and who reviewed it when; the screening's answers and the review note
 * only roles that read clinical content. The caller (loadStaffAppointment) audits the view.
 */
export async function loadAppointmentReview(
	db: Kysely<Database>,
	appointmentId: number,
	staff: StaffActor
) {
	const state = await findAppointmentReview(db, appointmentId);
	if (!state) return null;
	const clinical = can(await staffForPatient(db, staff, state.patientId), 'patients.clinical');
	const zone = await loadClinicZone(db);
	const screening =
		clinical && state.screeningId !== null ? await findScreening(db, state.screeningId) : null;
	return {
		pending: state.needsReview,
		screening: screening ? screeningView(screening, zone) : null,
		reviewed:
			state.reviewedAt === null
				? null
				: {
						at: state.reviewedAt.toString(),
						when: stamp(state.reviewedAt, zone),
						by: state.reviewedByName ?? '',
						note: clinical ? state.reviewNote : null
					},
		canReview: clinical && state.needsReview
	};
}

export type ReviewResult =
	| { kind: 'reviewed' }
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| { kind: 'invalid'; message: string }
	| { kind: 'already_reviewed' };

/**
 * A clinician's review of a flagged booking: a short note ("Called the patient; GP saw them
 * yesterday, fine to treat") clears the flag. One transaction with its audit entry; a booking
 * is reviewed once (a second, simultaneous review finds nothing left to clear).
 */
export async function reviewAppointment(
	db: Kysely<Database>,
	appointmentId: number,
	note: string,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta },
	/**
	 * Findings of the screening that a doctor has seen, as the practitioner records them: a
	 * later health form's "yes" to the same question does not flag the visit again, only a
	 * change does (issue 14, item 2).
	 */
	doctorSeen: readonly string[] = []
): Promise<ReviewResult> {
	if (!can(staff, 'patients.clinical')) return { kind: 'forbidden' };
	const target = await findAppointmentReview(db, appointmentId);
	if (target && !can(await staffForPatient(db, staff, target.patientId), 'patients.clinical')) {
		return { kind: 'forbidden' };
	}
	const text = note.trim().replace(/\s+/g, ' ');
	if (text.length < 3) {
		return { kind: 'invalid', message: 'Please write a short note about your review.' };
	}
	if (text.length > 500) {
		return { kind: 'invalid', message: 'Please keep the note under 500 characters.' };
	}
	return transactionWithRetry(db, async (trx) => {
		const state = await findAppointmentReview(trx, appointmentId);
		if (!state) return { kind: 'not_found' as const };
		const actor = staffAuditActor(staff);
		const screening =
			state.screeningId !== null ? await findScreening(trx, state.screeningId) : null;
		const yes = new Set(questionsAnsweredYes(screening?.answers ?? {}).map((entry) => entry.id));
		const seen = [...new Set(doctorSeen)];
		if (seen.some((id) => !yes.has(id))) {
			return {
				kind: 'invalid' as const,
				message: 'Only a finding answered yes in this screening can be marked as seen by a doctor.'
			};
		}
		const cleared = await recordAppointmentReview(trx, appointmentId, {
			byName: actor.label,
			note: text,
			at: context.now
		});
		if (!cleared) return { kind: 'already_reviewed' as const };
		await insertRedFlagClearances(trx, {
			patientId: state.patientId,
			appointmentId,
			questionIds: seen,
			note: text,
			by: { id: staff.userId, name: actor.label },
			at: context.now
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor,
			action: 'appointment.reviewed',
			patientId: state.patientId,
			subject: { type: 'appointment', id: appointmentId },
			before: { needsReview: true, screeningId: state.screeningId },
			after: {
				needsReview: false,
				screeningId: state.screeningId,
				note: text,
				...(seen.length > 0 ? { seenByDoctor: seen } : {})
			},
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'reviewed' as const };
	});
}

/**
 * The "Safety screenings" section of a patient's page: every screening, newest first, for
 * roles that read clinical content; null for the others, who see nothing of it. The caller
 * (loadPatientPage) audits the view.
 */
export async function loadPatientScreenings(
	db: Kysely<Database>,
	patientId: number | readonly number[],
	staff: StaffActor
): Promise<ScreeningView[] | null> {
	const ids = typeof patientId === 'number' ? [patientId] : patientId;
	if (!can(await staffForRecord(db, staff, ids), 'patients.clinical')) return null;
	const [screenings, zone] = await Promise.all([
		listPatientScreenings(db, patientId),
		loadClinicZone(db)
	]);
	return screenings.map((screening) => screeningView(screening, zone));
}
