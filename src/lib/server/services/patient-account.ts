import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime, formatLongDate } from '$lib/domain/booking/appointment-time';
import { canChangeOnline } from '$lib/domain/booking/cancellation-policy';
import { summarizeIntake } from '$lib/domain/intake/intake-answers';
import {
	findAppointment,
	listAppointmentsOfPatients,
	replaceManageTokenHash,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import { listConsentSignaturesOfPatients } from '../db/repositories/consent-repository';
import { findIntake, listIntakesOfPatients } from '../db/repositories/intake-repository';
import { findPatient } from '../db/repositories/patient-repository';
import { listPatientsWithEmail } from '../db/repositories/patient-session-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { loadClinicPolicy } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { queueAppointmentEmail } from './appointment-emails';
import { cancelAsPatient } from './patient-cancel';
import type { RequestMeta } from './audit';
import { loadBookingFlow } from './booking-flow';
import { loadClinicZone } from './clinic-contact';
import { loadPrintableConsentSignature } from './consent';
import { moveBookedAppointment } from './move-appointment';
import { loadPatientProgress } from './outcome-trend';
import { patientActor, type PatientSession } from './patient-sign-in';
import { moveFromForm, type RescheduleFormResult } from './reschedule-flow';
import { newSecretToken } from './tokens';

/*
 * The patient's own page (`/account`, issue 12, ADR 0030): every record whose email is the
 * one the session proved. Nothing here takes an id on trust: each visit, form and signature is
 * checked to belong to one of those records, and every view of health data is audited with
 * the patient named as the actor and the client address.
 */

export interface AccountContext {
	now: Temporal.Instant;
	request?: RequestMeta;
}

/** The session's patients by id: the only records this session may reach. */
async function ownPatients(db: Kysely<Database>, session: PatientSession) {
	const patients = await listPatientsWithEmail(db, session.emailNormalized);
	return new Map(patients.map((patient) => [patient.id, patient]));
}

async function audit(
	db: Kysely<Database>,
	session: PatientSession,
	patient: { id: number; name: string },
	action: string,
	subject: { type: string; id: string | number },
	context: AccountContext
) {
	await appendAuditEvent(db, {
		at: context.now,
		actor: patientActor(patient.name, session.id),
		action,
		patientId: patient.id,
		subject,
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
}

/** One visit as the page lists it. */
export interface AccountVisit {
	id: number;
	when: string;
	start: string;
	service: string;
	practitioner: string;
	status: string;
	canChangeOnline: boolean;
	/** Live and ahead, but inside the cutoff: change by phone. */
	callToChange: boolean;
}

function visitStatus(appointment: AppointmentRecord, upcoming: boolean): string {
	switch (appointment.status) {
		case 'cancelled':
			return 'Cancelled';
		case 'completed':
			return 'Attended';
		case 'arrived':
			return 'Arrived';
		case 'no_show':
			return 'Missed';
		default:
			return upcoming ? 'Booked' : 'In the past';
	}
}

/**
 * The page: for each record with the session's email, its upcoming and past visits, submitted
 * health forms, signed consent and progress charts. The view is recorded for each record
 * ('account.view'): the charts and the lists are health data.
 */
export async function loadAccount(
	db: Kysely<Database>,
	session: PatientSession,
	context: AccountContext
) {
	const patients = [...(await ownPatients(db, session)).values()];
	const ids = patients.map((patient) => patient.id);
	const [appointments, intakes, signatures, services, practitioners, locations, policy, zone] =
		await Promise.all([
			listAppointmentsOfPatients(db, ids),
			listIntakesOfPatients(db, ids),
			listConsentSignaturesOfPatients(db, ids),
			listServices(db),
			listPractitioners(db),
			listLocations(db),
			loadClinicPolicy(db),
			loadClinicZone(db)
		]);
	const day = (instant: Temporal.Instant) =>
		formatLongDate(instant.toZonedDateTimeISO(zone.timeZone).toPlainDate());
	const visit = (appointment: AppointmentRecord, upcoming: boolean): AccountVisit => {
		const location = locations.find((entry) => entry.id === appointment.locationId);
		const changeable =
			appointment.status === 'booked' &&
			upcoming &&
			canChangeOnline(appointment.start, context.now, policy.cancellationCutoffHours);
		return {
			id: appointment.id,
			when: formatAppointmentTime(
				appointment.start,
				appointment.end,
				location?.timeZone ?? zone.timeZone,
				location?.city ?? zone.city
			).full,
			start: appointment.start.toString(),
			service: services.find((entry) => entry.id === appointment.serviceId)?.name ?? 'Visit',
			practitioner:
				practitioners.find((entry) => entry.id === appointment.practitionerId)?.name ?? '',
			status: visitStatus(appointment, upcoming),
			canChangeOnline: changeable,
			callToChange: appointment.status === 'booked' && upcoming && !changeable
		};
	};
	const records = [];
	for (const patient of patients) {
		const own = appointments.filter((entry) => entry.patientId === patient.id);
		const isUpcoming = (entry: AppointmentRecord) =>
			entry.end.epochMilliseconds > context.now.epochMilliseconds;
		records.push({
			id: patient.id,
			name: patient.name,
			upcoming: own
				.filter((entry) => isUpcoming(entry) && entry.status !== 'cancelled')
				.map((entry) => visit(entry, true)),
			past: own
				.filter((entry) => !isUpcoming(entry) || entry.status === 'cancelled')
				.reverse()
				.map((entry) => visit(entry, isUpcoming(entry))),
			healthForms: intakes
				.filter((intake) => intake.patientId === patient.id && intake.submittedAt)
				.map((intake) => ({ id: intake.id, submittedOn: day(intake.submittedAt!) })),
			consents: signatures
				.filter((signature) => signature.patientId === patient.id)
				.map((signature) => ({
					id: signature.id,
					version: signature.version,
					signedOn: day(signature.signedAt)
				})),
			progress: await loadPatientProgress(db, patient.id)
		});
		await audit(db, session, patient, 'account.view', { type: 'patient', id: patient.id }, context);
	}
	return { patients: records, cancellationCutoffHours: policy.cancellationCutoffHours };
}

/** One submitted health form of the session's records, read-only; the view is audited. */
export async function loadAccountIntake(
	db: Kysely<Database>,
	session: PatientSession,
	intakeId: number,
	context: AccountContext
) {
	const [patients, intake, zone] = await Promise.all([
		ownPatients(db, session),
		findIntake(db, intakeId),
		loadClinicZone(db)
	]);
	const patient = intake && patients.get(intake.patientId);
	if (!intake || !patient || !intake.submittedAt) return null;
	await audit(db, session, patient, 'intake.view', { type: 'intake', id: intake.id }, context);
	return {
		patient: { name: patient.name },
		submittedOn: formatLongDate(intake.submittedAt.toZonedDateTimeISO(zone.timeZone).toPlainDate()),
		summary: summarizeIntake(intake.steps)
	};
}

/** One signed consent of the session's records, as printed; the view is audited. */
export async function loadAccountConsent(
	db: Kysely<Database>,
	session: PatientSession,
	signatureId: number,
	context: AccountContext
) {
	const [patients, signed] = await Promise.all([
		ownPatients(db, session),
		loadPrintableConsentSignature(db, signatureId)
	]);
	const patient = signed && patients.get(signed.patientId);
	if (!signed || !patient) return null;
	await audit(
		db,
		session,
		patient,
		'consent.view',
		{ type: 'consent_signature', id: signatureId },
		context
	);
	return { patient: { name: patient.name }, form: signed.form };
}

/** The appointment, only when it belongs to one of the session's records. */
async function ownAppointment(db: Kysely<Database>, session: PatientSession, id: number) {
	const [appointment, patients] = await Promise.all([
		findAppointment(db, id),
		ownPatients(db, session)
	]);
	const patient = appointment && patients.get(appointment.patientId);
	return appointment && patient ? { appointment, patient } : null;
}

export type AccountCancelResult =
	| { kind: 'cancelled' }
	| { kind: 'not_found' }
	| { kind: 'already_cancelled' }
	| { kind: 'too_late'; cutoffHours: number };

/**
 * Cancels one of the session's visits, within the same online cutoff as the manage link; the
 * cancellation email points to the booking page (the page holds no manage link).
 */
export async function cancelFromAccount(
	db: Kysely<Database>,
	session: PatientSession,
	appointmentId: number,
	context: AccountContext & { origin: URL }
): Promise<AccountCancelResult> {
	return transactionWithRetry(db, async (trx) => {
		const own = await ownAppointment(trx, session, appointmentId);
		if (!own) return { kind: 'not_found' as const };
		const { appointment, patient } = own;
		const result = await cancelAsPatient(trx, appointment, {
			reason: 'cancelled by the patient on their own page',
			actor: patientActor(patient.name, session.id),
			now: context.now,
			request: context.request
		});
		if (result.kind !== 'cancelled') return result;
		const { cancelled } = result;
		const contact = await findPatient(trx, cancelled.patientId);
		if (contact) {
			await queueAppointmentEmail(trx, 'cancellation', cancelled, contact, {
				now: context.now,
				origin: context.origin,
				manageUrl: new URL('/book', context.origin).href
			});
		}
		return { kind: 'cancelled' as const };
	});
}

/** The "move this visit" page: the visit and the booking steps for its service. */
export async function loadAccountMove(
	db: Kysely<Database>,
	session: PatientSession,
	appointmentId: number,
	selection: {
		practitioner: string | null;
		month: string | null;
		date: string | null;
		start: string | null;
	},
	now: Temporal.Instant
) {
	const own = await ownAppointment(db, session, appointmentId);
	if (!own || own.appointment.status !== 'booked') return null;
	const { appointment } = own;
	const [services, practitioners, locations, policy] = await Promise.all([
		listServices(db),
		listPractitioners(db),
		listLocations(db),
		loadClinicPolicy(db)
	]);
	const service = services.find((entry) => entry.id === appointment.serviceId);
	const practitioner = practitioners.find((entry) => entry.id === appointment.practitionerId);
	const location = locations.find((entry) => entry.id === appointment.locationId);
	if (!service || !practitioner || !location) return null;
	const changeable = canChangeOnline(appointment.start, now, policy.cancellationCutoffHours);
	const flow = changeable
		? await loadBookingFlow(
				db,
				{
					service: service.slug,
					practitioner: selection.practitioner ?? practitioner.slug,
					month: selection.month,
					date: selection.date,
					start: selection.start
				},
				now
			)
		: null;
	return {
		appointment: {
			id: appointment.id,
			when: formatAppointmentTime(
				appointment.start,
				appointment.end,
				location.timeZone,
				location.city
			).full,
			practitioner: { slug: practitioner.slug, name: practitioner.name }
		},
		flow
	};
}

/**
 * Moves one of the session's visits (same rules as the manage link: the online cutoff
 * applies). The page holds no manage link, so, as for a staff move (ADR 0018), the "has
 * moved" email carries a fresh one and the old link stops working.
 */
export async function moveFromAccount(
	db: Kysely<Database>,
	session: PatientSession,
	appointmentId: number,
	form: { start: string; practitioner: string },
	context: AccountContext & { origin: URL }
): Promise<RescheduleFormResult> {
	const own = await ownAppointment(db, session, appointmentId);
	if (!own) return { kind: 'not_found' };
	return moveFromForm(db, form, (request) =>
		moveBookedAppointment(
			db,
			request,
			{
				find: async (handle) =>
					(await ownAppointment(handle, session, appointmentId))?.appointment ?? null,
				actor: patientActor(own.patient.name, session.id),
				enforceCutoff: true,
				manageUrl: async (trx, moved) => {
					const token = newSecretToken();
					await replaceManageTokenHash(trx, moved.id, token.hash);
					return new URL(`/manage/${token.token}`, context.origin).href;
				}
			},
			context
		)
	);
}
