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
		answeredYes: questionsAnsweredYes(screening.answers).map((question) => question.text),
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
	const clinical = can(staff, 'patients.clinical');
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
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<ReviewResult> {
	if (!can(staff, 'patients.clinical')) return { kind: 'forbidden' };
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
		const cleared = await recordAppointmentReview(trx, appointmentId, {
			byName: actor.label,
			note: text,
			at: context.now
		});
		if (!cleared) return { kind: 'already_reviewed' as const };
		await appendAuditEvent(trx, {
			at: context.now,
			actor,
			action: 'appointment.reviewed',
			patientId: state.patientId,
			subject: { type: 'appointment', id: appointmentId },
			before: { needsReview: true, screeningId: state.screeningId },
			after: { needsReview: false, screeningId: state.screeningId, note: text },
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
	if (!can(staff, 'patients.clinical')) return null;
	const [screenings, zone] = await Promise.all([
		listPatientScreenings(db, patientId),
		loadClinicZone(db)
	]);
	return screenings.map((screening) => screeningView(screening, zone));
}
