import { describe, expect, it } from 'vitest';
import { describeContactPreferences, type PatientRecordFields } from './patient-record';
import { diffPatientRecords } from './record-diff';

const asBooked: PatientRecordFields = {
	name: 'Ann Lee',
	email: 'ann@example.com',
	phone: '(414) 555-0123',
	reminderEmail: true,
	preferredContact: 'either',
	mayLeaveVoicemail: false,
	contactNote: null
};

describe('diffPatientRecords', () => {
	it('finds nothing when nothing changed', () => {
		expect(diffPatientRecords(asBooked, { ...asBooked })).toEqual([]);
	});

	it('lists a changed email with its old and new value', () => {
		expect(diffPatientRecords(asBooked, { ...asBooked, email: 'ann.lee@example.com' })).toEqual([
			{ field: 'email', label: 'Email', before: 'ann@example.com', after: 'ann.lee@example.com' }
		]);
	});

	it('counts a name that only reads differently as a change', () => {
		const changes = diffPatientRecords(asBooked, { ...asBooked, name: 'ann lee' });
		expect(changes.map((change) => change.field)).toEqual(['name']);
	});

	it('lists several changes in page order, whatever order they were made in', () => {
		const after = {
			...asBooked,
			contactNote: 'Call after 5pm',
			phone: '414 555 0199',
			name: 'A L'
		};
		expect(diffPatientRecords(asBooked, after).map((change) => change.field)).toEqual([
			'name',
			'phone',
			'contactNote'
		]);
	});

	it('describes preferences in words, not as true and false', () => {
		const after: PatientRecordFields = {
			...asBooked,
			reminderEmail: false,
			preferredContact: 'phone',
			mayLeaveVoicemail: true
		};
		expect(diffPatientRecords(asBooked, after)).toEqual([
			{ field: 'reminderEmail', label: 'Reminder emails', before: 'On', after: 'Off' },
			{ field: 'preferredContact', label: 'Preferred contact', before: 'Either', after: 'Phone' },
			{
				field: 'mayLeaveVoicemail',
				label: 'Voicemail',
				before: 'Do not leave one',
				after: 'May leave one'
			}
		]);
	});

	it('shows an added and a removed note against "(none)"', () => {
		const noted = { ...asBooked, contactNote: 'Call after 5pm' };
		expect(diffPatientRecords(asBooked, noted)[0]).toMatchObject({
			before: '(none)',
			after: 'Call after 5pm'
		});
		expect(diffPatientRecords(noted, asBooked)[0]).toMatchObject({
			before: 'Call after 5pm',
			after: '(none)'
		});
	});
});

describe('describeContactPreferences', () => {
	it('says the defaults briefly', () => {
		expect(describeContactPreferences(asBooked)).toBe('Email or phone; no voicemail');
	});

	it('names a preferred way, voicemail, no reminders and the note', () => {
		expect(
			describeContactPreferences({
				preferredContact: 'phone',
				mayLeaveVoicemail: true,
				reminderEmail: false,
				contactNote: 'Call after 5pm'
			})
		).toBe('Prefers phone; voicemail allowed; no reminder emails; note: Call after 5pm');
	});
});
