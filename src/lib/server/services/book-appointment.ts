import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { OpenSlot, RefusalReason } from '$lib/domain/scheduling';
import {
	AppointmentOverlap,
	insertAppointment,
	type AppointmentSource
} from '../db/repositories/appointment-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import {
	claimIdempotencyKey,
	findIdempotentResponse,
	isUniqueViolation,
	storeIdempotentResponse
} from '../db/repositories/idempotency-repository';
import {
	createOnlineBookingPatient,
	findOrCreatePatient
} from '../db/repositories/patient-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { lockLocationSchedule } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { auditActorFor, recordAppointmentChange, type RequestMeta } from './audit';
import { transactionWithRetry } from '../db/transaction';
import { queueAppointmentEmail } from './appointment-emails';
import { findAlternatives, loadInputForDates } from './availability';
import { chooseSlot, type SlotChoice } from './choose-slot';
import { applyScreeningToAppointment, keepCheckForBooking } from './red-flag-screening';
import { newSecretToken } from './tokens';

export interface BookingInput {
	serviceId: number;
	practitionerId: number | 'any';
	locationId?: number;
	start: Temporal.Instant;
	patient: { name: string; email: string; phone: string };
	newPatient: boolean;
	note: string | null;
}

export interface BookingContext {
	now: Temporal.Instant;
	origin: URL;
	source: AppointmentSource;
	/** The staff member booking for a caller (recorded in the audit log). */
	staff?: { userId: string; name: string };
	/** The client's key for this request; the same key never books twice. */
	idempotencyKey?: string | null;
	/** Where the request came from, for the audit log. */
	request?: RequestMeta;
	/**
	 * The back pain check this browser answered before booking online (ADR 0019), by the hash
	 * of its cookie token: kept for good and linked to the booking (ADR 0033), which is flagged
	 * for a clinician's review when the check says so.
	 */
	screening?: { tokenHash: string; needsClinicianReview: boolean } | null;
}

/** The body of a successful booking, as the API returns it and a replay repeats it. */
export interface BookedAppointmentBody {
	id: number;
	start: string;
	end: string;
	status: 'booked';
	practitionerId: number;
	locationId: number;
	manageUrl: string;
}

export type BookingResult =
	| { kind: 'booked'; body: BookedAppointmentBody; replayed: boolean }
	| { kind: 'slot_taken'; reason: RefusalReason | 'overlap'; alternatives: OpenSlot[] }
	| { kind: 'invalid'; errors: Record<string, string> }
	| { kind: 'key_reused' };

/** The slot was refused inside the transaction; thrown to roll the key claim back. */
class SlotRefused extends Error {
	constructor(readonly reason: RefusalReason | 'overlap') {
		super(reason);
	}
}

/**
 * Books one appointment in one transaction: re-checks the slot against the latest data,
 * chooses the practitioner ("any") and the room, inserts it (the database refuses an overlap
 * even if this check was wrong), and writes the confirmation and reminder emails into the
 * outbox. A refused slot comes back as `slot_taken` with the nearest alternatives.
 */
