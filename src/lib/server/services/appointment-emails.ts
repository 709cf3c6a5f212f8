import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { composeAppointmentEmail, type AppointmentEmailKind } from '$lib/domain/booking/emails';
import type { AppointmentRecord } from '../db/repositories/appointment-repository';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import { loadClinicPolicy } from '../db/repositories/schedule-repository';
import type { Database } from '../db/schema';
import { loadClinicContact } from './clinic-contact';

/**
 * Writes an appointment's email into the outbox, in the caller's transaction, so the email
 * exists exactly when the change it announces does. For a confirmation or a reschedule it
 * also queues the reminder for this version of the appointment.
 */
export async function queueAppointmentEmail(
	trx: Kysely<Database>,
	kind: Exclude<AppointmentEmailKind, 'reminder'>,
	appointment: AppointmentRecord,
	patient: { name: string; email: string },
	context: {
		now: Temporal.Instant;
		origin: URL;
		manageUrl: string;
		/** The booking is flagged for a clinician's review (the confirmation says so kindly). */
		clinicianReview?: boolean;
	}
): Promise<void> {
	const [clinic, policy] = await Promise.all([
		loadClinicContact(trx, appointment.locationId),
		loadClinicPolicy(trx)
	]);
	const facts = {
		id: appointment.id,
		sequence: appointment.sequence,
		start: appointment.start,
		end: appointment.end,
		patientName: patient.name,
		patientEmail: patient.email,
		manageUrl: context.manageUrl
	};
	const options = {
		uidDomain: context.origin.hostname,
		now: context.now,
		cancellationCutoffHours: policy.cancellationCutoffHours,
		clinicianReview: context.clinicianReview ?? false
	};
	const base = {
		appointmentId: appointment.id,
		appointmentSequence: appointment.sequence,
		recipient: patient.email,
		now: context.now
	};
	await enqueueMessage(trx, {
		...base,
		kind,
		dedupeKey: `${kind}:${appointment.id}:${appointment.sequence}`,
		payload: composeAppointmentEmail(kind, facts, clinic, options),
		dueAt: context.now
	});
	if (kind === 'cancellation') return;
	const reminderDue = appointment.start.subtract({ hours: policy.reminderLeadHours });
	// A visit booked inside the reminder window gets its confirmation only.
	if (reminderDue.epochMilliseconds <= context.now.epochMilliseconds) return;
	await enqueueMessage(trx, {
		...base,
		kind: 'reminder',
		dedupeKey: `reminder:${appointment.id}:${appointment.sequence}`,
		payload: composeAppointmentEmail('reminder', facts, clinic, options),
		dueAt: reminderDue
	});
}
