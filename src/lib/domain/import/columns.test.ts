import { describe, expect, it } from 'vitest';
import { guessMapping, mappingProblems } from './columns';

describe('guessMapping', () => {
	it('maps the documented headers', () => {
		expect(guessMapping(['name', 'email', 'phone', 'reminder_email'], 'patients')).toEqual([
			'name',
			'email',
			'phone',
			'reminderEmail'
		]);
	});

	it('guesses common names from other systems', () => {
		expect(
			guessMapping(['First Name', 'Last Name', 'E-mail', 'Mobile', 'Date of birth'], 'patients')
		).toEqual(['firstName', 'lastName', 'email', 'phone', '']);
		expect(
			guessMapping(
				['Client Email', 'Provider', 'Appointment Type', 'Start Time', 'Length'],
				'appointments'
			)
		).toEqual(['patientEmail', 'practitioner', 'service', 'start', 'durationMinutes']);
	});

	it('gives a field to one column only, documented names first', () => {
		expect(guessMapping(['Mobile', 'phone'], 'patients')).toEqual(['', 'phone']);
		expect(guessMapping(['Email', 'E-mail'], 'patients')).toEqual(['email', '']);
	});
});

describe('mappingProblems', () => {
	it('accepts a full name or first and last name, with an email', () => {
		expect(mappingProblems(['name', 'email'], 'patients')).toEqual([]);
		expect(mappingProblems(['firstName', 'lastName', 'email'], 'patients')).toEqual([]);
	});

	it('names what is missing or chosen twice', () => {
		expect(mappingProblems(['firstName', 'phone', 'phone'], 'patients')).toEqual([
			'Phone is chosen for more than one column.',
			'Choose a column for the full name, or for both first and last name.',
			'Choose the column with the email address.'
		]);
	});

	it('asks for the location only when the clinic has several', () => {
		const mapping = ['patientEmail', 'practitioner', 'service', 'start'];
		expect(mappingProblems(mapping, 'appointments', { locations: 1 })).toEqual([]);
		expect(mappingProblems(mapping, 'appointments', { locations: 2 })).toEqual([
			'The clinic has several locations: choose the column with the location.'
		]);
		expect(
			mappingProblems(['patientPhone', 'practitioner', 'service', 'date', 'time'], 'appointments')
		).toEqual([]);
	});
});
