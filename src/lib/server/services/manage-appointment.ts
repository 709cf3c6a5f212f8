import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { canChangeOnline } from '$lib/domain/booking/cancellation-policy';
import type { OpenSlot, RefusalReason } from '$lib/domain/scheduling';
import {
	AppointmentOverlap,
	cancelAppointment,
	findAppointmentByTokenHash,
	moveAppointment,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import { findPatient } from '../db/repositories/patient-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { loadClinicPolicy, lockLocationSchedule } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { appointmentSnapshot, auditActorFor, type RequestMeta } from './audit';
import { transactionWithRetry } from '../db/transaction';
import { queueAppointmentEmail } from './appointment-emails';
import { findAlternatives, loadInputForDates } from './availability';
import { chooseSlot, type SlotChoice } from './choose-slot';
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
		if (appointment.status === 'cancelled') return { kind: 'already_cancelled' as const };
		const policy = await loadClinicPolicy(trx);
		if (
			appointment.status !== 'booked' ||
			!canChangeOnline(appointment.start, context.now, policy.cancellationCutoffHours)
		) {
			return { kind: 'too_late' as const, cutoffHours: policy.cancellationCutoffHours };
		}
		const cancelled = await cancelAppointment(trx, appointment.id, {
			reason: 'cancelled by the patient online',
			now: context.now
		});
		// A simultaneous request (a double click) cancelled it after we read it.
		if (!cancelled) return { kind: 'already_cancelled' as const };
		await appendAuditEvent(trx, {
			at: context.now,
			actor: auditActorFor('manage_link'),
			action: 'appointment.cancel',
			patientId: cancelled.patientId,
			subject: { type: 'appointment', id: cancelled.id },
			before: appointmentSnapshot(appointment),
			after: appointmentSnapshot(cancelled),
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		await notify(trx, 'cancellation', cancelled, token, context);
		return { kind: 'cancelled' as const };
	});
}

export type RescheduleResult =
	| { kind: 'moved'; start: string }
	| { kind: 'not_found' }
	| { kind: 'too_late'; cutoffHours: number }
	| { kind: 'slot_taken'; reason: RefusalReason | 'overlap'; alternatives: OpenSlot[] };

class Refused extends Error {
	constructor(readonly reason: RefusalReason | 'overlap') {
		super(reason);
	}
}

/**
 * Moves an appointment to a new start (same service; the same or "any" practitioner) in one
 * transaction, raising its calendar sequence and queueing the reschedule email. The old time
 * is freed only when the new one is taken.
 */
export async function rescheduleByToken(
	db: Kysely<Database>,
	token: string,
	request: { start: Temporal.Instant; practitionerId: number | 'any' },
	context: ManageContext
): Promise<RescheduleResult> {
	const current = await findByToken(db, token);
	if (!current || current.status !== 'booked') return { kind: 'not_found' };
	const [practitioners, locations, services] = await Promise.all([
		listPractitioners(db),
		listLocations(db),
		listServices(db)
	]);
	const location = locations.find((entry) => entry.id === current.locationId);
	const service = services.find((entry) => entry.id === current.serviceId);
	if (!location || !service) return { kind: 'not_found' };
	const choice: SlotChoice = {
		serviceId: service.id,
		practitionerId: request.practitionerId,
		locationId: location.id,
		timeZone: location.timeZone,
		start: request.start,
		offering: practitioners
			.filter((practitioner) => practitioner.serviceIds.includes(service.id))
			.map((practitioner) => practitioner.id)
	};
	const date = request.start.toZonedDateTimeISO(location.timeZone).toPlainDate();
	try {
		return await transactionWithRetry(db, async (trx) => {
			const appointment = await findByToken(trx, token);
			if (!appointment || appointment.status !== 'booked') return { kind: 'not_found' as const };
			const policy = await loadClinicPolicy(trx);
			if (!canChangeOnline(appointment.start, context.now, policy.cancellationCutoffHours)) {
				return { kind: 'too_late' as const, cutoffHours: policy.cancellationCutoffHours };
			}
			// A resubmitted form asks for the time the appointment already has: nothing to do,
			// and no second "has moved" email.
			if (
				appointment.start.equals(request.start) &&
				(request.practitionerId === 'any' || request.practitionerId === appointment.practitionerId)
			) {
				return { kind: 'moved' as const, start: appointment.start.toString() };
			}
			await lockLocationSchedule(trx, location.id);
			const schedule = await loadInputForDates(
				trx,
				location.timeZone,
				date,
				date,
				context.now,
				appointment.id
			);
			const chosen = chooseSlot(schedule, choice);
			if (!chosen.open) throw new Refused(chosen.reason);
			const moved = await moveAppointment(trx, appointment.id, {
				practitionerId: chosen.slot.practitionerId,
				roomId: chosen.slot.roomId,
				locationId: chosen.slot.locationId,
				start: chosen.slot.start,
				end: chosen.slot.end,
				blockedFrom: chosen.slot.start.subtract({ minutes: service.bufferBeforeMinutes }),
				blockedUntil: chosen.slot.end.add({ minutes: service.bufferAfterMinutes }),
				now: context.now
			});
			// A simultaneous request cancelled it after we read it: nothing to move.
			if (!moved) return { kind: 'not_found' as const };
			await appendAuditEvent(trx, {
				at: context.now,
				actor: auditActorFor('manage_link'),
				action: 'appointment.reschedule',
				patientId: moved.patientId,
				subject: { type: 'appointment', id: moved.id },
				before: appointmentSnapshot(appointment),
				after: appointmentSnapshot(moved),
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
			await notify(trx, 'reschedule', moved, token, context);
			return { kind: 'moved' as const, start: moved.start.toString() };
		});
	} catch (error) {
		if (!(error instanceof Refused || error instanceof AppointmentOverlap)) throw error;
		return {
			kind: 'slot_taken',
			reason: error instanceof Refused ? error.reason : 'overlap',
			alternatives: await findAlternatives(db, choice, context.now, current.id)
		};
	}
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
