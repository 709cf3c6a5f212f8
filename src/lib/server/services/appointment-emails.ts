import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { composeAppointmentEmail, type AppointmentEmailKind } from '$lib/domain/booking/emails';
import {
	manageLinkTarget,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import { loadClinicPolicy } from '../db/repositories/schedule-repository';
import type { Database } from '../db/schema';
import { appointmentManageIntent } from '../mail/link-purposes';
import { linkPlaceholder } from '../mail/links';
import { loadClinicContact } from './clinic-contact';

/**
 * Writes an appointment's email into the outbox, in the caller's transaction, so the email
 * exists exactly when the change it announces does. Its manage link (and the `/intake` and
 * `/check-in` links built on it) is minted when the email is sent; the row holds none. For a confirmation or a reschedule it
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
		/**
		 * The manage link handed back at booking. It is not written into the email: the email
		 * carries a link of its own, minted when it is sent (ADR 0031); the appointment's
		 * current manage-link hash (set by the caller before this) is what it is minted for.
		 */
		manageUrl?: string;
		/** The booking is flagged for a clinician's review (the confirmation says so kindly). */
		clinicianReview?: boolean;
	}
): Promise<void> {
	const [clinic, policy, target] = await Promise.all([
		loadClinicContact(trx, appointment.locationId),
		loadClinicPolicy(trx),
		manageLinkTarget(trx, appointment.id)
	]);
	if (!target) throw new Error(`appointment ${appointment.id} not found`);
	// Where the manage link goes, the email holds a placeholder; the worker mints the link.
	const linked = {
		links: { manage: appointmentManageIntent(appointment.id, target.manageTokenHash) },
		linkOrigin: context.origin.origin
	};
	const facts = {
		id: appointment.id,
		sequence: appointment.sequence,
		start: appointment.start,
		end: appointment.end,
		patientName: patient.name,
		patientEmail: patient.email,
		manageUrl: linkPlaceholder('manage')
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
		payload: { ...composeAppointmentEmail(kind, facts, clinic, options), ...linked },
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
		payload: { ...composeAppointmentEmail('reminder', facts, clinic, options), ...linked },
		dueAt: reminderDue
	});
}
