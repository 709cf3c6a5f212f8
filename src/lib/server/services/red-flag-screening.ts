import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { screeningMessages, type Screening } from '$lib/domain/intake/red-flags';
import type { AppointmentRecord } from '../db/repositories/appointment-repository';
import { appendAuditEvent, type AuditEventInput } from '../db/repositories/audit-repository';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import {
	deleteAnonymousScreening,
	findAnonymousScreeningByTokenHash
} from '../db/repositories/anonymous-screening-repository';
import {
	findScreeningByTokenHash,
	flagAppointmentForReview,
	insertScreening,
	linkAppointmentScreening
} from '../db/repositories/screening-repository';
import type { Database, RedFlagScreeningTable } from '../db/schema';
import { loadClinicContact } from './clinic-contact';

/**
 * Stores one red-flag screening with every answer and exactly what the patient was shown,
 * in the caller's transaction. Returns its id.
 */
export async function recordScreening(
	trx: Kysely<Database>,
	input: {
		source: RedFlagScreeningTable['source'];
		answers: Record<string, 'yes' | 'no'>;
		screening: Screening;
		now: Temporal.Instant;
		/** For a public check: the hash of the token kept in the visitor's cookie. */
		tokenHash?: string | null;
		patientId?: number | null;
		appointmentId?: number | null;
	}
): Promise<number> {
	return insertScreening(trx, {
		tokenHash: input.tokenHash ?? null,
		source: input.source,
		outcome: input.screening.outcome,
		answers: input.answers,
		shown: screeningMessages[input.screening.outcome],
		at: input.now,
		patientId: input.patientId ?? null,
		appointmentId: input.appointmentId ?? null
	});
}

/**
 * The stored screening a booking made with this browser's check is tied to, in the booking's
 * transaction: an anonymous check moves into `red_flag_screening` (as it was answered, with
 * its time), where it becomes append-only (ADR 0033); one already moved, by an earlier booking
 * from the same browser, is found there. Null when the check is gone (purged after it stopped
 * counting).
 */
export async function keepCheckForBooking(
	trx: Kysely<Database>,
	tokenHash: string
): Promise<number | null> {
	const kept = await findScreeningByTokenHash(trx, tokenHash);
	if (kept) return kept.id;
	const check = await findAnonymousScreeningByTokenHash(trx, tokenHash);
	if (!check) return null;
	const id = await insertScreening(trx, {
		tokenHash,
		source: 'back_pain_check',
		outcome: check.outcome,
		answers: check.answers,
		shown: check.shown,
		at: check.screenedAt,
		patientId: null,
		appointmentId: null
	});
	await deleteAnonymousScreening(trx, check.id);
	return id;
}

/**
 * Ties a booking to the screening before it. A same-day or within-days outcome flags the
 * appointment for a clinician's review, records it in the audit log and emails the clinic an
 * alert; the alert names no symptom and no patient (email is not a safe place for either),
 * only that an appointment needs review and where to look. All in the caller's transaction.
 */
export async function applyScreeningToAppointment(
	trx: Kysely<Database>,
	appointment: AppointmentRecord,
	screening: { id: number; needsClinicianReview: boolean },
	context: { now: Temporal.Instant; origin: URL; actor: AuditEventInput['actor'] }
): Promise<void> {
	if (!screening.needsClinicianReview) {
		await linkAppointmentScreening(trx, appointment.id, screening.id);
		return;
	}
	await flagAppointmentForReview(trx, appointment.id, screening.id);
	await appendAuditEvent(trx, {
		at: context.now,
		actor: context.actor,
		action: 'appointment.flagged_for_review',
		patientId: appointment.patientId,
		subject: { type: 'appointment', id: appointment.id },
		after: { screeningId: screening.id }
	});
	const clinic = await loadClinicContact(trx, appointment.locationId);
	const when = formatAppointmentTime(
		appointment.start,
		appointment.end,
		clinic.timeZone,
		clinic.city
	).full;
	const link = new URL(`/admin/appointments/${appointment.id}`, context.origin).href;
	await enqueueMessage(trx, {
		kind: 'clinician_review',
		appointmentId: appointment.id,
		appointmentSequence: appointment.sequence,
		dedupeKey: `clinician_review:${appointment.id}:${screening.id}`,
		recipient: clinic.email,
		payload: {
			subject: 'A booking needs a clinician’s review',
			text: [
				`An appointment on ${when} needs a clinician's review before the visit:`,
				'the answers to the safety questions suggest the patient may need to see a doctor first.',
				'',
				`Open it in the staff workspace (sign-in required): ${link}`
			].join('\n')
		},
		dueAt: context.now,
		now: context.now
	});
}
