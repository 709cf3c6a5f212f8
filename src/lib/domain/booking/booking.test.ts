import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatAppointmentTime } from './appointment-time';
import { canChangeOnline } from './cancellation-policy';
import { contactDetailsSchema, fieldErrors } from './contact-details';
import { composeAppointmentEmail, type ClinicContact } from './emails';

const clinic: ClinicContact = {
	name: 'Test Clinic',
	email: 'hello@test.example',
	phone: '(414) 555-0100',
	address: '1 Test St, Milwaukee, WI 53202',
	city: 'Milwaukee',
	timeZone: 'America/Chicago'
};
const instant = (text: string) => Temporal.Instant.from(text);

describe('formatAppointmentTime', () => {
	it('labels daylight time in summer and standard time in winter', () => {
		const summer = formatAppointmentTime(
			instant('2027-07-06T14:00:00Z'),
			instant('2027-07-06T15:00:00Z'),
			'America/Chicago',
			'Milwaukee'
		);
		expect(summer.full).toBe('Tuesday, July 6, 2027, 9:00 am – 10:00 am CDT (Milwaukee time)');
		const winter = formatAppointmentTime(
			instant('2027-01-05T15:00:00Z'),
			instant('2027-01-05T16:30:00Z'),
			'America/Chicago',
			'Milwaukee'
		);
		expect(winter.full).toBe('Tuesday, January 5, 2027, 9:00 am – 10:30 am CST (Milwaukee time)');
	});

	it('DST spring forward: the day after the change reads in CDT', () => {
		const text = formatAppointmentTime(
			instant('2027-03-15T14:00:00Z'),
			instant('2027-03-15T15:00:00Z'),
			'America/Chicago',
			'Milwaukee'
		);
		expect(text.startTime).toBe('9:00 am');
		expect(text.zoneAbbreviation).toBe('CDT');
	});
});

describe('canChangeOnline', () => {
	const start = instant('2027-03-16T15:00:00Z');
	it('allows changes until exactly the cutoff', () => {
		expect(canChangeOnline(start, instant('2027-03-15T15:00:00Z'), 24)).toBe(true);
	});
	it('refuses inside the cutoff window', () => {
		expect(canChangeOnline(start, instant('2027-03-15T15:00:01Z'), 24)).toBe(false);
	});
});

describe('contactDetailsSchema', () => {
	it('accepts ordinary details and trims them', () => {
		const parsed = contactDetailsSchema.parse({
			name: '  Ann Lee ',
			email: 'ann@example.com ',
			phone: '(414) 555-0100',
			newPatient: true,
			note: ''
		});
		expect(parsed).toEqual({
			name: 'Ann Lee',
			email: 'ann@example.com',
			phone: '(414) 555-0100',
			newPatient: true,
			note: null
		});
	});

	it('gives a message per field', () => {
		const result = contactDetailsSchema.safeParse({ name: '', email: 'nope', phone: 'x' });
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(Object.keys(fieldErrors(result.error)).sort()).toEqual([
				'email',
				'name',
				'newPatient',
				'phone'
			]);
		}
	});
});

describe('composeAppointmentEmail', () => {
	const appointment = {
		id: 42,
		sequence: 0,
		start: instant('2027-03-15T14:00:00Z'),
		end: instant('2027-03-15T15:30:00Z'),
		patientName: 'Ann Lee',
		patientEmail: 'ann@example.com',
		manageUrl: 'https://clinic.example/manage/tok'
	};
	const options = {
		uidDomain: 'clinic.example',
		now: instant('2027-03-01T12:00:00Z'),
		cancellationCutoffHours: 24
	};

	it('confirms with the minimum and a calendar file that ical.js reads back', () => {
		const email = composeAppointmentEmail('confirmation', appointment, clinic, options);
		expect(email.text).toContain('Monday, March 15, 2027, 9:00 am – 10:30 am CDT');
		expect(email.text).toContain(appointment.manageUrl);
		const calendar = new ICAL.Component(ICAL.parse(email.calendar?.content ?? ''));
		expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
		const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') ?? undefined);
		expect(event.uid).toBe('appointment-42@clinic.example');
		expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-15T14:00:00.000Z');
		expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-15T15:30:00.000Z');
		expect(event.sequence).toBe(0);
		expect(event.attendees[0]?.getFirstValue()).toBe('mailto:ann@example.com');
	});

	it('links the confirmation to the health form, naming no health detail', () => {
		const email = composeAppointmentEmail('confirmation', appointment, clinic, options);
		expect(email.text).toContain(
			`Before your visit, please fill in your health form: ${appointment.manageUrl}/intake`
		);
		expect(email.text).not.toMatch(/pain|back|knee|reason/i);
	});

	it('cancels with METHOD:CANCEL, the same UID and a higher SEQUENCE', () => {
		const email = composeAppointmentEmail(
			'cancellation',
			{ ...appointment, sequence: 2 },
			clinic,
			options
		);
		const calendar = new ICAL.Component(ICAL.parse(email.calendar?.content ?? ''));
		expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
		const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') ?? undefined);
		expect(event.uid).toBe('appointment-42@clinic.example');
		expect(event.sequence).toBe(2);
	});

	it('tells a patient flagged for review that a clinician will look at their answers, naming none', () => {
		const plain = composeAppointmentEmail('confirmation', appointment, clinic, options);
		expect(plain.text).not.toMatch(/clinician/);
		const flagged = composeAppointmentEmail('confirmation', appointment, clinic, {
			...options,
			clinicianReview: true
		});
		expect(flagged.text).toMatch(/clinicians\s+will look over your answers and may call you/);
		expect(flagged.text).not.toMatch(/fever|cancer|weight|numb|urine|pain/i);
		const reminder = composeAppointmentEmail('reminder', appointment, clinic, {
			...options,
			clinicianReview: true
		});
		expect(reminder.text).not.toMatch(/clinician/);
	});

	it('links the reminder to the check-in and still says nothing about why the patient comes', () => {
		const email = composeAppointmentEmail(
			'reminder',
			{ ...appointment, manageUrl: 'https://clinic.example/manage/tok' },
			clinic,
			options
		);
		expect(email.text).toContain(
			'Before your visit, a one-minute check-in: https://clinic.example/manage/tok/check-in'
		);
		expect(email.text).not.toMatch(/acupuncture|back|pain|knee|reason/i);
	});

	it('reminds without a calendar file', () => {
		const email = composeAppointmentEmail('reminder', appointment, clinic, options);
		expect(email.calendar).toBeUndefined();
		expect(email.subject).toMatch(/^Reminder/);
	});
});