export async function bookAppointment(
	db: Kysely<Database>,
	input: BookingInput,
	context: BookingContext
): Promise<BookingResult> {
	const key = context.idempotencyKey ?? null;
	const requestHash = hashRequest(input);
	if (key) {
		const replay = await replayFor(db, key, requestHash);
		if (replay) return replay;
	}

	const [services, practitioners, locations] = await Promise.all([
		listServices(db),
		listPractitioners(db),
		listLocations(db)
	]);
	const service = services.find((entry) => entry.id === input.serviceId);
	const errors: Record<string, string> = {};
	if (!service || (!service.bookableOnline && context.source !== 'staff')) {
		errors.serviceId = 'Please choose a service that can be booked online.';
	} else if (service.newPatientsOnly && !input.newPatient) {
		errors.serviceId =
			'This visit is for new patients. As a returning patient, please book a follow-up visit.';
	}
	const offering = practitioners
		.filter((practitioner) => service && practitioner.serviceIds.includes(service.id))
		.map((practitioner) => practitioner.id);
	if (input.practitionerId !== 'any' && !offering.includes(input.practitionerId)) {
		errors.practitionerId = 'That practitioner does not offer this service.';
	}
	const location =
		input.locationId === undefined
			? locations[0]
			: locations.find((entry) => entry.id === input.locationId);
	if (!location) errors.locationId = 'No such location.';
	if (Object.keys(errors).length > 0 || !service || !location) return { kind: 'invalid', errors };

	const choice: SlotChoice = {
		serviceId: service.id,
		practitionerId: input.practitionerId,
		locationId: location.id,
		timeZone: location.timeZone,
		start: input.start,
		offering
	};
	const date = input.start.toZonedDateTimeISO(location.timeZone).toPlainDate();

	try {
		return await transactionWithRetry(db, async (trx) => {
			if (key) await claimIdempotencyKey(trx, key, requestHash, context.now);
			await lockLocationSchedule(trx, location.id);
			const schedule = await loadInputForDates(trx, location.timeZone, date, date, context.now);
			const chosen = chooseSlot(schedule, choice);
			if (!chosen.open) throw new SlotRefused(chosen.reason);
			const { slot } = chosen;
			// Staff confirm a caller's identity on the phone; online, what was typed proves
			// nothing, so the booking gets a record of its own (ADR 0029).
			const patient =
				context.source === 'staff'
					? await findOrCreatePatient(trx, input.patient, context.now)
					: await createOnlineBookingPatient(trx, input.patient, context.now);
			const token = newSecretToken();
			const appointment = await insertAppointment(trx, {
				locationId: slot.locationId,
				practitionerId: slot.practitionerId,
				roomId: slot.roomId,
				serviceId: service.id,
				patientId: patient.id,
				start: slot.start,
				end: slot.end,
				blockedFrom: slot.start.subtract({ minutes: service.bufferBeforeMinutes }),
				blockedUntil: slot.end.add({ minutes: service.bufferAfterMinutes }),
				isNewPatient: input.newPatient,
				note: input.note,
				source: context.source,
				needsReview: false,
				manageTokenHash: token.hash,
				now: context.now
			});
			await recordAppointmentChange(trx, {
				action: 'appointment.book',
				actor: context.staff
					? { type: 'staff', id: context.staff.userId, label: context.staff.name }
					: auditActorFor(context.source),
				before: null,
				after: appointment,
				at: context.now,
				request: context.request
			});
			if ('possibleMatchId' in patient && patient.possibleMatchId !== null) {
				await appendAuditEvent(trx, {
					at: context.now,
					actor: auditActorFor(context.source),
					action: 'patient.possible_match',
					patientId: patient.id,
					subject: { type: 'patient', id: patient.id },
					after: { possibleMatchPatientId: patient.possibleMatchId, appointmentId: appointment.id },
					ip: context.request?.ip,
					requestId: context.request?.requestId
				});
			}
			const screeningId = context.screening
				? await keepCheckForBooking(trx, context.screening.tokenHash)
				: null;
			if (context.screening && screeningId !== null) {
				await applyScreeningToAppointment(
					trx,
					appointment,
					{ id: screeningId, needsClinicianReview: context.screening.needsClinicianReview },
					{ now: context.now, origin: context.origin, actor: auditActorFor(context.source) }
				);
			}
			const manageUrl = new URL(`/manage/${token.token}`, context.origin).href;
			await queueAppointmentEmail(trx, 'confirmation', appointment, input.patient, {
				now: context.now,
				origin: context.origin,
				manageUrl,
				clinicianReview: context.screening?.needsClinicianReview ?? false
			});
			const body: BookedAppointmentBody = {
				id: appointment.id,
				// In the clinic's zone with its offset, as availability offers times.
				start: appointment.start
					.toZonedDateTimeISO(location.timeZone)
					.toString({ timeZoneName: 'never' }),
				end: appointment.end
					.toZonedDateTimeISO(location.timeZone)
					.toString({ timeZoneName: 'never' }),
				status: 'booked',
				practitionerId: appointment.practitionerId,
				locationId: appointment.locationId,
				manageUrl
			};
			if (key) await storeIdempotentResponse(trx, key, 201, body);
			return { kind: 'booked' as const, body, replayed: false };
		});
	} catch (error) {
		if (error instanceof SlotRefused || error instanceof AppointmentOverlap) {
			const reason = error instanceof SlotRefused ? error.reason : 'overlap';
			const alternatives = await findAlternatives(db, choice, context.now);
			return { kind: 'slot_taken', reason, alternatives };
		}
		// A concurrent request with the same key won: answer what it answered.
		if (key && isUniqueViolation(error)) {
			const replay = await replayFor(db, key, requestHash);
			if (replay) return replay;
		}
		throw error;
	}
}

/**
 * What a booking with this key already answered, when the same request is sent again: its
 * stored 201 (`replayed`), `key_reused` for other content, or null for a new key. Read-only,
 * so callers ask it before the rate limit: a client retrying near the limit gets its booking,
 * not a 429 (ADR 0033).
 */
export function findBookingReplay(
	db: Kysely<Database>,
	key: string,
	input: BookingInput
): Promise<BookingResult | null> {
	return replayFor(db, key, hashRequest(input));
}

async function replayFor(
	db: Kysely<Database>,
	key: string,
	requestHash: string
): Promise<BookingResult | null> {
	const stored = await findIdempotentResponse(db, key);
	if (!stored || stored.statusCode === 0) return null;
	if (stored.requestHash !== requestHash) return { kind: 'key_reused' };
	return { kind: 'booked', body: stored.body as BookedAppointmentBody, replayed: true };
}

/** A stable hash of what was asked, so a reused key with other content is recognised. */
function hashRequest(input: BookingInput): string {
	const canonical = JSON.stringify([
		input.serviceId,
		input.practitionerId,
		input.locationId ?? null,
		input.start.toString(),
		input.patient.name.trim(),
		input.patient.email.trim().toLowerCase(),
		input.patient.phone.trim(),
		input.newPatient,
		input.note ?? null
	]);
	return createHash('sha256').update(canonical).digest('hex');
}
