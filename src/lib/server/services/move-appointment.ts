import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { canChangeOnline } from '$lib/domain/booking/cancellation-policy';
import type { OpenSlot, RefusalReason } from '$lib/domain/scheduling';
import {
	AppointmentOverlap,
	moveAppointment,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import type { AuditEventInput } from '../db/repositories/audit-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import { findPatient } from '../db/repositories/patient-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { loadClinicPolicy, lockLocationSchedule } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { queueAppointmentEmail } from './appointment-emails';
import { recordAppointmentChange, type RequestMeta } from './audit';
import { findAlternatives, loadInputForDates } from './availability';
import { chooseSlot, type SlotChoice } from './choose-slot';

export type MoveResult =
	| { kind: 'moved'; start: string }
	| { kind: 'not_found' }
	| { kind: 'too_late'; cutoffHours: number }
	| { kind: 'slot_taken'; reason: RefusalReason | 'overlap'; alternatives: OpenSlot[] };

/** Who moves the appointment and what rules apply to them. */
export interface MoveOptions {
	/** Reads the appointment (again, inside the transaction). */
	find: (db: Kysely<Database>) => Promise<AppointmentRecord | null>;
	actor: AuditEventInput['actor'];
	/** Patients may not move a visit inside the cancellation cutoff online; staff may. */
	enforceCutoff: boolean;
	/** The manage link for the "has moved" email, in the move's transaction. */
	manageUrl: (trx: Kysely<Database>, moved: AppointmentRecord) => Promise<string>;
}

export interface MoveContext {
	now: Temporal.Instant;
	origin: URL;
	request?: RequestMeta;
}

class Refused extends Error {
	constructor(readonly reason: RefusalReason | 'overlap') {
		super(reason);
	}
}

/**
 * Moves a booked appointment to a new start (same service; the same, another or "any"
 * practitioner offering it) in one transaction with the same scheduling core and database
 * guarantees as a booking. Raises the calendar sequence, records the change and queues the
 * "has moved" email; the old time is freed only when the new one is taken.
 */
export async function moveBookedAppointment(
	db: Kysely<Database>,
	request: { start: Temporal.Instant; practitionerId: number | 'any' },
	options: MoveOptions,
	context: MoveContext
): Promise<MoveResult> {
	const current = await options.find(db);
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
			const appointment = await options.find(trx);
			if (!appointment || appointment.status !== 'booked') return { kind: 'not_found' as const };
			const policy = await loadClinicPolicy(trx);
			if (
				options.enforceCutoff &&
				!canChangeOnline(appointment.start, context.now, policy.cancellationCutoffHours)
			) {
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
			await recordAppointmentChange(trx, {
				action: 'appointment.reschedule',
				actor: options.actor,
				before: appointment,
				after: moved,
				at: context.now,
				request: context.request
			});
			const patient = await findPatient(trx, moved.patientId);
			if (patient) {
				await queueAppointmentEmail(trx, 'reschedule', moved, patient, {
					now: context.now,
					origin: context.origin,
					manageUrl: await options.manageUrl(trx, moved)
				});
			}
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
