import type { Temporal } from 'temporal-polyfill';
import { appointmentCalendar } from './calendar-file';
import { formatAppointmentTime } from './appointment-time';

/** The clinic facts every appointment email carries. */
export interface ClinicContact {
	name: string;
	email: string;
	phone: string;
	address: string;
	city: string;
	timeZone: string;
}

/** One appointment, as its emails describe it. */
export interface AppointmentFacts {
	id: number;
	sequence: number;
	start: Temporal.Instant;
	end: Temporal.Instant;
	patientName: string;
	patientEmail: string;
	manageUrl: string;
}

export interface ComposedEmail {
	subject: string;
	text: string;
	calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

export type AppointmentEmailKind = 'confirmation' | 'reschedule' | 'cancellation' | 'reminder';

/**
 * Writes an appointment email. Privacy: only the clinic's name, the date and time, the
 * address, the phone number and the manage link; never the service, the note or anything
 * else about why the patient is coming.
 */
export function composeAppointmentEmail(
	kind: AppointmentEmailKind,
	appointment: AppointmentFacts,
	clinic: ClinicContact,
	options: {
		uidDomain: string;
		now: Temporal.Instant;
		cancellationCutoffHours: number;
		/**
		 * The booking followed safety answers a clinician reviews: the confirmation says so,
		 * without naming any answer (email is not a safe place for health details).
		 */
		clinicianReview?: boolean;
	}
): ComposedEmail {
	const when = formatAppointmentTime(
		appointment.start,
		appointment.end,
		clinic.timeZone,
		clinic.city
	);
	const firstName = appointment.patientName.split(/\s+/)[0] ?? appointment.patientName;
	const calendar = (method: 'REQUEST' | 'CANCEL') => ({
		method,
		content: appointmentCalendar({
			uid: `appointment-${appointment.id}@${options.uidDomain}`,
			sequence: appointment.sequence,
			method,
			start: appointment.start,
			end: appointment.end,
			clinicName: clinic.name,
			clinicEmail: clinic.email,
			address: clinic.address,
			phone: clinic.phone,
			manageUrl: appointment.manageUrl,
			attendee: { name: appointment.patientName, email: appointment.patientEmail },
			now: options.now
		})
	});
	const footer = [
		'',
		`${clinic.name}`,
		clinic.address,
		`Phone: ${clinic.phone}`,
		'',
		'In an emergency call 911. Please do not reply with health details by email.'
	];
	const manage = [
		`To reschedule or cancel, use this link (keep it private): ${appointment.manageUrl}`,
		`Changes online are possible until ${options.cancellationCutoffHours} hours before the visit; after that, please call us.`
	];

	switch (kind) {
		case 'confirmation':
			return {
				subject: `Your appointment at ${clinic.name} is booked`,
				text: [
					`Hello ${firstName},`,
					'',
					'Your appointment is booked:',
					`  ${when.full}`,
					`  ${clinic.address}`,
					'',
					...(options.clinicianReview ? clinicianReviewNote(clinic.phone) : []),
					// The link only: the health questions stay behind it (and off email).
					`Before your visit, please fill in your health form: ${appointment.manageUrl}/intake`,
					'',
					...manage,
					'A calendar file is attached.',
					...footer
				].join('\n'),
				calendar: calendar('REQUEST')
			};
		case 'reschedule':
			return {
				subject: `Your appointment at ${clinic.name} has moved`,
				text: [
					`Hello ${firstName},`,
					'',
					'Your appointment has moved to:',
					`  ${when.full}`,
					`  ${clinic.address}`,
					'',
					...manage,
					'The attached calendar file updates the entry in your calendar.',
					...footer
				].join('\n'),
				calendar: calendar('REQUEST')
			};
		case 'cancellation':
			return {
				subject: `Your appointment at ${clinic.name} is cancelled`,
				text: [
					`Hello ${firstName},`,
					'',
					'This appointment is cancelled:',
					`  ${when.full}`,
					'',
					`To book another time, visit our website or call ${clinic.phone}.`,
					'The attached calendar file removes the entry from your calendar.',
					...footer
				].join('\n'),
				calendar: calendar('CANCEL')
			};
		case 'reminder':
			return {
				subject: `Reminder: your appointment at ${clinic.name}`,
				text: [
					`Hello ${firstName},`,
					'',
					'A reminder of your appointment:',
					`  ${when.full}`,
					`  ${clinic.address}`,
					'',
					// The link only: the questions and answers stay behind it (and off email).
					`Before your visit, a one-minute check-in: ${appointment.manageUrl}/check-in`,
					'',
					...manage,
					...footer
				].join('\n')
			};
	}
}

/** The confirmation's kind word to a patient whose safety answers a clinician will look at. */
function clinicianReviewNote(phone: string): string[] {
	return [
		'Thank you for answering our safety questions. Before your visit, one of our clinicians',
		'will look over your answers and may call you to talk them through. If you have questions,',
		`call us on ${phone}.`,
		''
	];
}
