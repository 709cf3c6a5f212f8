import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { canChangeOnline } from '$lib/domain/booking/cancellation-policy';
import {
	findAppointmentByTokenHash,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import { findPatient } from '../db/repositories/patient-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { loadClinicPolicy } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { auditActorFor, type RequestMeta } from './audit';
import { transactionWithRetry } from '../db/transaction';
import { queueAppointmentEmail } from './appointment-emails';
import { cancelAsPatient } from './patient-cancel';
import { moveBookedAppointment, type MoveResult } from './move-appointment';
import { hashToken, looksLikeToken } from './tokens';

export interface ManageContext {
	now: Temporal.Instant;
	origin: URL;
	/** Where the request came from, for the audit log. */
	request?: RequestMeta;
}

async function findByToken(db: Kysely<Database>, token: string) {
	if (!looksLikeToken(token)) return null;
	return findAppointmentByTokenHash(db, hashToken(token));
}

/**
 * What the patient's manage page shows. Unknown and malformed tokens look the same (null),
 * so the page cannot be used to probe for appointments.
 */
export async function loadManagedAppointment(
	db: Kysely<Database>,
	token: string,
	now: Temporal.Instant
) {
	const appointment = await findByToken(db, token);
	if (!appointment) return null;
	const [services, practitioners, locations, policy] = await Promise.all([
		listServices(db),
		listPractitioners(db),
		listLocations(db),
		loadClinicPolicy(db)
	]);
	const location = locations.find((entry) => entry.id === appointment.locationId);
	const service = services.find((entry) => entry.id === appointment.serviceId);
	const practitioner = practitioners.find((entry) => entry.id === appointment.practitionerId);
	if (!location || !service || !practitioner) return null;
	const isLive = appointment.status === 'booked';
	const inFuture = appointment.start.epochMilliseconds > now.epochMilliseconds;
	return {
		id: appointment.id,
		patientId: appointment.patientId,
		status: appointment.status,
		when: formatAppointmentTime(
			appointment.start,
			appointment.end,
			location.timeZone,
			location.city
		),
		start: appointment.start.toString(),
		service: { id: service.id, slug: service.slug, name: service.name },
		practitioner: { id: practitioner.id, slug: practitioner.slug, name: practitioner.name },
		location: {
			id: location.id,
			address: `${location.street}, ${location.city}, ${location.region} ${location.postalCode}`,
			timeZone: location.timeZone
		},
		canChangeOnline:
			isLive && inFuture && canChangeOnline(appointment.start, now, policy.cancellationCutoffHours),
		isLive,
		inFuture,
		// Flagged for a clinician's review after the back pain check (no answer is shown here).
		clinicianReview: appointment.needsReview,
		cancellationCutoffHours: policy.cancellationCutoffHours
	};
}

export type CancelResult =
	| { kind: 'cancelled' }
	| { kind: 'not_found' }
	| { kind: 'already_cancelled' }
	| { kind: 'too_late'; cutoffHours: number };

/** Cancels through the manage link, queueing the cancellation email in the same transaction. */
export async function cancelByToken(
	db: Kysely<Database>,
	token: string,
	context: ManageContext
): Promise<CancelResult> {
	return transactionWithRetry(db, async (trx) => {
		const appointment = await findByToken(trx, token);
		if (!appointment) return { kind: 'not_found' as const };
		const result = await cancelAsPatient(trx, appointment, {
			reason: 'cancelled by the patient online',
			actor: auditActorFor('manage_link'),
			now: context.now,
			request: context.request
		});
		if (result.kind !== 'cancelled') return result;
		const { cancelled } = result;
		await notify(trx, 'cancellation', cancelled, token, context);
		return { kind: 'cancelled' as const };
	});
}

export type RescheduleResult = MoveResult;

/**
 * Moves an appointment from the patient's manage link: the same or "any" practitioner, not
 * inside the cancellation cutoff; the "has moved" email carries the same link.
 */
export async function rescheduleByToken(
	db: Kysely<Database>,
	token: string,
	request: { start: Temporal.Instant; practitionerId: number | 'any' },
	context: ManageContext
): Promise<RescheduleResult> {
	const manageUrl = new URL(`/manage/${token}`, context.origin).href;
	return moveBookedAppointment(
		db,
		request,
		{
			find: (handle) => findByToken(handle, token),
			actor: auditActorFor('manage_link'),
			enforceCutoff: true,
			manageUrl: async () => manageUrl
		},
		context
	);
}

async function notify(
	trx: Kysely<Database>,
	kind: 'cancellation' | 'reschedule',
	appointment: AppointmentRecord,
	token: string,
	context: ManageContext
) {
	const patient = await findPatient(trx, appointment.patientId);
	if (!patient) return;
	await queueAppointmentEmail(trx, kind, appointment, patient, {
		now: context.now,
		origin: context.origin,
		manageUrl: new URL(`/manage/${token}`, context.origin).href
	});
}
